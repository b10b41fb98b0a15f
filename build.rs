//! Embeds every `rules/*.yaml` pack into the binary, so that adding a pack needs no code change.
//! Each pack is also embedded as JSON, twice: whole (for `rules check`, which needs the
//! examples) and lean, without the examples, with the line of each rule's `id:` beside it. JSON
//! parses an order of magnitude faster than YAML, and the pre-commit hook starts leakwatch on
//! every commit: a scan parses only the lean JSON. The shape of each rule's regex (longest
//! match, whether every match begins with a keyword) is worked out here too, for the same reason.

use std::{env, fs, path::Path};

#[path = "src/rules/yaml_lines.rs"]
#[allow(dead_code)] // only `id_lines` is needed here
mod yaml_lines;

#[path = "src/rules/shape.rs"]
mod shape;

/// Writes `value` as `OUT_DIR/file` and returns the code that embeds it.
fn embed(out_dir: &str, file: &str, value: &serde_json::Value) -> String {
    let path = Path::new(out_dir).join(file);
    fs::write(&path, value.to_string()).expect("OUT_DIR is writable");
    format!("Some(include_str!({:?}))", path.display().to_string())
}

/// `(max_len, starts_with_keyword)` of a rule as JSON; None when it has no regex that parses.
fn rule_shape(rule: &serde_json::Value) -> Option<(Option<usize>, bool)> {
    let keywords: Vec<String> = rule["keywords"]
        .as_array()
        .map(|k| k.iter().filter_map(|k| k.as_str()).map(str::to_ascii_lowercase).collect())
        .unwrap_or_default();
    let found = shape::Shape::of(rule["regex"].as_str()?, &keywords).ok()?;
    Some((found.max_len, found.starts_with_keyword))
}

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("rules");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut packs: Vec<_> = fs::read_dir(&dir)
        .expect("rules/ exists beside Cargo.toml")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    packs.sort();
    let mut code = String::from("/// Built-in rule packs, by file name.\n");
    code.push_str("pub static BUILTIN_PACKS: &[BuiltinPack] = &[\n");
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).expect("rule pack names are UTF-8");
        let yaml = fs::read_to_string(path).expect("rule packs are readable UTF-8");
        // A pack that does not convert is left to the YAML parser at run time, which reports
        // its error with file, rule and line.
        let (json, lean_json, lines, shapes) =
            match serde_yaml_ng::from_str::<serde_json::Value>(&yaml) {
                Ok(mut value) => {
                    let json = embed(&out_dir, &format!("{name}.json"), &value);
                    let id_lines = yaml_lines::id_lines(&yaml);
                    let mut lines = Vec::new();
                    let mut shapes = Vec::new();
                    for rule in value["rules"].as_array_mut().into_iter().flatten() {
                        let id = rule["id"].as_str().unwrap_or_default();
                        lines.push(id_lines.get(id).copied().unwrap_or(0));
                        shapes.push(rule_shape(rule));
                        if let Some(rule) = rule.as_object_mut() {
                            rule.remove("examples");
                            rule.remove("negative_examples");
                        }
                    }
                    let lean = embed(&out_dir, &format!("{name}.lean.json"), &value);
                    (json, lean, format!("{lines:?}"), format!("{shapes:?}"))
                }
                Err(_) => ("None".to_owned(), "None".to_owned(), "[]".to_owned(), "[]".to_owned()),
            };
        let yaml_path = path.display().to_string();
        code.push_str(&format!(
            "    BuiltinPack {{ name: {name:?}, yaml: include_str!({yaml_path:?}), json: {json}, \
             lean_json: {lean_json}, lines: &{lines}, shapes: &{shapes} }},\n"
        ));
    }
    code.push_str("];\n");
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), code).expect("OUT_DIR is writable");
}

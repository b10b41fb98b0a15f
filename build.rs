//! Embeds every `rules/*.yaml` pack into the binary, so that adding a pack needs no code change.
//! Each pack is also embedded as JSON: JSON parses an order of magnitude faster than YAML, and
//! the pre-commit hook starts leakwatch on every commit.

use std::{env, fs, path::Path};

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
    let mut code = String::from(
        "/// Built-in rule packs: (file name, YAML text, JSON text if it converted).\n",
    );
    code.push_str("pub static BUILTIN_PACKS: &[(&str, &str, Option<&str>)] = &[\n");
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).expect("rule pack names are UTF-8");
        let yaml = fs::read_to_string(path).expect("rule packs are readable UTF-8");
        // A pack that does not convert is left to the YAML parser at run time, which reports
        // its error with file, rule and line.
        let json = match serde_yaml_ng::from_str::<serde_json::Value>(&yaml) {
            Ok(value) => {
                let json_path = Path::new(&out_dir).join(format!("{name}.json"));
                fs::write(&json_path, value.to_string()).expect("OUT_DIR is writable");
                format!("Some(include_str!({:?}))", json_path.display().to_string())
            }
            Err(_) => "None".to_owned(),
        };
        let yaml_path = path.display().to_string();
        code.push_str(&format!("    ({name:?}, include_str!({yaml_path:?}), {json}),\n"));
    }
    code.push_str("];\n");
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), code).expect("OUT_DIR is writable");
}

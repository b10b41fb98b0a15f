//! Embeds every `rules/*.yaml` pack into the binary, so that adding a pack needs no code change.
//! Each pack is embedded three ways: the YAML (for error messages), the whole pack as JSON (for
//! `rules check`, which needs the examples), and each rule alone as lean JSON, without its
//! keywords and examples, beside what a scan needs before it reads a rule: its id, lowercased
//! keywords, the line of its `id:`, its regex's shape (longest match, whether every match begins
//! with a keyword), the globs of the paths it is limited to, its patterns' parsed syntax trees
//! (`src/rules/hir_code.rs`) and its regex's NFA, relaxed (`src/rules/nfa_code.rs`). JSON parses
//! an order of magnitude faster than YAML, and the pre-commit hook starts leakwatch on every
//! commit: a scan indexes the keywords and parses only the rules it touches.

use std::{env, fs, path::Path};

#[path = "src/rules/yaml_lines.rs"]
#[allow(dead_code)] // only `id_lines` is needed here
mod yaml_lines;

#[path = "src/rules/shape.rs"]
mod shape;

#[path = "src/rules/varint.rs"]
#[allow(dead_code)] // only the writing half is needed here
mod varint;

#[path = "src/rules/hir_code.rs"]
#[allow(dead_code)] // `decode` is not needed here
mod hir_code;

#[path = "src/rules/keyword_table.rs"]
#[allow(dead_code)] // only the building half is needed here
mod keyword_table;

#[path = "src/rules/nfa_code.rs"]
#[allow(dead_code)] // `decode` is not needed here
mod nfa_code;

/// Writes `value` as `OUT_DIR/file` and returns the code that embeds it.
fn embed(out_dir: &str, file: &str, value: &serde_json::Value) -> String {
    let path = Path::new(out_dir).join(file);
    fs::write(&path, value.to_string()).expect("OUT_DIR is writable");
    format!("Some(include_str!({:?}))", path.display().to_string())
}

/// The rule's keywords, lowercased (as the matcher compares them).
fn keywords(rule: &serde_json::Value) -> Vec<String> {
    rule["keywords"]
        .as_array()
        .map(|k| k.iter().filter_map(|k| k.as_str()).map(str::to_ascii_lowercase).collect())
        .unwrap_or_default()
}

/// The strings of a JSON array (none if it is not one).
fn strings(array: &serde_json::Value) -> Vec<&str> {
    array.as_array().map(|a| a.iter().filter_map(|s| s.as_str()).collect()).unwrap_or_default()
}

/// The code of the `BuiltinShape` of a rule as JSON: `None` when it has no regex that parses.
fn rule_shape(rule: &serde_json::Value) -> String {
    let Some(found) =
        rule["regex"].as_str().and_then(|regex| shape::Shape::of(regex, &keywords(rule)).ok())
    else {
        return "None".to_owned();
    };
    let required: Vec<String> = found.required.iter().map(|r| byte_string(r)).collect();
    format!(
        "Some(BuiltinShape {{ max_len: {:?}, starts_with_keyword: {}, required: &[{}], \
         spans_lines: {} }})",
        found.max_len,
        found.starts_with_keyword,
        required.join(", "),
        found.spans_lines
    )
}

/// The code of a pattern's syntax tree in `hir_code`'s form (`Some(b"...")`), or `None` when
/// there is no pattern or it does not parse (the error is reported when the rule is read).
fn encoded_pattern(pattern: Option<&str>) -> String {
    match pattern.and_then(|pattern| hir_code::parse(pattern).ok()) {
        Some(hir) => format!("Some({})", byte_string(&hir_code::encode(&hir))),
        None => "None".to_owned(),
    }
}

/// The code of a pattern's NFA, relaxed, in `nfa_code`'s form (`Some(b"...")`), or `None`
/// when there is no pattern or it does not compile (a small scan then builds it at run time,
/// which reports the error).
fn encoded_nfa(pattern: Option<&str>) -> String {
    let relaxed = pattern
        .and_then(|pattern| hir_code::parse(pattern).ok())
        .and_then(|hir| hir_code::decode_relaxed(&hir_code::encode(&hir)));
    match relaxed.and_then(|(hir, bound)| nfa_code::encode(&nfa_code::compile(&hir).ok()?, bound)) {
        Some(code) => format!("Some({})", byte_string(&code)),
        None => "None".to_owned(),
    }
}

/// A byte slice expression (`b"...".as_slice()`) of `bytes`.
fn byte_string(bytes: &[u8]) -> String {
    let escaped: String =
        bytes.iter().flat_map(|&b| std::ascii::escape_default(b)).map(char::from).collect();
    format!("b\"{escaped}\".as_slice()")
}

/// The `BuiltinRule` literal of one rule (`rule` still holds its examples; they are dropped).
fn builtin_rule(file: &str, line: usize, rule: &serde_json::Value) -> String {
    let mut lean = rule.clone();
    if let Some(lean) = lean.as_object_mut() {
        lean.remove("examples");
        lean.remove("negative_examples");
        // Embedded beside the JSON already (lowercased, as the rule uses them).
        lean.remove("keywords");
    }
    format!(
        "BuiltinRule {{ file: {file:?}, id: {:?}, keywords: &{:?}, paths: &{:?}, line: {line}, \
         shape: {}, \
         parsed: ParsedPatterns {{ regex: {}, light_nfa: {}, not_after: {} }}, json: {:?} }}",
        rule["id"].as_str().unwrap_or_default(),
        keywords(rule),
        strings(&rule["paths"]),
        rule_shape(rule),
        encoded_pattern(rule["regex"].as_str()),
        encoded_nfa(rule["regex"].as_str()),
        encoded_pattern(rule["not_after"].as_str()),
        lean.to_string(),
    )
}

/// The code of `BUILTIN_KEYWORDS`: the keyword table and index of every built-in rule, in
/// order (None when a pack did not convert: a scan then works them out).
fn keyword_tables(rule_keywords: Option<Vec<Vec<String>>>) -> String {
    let Some(rule_keywords) = rule_keywords else {
        return "pub static BUILTIN_KEYWORDS: Option<(KeywordTable, KeywordIndex)> = None;\n"
            .to_owned();
    };
    let table = keyword_table::KeywordTable::new(
        rule_keywords.into_iter().map(|k| k.into_iter().map(std::borrow::Cow::Owned)),
    );
    let index = keyword_table::KeywordIndex::new(table.patterns());
    let (patterns, starts, rules, keywordless) = table.parts();
    let patterns: Vec<String> =
        patterns.iter().map(|p| format!("std::borrow::Cow::Borrowed({p:?})")).collect();
    let (bytes, spans, pairs, present, singles) = index.parts();
    format!(
        "/// The keyword table and index of [`BUILTIN_PACKS`]' rules, in order.\n\
         pub static BUILTIN_KEYWORDS: Option<(KeywordTable, KeywordIndex)> = Some((\n\
         KeywordTable::from_static(&[{}], &{starts:?}, &{rules:?}, &{keywordless:?}),\n\
         KeywordIndex::from_static(({}, &{spans:?}, &{pairs:?}, &{present:?}, &{singles:?})),\n\
         ));\n",
        patterns.join(", "),
        byte_string(bytes),
    )
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
    let mut rule_keywords: Vec<Vec<String>> = Vec::new();
    let mut all_converted = true;
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).expect("rule pack names are UTF-8");
        let file = format!("rules/{name}");
        let yaml = fs::read_to_string(path).expect("rule packs are readable UTF-8");
        // A pack that does not convert is left to the YAML parser at run time, which reports
        // its error with file, rule and line.
        let (json, rules) = match serde_yaml_ng::from_str::<serde_json::Value>(&yaml) {
            Ok(value) => {
                let json = embed(&out_dir, &format!("{name}.json"), &value);
                let id_lines = yaml_lines::id_lines(&yaml);
                let rules: Vec<String> = value["rules"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|rule| {
                        rule_keywords.push(keywords(rule));
                        let id = rule["id"].as_str().unwrap_or_default();
                        let line = id_lines.get(id).copied().unwrap_or(0);
                        format!("        {},\n", builtin_rule(&file, line, rule))
                    })
                    .collect();
                (json, rules.concat())
            }
            Err(_) => {
                all_converted = false;
                ("None".to_owned(), String::new())
            }
        };
        let yaml_path = path.display().to_string();
        code.push_str(&format!(
            "    BuiltinPack {{ file: {file:?}, yaml: include_str!({yaml_path:?}), json: {json}, \
             rules: &[\n{rules}    ] }},\n"
        ));
    }
    code.push_str("];\n");
    code.push_str(&keyword_tables(all_converted.then_some(rule_keywords)));
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), code).expect("OUT_DIR is writable");
}

//! Reading rule packs: the built-in ones embedded at build time, or files and folders on disk.

use super::error::{RuleError, id_before_line};
use super::syntax::{RulePackSyntax, RuleSyntax};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A rule as read from a file, with where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct LoadedRule {
    /// The rule.
    pub syntax: RuleSyntax,
    /// The file it came from.
    pub file: String,
    /// The 1-based line of its `id:`.
    pub line: Option<usize>,
}

/// Parses the YAML text of a rule pack.
pub fn parse_pack(file: &str, text: &str) -> Result<Vec<LoadedRule>, RuleError> {
    let pack: RulePackSyntax =
        serde_yaml_ng::from_str(text).map_err(|e| yaml_error(file, text, &e))?;
    Ok(attach_lines(file, text, pack.rules))
}

/// Pairs each rule with the line of its `id:` in `text` (one pass over the text).
pub fn attach_lines(file: &str, text: &str, rules: Vec<RuleSyntax>) -> Vec<LoadedRule> {
    let lines = super::error::id_lines(text);
    rules
        .into_iter()
        .map(|syntax| {
            let line = lines.get(syntax.id.as_str()).copied();
            LoadedRule { syntax, file: file.to_owned(), line }
        })
        .collect()
}

/// Turns a serde_yaml_ng error into a one-line error with the line and the enclosing rule.
pub fn yaml_error(file: &str, text: &str, error: &serde_yaml_ng::Error) -> RuleError {
    let line = error.location().map(|loc| loc.line());
    let rule = line.and_then(|line| id_before_line(text, line));
    let message = strip_location(&error.to_string());
    RuleError::new(file, line, rule.as_deref(), message)
}

/// serde_yaml_ng appends " at line L column C"; the line is printed in front instead.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Every built-in rule, parsed. The packs are checked by the test suite, so an error here is a
/// build that skipped its tests; it is still returned, never a panic.
pub fn builtin() -> Result<Vec<LoadedRule>, Vec<RuleError>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (name, text, json) in BUILTIN_PACKS {
        let file = format!("rules/{name}");
        let from_json = json.and_then(|json| serde_json::from_str::<RulePackSyntax>(json).ok());
        let parsed = match from_json {
            Some(pack) => Ok(attach_lines(&file, text, pack.rules)),
            None => parse_pack(&file, text),
        };
        match parsed {
            Ok(mut pack) => rules.append(&mut pack),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(rules) } else { Err(errors) }
}

/// Reads a rule pack file, or every `*.yaml`/`*.yml` file in a folder (sorted by name).
/// Collects the errors of every file rather than stopping at the first.
pub fn from_path(path: &Path) -> Result<Vec<LoadedRule>, Vec<RuleError>> {
    let files = if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| vec![io_error(path, &e)])?;
        let mut files: Vec<_> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "yaml" || ext == "yml"))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let name = file.display().to_string();
        match std::fs::read_to_string(&file) {
            Ok(text) => match parse_pack(&name, &text) {
                Ok(mut pack) => rules.append(&mut pack),
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(io_error(&file, &e)),
        }
    }
    if errors.is_empty() { Ok(rules) } else { Err(errors) }
}

fn io_error(path: &Path, error: &std::io::Error) -> RuleError {
    RuleError::new(&path.display().to_string(), None, None, format!("cannot read: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_file_rule_and_line() {
        let text = "rules:\n  - id: a.b\n    name: n\n    regx: x\n";
        let e = parse_pack("p.yaml", text).unwrap_err();
        assert_eq!(e.line, Some(4));
        assert_eq!(e.rule.as_deref(), Some("a.b"));
        assert!(e.message.contains("unknown field `regx`"), "{}", e.message);
    }

    #[test]
    fn builtin_packs_parse() {
        let rules = builtin().unwrap();
        assert!(!rules.is_empty());
    }
}

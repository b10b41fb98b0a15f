//! Reading rule packs: the built-in ones embedded at build time, or files and folders on disk.

use super::error::RuleError;
use super::shape::Shape;
use super::syntax::{RulePackSyntax, RuleSyntax};
use super::yaml_lines::{id_before_line, id_lines};
use std::path::Path;

/// A built-in rule pack, as `build.rs` embeds it.
pub struct BuiltinPack {
    /// File name in `rules/`.
    pub name: &'static str,
    /// The YAML text.
    pub yaml: &'static str,
    /// The pack as JSON, if it converted.
    pub json: Option<&'static str>,
    /// The pack as JSON without examples, if it converted.
    pub lean_json: Option<&'static str>,
    /// The line of each rule's `id:`, in rule order (0: not found).
    pub lines: &'static [usize],
    /// Each rule's regex shape (longest match, starts with a keyword), in rule order; None
    /// where the pattern did not parse (the rule's error is reported at load).
    pub shapes: &'static [Option<(Option<usize>, bool)>],
}

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
    /// The regex's shape, when known before compiling (built-in rules: from `build.rs`).
    pub shape: Option<Shape>,
}

/// Parses the YAML text of a rule pack.
pub fn parse_pack(file: &str, text: &str) -> Result<Vec<LoadedRule>, RuleError> {
    let pack: RulePackSyntax =
        serde_yaml_ng::from_str(text).map_err(|e| yaml_error(file, text, &e))?;
    Ok(attach_lines(file, text, pack.rules))
}

/// Pairs each rule with the line of its `id:` in `text` (one pass over the text).
pub fn attach_lines(file: &str, text: &str, rules: Vec<RuleSyntax>) -> Vec<LoadedRule> {
    let lines = id_lines(text);
    rules
        .into_iter()
        .map(|syntax| {
            let line = lines.get(syntax.id.as_str()).copied();
            LoadedRule { syntax, file: file.to_owned(), line, shape: None }
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

/// Every built-in rule, parsed, without its examples (what a scan needs). The packs are checked
/// by the test suite, so an error here is a build that skipped its tests; it is still returned,
/// never a panic.
pub fn builtin() -> Result<Vec<LoadedRule>, Vec<RuleError>> {
    load_builtin(false)
}

/// Every built-in rule with its examples and negative examples (what `rules check` needs).
pub fn builtin_with_examples() -> Result<Vec<LoadedRule>, Vec<RuleError>> {
    load_builtin(true)
}

fn load_builtin(examples: bool) -> Result<Vec<LoadedRule>, Vec<RuleError>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for pack in BUILTIN_PACKS {
        let file = format!("rules/{}", pack.name);
        let parsed = match (examples, pack.json, pack.lean_json) {
            (true, Some(json), _) => serde_json::from_str::<RulePackSyntax>(json)
                .map(|p| attach_lines(&file, pack.yaml, p.rules))
                .or_else(|_| parse_pack(&file, pack.yaml)),
            (false, _, Some(json)) => serde_json::from_str::<RulePackSyntax>(json)
                .map(|p| {
                    let lines = pack.lines.iter().map(|&line| (line > 0).then_some(line));
                    let shapes = pack.shapes.iter().map(|shape| {
                        shape.map(|(max_len, starts_with_keyword)| Shape {
                            max_len,
                            starts_with_keyword,
                        })
                    });
                    p.rules
                        .into_iter()
                        .zip(lines.zip(shapes))
                        .map(|(syntax, (line, shape))| LoadedRule {
                            syntax,
                            file: file.clone(),
                            line,
                            shape,
                        })
                        .collect()
                })
                .or_else(|_| parse_pack(&file, pack.yaml)),
            _ => parse_pack(&file, pack.yaml),
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

    #[test]
    fn build_time_shapes_are_the_ones_worked_out_at_run_time() {
        for rule in builtin().unwrap() {
            let keywords: Vec<String> =
                rule.syntax.keywords.iter().map(|k| k.to_ascii_lowercase()).collect();
            let expected = Shape::of(&rule.syntax.regex, &keywords).unwrap();
            assert_eq!(rule.shape, Some(expected), "{}", rule.syntax.id);
        }
    }

    #[test]
    fn lean_builtin_is_the_full_one_without_examples() {
        let lean = builtin().unwrap();
        let full = builtin_with_examples().unwrap();
        assert_eq!(lean.len(), full.len());
        for (lean, full) in lean.iter().zip(&full) {
            assert_eq!(
                (&lean.syntax.id, &lean.file, lean.line),
                (&full.syntax.id, &full.file, full.line)
            );
            assert!(full.line.is_some(), "{} has no line", full.syntax.id);
            // Empty only if the lean JSON was read: the YAML fallback carries the examples.
            assert!(lean.syntax.examples.is_empty() && !full.syntax.examples.is_empty());
            assert_eq!(lean.syntax.regex, full.syntax.regex);
        }
    }
}

//! Reading rule packs: the built-in ones embedded at build time, or files and folders on disk.

use super::error::RuleError;
use super::keyword_table::{KeywordIndex, KeywordTable};
use super::shape::Shape;
use super::syntax::{RulePackSyntax, RuleSyntax};
use super::yaml_lines::{id_before_line, id_lines};
use std::path::Path;

/// A built-in rule pack, as `build.rs` embeds it.
pub struct BuiltinPack {
    /// `rules/` and the file name.
    pub file: &'static str,
    /// The YAML text.
    pub yaml: &'static str,
    /// The pack as JSON, examples included, if it converted.
    pub json: Option<&'static str>,
    /// Its rules, ready to index (empty if the pack did not convert).
    pub rules: &'static [BuiltinRule],
}

/// A built-in rule as `build.rs` embeds it: what a scan needs to index it, and the rest as
/// JSON (without the keywords and examples), parsed when a scan first needs the rule.
#[derive(Debug)]
pub struct BuiltinRule {
    /// `rules/` and the pack's file name.
    pub file: &'static str,
    /// The rule id.
    pub id: &'static str,
    /// The keywords, lowercased.
    pub keywords: &'static [&'static str],
    /// The globs of the paths it is limited to (none: every path).
    pub paths: &'static [&'static str],
    /// The 1-based line of its `id:` (0: not found).
    pub line: usize,
    /// The regex's shape; None where the pattern did not parse (the rule's error is reported
    /// when it is read).
    pub shape: Option<BuiltinShape>,
    /// Its patterns, parsed.
    pub parsed: ParsedPatterns,
    /// The rule as JSON, without its keywords and examples.
    pub json: &'static str,
}

/// A built-in rule's [`Shape`], as `build.rs` embeds it.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinShape {
    /// See [`Shape::max_len`].
    pub max_len: Option<usize>,
    /// See [`Shape::starts_with_keyword`].
    pub starts_with_keyword: bool,
    /// See [`Shape::required`].
    pub required: &'static [&'static [u8]],
    /// See [`Shape::spans_lines`].
    pub spans_lines: bool,
}

/// A built-in rule's patterns as syntax trees in [`hir_code`](super::hir_code)'s form, parsed
/// by `build.rs` (None: no such pattern, or one that does not parse).
#[derive(Debug, Clone, Copy, Default)]
pub struct ParsedPatterns {
    /// The rule's `regex`.
    pub regex: Option<&'static [u8]>,
    /// The rule's `regex` relaxed and compiled to an NFA ([`super::nfa_code`]), for small scans.
    pub light_nfa: Option<&'static [u8]>,
    /// Its `not_after`.
    pub not_after: Option<&'static [u8]>,
}

impl BuiltinRule {
    /// The 1-based line of its `id:`, if found.
    pub fn line(&self) -> Option<usize> {
        (self.line > 0).then_some(self.line)
    }

    /// The regex's shape, as worked out by `build.rs`.
    pub fn shape(&self) -> Option<Shape> {
        self.shape.map(|shape| Shape {
            max_len: shape.max_len,
            starts_with_keyword: shape.starts_with_keyword,
            required: shape.required.iter().map(|r| r.to_vec()).collect(),
            spans_lines: shape.spans_lines,
        })
    }

    /// Reads the rule (without its examples).
    pub fn read(&self) -> Result<LoadedRule, RuleError> {
        let line = self.line();
        serde_json::from_str::<RuleSyntax>(self.json)
            .map(|mut syntax| {
                // The lean JSON leaves the keywords out: they are embedded beside it.
                syntax.keywords = self.keywords.iter().map(|k| (*k).to_owned()).collect();
                syntax
            })
            .map(|syntax| LoadedRule {
                syntax,
                file: self.file.to_owned(),
                line,
                shape: self.shape(),
                parsed: self.parsed,
            })
            .map_err(|e| RuleError::new(self.file, line, Some(self.id), e.to_string()))
    }
}

/// A rule on its way into a [`RuleSet`](super::RuleSet): read already, or a built-in one that
/// stays in its embedded JSON until a scan needs it.
#[derive(Debug, Clone)]
pub enum RuleSource {
    /// A rule read from a file or a pack (boxed: a list of sources is mostly built-in ones).
    Read(Box<LoadedRule>),
    /// A built-in rule, not read yet.
    Builtin(&'static BuiltinRule),
}

impl RuleSource {
    /// The rule id.
    pub fn id(&self) -> &str {
        match self {
            RuleSource::Read(rule) => &rule.syntax.id,
            RuleSource::Builtin(rule) => rule.id,
        }
    }
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
    /// Its patterns, parsed before (built-in rules: by `build.rs`).
    pub parsed: ParsedPatterns,
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
            LoadedRule {
                syntax,
                file: file.to_owned(),
                line,
                shape: None,
                parsed: ParsedPatterns::default(),
            }
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

/// Every built-in rule, parsed, without its examples. The packs are checked by the test suite,
/// so an error here is a build that skipped its tests; it is still returned, never a panic.
pub fn builtin() -> Result<Vec<LoadedRule>, Vec<RuleError>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for source in builtin_sources()? {
        match source {
            RuleSource::Read(rule) => rules.push(*rule),
            RuleSource::Builtin(rule) => match rule.read() {
                Ok(rule) => rules.push(rule),
                Err(e) => errors.push(e),
            },
        }
    }
    if errors.is_empty() { Ok(rules) } else { Err(errors) }
}

/// Every built-in rule, left unread (what a scan needs: it reads the rules it touches). A pack
/// that did not convert at build time is read from its YAML, which reports its error.
pub fn builtin_sources() -> Result<Vec<RuleSource>, Vec<RuleError>> {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for pack in BUILTIN_PACKS {
        if pack.json.is_some() {
            sources.extend(pack.rules.iter().map(RuleSource::Builtin));
        } else {
            match parse_pack(pack.file, pack.yaml) {
                Ok(pack) => sources.extend(pack.into_iter().map(|r| RuleSource::Read(Box::new(r)))),
                Err(e) => errors.push(e),
            }
        }
    }
    if errors.is_empty() { Ok(sources) } else { Err(errors) }
}

/// Every built-in rule with its examples and negative examples (what `rules check` needs).
pub fn builtin_with_examples() -> Result<Vec<LoadedRule>, Vec<RuleError>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for pack in BUILTIN_PACKS {
        let parsed = match pack.json {
            Some(json) => serde_json::from_str::<RulePackSyntax>(json)
                .map(|p| attach_lines(pack.file, pack.yaml, p.rules))
                .or_else(|_| parse_pack(pack.file, pack.yaml)),
            None => parse_pack(pack.file, pack.yaml),
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

    /// A scan decides from the embedded globs whether it must read a rule to know where it
    /// applies: they are the rule's own.
    #[test]
    fn build_time_paths_are_the_rules_own() {
        let read = builtin_with_examples().unwrap();
        let embedded = BUILTIN_PACKS.iter().flat_map(|pack| pack.rules);
        let mut limited = 0;
        for (rule, builtin) in read.iter().zip(embedded) {
            assert_eq!(rule.syntax.id, builtin.id);
            assert_eq!(rule.syntax.paths, builtin.paths, "{}", builtin.id);
            limited += usize::from(!builtin.paths.is_empty());
        }
        assert!(limited >= 3, "only {limited} rules are limited to paths");
    }

    /// Every built-in rule tells the user what to do and where the format comes from, and has
    /// examples both ways (which `rules check` and the tests run).
    #[test]
    fn every_builtin_rule_has_examples_references_and_a_remediation() {
        for rule in builtin_with_examples().unwrap() {
            let s = &rule.syntax;
            assert!(!s.examples.is_empty(), "{}: no examples", s.id);
            assert!(!s.negative_examples.is_empty(), "{}: no negative examples", s.id);
            assert!(
                s.references.iter().any(|r| r.starts_with("https://")),
                "{}: no reference",
                s.id
            );
            assert!(s.remediation.trim().len() > 40, "{}: remediation too short", s.id);
        }
    }

    /// The syntax trees build.rs embeds are the ones the patterns parse to at run time (with
    /// the settings the matcher builds them with), so a rule matches the same either way.
    #[test]
    fn build_time_syntax_trees_are_the_ones_parsed_at_run_time() {
        use super::super::hir_code::{decode, parse};
        let mut checked = 0;
        for rule in builtin().unwrap() {
            let id = &rule.syntax.id;
            let regex = rule.parsed.regex.and_then(decode);
            assert_eq!(regex, Some(parse(&rule.syntax.regex).unwrap()), "{id}");
            let not_after = rule.parsed.not_after.and_then(decode);
            assert_eq!(not_after, rule.syntax.not_after.map(|p| parse(&p).unwrap()), "{id}");
            checked += 1;
        }
        assert!(checked > 300, "{checked}");
    }

    /// The literals a small scan checks for before building a rule's regex are in every one of
    /// the rule's examples (each of which must match).
    #[test]
    fn every_example_contains_the_literals_its_rule_requires() {
        let mut checked = 0;
        for rule in builtin_with_examples().unwrap() {
            let keywords: Vec<String> =
                rule.syntax.keywords.iter().map(|k| k.to_ascii_lowercase()).collect();
            let shape = Shape::of(&rule.syntax.regex, &keywords).unwrap();
            for example in &rule.syntax.examples {
                let text = example.text().to_ascii_lowercase();
                for literal in &shape.required {
                    assert!(
                        memchr::memmem::find(text.as_bytes(), literal).is_some(),
                        "{}: {:?} lacks {:?}",
                        rule.syntax.id,
                        example.text(),
                        String::from_utf8_lossy(literal)
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 500, "only {checked} literals checked");
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

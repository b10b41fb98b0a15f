//! Checking rules against their own examples: every example must yield a finding of its rule
//! through the full pipeline (keywords, regex, entropy, allowlists, placeholders), and no
//! negative example may. `leakwatch rules check` and the test suite call the same function.

use super::RuleSet;
use crate::scanner::{ChunkScanner, ScanPolicy};
use crate::source::{Chunk, Provenance};
use std::sync::Arc;

/// One failed expectation, on one line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    /// The rule's id.
    pub rule: String,
    /// Where the rule is defined (`file:line`).
    pub origin: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: rule {}: {}", self.origin, self.rule, self.message)
    }
}

/// Checks every rule of `rules` (the whole set matches, as in a real scan) and returns every
/// failure.
pub fn check_examples(rules: Arc<RuleSet>) -> Vec<CheckFailure> {
    let mut scanner = ChunkScanner::new(Arc::clone(&rules), Arc::new(ScanPolicy::default()));
    let mut failures = Vec::new();
    for rule in rules.iter() {
        let origin = match &rule.origin {
            (file, Some(line)) => format!("{file}:{line}"),
            (file, None) => file.clone(),
        };
        let mut fail = |message: String| {
            failures.push(CheckFailure {
                rule: rule.id().to_owned(),
                origin: origin.clone(),
                message,
            });
        };
        if let Err(e) = rule.build_all() {
            fail(e.to_owned());
            continue;
        }
        if rule.examples.is_empty() {
            fail("has no examples".into());
        }
        for (i, example) in rule.examples.iter().enumerate() {
            if !yields(&mut scanner, rule.id(), example.path(), example.text()) {
                let why = if regex_matches(rule, example.text()) {
                    "the regex matches, but not around a keyword, or entropy/allowlist/placeholder rejected it"
                } else {
                    "the regex does not match"
                };
                fail(format!("example {} yields no finding: {why}", i + 1));
            }
        }
        for (i, example) in rule.negative_examples.iter().enumerate() {
            if yields(&mut scanner, rule.id(), example.path(), example.text()) {
                fail(format!("negative example {} yields a finding", i + 1));
            }
        }
        // Small scans run the light build of the regex, large ones the full build: both must
        // find the same matches.
        let all = rule.examples.iter().chain(&rule.negative_examples);
        for (i, example) in all.enumerate() {
            if matches(rule.compiled(), example.text())
                != matches(rule.compiled_light(), example.text())
            {
                fail(format!("example {}: the light and full regex builds disagree", i + 1));
            }
        }
    }
    failures
}

fn matches(compiled: Result<&super::compile::Compiled, &str>, text: &str) -> Vec<(usize, usize)> {
    let Ok(compiled) = compiled else { return Vec::new() };
    compiled.matches(text.as_bytes())
}

fn yields(scanner: &mut ChunkScanner, rule_id: &str, path: &str, text: &str) -> bool {
    let chunk =
        Chunk { bytes: text.as_bytes(), provenance: Provenance::Example { path: path.to_owned() } };
    scanner.scan(&chunk).findings.iter().any(|f| f.rule_id() == rule_id)
}

fn regex_matches(rule: &super::Rule, text: &str) -> bool {
    rule.compiled().is_ok_and(|c| !c.matches(text.as_bytes()).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{CompileMode, load};

    /// Every built-in rule's examples and negative examples. See: #2
    #[test]
    fn builtin_rules_pass_their_examples() {
        let rules = RuleSet::compile(load::builtin_with_examples().unwrap(), CompileMode::Eager)
            .unwrap_or_else(|e| {
                panic!("{}", e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
            });
        let failures = check_examples(Arc::new(rules));
        let text: Vec<String> = failures.iter().map(ToString::to_string).collect();
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), text.join("\n"));
    }

    #[test]
    fn failures_are_all_reported() {
        let yaml = "rules:\n  - id: t.k\n    name: n\n    description: d\n    regex: 'tok_[a-z]{8}'\n    keywords: [tok_]\n    severity: low\n    remediation: r\n    examples: ['tok_abc', 'tok_qwzmvbrt']\n    negative_examples: ['tok_plmoknij']\n";
        let rules = RuleSet::compile(load::parse_pack("t.yaml", yaml).unwrap(), CompileMode::Eager)
            .unwrap();
        let failures = check_examples(Arc::new(rules));
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(failures[0].to_string().starts_with("t.yaml:2: rule t.k: example 1"));
        assert!(failures[1].message.contains("negative example 1"));
    }
}

//! Errors in rule packs and configuration files: always one line naming the file, the line
//! and the rule.

use std::fmt;

/// A problem in a rule or config file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RuleError {
    /// The file (a built-in pack's name, or a path).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The rule's id, when the problem is inside a rule.
    pub rule: Option<String>,
    /// What is wrong, on one line.
    pub message: String,
}

impl RuleError {
    /// A problem at `line` of `file`, inside rule `rule` if given.
    pub fn new(
        file: &str,
        line: Option<usize>,
        rule: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        RuleError {
            file: file.to_owned(),
            line,
            rule: rule.map(str::to_owned),
            message: one_line(&message.into()),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, ": rule {rule}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Folds a multi-line message (regex errors draw carets over the pattern) onto one line.
pub fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reason of a regex error without the pattern it quotes: a pattern in an allowlist can
/// hold a real secret, and errors are printed.
pub fn regex_reason(error: &str) -> String {
    let last = error.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(error);
    last.trim().trim_start_matches("error: ").to_owned()
}

/// Finds the 1-based line of the rule whose `id:` is `id` in `text`.
pub fn line_of_id(text: &str, id: &str) -> Option<usize> {
    text.lines().position(|line| super::yaml_lines::id_on_line(line) == Some(id)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::yaml_lines::id_before_line;

    #[test]
    fn finds_rule_ids_by_line() {
        let text = "rules:\n  - id: a.b\n    name: x\n  - id: 'c.d'\n    regx: y\n";
        assert_eq!(line_of_id(text, "c.d"), Some(4));
        assert_eq!(id_before_line(text, 5).as_deref(), Some("c.d"));
        assert_eq!(id_before_line(text, 1), None);
    }

    #[test]
    fn regex_reasons_drop_the_pattern() {
        let pattern = String::from("(secret-value");
        let e = regex::Regex::new(&pattern).unwrap_err().to_string();
        assert_eq!(regex_reason(&e), "unclosed group");
    }

    #[test]
    fn displays_on_one_line() {
        let e = RuleError::new("r.yaml", Some(3), Some("a.b"), "bad\n  ^ here");
        assert_eq!(e.to_string(), "r.yaml:3: rule a.b: bad ^ here");
    }
}

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
        write!(f, "{}", escape_controls(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, ": rule {}", escape_controls(rule))?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A file name or rule id as written, with control characters escaped (`\n`, `\u{1b}`): an id
/// such as `"a\nb"` in YAML must not break the error over two lines.
fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| if c.is_control() { c.escape_debug().to_string() } else { c.to_string() })
        .collect::<String>()
        .into()
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

/// Why a regex did not build, in one line without the pattern (see [`regex_reason`]).
pub fn build_error_reason(error: &regex_automata::meta::BuildError) -> String {
    if let Some(limit) = error.size_limit() {
        format!("compiled regex exceeds size limit of {limit} bytes")
    } else if let Some(syntax) = error.syntax_error() {
        regex_reason(&syntax.to_string())
    } else {
        regex_reason(&error.to_string())
    }
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

    // See: #6 (found by the rules_yaml fuzz target's one-line check)
    #[test]
    fn issue_6_rule_ids_and_file_names_with_line_breaks_stay_on_one_line() {
        let id = ["a", "b"].join("\n");
        let e = RuleError::new("dir/x\ry.yaml", Some(2), Some(&id), "id must be `provider.kind`");
        assert_eq!(e.to_string(), "dir/x\\ry.yaml:2: rule a\\nb: id must be `provider.kind`");
        let yaml = format!(
            "rules:\n  - id: {:?}\n    name: n\n    description: d\n    regex: x(y)\n    keywords: [x]\n    severity: low\n    remediation: r\n",
            id
        );
        let rules = crate::rules::load::parse_pack("p.yaml", &yaml).unwrap();
        let errors =
            crate::rules::RuleSet::compile(rules, crate::rules::CompileMode::Eager).unwrap_err();
        assert!(errors.iter().all(|e| !e.to_string().contains('\n')), "{errors:?}");
    }

    #[test]
    fn displays_on_one_line() {
        let e = RuleError::new("r.yaml", Some(3), Some("a.b"), "bad\n  ^ here");
        assert_eq!(e.to_string(), "r.yaml:3: rule a.b: bad ^ here");
    }
}

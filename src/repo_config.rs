//! The repository configuration file, `.leakwatch.yaml` at the scanned root (or `--config`):
//! extra rules, disabled rules, global allowlists and the baseline path. Unknown keys are errors
//! naming the file and line.

use crate::filter::allowlist::{PathAllowlist, SecretAllowlist};
use crate::rules::RuleError;
use crate::rules::compile::glob_set;
use crate::rules::error::line_of_id;
use crate::rules::load::{LoadedRule, attach_lines, yaml_error};
use crate::rules::syntax::RuleSyntax;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name looked for at the scanned root.
pub const CONFIG_FILE_NAME: &str = ".leakwatch.yaml";

/// `.leakwatch.yaml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoConfigSyntax {
    /// Extra rules, same schema as the built-in packs.
    #[serde(default)]
    pub rules: Vec<RuleSyntax>,
    /// Ids of built-in rules to turn off.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Global allowlists.
    #[serde(default)]
    pub allowlist: GlobalAllowlistSyntax,
    /// Path of a baseline file, relative to the config file.
    #[serde(default)]
    pub baseline: Option<String>,
}

/// The `allowlist:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalAllowlistSyntax {
    /// Globs of paths never read.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes on secrets never reported.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Case-insensitive substrings of secrets never reported.
    #[serde(default)]
    pub stopwords: Vec<String>,
}

/// The validated configuration.
#[derive(Debug, Default)]
pub struct RepoConfig {
    /// The file it came from, if any.
    pub file: Option<PathBuf>,
    /// Extra rules.
    pub rules: Vec<LoadedRule>,
    /// Disabled rule ids, with the line each is named on.
    pub disable: Vec<(String, Option<usize>)>,
    /// Paths never read.
    pub paths: PathAllowlist,
    /// Secrets never reported.
    pub secrets: SecretAllowlist,
    /// The baseline file, resolved against the config file's folder.
    pub baseline: Option<PathBuf>,
}

/// The config file at `root`, if there is one.
pub fn discover(root: &Path) -> Option<PathBuf> {
    let candidate = root.join(CONFIG_FILE_NAME);
    candidate.is_file().then_some(candidate)
}

/// Reads and validates a config file.
pub fn load(path: &Path) -> Result<RepoConfig, Vec<RuleError>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![RuleError::new(&name, None, None, format!("cannot read: {e}"))])?;
    parse(&name, &text, path.parent())
}

/// Parses config text; `dir` is the folder relative paths are resolved against.
pub fn parse(name: &str, text: &str, dir: Option<&Path>) -> Result<RepoConfig, Vec<RuleError>> {
    let syntax: RepoConfigSyntax = if text.trim().is_empty() {
        RepoConfigSyntax::default()
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| vec![yaml_error(name, text, &e)])?
    };
    let mut errors = Vec::new();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    let paths = glob_set(&syntax.allowlist.paths).unwrap_or_else(|e| {
        errors.push(RuleError::new(name, line_of("paths"), None, format!("allowlist.paths: {e}")));
        None
    });
    let mut regexes = Vec::new();
    for pattern in &syntax.allowlist.secrets {
        match crate::filter::allowlist::secret_regex(pattern, true) {
            Ok(r) => regexes.push(r),
            Err(e) => errors.push(RuleError::new(
                name,
                line_of(pattern),
                None,
                format!("allowlist.secrets: {e}"),
            )),
        }
    }
    if syntax.allowlist.stopwords.iter().any(|w| w.trim().is_empty()) {
        errors.push(RuleError::new(
            name,
            line_of("stopwords"),
            None,
            "allowlist.stopwords: a stopword is empty",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let disable =
        syntax.disable.iter().map(|id| (id.clone(), line_of_id_in_list(text, id))).collect();
    Ok(RepoConfig {
        file: (!name.is_empty()).then(|| PathBuf::from(name)),
        rules: attach_lines(name, text, syntax.rules),
        disable,
        paths: PathAllowlist::new(paths),
        secrets: SecretAllowlist::new(regexes, &syntax.allowlist.stopwords),
        baseline: syntax.baseline.map(|b| dir.map_or_else(|| PathBuf::from(&b), |d| d.join(&b))),
    })
}

fn line_of_id_in_list(text: &str, id: &str) -> Option<usize> {
    line_of_id(text, id).or_else(|| text.lines().position(|l| l.contains(id)).map(|i| i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let errors = parse("c.yaml", "allowlist:\n  pathz: [x]\n", None).unwrap_err();
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("unknown field `pathz`"));
    }

    #[test]
    fn empty_file_is_an_empty_config() {
        let config = parse("c.yaml", "\n", None).unwrap();
        assert!(config.rules.is_empty() && config.disable.is_empty());
    }

    #[test]
    fn allowlists_apply() {
        let text =
            "allowlist:\n  paths: ['fixtures/**']\n  secrets: ['^dummy']\n  stopwords: [sample]\n";
        let config = parse("c.yaml", text, None).unwrap();
        assert!(config.paths.is_allowed("fixtures/a/b.txt"));
        assert!(!config.paths.is_allowed("src/a.rs"));
        assert!(config.secrets.is_allowed(b"dummy-1") && config.secrets.is_allowed(b"a-SAMPLE"));
    }
}

//! The baseline: findings accepted when leakwatch was adopted, by rule id and fingerprint.
//!
//! The file never holds a secret, a line number or a timestamp, and its entries are sorted, so
//! it does not churn or conflict in merges. Applied in the collector, after the ignore file.

use crate::finding::{Finding, Fingerprint};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// The default file name.
pub const BASELINE_FILE_NAME: &str = ".leakwatch-baseline.json";

/// Reading or parsing a baseline failed.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file cannot be read.
    #[error("{path}: cannot read the baseline: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a leakwatch baseline.
    #[error("{path}: not a leakwatch baseline: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// The rule that found it.
    pub rule_id: String,
    /// The finding's fingerprint (32 hex digits).
    pub fingerprint: String,
}

/// The file as written: `{"version": 1, "findings": [{"rule_id", "fingerprint"}…]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// Accepted findings, sorted, without duplicates.
    pub findings: BTreeSet<BaselineEntry>,
}

impl Baseline {
    /// The baseline that accepts exactly `findings`.
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        let findings = findings
            .iter()
            .map(|f| BaselineEntry {
                rule_id: f.rule.id.clone(),
                fingerprint: f.fingerprint.as_str().to_owned(),
            })
            .collect();
        Baseline { version: 1, findings }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|source| BaselineError::Read { path: name.clone(), source })?;
        let baseline: Baseline = serde_json::from_str(&text)
            .map_err(|e| BaselineError::Parse { path: name.clone(), message: e.to_string() })?;
        if baseline.version != 1 {
            let message = format!("unsupported version {}", baseline.version);
            return Err(BaselineError::Parse { path: name, message });
        }
        if let Some(bad) =
            baseline.findings.iter().find(|e| Fingerprint::parse(&e.fingerprint).is_none())
        {
            let message = format!("bad fingerprint {:?}", bad.fingerprint);
            return Err(BaselineError::Parse { path: name, message });
        }
        Ok(baseline)
    }

    /// The file's text: pretty JSON, sorted, with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Whether `finding` is accepted.
    pub fn contains(&self, finding: &Finding) -> bool {
        self.findings.contains(&BaselineEntry {
            rule_id: finding.rule.id.clone(),
            fingerprint: finding.fingerprint.as_str().to_owned(),
        })
    }

    /// Entries no finding in `findings` matches any more (the secret was removed or rotated).
    pub fn unused<'a>(&'a self, findings: &[Finding]) -> Vec<&'a BaselineEntry> {
        let seen: BTreeSet<(&str, &str)> =
            findings.iter().map(|f| (f.rule.id.as_str(), f.fingerprint.as_str())).collect();
        self.findings
            .iter()
            .filter(|e| !seen.contains(&(e.rule_id.as_str(), e.fingerprint.as_str())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_sorted() {
        let mut baseline = Baseline { version: 1, ..Baseline::default() };
        for (rule, secret) in [("b.x", "2"), ("a.x", "1"), ("b.x", "2")] {
            let fingerprint = Fingerprint::new(rule, secret.as_bytes()).as_str().to_owned();
            baseline.findings.insert(BaselineEntry { rule_id: rule.into(), fingerprint });
        }
        let text = baseline.to_json();
        assert!(text.find("a.x") < text.find("b.x"));
        assert_eq!(baseline.findings.len(), 2);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(Baseline::load(&path).unwrap(), baseline);
    }
}

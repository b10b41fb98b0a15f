//! A finding: one secret matched by one rule at one place, with everything a report needs.
//!
//! This module knows nothing of how findings are made; reporters read only this module.

mod fingerprint;
pub mod history;
mod secret;

pub use fingerprint::{FINGERPRINT_HEX_LEN, Fingerprint};
pub use secret::Secret;

use crate::source::Provenance;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How bad a leak of this kind of credential is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational.
    Info,
    /// Limited scope.
    Low,
    /// Real but bounded damage.
    Medium,
    /// Access to an account or its data.
    High,
    /// Full control of an account, payments or infrastructure.
    Critical,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// How sure leakwatch is that a finding is a real, live-looking secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Looks like a placeholder, test key or failed checksum.
    Low,
    /// Plausible.
    Medium,
    /// Precise format, passed any offline check.
    High,
}

impl Confidence {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// The result of an offline structural check (checksum, decodable header…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Validation {
    /// The structure or checksum is right.
    Valid,
    /// The structure or checksum is wrong.
    Invalid,
    /// No offline check exists for this rule.
    Unchecked,
}

impl Validation {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Validation::Valid => "valid",
            Validation::Invalid => "invalid",
            Validation::Unchecked => "unchecked",
        }
    }
}

/// What a finding says about the rule that made it; shared by all findings of that rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleInfo {
    /// `provider.kind`.
    pub id: String,
    /// Short human name.
    pub name: String,
    /// What the secret is and what it grants.
    pub description: String,
    /// How bad a leak is.
    pub severity: Severity,
    /// How to revoke and rotate it.
    pub remediation: String,
    /// Provider documentation.
    pub references: Vec<String>,
}

/// A 1-based position range in the scanned content; `end_column` is the column just after
/// the secret's last character (as in SARIF). Columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Line of the secret's first character.
    pub line: usize,
    /// Column of the secret's first character.
    pub column: usize,
    /// Line of the secret's last character.
    pub end_line: usize,
    /// Column after the secret's last character.
    pub end_column: usize,
}

/// One secret found by one rule at one place.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that matched.
    pub rule: Arc<RuleInfo>,
    /// Where the bytes came from.
    pub provenance: Provenance,
    /// Where in those bytes (for decoded content: the encoded span).
    pub location: Location,
    /// The secret (redacted unless exposed).
    pub secret: Secret,
    /// Content-based identity.
    pub fingerprint: Fingerprint,
    /// Shannon entropy of the secret, bits per byte.
    pub entropy: f64,
    /// After validation and placeholder checks.
    pub confidence: Confidence,
    /// Offline structural check result.
    pub validation: Validation,
    /// Why confidence was lowered, if it was.
    pub note: Option<String>,
    /// The decodings applied before the secret was found, outermost first (e.g. `["base64"]`).
    pub decoded: Vec<String>,
    /// The secret's lifecycle, for history audits only.
    pub history: Option<Box<history::History>>,
}

impl Finding {
    /// The rule id.
    pub fn rule_id(&self) -> &str {
        &self.rule.id
    }

    /// The sort key that makes output deterministic: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, Location, &str, &Fingerprint) {
        (self.provenance.path(), self.location, &self.rule.id, &self.fingerprint)
    }

    /// The order of a history audit's report, applied before [`Finding::sort_key`]: live
    /// secrets first, then the longest exposed. Equal for every finding without history.
    pub fn history_rank(&self) -> (bool, std::cmp::Reverse<u64>) {
        self.history.as_ref().map_or((false, std::cmp::Reverse(0)), |h| {
            (!h.is_live(), std::cmp::Reverse(h.exposure_days))
        })
    }
}

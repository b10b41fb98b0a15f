//! JSON reports: one document (`json`) or one finding per line (`jsonl`).

use super::{Report, Reporter};
use crate::finding::history::{Introduced, Occurrence, Status};
use crate::finding::{Finding, Location};
use crate::source::Provenance;
use serde::Serialize;
use std::io::{self, Write};

/// `--format json` and `--format jsonl`.
pub struct JsonReporter {
    /// One finding per line instead of one document.
    pub lines: bool,
}

/// A finding as JSON (see DESIGN.md, "A finding, as JSON").
#[derive(Debug, Serialize)]
pub struct FindingJson<'a> {
    rule_id: &'a str,
    rule_name: &'a str,
    description: &'a str,
    severity: &'static str,
    confidence: &'static str,
    validation: &'static str,
    path: &'a str,
    #[serde(flatten)]
    location: Location,
    secret: String,
    fingerprint: &'a str,
    entropy: f64,
    remediation: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    references: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    decoded: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    blob: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    history: Option<HistoryJson<'a>>,
}

/// The history fields of a finding (DESIGN.md): present only in history audits.
#[derive(Debug, Serialize)]
struct HistoryJson<'a> {
    /// Null for a blob no ref reaches.
    introduced: Option<&'a Introduced>,
    occurrences: &'a [Occurrence],
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    live_paths: Option<&'a [String]>,
    /// Null when removed but never on HEAD's first-parent line.
    #[serde(skip_serializing_if = "Option::is_none")]
    removed_in: Option<Option<&'a str>>,
    exposure_days: u64,
    refs: &'a [String],
}

impl<'a> FindingJson<'a> {
    /// The JSON view of `f`; the secret is redacted unless `show_secrets`.
    pub fn new(f: &'a Finding, show_secrets: bool) -> FindingJson<'a> {
        let (blob, commit) = match &f.provenance {
            Provenance::Staged { blob, .. } => (Some(blob.as_str()), None),
            Provenance::Commit { blob, commit, .. } => (Some(blob.as_str()), Some(commit.as_str())),
            Provenance::Object { blob } => (Some(blob.as_str()), None),
            Provenance::File { .. } | Provenance::Example { .. } => (None, None),
        };
        let history = f.history.as_deref().map(|h| HistoryJson {
            introduced: h.introduced.as_ref(),
            occurrences: &h.occurrences,
            status: h.status.as_str(),
            live_paths: match &h.status {
                Status::Live { paths } => Some(paths),
                Status::Removed { .. } => None,
            },
            removed_in: match &h.status {
                Status::Live { .. } => None,
                Status::Removed { removed_in } => Some(removed_in.as_deref()),
            },
            exposure_days: h.exposure_days,
            refs: &h.refs,
        });
        FindingJson {
            rule_id: &f.rule.id,
            rule_name: &f.rule.name,
            description: &f.rule.description,
            severity: f.rule.severity.as_str(),
            confidence: f.confidence.as_str(),
            validation: f.validation.as_str(),
            path: f.provenance.path(),
            location: f.location,
            secret: if show_secrets { f.secret.expose_lossy() } else { f.secret.redacted() },
            fingerprint: f.fingerprint.as_str(),
            entropy: (f.entropy * 1000.0).round() / 1000.0,
            remediation: &f.rule.remediation,
            references: &f.rule.references,
            note: f.note.as_deref(),
            decoded: &f.decoded,
            blob,
            commit,
            history,
        }
    }
}

impl Reporter for JsonReporter {
    fn report(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let findings: Vec<FindingJson<'_>> =
            report.findings.iter().map(|f| FindingJson::new(f, report.show_secrets)).collect();
        if self.lines {
            for finding in &findings {
                serde_json::to_writer(&mut *out, finding)?;
                writeln!(out)?;
            }
            return Ok(());
        }
        let document =
            serde_json::json!({ "version": 1, "findings": findings, "stats": report.stats });
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

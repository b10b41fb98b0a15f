//! SARIF 2.1.0, as GitHub code scanning accepts it: unique rule ids in `tool.driver.rules`,
//! 1-based regions, repository-relative URIs, `partialFingerprints`, and no secret in any
//! message (not even redacted).

use super::{Report, Reporter};
use crate::finding::{Finding, Severity};
use crate::source::Provenance;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// `--format sarif`.
pub struct SarifReporter;

impl Reporter for SarifReporter {
    fn report(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut rules = Vec::new();
        for f in report.findings {
            if !rule_index.contains_key(f.rule.id.as_str()) {
                rule_index.insert(&f.rule.id, rules.len());
                rules.push(rule_json(f));
            }
        }
        let results: Vec<Value> = report
            .findings
            .iter()
            .map(|f| result_json(f, rule_index[f.rule.id.as_str()]))
            .collect();
        let document = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "leakwatch",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/leakwatch/leakwatch",
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The scanned root." } } },
                "results": results,
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

fn rule_json(f: &Finding) -> Value {
    let mut rule = json!({
        "id": f.rule.id,
        "name": pascal_case(&f.rule.id),
        "shortDescription": { "text": f.rule.name },
        "fullDescription": { "text": f.rule.description },
        "help": { "text": f.rule.remediation, "markdown": f.rule.remediation },
        "defaultConfiguration": { "level": level(f.rule.severity) },
        "properties": {
            "tags": ["security", "secret"],
            "security-severity": security_severity(f.rule.severity),
            "precision": "high",
        },
    });
    if let Some(uri) = f.rule.references.first() {
        rule["helpUri"] = json!(uri);
    }
    rule
}

fn result_json(f: &Finding, rule_index: usize) -> Value {
    let mut properties = json!({
        "fingerprint": f.fingerprint.as_str(),
        "confidence": f.confidence.as_str(),
        "validation": f.validation.as_str(),
        "entropy": (f.entropy * 1000.0).round() / 1000.0,
    });
    match &f.provenance {
        Provenance::Commit { commit, blob, .. } => {
            properties["commit"] = json!(commit);
            properties["blob"] = json!(blob);
        }
        Provenance::Staged { blob, .. } | Provenance::Object { blob } => {
            properties["blob"] = json!(blob)
        }
        Provenance::File { .. } | Provenance::Example { .. } => {}
    }
    if !f.decoded.is_empty() {
        properties["decoded"] = json!(f.decoded);
    }
    if let Some(history) = &f.history {
        properties["status"] = json!(history.status.as_str());
        properties["exposureDays"] = json!(history.exposure_days);
        properties["occurrences"] = json!(history.occurrences.len());
        if let Some(introduced) = &history.introduced {
            properties["author"] = json!(introduced.author);
            properties["date"] = json!(introduced.date);
        }
    }
    json!({
        "ruleId": f.rule.id,
        "ruleIndex": rule_index,
        "level": level(f.rule.severity),
        "message": { "text": format!("{} found. Revoke and rotate it; see the rule's help. Fingerprint {}.", f.rule.name, f.fingerprint) },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": artifact_uri(f), "uriBaseId": "%SRCROOT%" },
            "region": {
                "startLine": f.location.line,
                "startColumn": f.location.column,
                "endLine": f.location.end_line,
                "endColumn": f.location.end_column,
            },
        }}],
        "partialFingerprints": { "leakwatch/v1": partial_fingerprint(f) },
        "properties": properties,
    })
}

/// The file's URI; a blob no ref reaches has no path, so it is named by its id.
fn artifact_uri(f: &Finding) -> String {
    match &f.provenance {
        Provenance::Object { blob } => format!("unreachable-blob/{blob}"),
        p => uri(p.path()),
    }
}

/// Distinct per secret and path, so that one secret in two files makes two alerts, while an
/// edit that moves it within a file keeps the alert's identity.
fn partial_fingerprint(f: &Finding) -> String {
    let digest = Sha256::new()
        .chain_update(f.fingerprint.as_str())
        .chain_update([0])
        .chain_update(f.provenance.path())
        .finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// `github.pat-classic` → `GithubPatClassic`.
fn pascal_case(id: &str) -> String {
    id.split(['.', '-'])
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A relative URI reference: `/`-separated, with everything outside RFC 3986's unreserved
/// and sub-delimiter characters percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b);
        if keep { out.push(b as char) } else { out.push_str(&format!("%{b:02X}")) }
    }
    out.trim_start_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("dir with space/a#b.txt"), "dir%20with%20space/a%23b.txt");
        assert_eq!(pascal_case("github.pat-classic"), "GithubPatClassic");
    }
}

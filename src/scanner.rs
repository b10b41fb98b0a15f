//! The per-thread worker every command shares: chunk → matcher → per-chunk filters → findings.
//!
//! It applies the filters that need the chunk's bytes (inline markers) or the rule (allowlists,
//! entropy, validation); fingerprint-based filters (ignore file, baseline) run in the collector.

use crate::filter::Suppressed;
use crate::filter::allowlist::{SecretAllowlist, matches_any};
use crate::filter::dedup::dedup_matches;
use crate::filter::inline::has_allow_marker;
use crate::filter::placeholder::placeholder_reason;
use crate::finding::{Confidence, Finding, Fingerprint, Secret, Validation};
use crate::matcher::entropy::shannon;
use crate::matcher::location::LineIndex;
use crate::matcher::validate::validate;
use crate::matcher::{Match, Matcher};
use crate::rules::{Rule, RuleSet};
use crate::source::Chunk;
use std::sync::Arc;

/// Settings shared by every thread's scanner.
#[derive(Debug, Default)]
pub struct ScanPolicy {
    /// Global secret allowlist from the repository config.
    pub allowlist: SecretAllowlist,
    /// Findings below this confidence are suppressed.
    pub min_confidence: Option<Confidence>,
}

/// What scanning one chunk produced.
#[derive(Debug, Default)]
pub struct ChunkResult {
    /// Findings that survived the per-chunk filters, in position order.
    pub findings: Vec<Finding>,
    /// What the filters suppressed.
    pub suppressed: Suppressed,
}

/// A matcher plus the per-chunk filters. Each thread owns one.
#[derive(Debug, Clone)]
pub struct ChunkScanner {
    matcher: Matcher,
    policy: Arc<ScanPolicy>,
}

impl ChunkScanner {
    /// A scanner over `rules` with `policy`.
    pub fn new(rules: Arc<RuleSet>, policy: Arc<ScanPolicy>) -> ChunkScanner {
        ChunkScanner { matcher: Matcher::new(rules), policy }
    }

    /// Scans one chunk.
    pub fn scan(&mut self, chunk: &Chunk<'_>) -> ChunkResult {
        let mut matches = self.matcher.scan(chunk);
        let mut result = ChunkResult::default();
        if matches.is_empty() {
            return result;
        }
        let rules = Arc::clone(self.matcher.rules());
        dedup_matches(&rules, &mut matches);
        matches.sort_by_key(|m| (m.secret.0, m.rule));
        let mut lines = LineIndex::new(chunk.bytes);
        for m in matches {
            let rule = &rules.rules()[m.rule];
            if let Some(finding) = self.judge(rule, &m, chunk, &mut lines, &mut result.suppressed) {
                result.findings.push(finding);
            }
        }
        result
    }

    /// Applies entropy, inline marker, allowlists, placeholders and validation to one match.
    fn judge(
        &self,
        rule: &Rule,
        m: &Match,
        chunk: &Chunk<'_>,
        lines: &mut LineIndex<'_>,
        suppressed: &mut Suppressed,
    ) -> Option<Finding> {
        let secret = &chunk.bytes[m.secret.0..m.secret.1];
        let entropy = shannon(secret);
        if rule.entropy.is_some_and(|min| entropy < min) {
            return None;
        }
        let marked = |offset: usize, lines: &LineIndex<'_>| {
            let (start, end) = lines.line_span(offset);
            has_allow_marker(&chunk.bytes[start..end])
        };
        if marked(m.span.0, lines) || marked(m.secret.1.saturating_sub(1), lines) {
            suppressed.inline += 1;
            return None;
        }
        let rule_allows =
            rule.compiled().is_ok_and(|c| matches_any(&c.allow, &rule.stopwords, secret));
        if rule_allows || self.policy.allowlist.is_allowed(secret) {
            suppressed.allowlist += 1;
            return None;
        }
        if placeholder_reason(secret).is_some() {
            suppressed.placeholder += 1;
            return None;
        }
        let validation = rule.validate.map_or(Validation::Unchecked, |v| validate(v, secret));
        let (confidence, note) = match validation {
            Validation::Invalid => {
                (rule.confidence.min(Confidence::Low), Some("offline check failed".to_owned()))
            }
            _ => (rule.confidence, None),
        };
        if self.policy.min_confidence.is_some_and(|min| confidence < min) {
            suppressed.low_confidence += 1;
            return None;
        }
        Some(Finding {
            rule: Arc::clone(&rule.info),
            provenance: chunk.provenance.clone(),
            location: lines.location(m.secret.0, m.secret.1),
            secret: Secret::new(secret.to_vec()),
            fingerprint: Fingerprint::new(rule.id(), secret),
            entropy,
            confidence,
            validation,
            note,
            decoded: Vec::new(),
            history: None,
        })
    }
}

//! The per-thread worker every command shares: chunk → matcher → per-chunk filters → findings.
//!
//! It applies the filters that need the chunk's bytes (inline markers) or the rule (allowlists,
//! entropy, validation); fingerprint-based filters (ignore file, baseline) run in the collector.

use crate::decode::{MAX_DEPTH, find_encoded};
use crate::filter::Suppressed;
use crate::filter::allowlist::{SecretAllowlist, matches_any};
use crate::filter::dedup::{GENERIC_PREFIX, dedup_matches};
use crate::filter::inline::has_allow_marker;
use crate::filter::placeholder::{placeholder_reason, test_value_reason};
use crate::filter::randomness::looks_random;
use crate::finding::{Confidence, Finding, Fingerprint, Secret, Validation};
use crate::matcher::Matcher;
use crate::matcher::entropy::shannon;
use crate::matcher::location::LineIndex;
use crate::matcher::validate::validate;
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

/// A match waiting for the filters: the secret's bytes (owned: decoded content is temporary)
/// and its place in the scanned chunk (for decoded content: the encoded span).
#[derive(Debug)]
struct Candidate {
    rule: usize,
    secret: Vec<u8>,
    place: (usize, usize),
    line_of_match: usize,
    decoded: Vec<&'static str>,
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

    /// Scans one chunk, and the encoded spans inside it (decoded, up to [`MAX_DEPTH`] deep).
    pub fn scan(&mut self, chunk: &Chunk<'_>) -> ChunkResult {
        let mut result = ChunkResult::default();
        let mut candidates = Vec::new();
        self.collect(chunk, 0, &mut candidates);
        if candidates.is_empty() {
            return result;
        }
        candidates
            .sort_by(|a, b| (a.place.0, a.rule, &a.decoded).cmp(&(b.place.0, b.rule, &b.decoded)));
        let rules = Arc::clone(self.matcher.rules());
        let mut lines = LineIndex::new(chunk.bytes);
        for candidate in candidates {
            let rule = rules.rule(candidate.rule);
            if let Some(finding) =
                self.judge(rule, candidate, chunk, &mut lines, &mut result.suppressed)
            {
                result.findings.push(finding);
            }
        }
        result
    }

    /// Matches in `chunk`, then in each decoded span of it; decoded candidates take the
    /// encoded span as their place in the parent.
    fn collect(&mut self, chunk: &Chunk<'_>, depth: usize, out: &mut Vec<Candidate>) {
        let mut matches = self.matcher.scan(chunk);
        dedup_matches(self.matcher.rules(), &mut matches);
        out.extend(matches.into_iter().map(|m| Candidate {
            rule: m.rule,
            secret: chunk.bytes[m.secret.0..m.secret.1].to_vec(),
            place: m.secret,
            line_of_match: m.span.0,
            decoded: Vec::new(),
        }));
        if depth >= MAX_DEPTH {
            return;
        }
        for encoded in find_encoded(chunk.bytes) {
            let inner = Chunk { bytes: &encoded.decoded, provenance: chunk.provenance.clone() };
            let mut found = Vec::new();
            self.collect(&inner, depth + 1, &mut found);
            for mut candidate in found {
                candidate.place = encoded.span;
                candidate.line_of_match = encoded.span.0;
                candidate.decoded.insert(0, encoded.kind);
                out.push(candidate);
            }
        }
    }

    /// Applies entropy, inline marker, allowlists, placeholders and validation to one candidate.
    fn judge(
        &self,
        rule: &Rule,
        candidate: Candidate,
        chunk: &Chunk<'_>,
        lines: &mut LineIndex<'_>,
        suppressed: &mut Suppressed,
    ) -> Option<Finding> {
        let secret = candidate.secret.as_slice();
        let entropy = shannon(secret);
        let generic = rule.id().starts_with(GENERIC_PREFIX);
        if rule.entropy.is_some_and(|min| entropy < entropy_floor(generic, secret, min)) {
            return None;
        }
        if generic && !looks_random(secret) {
            return None;
        }
        let marked = |offset: usize, lines: &LineIndex<'_>| {
            let (start, end) = lines.line_span(offset);
            has_allow_marker(&chunk.bytes[start..end])
        };
        if marked(candidate.line_of_match, lines)
            || marked(candidate.place.1.saturating_sub(1), lines)
        {
            suppressed.inline += 1;
            return None;
        }
        let rule_allows =
            rule.allowlist().is_ok_and(|allow| matches_any(allow, &rule.stopwords, secret));
        if rule_allows || self.policy.allowlist.is_allowed(secret) {
            suppressed.allowlist += 1;
            return None;
        }
        if placeholder_reason(secret).is_some() {
            suppressed.placeholder += 1;
            return None;
        }
        let validation = rule.validate.map_or(Validation::Unchecked, |v| validate(v, secret));
        let (confidence, note) = match (validation, test_value_reason(secret)) {
            (Validation::Invalid, _) => {
                (rule.confidence.min(Confidence::Low), Some("offline check failed".to_owned()))
            }
            (_, Some(reason)) => (Confidence::Low, Some(reason.to_owned())),
            _ => (rule.confidence, None),
        };
        if self.policy.min_confidence.is_some_and(|min| confidence < min) {
            suppressed.low_confidence += 1;
            return None;
        }
        let (start, end) = candidate.place;
        Some(Finding {
            rule: Arc::clone(&rule.info),
            provenance: chunk.provenance.clone(),
            location: lines.location(start, end),
            secret: Secret::new(candidate.secret.clone()),
            fingerprint: Fingerprint::new(rule.id(), secret),
            entropy,
            confidence,
            validation,
            note,
            decoded: candidate.decoded.iter().map(|d| (*d).to_owned()).collect(),
            history: None,
        })
    }
}

/// The entropy a candidate must reach. A hex string can reach at most 4 bits per byte, and a
/// random 32-digit one usually measures 3.2 to 3.8, under the 3.5 that catch-all rules ask of
/// values from larger alphabets; long hex values found by a catch-all rule are held to 3.0.
fn entropy_floor(generic: bool, secret: &[u8], min: f64) -> f64 {
    const HEX_FLOOR: f64 = 3.0;
    if generic && secret.len() >= 24 && secret.iter().all(u8::is_ascii_hexdigit) {
        min.min(HEX_FLOOR)
    } else {
        min
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{CompileMode, load};
    use crate::source::Provenance;
    use proptest::prelude::*;

    #[test]
    fn long_hex_values_of_catch_all_rules_need_less_entropy() {
        let hex = b"56efb69eec6aacf6e5edb62bd55bcf21";
        assert_eq!(entropy_floor(true, hex, 3.5), 3.0);
        assert_eq!(entropy_floor(false, hex, 3.5), 3.5);
        assert_eq!(entropy_floor(true, b"56efb69eec6aacf6", 3.5), 3.5);
        assert_eq!(entropy_floor(true, b"x6efb69eec6aacf6e5edb62bd55bcf21", 3.5), 3.5);
    }

    /// One rule set for every case: compiling it is the slow part.
    fn scanner() -> ChunkScanner {
        static RULES: std::sync::OnceLock<Arc<RuleSet>> = std::sync::OnceLock::new();
        let rules = RULES.get_or_init(|| {
            Arc::new(RuleSet::compile(load::builtin().unwrap(), CompileMode::Lazy).unwrap())
        });
        ChunkScanner::new(Arc::clone(rules), Arc::new(ScanPolicy::default()))
    }

    /// An AWS key id from 16 base32 characters chosen by the test.
    fn key(body: &str) -> String {
        format!("{}{body}", "AKIA")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A token spliced anywhere into noise gives exactly one finding, at its line and column.
        #[test]
        fn spliced_token_is_found_once_at_its_place(
            before in "[ -~\n\r\t]{0,3000}",
            after in "[ -~\n\t]{0,3000}",
            body in "[A-Z2-7]{16}",
        ) {
            let token = key(&body);
            // The rule asks for 3.0 bits of entropy: a draw such as `…6666M662H` is rightly
            // not a key, and is not what this property is about.
            prop_assume!(crate::matcher::entropy::shannon(token.as_bytes()) >= 3.0);
            let text = format!("{before} {token} {after}");
            let offset = before.len() + 1;
            let (line, column) = LineIndex::new(text.as_bytes()).position(offset);
            let chunk = Chunk { bytes: text.as_bytes(), provenance: Provenance::File { path: "n.txt".into() } };
            let result = scanner().scan(&chunk);
            let hits: Vec<_> = result.findings.iter().filter(|f| f.secret.expose() == token.as_bytes()).collect();
            prop_assert_eq!(hits.len(), 1);
            prop_assert_eq!((hits[0].location.line, hits[0].location.column), (line, column));
        }
    }
}

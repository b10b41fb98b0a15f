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
use crate::matcher::changed::{changed_lines, widen};
use crate::matcher::entropy::shannon;
use crate::matcher::location::LineIndex;
use crate::matcher::validate::validate;
use crate::rules::reach::Anchor;
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
    /// No rule matched anywhere in the chunk, decoded spans included, before any filter, and
    /// every encoded span was decoded: a later version of the same file at the same path need
    /// only be searched where it differs ([`ChunkScanner::scan_changed`]).
    pub clean: bool,
}

/// How a chunk was searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Searched {
    /// Whole.
    Whole,
    /// Only the lines it changed from a clean earlier version, and the lines around them that
    /// a match touching them could reach: this many bytes in all.
    Changed(usize),
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

/// A clean version of a file, kept for an incremental scan of its next version
/// ([`ChunkScanner::scan_changed`]).
#[derive(Debug, Default)]
pub struct Version {
    /// Its bytes.
    bytes: Vec<u8>,
    /// Where a match of a rule that spans lines without bound may begin or lie.
    anchors: Vec<(usize, Anchor)>,
}

/// A matcher plus the per-chunk filters. Each thread owns one.
#[derive(Debug, Clone)]
pub struct ChunkScanner {
    matcher: Matcher,
    policy: Arc<ScanPolicy>,
    /// The anchors of the chunk scanned last, when versions are tracked.
    anchors: Vec<(usize, Anchor)>,
}

impl ChunkScanner {
    /// A scanner over `rules` with `policy`.
    pub fn new(rules: Arc<RuleSet>, policy: Arc<ScanPolicy>) -> ChunkScanner {
        ChunkScanner { matcher: Matcher::new(rules), policy, anchors: Vec::new() }
    }

    /// Scans one chunk, and the encoded spans inside it (decoded, up to [`MAX_DEPTH`] deep).
    pub fn scan(&mut self, chunk: &Chunk<'_>) -> ChunkResult {
        self.scan_range(chunk, (0, chunk.bytes.len()))
    }

    /// Makes this scanner ready for [`ChunkScanner::scan_changed`]: every scan notes what a
    /// scan of the chunk's next version needs ([`ChunkScanner::keep`]).
    pub fn track_versions(&mut self) {
        self.matcher.track_anchors();
    }

    /// Keeps the chunk this scanner scanned last (`bytes`), found [`ChunkResult::clean`], as the
    /// earlier version of a later chunk ([`ChunkScanner::scan_changed`]).
    pub fn keep(&self, bytes: &[u8], into: &mut Version) {
        into.bytes.clear();
        into.bytes.extend_from_slice(bytes);
        into.anchors.clear();
        into.anchors.extend_from_slice(&self.anchors);
    }

    /// Scans `chunk`, a new version of `earlier`, which was scanned at the same path and found
    /// [`ChunkResult::clean`]: only the lines that changed are searched, with the lines a match
    /// touching them could reach ([`crate::rules::reach`]). The lines both versions share, with
    /// the same bytes around them, hold no match in `earlier`, so none in `chunk` either; what
    /// a search of the whole chunk finds, this finds. A chunk with a keyword of a rule that
    /// matches across lines without bound before its changes is searched whole.
    pub fn scan_changed(
        &mut self,
        chunk: &Chunk<'_>,
        earlier: &Version,
    ) -> (ChunkResult, Searched) {
        let bytes = chunk.bytes;
        let Some(changed) = changed_lines(&earlier.bytes, bytes) else {
            // The same bytes at the same path: clean again.
            self.anchors.clone_from(&earlier.anchors);
            return (ChunkResult { clean: true, ..ChunkResult::default() }, Searched::Changed(0));
        };
        let reach = self.matcher.rules().reach();
        let range = widen(bytes, changed, reach.bytes);
        let reaches_in = |anchors: &[(usize, Anchor)]| {
            anchors.iter().any(|&(at, anchor)| anchor == Anchor::Anywhere || at < range.0)
        };
        // Searching most of the chunk anyway: one whole search is simpler and no slower.
        if reach.whole || (range.1 - range.0) * 2 > bytes.len() || reaches_in(&earlier.anchors) {
            return (self.scan(chunk), Searched::Whole);
        }
        let result = self.scan_range(chunk, range);
        if self.anchors.iter().any(|&(_, anchor)| anchor == Anchor::Anywhere) {
            // The change brought a keyword that a match may hold anywhere.
            return (self.scan(chunk), Searched::Whole);
        }
        // The anchors of the whole chunk: the range's own, and the earlier version's after the
        // range, where the two versions are the same (any before it sent us to a whole scan).
        let tail = bytes.len() - range.1;
        let earlier_tail = earlier.bytes.len() - tail;
        let mut anchors = std::mem::take(&mut self.anchors);
        anchors.extend(
            earlier
                .anchors
                .iter()
                .filter(|a| a.0 >= earlier_tail)
                .map(|&(at, anchor)| (at - earlier_tail + range.1, anchor)),
        );
        self.anchors = anchors;
        (result, Searched::Changed(range.1 - range.0))
    }

    /// Scans `range` of `chunk` (whole lines) and the encoded spans inside it; findings are
    /// placed and filtered in the whole chunk.
    fn scan_range(&mut self, chunk: &Chunk<'_>, range: (usize, usize)) -> ChunkResult {
        let mut result = ChunkResult::default();
        let mut candidates = Vec::new();
        let complete = self.collect(chunk, range, 0, &mut candidates);
        if candidates.is_empty() {
            result.clean = complete;
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

    /// Matches in `range` of `chunk`, then in each decoded span of it; decoded candidates take
    /// the encoded span as their place in the parent. Returns false when some encoded span was
    /// left undecoded (over the decoding budget). Encoded spans never cross a line break, so a
    /// range of whole lines holds each one whole.
    fn collect(
        &mut self,
        chunk: &Chunk<'_>,
        (first, last): (usize, usize),
        depth: usize,
        out: &mut Vec<Candidate>,
    ) -> bool {
        let mut matches = self.matcher.scan_range(chunk, (first, last));
        if depth == 0 {
            self.anchors.clear();
            self.anchors.extend_from_slice(self.matcher.anchors());
        }
        dedup_matches(self.matcher.rules(), &mut matches);
        out.extend(matches.into_iter().map(|m| Candidate {
            rule: m.rule,
            secret: chunk.bytes[m.secret.0..m.secret.1].to_vec(),
            place: m.secret,
            line_of_match: m.span.0,
            decoded: Vec::new(),
        }));
        if depth >= MAX_DEPTH {
            return true;
        }
        let (encoded, truncated) = find_encoded(&chunk.bytes[first..last]);
        let mut complete = !truncated;
        for encoded in encoded {
            let inner = Chunk { bytes: &encoded.decoded, provenance: chunk.provenance.clone() };
            let mut found = Vec::new();
            complete &= self.collect(&inner, (0, inner.bytes.len()), depth + 1, &mut found);
            let span = (encoded.span.0 + first, encoded.span.1 + first);
            for mut candidate in found {
                candidate.place = span;
                candidate.line_of_match = span.0;
                candidate.decoded.insert(0, encoded.kind);
                out.push(candidate);
            }
        }
        complete
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

    /// What a scan found, comparably: rule, place, secret, decodings, and what was suppressed.
    fn found(result: &ChunkResult) -> (Vec<String>, Suppressed) {
        let findings = result
            .findings
            .iter()
            .map(|f| {
                format!("{} {:?} {:?} {:?}", f.rule.id, f.location, f.secret.expose(), f.decoded)
            })
            .collect();
        (findings, result.suppressed)
    }

    /// A scanner that tracks versions.
    fn version_scanner() -> ChunkScanner {
        let mut scanner = scanner();
        scanner.track_versions();
        scanner
    }

    /// `text` scanned at `provenance` and kept as an earlier version, if it was clean.
    fn kept(scanner: &mut ChunkScanner, text: &str, provenance: &Provenance) -> Option<Version> {
        let chunk = Chunk { bytes: text.as_bytes(), provenance: provenance.clone() };
        if !scanner.scan(&chunk).clean {
            return None;
        }
        let mut version = Version::default();
        scanner.keep(text.as_bytes(), &mut version);
        Some(version)
    }

    /// The text made of `pieces` `ids`, one per line.
    fn join(pieces: &[String], ids: &[usize]) -> String {
        ids.iter().map(|&i| pieces[i].as_str()).collect::<Vec<_>>().join("\n")
    }

    /// Lines and line groups that versions of a file are made of: ordinary code, and secrets,
    /// whole or in pieces, of every reach: within a line, across lines (a key name on one line
    /// and its value on the next), without bound (a PEM block, a Kubernetes secret), encoded.
    /// Values are made now from `seed` so that no test string looks like a real key.
    fn pieces(seed: &str) -> Vec<String> {
        use base64::Engine;
        let upper: String = seed
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let base32: String =
            upper.chars().map(|c| if c.is_ascii_digit() { 'Q' } else { c }).collect();
        let aws_id = format!("{}{}", "AKIA", &base32[..16]);
        let aws_secret = &seed[..40];
        let pem_body: Vec<String> = (0..6).map(|i| seed[i..i + 64].replace('_', "+")).collect();
        let b64 = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
        vec![
            "def handler(event, context):".into(),
            "    return event[\"body\"]".into(),
            "# settings for the test run".into(),
            "user: alice".into(),
            "password = settings.get(\"password\")".into(),
            "".into(),
            "}".into(),
            format!("aws_access_key_id = \"{aws_id}\""),
            format!("aws_secret_access_key = \"{aws_secret}\""),
            "aws_secret_access_key =".into(),
            format!("  \"{aws_secret}\""),
            format!("{}\n{}", "-----BEGIN RSA PRIVATE KEY-----", pem_body.join("\n")),
            "-----END RSA PRIVATE KEY-----".into(),
            pem_body[2].clone(),
            format!("blob: {}", b64(&format!("aws_secret_access_key={aws_secret}"))),
            format!("token: {}{}", "ghp_", &seed[64..100].replace(['_', '+', '/'], "x")),
            format!("apiVersion: v1\n{}\ndata:", "kind: Secret"),
            format!("  password: {}", b64(&format!("s3{}", &seed[10..30]))),
            format!(
                "curl -u admin:{} https://example.invalid/api",
                &seed[100..124].replace(['+', '/'], "z")
            ),
            // Farther than any rule reaches: a change beyond it is searched on its own.
            (1..80)
                .map(|i| format!("    step_{i} = compute(step_{}, {i})  # next step", i - 1))
                .collect::<Vec<_>>()
                .join("\n"),
        ]
    }

    /// The pieces that hold no whole secret (a key name without its value, a PEM block without
    /// its end, a Kubernetes secret's header): any mix of them is clean.
    const CLEAN_PIECES: &[usize] = &[0, 1, 2, 3, 4, 5, 6, 9, 11, 13, 16, 19, 19, 19];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// A new version of a clean file, scanned only where it changed, gives exactly what a
        /// scan of the whole new version gives, whatever was inserted, removed or replaced, and
        /// wherever (across the seams too: a key name kept, its value added on the next line; a
        /// PEM block begun before the change and ended in it).
        #[test]
        fn scanning_only_the_changes_finds_what_a_whole_scan_finds(
            seed in "[A-Za-z0-9_+/]{130}",
            old in proptest::collection::vec(proptest::sample::select(CLEAN_PIECES), 0..30),
            edits in proptest::collection::vec((0usize..3, 0usize..40, 0usize..20), 1..4),
        ) {
            let pieces = pieces(&seed);
            let provenance = Provenance::File { path: "config/app.yaml".into() };
            let mut scanner = version_scanner();
            let version = kept(&mut scanner, &join(&pieces, &old), &provenance);
            prop_assert!(version.is_some());
            let version = version.unwrap_or_default();
            let mut lines: Vec<usize> = old.clone();
            for (op, at, piece) in edits {
                let at = at % (lines.len() + 1);
                match op {
                    0 => lines.insert(at, piece),
                    _ if at == lines.len() => lines.push(piece),
                    1 => { lines.remove(at); }
                    _ => lines[at] = piece,
                }
            }
            let new_text = join(&pieces, &lines);
            let chunk = Chunk { bytes: new_text.as_bytes(), provenance };
            let whole = scanner.scan(&chunk);
            let (changed, _) = scanner.scan_changed(&chunk, &version);
            prop_assert_eq!(found(&changed), found(&whole));
            prop_assert_eq!(changed.clean, whole.clean);
        }
    }

    /// The seams, one by one, with what each must find.
    #[test]
    fn changes_next_to_kept_lines_are_found() {
        let seed: String = "Zq8xW3vN5pL2kR7tY9bM4cJ6hG1fD0sA".repeat(5);
        let pieces = pieces(&seed);
        // A PEM block whose body is longer than any bounded rule reaches.
        let long_pem: Vec<usize> = [19, 0, 11].into_iter().chain([13; 40]).collect();
        let long_pem_ended: Vec<usize> = long_pem.iter().copied().chain([12, 19]).collect();
        let long_pem: Vec<usize> = long_pem.into_iter().chain([19]).collect();
        let cases: [(&[usize], &[usize], &str, bool); 5] = [
            // The key name stays; its value arrives on the next line.
            (&[19, 0, 1, 9, 2, 19], &[19, 0, 1, 9, 10, 2, 19], "aws.secret-access-key", true),
            // A PEM block begun before the change is ended by it: searched whole.
            (&long_pem, &long_pem_ended, "private-key.rsa", false),
            // The same, its start nearer than the reach of the rules that span lines.
            (&[19, 0, 11, 2, 3, 19], &[19, 0, 11, 12, 2, 3, 19], "private-key.rsa", true),
            // A Kubernetes secret's value added under a kept header.
            (&[19, 0, 16, 1, 19], &[19, 0, 16, 17, 1, 19], "kubernetes.secret-manifest", false),
            // An encoded key added among kept lines.
            (
                &[19, 0, 1, 2, 19, 3, 4, 5, 6, 19],
                &[19, 0, 1, 2, 19, 14, 3, 4, 5, 6, 19],
                "aws.secret-access-key",
                true,
            ),
        ];
        for (old, new, rule, only_changes) in cases {
            let provenance = Provenance::File { path: "deploy/app.yaml".into() };
            let mut scanner = version_scanner();
            let new = join(&pieces, new);
            let version = kept(&mut scanner, &join(&pieces, old), &provenance)
                .unwrap_or_else(|| panic!("{rule}: the old version is clean"));
            let chunk = Chunk { bytes: new.as_bytes(), provenance };
            let (changed, searched) = scanner.scan_changed(&chunk, &version);
            assert!(
                changed.findings.iter().any(|f| f.rule.id == rule),
                "{rule}: {:?}",
                found(&changed)
            );
            assert_eq!(
                matches!(searched, Searched::Changed(_)),
                only_changes,
                "{rule}: {searched:?}"
            );
            assert_eq!(found(&changed), found(&scanner.scan(&chunk)), "{rule}");
        }
    }

    /// Versions one after another, each scanned from the one before: each finds what a whole
    /// scan finds, and a PEM block begun in a line kept from two versions back and ended now is
    /// still found (the kept version remembers where its blocks begin).
    #[test]
    fn a_chain_of_versions_finds_what_whole_scans_find() {
        let seed: String = "Zq8xW3vN5pL2kR7tY9bM4cJ6hG1fD0sA".repeat(5);
        let pieces = pieces(&seed);
        let body = [13; 40];
        let v0: Vec<usize> = [19, 0, 19, 11].iter().chain(&body).chain(&[19]).copied().collect();
        let v1: Vec<usize> = [19, 2, 0, 19, 11].iter().chain(&body).chain(&[19]).copied().collect();
        let v2: Vec<usize> =
            [19, 2, 0, 19, 11].iter().chain(&body).chain(&[12, 19]).copied().collect();
        let provenance = Provenance::File { path: "keys/deploy.pem.txt".into() };
        let mut scanner = version_scanner();
        let mut version = kept(&mut scanner, &join(&pieces, &v0), &provenance).expect("clean");
        let mut searches = Vec::new();
        let mut last = None;
        for ids in [v1, v2] {
            let new = join(&pieces, &ids);
            let chunk = Chunk { bytes: new.as_bytes(), provenance: provenance.clone() };
            let whole = found(&scanner.scan(&chunk));
            let (changed, searched) = scanner.scan_changed(&chunk, &version);
            assert_eq!(found(&changed), whole);
            searches.push(matches!(searched, Searched::Changed(_)));
            if changed.clean {
                scanner.keep(new.as_bytes(), &mut version);
            }
            last = Some(changed);
        }
        assert_eq!(searches, [true, false]);
        assert!(last.unwrap().findings.iter().any(|f| f.rule.id == "private-key.rsa"));
    }

    /// A keyword that a rule may hold anywhere in its match, added by a change, makes the
    /// version be searched whole: the match may begin in lines kept long before it.
    #[test]
    fn a_keyword_held_anywhere_in_a_match_sends_the_version_to_a_whole_scan() {
        let yaml = "rules:\n  - id: t.far\n    name: n\n    description: d\n    regex: '(?s)BEGINX.*?KEYWORDZ(?P<secret>[a-z0-9]{20})'\n    keywords: [keywordz]\n    severity: low\n    remediation: r\n";
        let rules = RuleSet::compile(load::parse_pack("t.yaml", yaml).unwrap(), CompileMode::Eager)
            .unwrap();
        let mut scanner = ChunkScanner::new(Arc::new(rules), Arc::new(ScanPolicy::default()));
        scanner.track_versions();
        let filler = "plain line of text\n".repeat(500);
        let old = format!("BEGINX\n{filler}end\n");
        let new = format!("BEGINX\n{filler}KEYWORDZq7w2e9r4t6y1u3i8o5px\nend\n");
        let provenance = Provenance::File { path: "notes.txt".into() };
        let version = kept(&mut scanner, &old, &provenance).expect("clean");
        let chunk = Chunk { bytes: new.as_bytes(), provenance };
        let (result, searched) = scanner.scan_changed(&chunk, &version);
        assert_eq!(searched, Searched::Whole);
        assert_eq!(result.findings.len(), 1);
    }

    /// An edit far from a file's other lines is searched alone: a few lines, not the file.
    #[test]
    fn a_small_change_in_a_large_file_searches_little() {
        let line = "    total = compute(total, offset) + 1  # running sum\n";
        let old = line.repeat(2000);
        let new = format!("{}{}{}", line.repeat(1000), "    total = 0\n", line.repeat(1000));
        let provenance = Provenance::File { path: "src/sum.py".into() };
        let mut scanner = version_scanner();
        let version = kept(&mut scanner, &old, &provenance).expect("clean");
        let chunk = Chunk { bytes: new.as_bytes(), provenance };
        let (result, searched) = scanner.scan_changed(&chunk, &version);
        assert!(result.clean);
        let reach = scanner.matcher.rules().reach().bytes;
        match searched {
            Searched::Changed(bytes) => assert!(bytes <= 2 * (reach + line.len()) + 14, "{bytes}"),
            Searched::Whole => panic!("searched whole"),
        }
        // A PEM header kept before the change: a block may run from it into the change.
        let pem = format!("-----BEGIN RSA PRIVATE KEY-----\n{old}");
        let version = kept(&mut scanner, &pem, &chunk.provenance).expect("clean");
        let new_pem = format!("-----BEGIN RSA PRIVATE KEY-----\n{new}");
        let chunk = Chunk { bytes: new_pem.as_bytes(), provenance: chunk.provenance.clone() };
        assert_eq!(scanner.scan_changed(&chunk, &version).1, Searched::Whole);
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

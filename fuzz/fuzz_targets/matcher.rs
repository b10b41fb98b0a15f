//! Arbitrary bytes through the path every command takes: text classification (UTF-16
//! transcoding), then the per-thread `ChunkScanner` with every built-in rule, decoding included.
//! Checks that match spans are in bounds with the secret inside the match, that findings have
//! sane locations, that a plain (not decoded) secret occurs in the scanned bytes, and that a
//! secret's redacted form never holds the whole secret.
#![no_main]

use leakwatch::matcher::Matcher;
use leakwatch::rules::{CompileMode, RuleSet, load};
use leakwatch::scanner::{ChunkScanner, ScanPolicy};
use leakwatch::source::text::{TextKind, classify};
use leakwatch::source::{Chunk, Provenance};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, Mutex, OnceLock};

/// Built once: compiling the rule set is the slow part, and the scanners keep their regex
/// caches between inputs, as a worker thread does between files.
fn scanners() -> &'static Mutex<(ChunkScanner, Matcher)> {
    static SCANNERS: OnceLock<Mutex<(ChunkScanner, Matcher)>> = OnceLock::new();
    SCANNERS.get_or_init(|| {
        let rules = load::builtin().expect("built-in packs parse");
        let rules =
            Arc::new(RuleSet::compile(rules, CompileMode::Lazy).expect("built-ins compile"));
        let scanner = ChunkScanner::new(Arc::clone(&rules), Arc::new(ScanPolicy::default()));
        Mutex::new((scanner, Matcher::new(rules)))
    })
}

fuzz_target!(|data: &[u8]| {
    // Binary content is skipped by the commands, but the matcher must survive it too.
    let transcoded = match classify(data) {
        TextKind::Transcoded(text) => Some(text),
        TextKind::AsIs | TextKind::Binary => None,
    };
    let bytes = transcoded.as_deref().unwrap_or(data);
    let chunk = Chunk { bytes, provenance: Provenance::File { path: "fuzz/input.txt".into() } };
    let mut guard = scanners().lock().unwrap_or_else(|e| e.into_inner());
    let (scanner, matcher) = &mut *guard;

    let matches = matcher.scan(&chunk);
    let rule_count = matcher.rules().len();
    for m in &matches {
        assert!(m.rule < rule_count);
        assert!(m.span.0 <= m.span.1 && m.span.1 <= bytes.len(), "span {:?}", m.span);
        assert!(m.secret.0 < m.secret.1, "empty secret {:?}", m.secret);
        assert!(
            m.span.0 <= m.secret.0 && m.secret.1 <= m.span.1,
            "{:?} outside {:?}",
            m.secret,
            m.span
        );
    }
    assert!(matches.windows(2).all(|w| (w[0].rule, w[0].span) <= (w[1].rule, w[1].span)));

    let lines = 1
        + bytes.iter().filter(|&&b| b == b'\n').count()
        + bytes.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
        + usize::from(bytes.last() == Some(&b'\r'));
    let result = scanner.scan(&chunk);
    for f in &result.findings {
        let l = f.location;
        assert!(l.line >= 1 && l.column >= 1, "{l:?}");
        assert!((l.line, l.column) <= (l.end_line, l.end_column), "{l:?}");
        assert!(l.end_line <= lines, "{l:?} past the last line {lines}");
        let secret = f.secret.expose();
        assert!(!secret.is_empty());
        if f.decoded.is_empty() {
            assert!(
                memchr::memmem::find(bytes, secret).is_some(),
                "a plain secret must occur in the scanned bytes"
            );
        }
        let whole = f.secret.expose_lossy();
        if whole.chars().count() >= 4 {
            assert!(!f.secret.redacted().contains(&whole), "redaction shows the whole secret");
        }
    }
});

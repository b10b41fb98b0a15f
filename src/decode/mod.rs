//! Decoders: encoded spans inside a chunk (base64, hex, percent-encoding, `\u` escapes) are
//! decoded and scanned again, so a key hidden in a Kubernetes secret, a data URL or a JSON
//! string is still found. Bounded: spans between [`MIN_SPAN`] and [`MAX_SPAN`] bytes, decoded
//! output that is text, and at most [`MAX_DECODED_PER_CHUNK`] decoded bytes per chunk.

pub mod base64;
pub mod hex;
pub mod percent;
pub mod unicode;

/// Shortest encoded span worth decoding.
pub const MIN_SPAN: usize = 16;
/// Longest encoded span decoded (a PEM key in base64 is well under this).
pub const MAX_SPAN: usize = 64 * 1024;
/// Decoded bytes per chunk, in all; the rest of the chunk's encoded spans are left alone.
pub const MAX_DECODED_PER_CHUNK: usize = 1024 * 1024;
/// How many decodings may nest (base64 inside base64…).
pub const MAX_DEPTH: usize = 2;

/// An encoded span and what it decodes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// Byte range of the encoded text in the chunk.
    pub span: (usize, usize),
    /// The encoding's name, as findings report it (`base64`, `hex`, `percent`, `unicode-escape`).
    pub kind: &'static str,
    /// The decoded bytes (always mostly printable text).
    pub decoded: Vec<u8>,
}

/// Every decodable span of `bytes`, in position order, within the size bounds, and whether
/// the [`MAX_DECODED_PER_CHUNK`] budget left some out.
pub fn find_encoded(bytes: &[u8]) -> (Vec<Encoded>, bool) {
    let mut found = Vec::new();
    base64::find(bytes, &mut found);
    hex::find(bytes, &mut found);
    percent::find(bytes, &mut found);
    unicode::find(bytes, &mut found);
    found.sort_by_key(|e| e.span);
    let mut budget = MAX_DECODED_PER_CHUNK;
    let before = found.len();
    found.retain(|e| {
        let keep = e.decoded.len() <= budget;
        budget = budget.saturating_sub(e.decoded.len());
        keep
    });
    let truncated = found.len() < before;
    (found, truncated)
}

/// Whether decoded bytes are text worth scanning: valid UTF-8 (or nearly), mostly printable.
pub fn is_text(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        return false;
    }
    let printable = bytes
        .iter()
        .filter(|&&b| (0x20..0x7f).contains(&b) || matches!(b, b'\n' | b'\r' | b'\t'))
        .count();
    printable * 100 >= bytes.len() * 95
}

/// A set of bytes, as a lookup table.
pub type ByteClass = [bool; 256];

/// The [`ByteClass`] of the bytes `b` for which the expression is true, built at compile time:
/// `byte_class!(b => b.is_ascii_hexdigit())`.
macro_rules! byte_class {
    ($b:ident => $member:expr) => {{
        let mut class = [false; 256];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            class[i] = $member;
            i += 1;
        }
        class
    }};
}
pub(crate) use byte_class;

/// Calls `f(start, end)` for each maximal run of bytes in `class` at least `min_len` long.
///
/// A run that long covers the last byte of every `min_len`-byte window it starts in, so the scan
/// probes that byte and jumps a whole window when it is outside the class: text with short
/// runs (source code, prose) is read a fraction of a byte at a time. Each byte is classified at
/// most twice, so the cost stays linear whatever the input.
pub fn long_runs(bytes: &[u8], class: &ByteClass, min_len: usize, mut f: impl FnMut(usize, usize)) {
    let min_len = min_len.max(1);
    let n = bytes.len();
    let in_class = |i: usize| class[usize::from(bytes[i])];
    // Invariants: `pos` is 0 or follows a byte outside the class; bytes[pos..checked] are in it.
    let mut pos = 0;
    let mut checked = 0;
    while pos + min_len <= n {
        let probe = pos + min_len - 1;
        if checked <= probe {
            if !in_class(probe) {
                pos = probe + 1;
                checked = pos;
                continue;
            }
            if let Some(j) = (checked..probe).rev().find(|&i| !in_class(i)) {
                pos = j + 1;
                checked = probe + 1;
                continue;
            }
        }
        let mut end = (probe + 1).max(checked);
        while end < n && in_class(end) {
            end += 1;
        }
        f(pos, end);
        pos = end + 1;
        checked = pos;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Just;

    #[test]
    fn finds_each_encoding() {
        let text = b"a: dG9rZW4gPSBzb21ldGhpbmcgc2VjcmV0 b: 746f6b656e3d7365637265742d76616c7565 c: key%3Dvalue%26more%3Dstuff d: \\u0074\\u006f\\u006b\\u0065\\u006e\\u003d\\u0078\\u0079";
        let kinds: Vec<_> = find_encoded(text).0.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, vec!["base64", "hex", "percent", "unicode-escape"]);
    }

    /// The plain definition `long_runs` must agree with.
    fn naive_runs(bytes: &[u8], class: &ByteClass, min_len: usize) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut start = None;
        for i in 0..=bytes.len() {
            match (bytes.get(i).is_some_and(|&b| class[usize::from(b)]), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    if i - s >= min_len {
                        runs.push((s, i));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        runs
    }

    proptest::proptest! {
        #[test]
        fn long_runs_finds_every_run(
            bytes in proptest::collection::vec(proptest::prop_oneof![Just(b'a'), Just(b' ')], 0..300),
            min_len in 1usize..40,
        ) {
            const LETTERS: ByteClass = byte_class!(b => b.is_ascii_lowercase());
            let mut runs = Vec::new();
            long_runs(&bytes, &LETTERS, min_len, |s, e| runs.push((s, e)));
            proptest::prop_assert_eq!(runs, naive_runs(&bytes, &LETTERS, min_len));
        }
    }

    #[test]
    fn binary_results_are_not_text() {
        assert!(!is_text(&[0, 1, 2, 3, 4, 5, 6, 7, 8]));
        assert!(is_text(b"plain text here"));
    }
}

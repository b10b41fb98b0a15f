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

/// Every decodable span of `bytes`, in position order, within the size bounds.
pub fn find_encoded(bytes: &[u8]) -> Vec<Encoded> {
    let mut found = Vec::new();
    base64::find(bytes, &mut found);
    hex::find(bytes, &mut found);
    percent::find(bytes, &mut found);
    unicode::find(bytes, &mut found);
    found.sort_by_key(|e| e.span);
    let mut budget = MAX_DECODED_PER_CHUNK;
    found.retain(|e| {
        let keep = e.decoded.len() <= budget;
        budget = budget.saturating_sub(e.decoded.len());
        keep
    });
    found
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

/// Calls `f(start, end)` for each maximal run of bytes for which `in_run` is true.
pub fn runs(bytes: &[u8], in_run: impl Fn(u8) -> bool, mut f: impl FnMut(usize, usize)) {
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (in_run(b), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        f(s, bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_encoding() {
        let text = b"a: dG9rZW4gPSBzb21ldGhpbmcgc2VjcmV0 b: 746f6b656e3d7365637265742d76616c7565 c: key%3Dvalue%26more%3Dstuff d: \\u0074\\u006f\\u006b\\u0065\\u006e\\u003d\\u0078\\u0079";
        let kinds: Vec<_> = find_encoded(text).iter().map(|e| e.kind).collect();
        assert_eq!(kinds, vec!["base64", "hex", "percent", "unicode-escape"]);
    }

    #[test]
    fn binary_results_are_not_text() {
        assert!(!is_text(&[0, 1, 2, 3, 4, 5, 6, 7, 8]));
        assert!(is_text(b"plain text here"));
    }
}

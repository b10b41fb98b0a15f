//! The checks every decoder target shares: each reported span is in bounds, within the size
//! bounds, in position order without overlap, of the decoder's kind, and decodes to text.

use leakwatch::decode::{Encoded, MAX_DECODED_PER_CHUNK, MAX_SPAN, find_encoded, is_text};

/// Checks what `find` reported for `bytes`; `min_span` is the decoder's shortest span.
pub fn check_spans(bytes: &[u8], found: &[Encoded], kind: &str, min_span: usize) {
    let mut previous_end = 0;
    for e in found {
        let (start, end) = e.span;
        assert!(start < end && end <= bytes.len(), "span {:?} of {} bytes", e.span, bytes.len());
        assert!(end - start >= min_span && end - start <= MAX_SPAN, "span length {:?}", e.span);
        assert!(start >= previous_end, "span {:?} overlaps the one before", e.span);
        previous_end = end;
        assert_eq!(e.kind, kind);
        assert!(is_text(&e.decoded), "decoded output is not text");
    }
}

/// Checks the combined pass: sorted, within the per-chunk budget, every span decoding to text.
pub fn check_all(bytes: &[u8]) {
    let all = find_encoded(bytes);
    assert!(all.windows(2).all(|w| w[0].span <= w[1].span));
    assert!(all.iter().map(|e| e.decoded.len()).sum::<usize>() <= MAX_DECODED_PER_CHUNK);
    for e in &all {
        assert!(e.span.0 < e.span.1 && e.span.1 <= bytes.len());
        assert!(is_text(&e.decoded));
    }
}

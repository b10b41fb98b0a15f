//! Arbitrary bytes through the `\uXXXX` decoder: spans in bounds, made of whole escapes (at
//! least four), output text.
#![no_main]

#[path = "decoder_check.rs"]
mod decoder_check;

use leakwatch::decode::{MIN_SPAN, unicode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut found = Vec::new();
    unicode::find(data, &mut found);
    decoder_check::check_spans(data, &found, "unicode-escape", MIN_SPAN);
    for e in &found {
        let run = &data[e.span.0..e.span.1];
        assert!(run.len() % 6 == 0 && run.len() >= 24, "span {:?}", e.span);
        for escape in run.chunks_exact(6) {
            assert!(escape.starts_with(b"\\u"), "span {:?} is not whole escapes", e.span);
            assert!(escape[2..].iter().all(u8::is_ascii_hexdigit));
        }
    }
    decoder_check::check_all(data);
});

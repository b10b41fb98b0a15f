//! Arbitrary bytes through the base64 decoder: spans in bounds, output text, and each span
//! decoding again to the same output on its own.
#![no_main]

#[path = "decoder_check.rs"]
mod decoder_check;

use leakwatch::decode::{MIN_SPAN, base64, is_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut found = Vec::new();
    base64::find(data, &mut found);
    decoder_check::check_spans(data, &found, "base64", MIN_SPAN);
    for e in &found {
        assert_eq!(base64::decode_run(&data[e.span.0..e.span.1]).as_ref(), Some(&e.decoded));
    }
    if let Some(decoded) = base64::decode_run(data) {
        assert!(is_text(&decoded));
    }
    decoder_check::check_all(data);
});

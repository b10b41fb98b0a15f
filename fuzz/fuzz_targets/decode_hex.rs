//! Arbitrary bytes through the hex decoder: spans in bounds and of even length, output text of
//! half the span's length, each span decoding again to the same output on its own.
#![no_main]

#[path = "decoder_check.rs"]
mod decoder_check;

use leakwatch::decode::{MIN_SPAN, hex, is_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut found = Vec::new();
    hex::find(data, &mut found);
    decoder_check::check_spans(data, &found, "hex", MIN_SPAN * 2);
    for e in &found {
        let run = &data[e.span.0..e.span.1];
        assert_eq!(run.len(), e.decoded.len() * 2);
        assert_eq!(hex::decode_run(run).as_ref(), Some(&e.decoded));
    }
    if let Some(decoded) = hex::decode_run(data) {
        assert!(is_text(&decoded) && decoded.len() * 2 == data.len());
    }
    decoder_check::check_all(data);
});

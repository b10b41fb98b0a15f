//! Arbitrary bytes through the percent-decoder: spans in bounds, output text no longer than the
//! span, each span decoding again to the same output on its own.
#![no_main]

#[path = "decoder_check.rs"]
mod decoder_check;

use leakwatch::decode::{MIN_SPAN, is_text, percent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut found = Vec::new();
    percent::find(data, &mut found);
    decoder_check::check_spans(data, &found, "percent", MIN_SPAN);
    for e in &found {
        let run = &data[e.span.0..e.span.1];
        assert!(e.decoded.len() <= run.len());
        assert_eq!(percent::decode_run(run).as_ref(), Some(&e.decoded));
    }
    if let Some(decoded) = percent::decode_run(data) {
        assert!(is_text(&decoded) && decoded.len() <= data.len());
    }
    decoder_check::check_all(data);
});

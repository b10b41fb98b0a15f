//! Arbitrary bytes as a rule pack, through what `leakwatch rules check FILE` runs: the loader,
//! the eager compiler, then the examples check. Every outcome must be Ok or errors of one line
//! each, never a panic; no error may quote an allowlist pattern (it can hold a real secret).
#![no_main]

use leakwatch::rules::check::check_examples;
use leakwatch::rules::load::parse_pack;
use leakwatch::rules::{CompileMode, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fn assert_one_line(text: &str, hidden: &[String]) {
    assert!(!text.contains('\n'), "error spans lines: {text:?}");
    for pattern in hidden.iter().filter(|p| p.len() >= 8) {
        let escaped = format!("{pattern:?}");
        let quoted =
            text.contains(pattern.as_str()) || text.contains(&escaped[1..escaped.len() - 1]);
        assert!(!quoted, "error quotes an allowlist pattern: {text:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    // Rule files are read as UTF-8; anything else is an I/O error before parsing.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules = match parse_pack("fuzz.yaml", text) {
        Ok(rules) => rules,
        Err(e) => return assert_one_line(&e.to_string(), &[]),
    };
    let hidden: Vec<String> =
        rules.iter().flat_map(|r| r.syntax.allowlist.secrets.iter().cloned()).collect();
    match RuleSet::compile(rules, CompileMode::Eager) {
        Ok(set) => {
            for failure in check_examples(Arc::new(set)) {
                assert_one_line(&failure.to_string(), &hidden);
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert_one_line(&e.to_string(), &hidden);
            }
        }
    }
});

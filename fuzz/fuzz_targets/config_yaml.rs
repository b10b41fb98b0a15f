//! Arbitrary bytes as `.leakwatch.yaml`, through what every scanning command runs before it
//! scans: the config parser, then the rule set built from the built-in rules, the config's rules
//! and its `disable` list. Ok, or errors of one line each; never a panic.
#![no_main]

use leakwatch::cmd::common::load_rules;
use leakwatch::repo_config::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The config is read as UTF-8; anything else is an I/O error before parsing.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let config = match parse(".leakwatch.yaml", text, None) {
        Ok(config) => config,
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                let line = e.to_string();
                assert!(!line.contains('\n'), "error spans lines: {line:?}");
            }
            return;
        }
    };
    let _ = config.paths.is_allowed("src/main.rs");
    let _ = config.secrets.is_allowed(b"some-candidate-secret");
    // Building the full rule set costs milliseconds: only when the config changes it.
    if !config.rules.is_empty() || !config.disable.is_empty() {
        if let Err(e) = load_rules(&config) {
            for line in format!("{e:#}").lines() {
                assert!(line.starts_with(".leakwatch.yaml"), "error line names no file: {line:?}");
            }
        }
    }
});

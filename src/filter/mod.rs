//! Filters: what the user or the rules said not to report, applied in the documented order:
//! path allowlists (before any bytes are read), `leakwatch:allow` on the line, allowlists on the
//! secret (rule and global regexes, stopwords, placeholders), then the ignore file and baseline.
//! Every suppressed finding is counted, never silently dropped.

pub mod allowlist;
pub mod baseline;
pub mod dedup;
pub mod ignore_file;
pub mod inline;
pub mod placeholder;
pub mod public_key;
pub mod randomness;

use serde::Serialize;

/// Counts of findings suppressed, by the filter that suppressed them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// `leakwatch:allow` on the line.
    pub inline: usize,
    /// Rule or global allowlists (regexes, stopwords).
    pub allowlist: usize,
    /// Obvious placeholders (`${VAR}`, `xxxx`, `<your-token>`) and public keys (base64 DER).
    pub placeholder: usize,
    /// Below `--min-confidence`.
    pub low_confidence: usize,
    /// Fingerprints in `.leakwatchignore`.
    pub ignore_file: usize,
    /// Fingerprints in the baseline.
    pub baseline: usize,
}

impl Suppressed {
    /// Adds another set of counts to this one.
    pub fn add(&mut self, other: &Suppressed) {
        self.inline += other.inline;
        self.allowlist += other.allowlist;
        self.placeholder += other.placeholder;
        self.low_confidence += other.low_confidence;
        self.ignore_file += other.ignore_file;
        self.baseline += other.baseline;
    }

    /// The total.
    pub fn total(&self) -> usize {
        self.inline
            + self.allowlist
            + self.placeholder
            + self.low_confidence
            + self.ignore_file
            + self.baseline
    }
}

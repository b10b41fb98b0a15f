//! Allowlists: paths never read, and secrets never reported (regexes and stopwords, from a
//! rule or from the repository config).

use crate::rules::error::build_error_reason;
use globset::GlobSet;
use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;

/// Paths whose content is never read (config `allowlist.paths`).
#[derive(Debug, Clone, Default)]
pub struct PathAllowlist {
    globs: Option<GlobSet>,
}

impl PathAllowlist {
    /// An allowlist of the given compiled globs.
    pub fn new(globs: Option<GlobSet>) -> PathAllowlist {
        PathAllowlist { globs }
    }

    /// Whether `path` (root-relative, `/`-separated) is allowed, i.e. must not be scanned.
    pub fn is_allowed(&self, path: &str) -> bool {
        self.globs.as_ref().is_some_and(|g| g.is_match(path))
    }
}

/// Secrets never reported: regexes on the secret, and case-insensitive stopwords.
#[derive(Debug, Clone, Default)]
pub struct SecretAllowlist {
    regexes: Vec<Regex>,
    stopwords: Vec<String>,
}

impl SecretAllowlist {
    /// An allowlist of compiled regexes and stopwords (lowercased here).
    pub fn new(regexes: Vec<Regex>, stopwords: &[String]) -> SecretAllowlist {
        SecretAllowlist {
            regexes,
            stopwords: stopwords.iter().map(|w| w.to_ascii_lowercase()).collect(),
        }
    }

    /// Whether `secret` is allowed.
    pub fn is_allowed(&self, secret: &[u8]) -> bool {
        matches_any(&self.regexes, &self.stopwords, secret)
    }
}

/// Builds a regex that only ever runs on a secret (a short string), with the engines that cost
/// little to build: a check takes microseconds either way, where a DFA would take milliseconds
/// to build on every start. `unicode` as in the `regex` crate (`\w`, `(?i)`). An error is one
/// line without the pattern.
pub fn secret_regex(pattern: &str, unicode: bool) -> Result<Regex, String> {
    meta::Builder::new()
        .syntax(syntax::Config::new().unicode(unicode).utf8(false))
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .dfa(false)
                .hybrid(false)
                .onepass(false)
                .auto_prefilter(false)
                .nfa_size_limit(Some(crate::rules::compile::REGEX_SIZE_LIMIT)),
        )
        .build(pattern)
        .map_err(|e| build_error_reason(&e))
}

/// Whether `secret` matches one of `regexes` or contains one of the lowercase `stopwords`.
pub fn matches_any(regexes: &[Regex], stopwords: &[String], secret: &[u8]) -> bool {
    if regexes.iter().any(|r| r.is_match(secret)) {
        return true;
    }
    if stopwords.is_empty() {
        return false;
    }
    let lower = secret.to_ascii_lowercase();
    stopwords.iter().any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_case_insensitive_substrings() {
        let allow =
            SecretAllowlist::new(vec![secret_regex("^dummy_", true).unwrap()], &["Sample".into()]);
        assert!(allow.is_allowed(b"xxSAMPLExx"));
        assert!(allow.is_allowed(b"dummy_123"));
        assert!(!allow.is_allowed(b"real_123"));
    }
}

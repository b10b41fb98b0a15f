//! Allowlists: paths never read, and secrets never reported (regexes and stopwords, from a
//! rule or from the repository config).

use globset::GlobSet;
use regex::bytes::Regex;

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
        let allow = SecretAllowlist::new(vec![Regex::new("^dummy_").unwrap()], &["Sample".into()]);
        assert!(allow.is_allowed(b"xxSAMPLExx"));
        assert!(allow.is_allowed(b"dummy_123"));
        assert!(!allow.is_allowed(b"real_123"));
    }
}

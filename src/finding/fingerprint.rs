//! Content-based identity of a finding: the same secret found by the same rule has the same
//! fingerprint wherever it moves, so baselines and ignore files survive edits, renames and
//! rebases.

use sha2::{Digest, Sha256};
use std::fmt;

/// The first 32 lowercase hex digits of SHA-256 over the rule id, a NUL byte and the secret.
///
/// ```
/// use leakwatch::finding::Fingerprint;
/// let a = Fingerprint::new("acme.token", b"acme-0123");
/// assert_eq!(a.as_str().len(), 32);
/// assert_eq!(a, Fingerprint::new("acme.token", b"acme-0123"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(String);

/// How many hex digits a fingerprint keeps.
pub const FINGERPRINT_HEX_LEN: usize = 32;

impl Fingerprint {
    /// The fingerprint of `secret` found by rule `rule_id`.
    pub fn new(rule_id: &str, secret: &[u8]) -> Fingerprint {
        let mut hasher = Sha256::new();
        hasher.update(rule_id.as_bytes());
        hasher.update([0u8]);
        hasher.update(secret);
        let digest = hasher.finalize();
        let mut hex = String::with_capacity(FINGERPRINT_HEX_LEN);
        for byte in digest.iter().take(FINGERPRINT_HEX_LEN / 2) {
            hex.push_str(&format!("{byte:02x}"));
        }
        Fingerprint(hex)
    }

    /// Parses a fingerprint written by leakwatch (32 lowercase hex digits).
    pub fn parse(text: &str) -> Option<Fingerprint> {
        let ok = text.len() == FINGERPRINT_HEX_LEN
            && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Fingerprint(text.to_owned()))
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depends_on_rule_and_secret_only() {
        let a = Fingerprint::new("x.y", b"secret-value");
        assert_ne!(a, Fingerprint::new("x.z", b"secret-value"));
        assert_ne!(a, Fingerprint::new("x.y", b"secret-valuf"));
        assert_eq!(Fingerprint::parse(a.as_str()), Some(a));
        assert_eq!(Fingerprint::parse("XYZ"), None);
    }
}

//! The secret bytes of a finding, behind a type that never prints them by accident.

use std::fmt;

/// A matched secret. `Debug` and `Display` print only the redacted form; the full value is
/// reachable only through [`Secret::expose`], which reporters call under `--show-secrets`.
///
/// ```
/// use leakwatch::finding::Secret;
/// let s = Secret::new(b"acme_0123456789abcdef".to_vec());
/// assert_eq!(s.redacted(), "acme…(21)");
/// assert_eq!(format!("{s:?}"), "Secret(acme…(21))");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(Box<[u8]>);

impl Secret {
    /// Wraps the secret's bytes.
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(bytes.into_boxed_slice())
    }

    /// The full secret. Only reporters call this, and only when the user asked for secrets.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The full secret as text (invalid UTF-8 replaced).
    pub fn expose_lossy(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }

    /// Length in characters.
    pub fn char_len(&self) -> usize {
        String::from_utf8_lossy(&self.0).chars().count()
    }

    /// A form safe to print: a few leading characters and the length, e.g. `AKIA…(20)`.
    /// Short secrets show fewer characters (a quarter of their length), so no more than a
    /// quarter of any secret is ever shown.
    pub fn redacted(&self) -> String {
        let text = String::from_utf8_lossy(&self.0);
        let len = text.chars().count();
        let shown = if len >= 16 { 4 } else { len / 4 };
        let prefix: String = text.chars().take(shown).map(printable).collect();
        format!("{prefix}…({len})")
    }
}

/// Control characters never reach a terminal, not even in a redacted prefix.
fn printable(c: char) -> char {
    if c.is_control() { '?' } else { c }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_secrets_show_a_quarter_at_most() {
        assert_eq!(Secret::new(b"hunter22".to_vec()).redacted(), "hu…(8)");
        assert_eq!(Secret::new(b"abc".to_vec()).redacted(), "…(3)");
    }

    proptest! {
        #[test]
        fn redaction_never_shows_the_whole_secret(s in "[a-zA-Z0-9_]{8,80}") {
            let secret = Secret::new(s.clone().into_bytes());
            let shown = secret.redacted();
            prop_assert!(!shown.contains(&s));
            let debug = format!("{:?}", secret);
            prop_assert!(!debug.contains(&s));
            let display = secret.to_string();
            prop_assert!(!display.contains(&s));
        }
    }
}

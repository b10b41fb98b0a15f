//! Obvious placeholders: values that only stand in for a secret (`${API_KEY}`, `<your-token>`,
//! `xxxxxxxx`, `12345678`). They are never reported, and counted as suppressed.

/// Why a value is a placeholder, or None when it may be real.
pub fn placeholder_reason(secret: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(secret);
    let lower = text.to_ascii_lowercase();
    if is_template(&lower) {
        return Some("template or variable reference");
    }
    if distinct_bytes(secret) <= 2 && secret.len() >= 4 {
        return Some("repeated characters");
    }
    if is_sequential(secret) || has_long_sequence(secret) {
        return Some("sequential characters");
    }
    if super::public_key::is_public_key(secret) {
        return Some("a public key (base64 DER SubjectPublicKeyInfo)");
    }
    // Provider documentation marks its sample credentials (AWS's `…EXAMPLE` keys).
    if text.contains("EXAMPLE") {
        return Some("documentation example value");
    }
    const WORDS: &[&str] = &[
        "your_",
        "your-",
        "yourkey",
        "yourtoken",
        "yoursecret",
        "placeholder",
        "changeme",
        "redacted",
        "xxxxxx",
        "******",
        "......",
        "<insert",
        "insert_",
        "replace_me",
        "replaceme",
        "todo_",
        "fixme",
        "notasecret",
        "not_a_secret",
        "not-a-secret",
    ];
    WORDS.iter().any(|w| lower.contains(w)).then_some("placeholder text")
}

/// Why a real-format value is probably not a live secret (test-mode keys), or None.
/// Such findings are reported at low confidence, with this reason.
pub fn test_value_reason(secret: &[u8]) -> Option<&'static str> {
    const TEST_MARKERS: &[&[u8]] =
        &[b"_test_", b"-test-", b"_sandbox_", b"test_key", b"dummy", b"fake"];
    let lower = secret.to_ascii_lowercase();
    TEST_MARKERS
        .iter()
        .any(|m| memchr::memmem::find(&lower, m).is_some())
        .then_some("test-mode or sample value")
}

/// A run of 8 or more ascending characters (`…abcdefgh…`, `…12345678…`) inside the value.
fn has_long_sequence(bytes: &[u8]) -> bool {
    let mut run = 1;
    for w in bytes.windows(2) {
        run = if w[1] == w[0].wrapping_add(1) { run + 1 } else { 1 };
        if run >= 8 {
            return true;
        }
    }
    false
}

fn is_template(lower: &str) -> bool {
    let t = lower.trim();
    t.starts_with("${")
        || t.starts_with("$(")
        || t.starts_with("{{")
        || t.starts_with("%(")
        || (t.starts_with('<') && t.ends_with('>'))
        || (t.starts_with('[') && t.ends_with(']'))
        || t.starts_with("process.env")
        || t.starts_with("os.environ")
        || t.starts_with("env.")
}

fn distinct_bytes(bytes: &[u8]) -> usize {
    let mut seen = [false; 256];
    bytes.iter().filter(|&&b| !std::mem::replace(&mut seen[b as usize], true)).count()
}

/// `abcdefgh`, `12345678`, `87654321`: each byte one more (or less) than the one before.
fn is_sequential(bytes: &[u8]) -> bool {
    if bytes.len() < 6 {
        return false;
    }
    let up =
        bytes.windows(2).all(|w| w[1] == w[0].wrapping_add(1) || (w[0] == b'9' && w[1] == b'0'));
    let down = bytes.windows(2).all(|w| w[1] == w[0].wrapping_sub(1));
    up || down
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognised() {
        for p in [
            "${API_KEY}",
            "<your-token-here>",
            "xxxxxxxxxxxx",
            "12345678",
            "{{ token }}",
            "your_api_key_here",
            "0000000000",
        ] {
            assert!(placeholder_reason(p.as_bytes()).is_some(), "{p}");
        }
    }

    #[test]
    fn random_values_are_not_placeholders() {
        for s in [concat!("gh", "p_R8sQp2vLx0aZ7mN4cW1tY6uJ3kE9fB5hD2gK"), "wJ7q-Zp4Lm9xR2tV"] {
            assert_eq!(placeholder_reason(s.as_bytes()), None, "{s}");
        }
    }
}

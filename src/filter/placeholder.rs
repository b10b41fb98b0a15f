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
    if is_sequential(secret) {
        return Some("sequential characters");
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

//! A second randomness test for catch-all rules, beyond Shannon entropy: a value made of
//! dictionary-like words (`MySecretPassword`, `correct-horse-battery`) can have high entropy
//! but is rarely a generated credential, while identifiers such as UUIDs are not secrets.

/// Whether `secret` looks generated rather than written by a person.
///
/// ```
/// use leakwatch::filter::randomness::looks_random;
/// assert!(looks_random(b"q7Zr2mXp9LkW4tBv"));
/// assert!(!looks_random(b"SuperSecretPassword"));
/// assert!(!looks_random(b"123e4567-e89b-12d3-a456-426614174000"));
/// ```
pub fn looks_random(secret: &[u8]) -> bool {
    if secret.len() < 8 || is_uuid(secret) {
        return false;
    }
    let classes = [
        secret.iter().any(u8::is_ascii_lowercase),
        secret.iter().any(u8::is_ascii_uppercase),
        secret.iter().any(u8::is_ascii_digit),
        secret.iter().any(|b| b.is_ascii_punctuation()),
    ];
    if classes.iter().filter(|&&c| c).count() < 2 {
        return false;
    }
    // Random alphanumerics rarely have 70% of their length in such segments (under 3% of
    // 16-character lowercase ones, under 0.3% of mixed-case ones); words and passphrases do.
    word_coverage(secret) * 10 < secret.len() * 7 && !is_encoded_prose(secret)
}

/// Base64 of a sentence (`eW91J3Jl…` for "you're not supposed to…"): high entropy once
/// encoded, but what it hides is prose, not a key. Encoded `user:password` pairs hold no space
/// and are left alone.
fn is_encoded_prose(secret: &[u8]) -> bool {
    use base64::Engine;
    if secret.len() < 16 || secret.len() % 4 != 0 {
        return false;
    }
    let Ok(text) = base64::engine::general_purpose::STANDARD.decode(secret) else { return false };
    text.iter().all(|b| (0x20..0x7f).contains(b))
        && text.iter().filter(|&&b| b == b' ').count() >= 2
        && text.iter().filter(|b| b.is_ascii_alphabetic() || **b == b' ').count() * 100
            >= text.len() * 85
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(s: &[u8]) -> bool {
    s.len() == 36
        && s.iter().enumerate().all(|(i, &b)| {
            if matches!(i, 8 | 13 | 18 | 23) { b == b'-' } else { b.is_ascii_hexdigit() }
        })
}

/// How many bytes of `s` belong to word-like segments: runs of at least 4 letters (a capital
/// may start one, as in camelCase) whose vowel share is that of natural language.
fn word_coverage(s: &[u8]) -> usize {
    let mut covered = 0;
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < s.len() && s[i].is_ascii_lowercase() {
            i += 1;
        }
        // An all-capitals run is one segment too (`API`, `SECRET`).
        if i == start + 1 && s[start].is_ascii_uppercase() {
            while i < s.len() && s[i].is_ascii_uppercase() {
                i += 1;
            }
        }
        let segment = &s[start..i];
        if segment.len() >= 4 && is_wordlike(segment) {
            covered += segment.len();
        }
    }
    covered
}

fn is_wordlike(segment: &[u8]) -> bool {
    let vowels = segment.iter().filter(|b| b"aeiouyAEIOUY".contains(b)).count();
    let share = vowels as f64 / segment.len() as f64;
    (0.25..=0.65).contains(&share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_made_values_are_not_random() {
        for value in [
            "changeme123",
            "MySecretPassword1",
            "correct-horse-battery-staple",
            "password",
            "ADMINPASSWORD2024",
            "dGhpcyBpcyBqdXN0IGEgc2VudGVuY2UsIG5vdCBhIGtleQ==",
        ] {
            assert!(!looks_random(value.as_bytes()), "{value}");
        }
    }

    #[test]
    fn generated_values_are_random() {
        for value in
            ["x8Kq2Lz9Wm4Rt7Vb", "9f8e7d6c5b4a3f2e1d0c9b8a", "aB3$dE5^gH7&jK9*", "kP2vN8sQ4wL6yT1z"]
        {
            assert!(looks_random(value.as_bytes()), "{value}");
        }
    }
}

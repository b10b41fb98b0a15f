//! `\uXXXX` escapes, as JSON and JavaScript write them.

use super::{Encoded, MAX_SPAN, MIN_SPAN, is_text};

/// Adds every run of at least four consecutive `\uXXXX` escapes (text between them allowed
/// only as other escapes) that decodes to text.
pub fn find(bytes: &[u8], out: &mut Vec<Encoded>) {
    let mut i = 0;
    while let Some(offset) = memchr::memmem::find(&bytes[i..], b"\\u") {
        let start = i + offset;
        let mut end = start;
        let mut units = Vec::new();
        while let Some(unit) = escape_at(bytes, end) {
            units.push(unit);
            end += 6;
        }
        if units.len() >= 4 && end - start >= MIN_SPAN && end - start <= MAX_SPAN {
            let text: String = char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect();
            if is_text(text.as_bytes()) {
                out.push(Encoded {
                    span: (start, end),
                    kind: "unicode-escape",
                    decoded: text.into_bytes(),
                });
            }
        }
        i = end.max(start + 2);
    }
}

/// The code unit of the escape `\uXXXX` at `at`: exactly four hex digits (`u16::from_str_radix`
/// would also take a sign, as in `\u+041`, which no JSON or JavaScript parser accepts).
fn escape_at(bytes: &[u8], at: usize) -> Option<u16> {
    let escape = bytes.get(at..at + 6)?;
    if &escape[..2] != b"\\u" {
        return None;
    }
    escape[2..].iter().try_fold(0u16, |unit, &b| Some(unit << 4 | (b as char).to_digit(16)? as u16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_runs_of_escapes() {
        let mut out = Vec::new();
        find(br#"x = "\u0070\u0061\u0073\u0073\u0077\u006f\u0072\u0064" \u00"#, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].decoded, b"password");
    }

    // See: #6 (found by the decode_unicode fuzz target)
    #[test]
    fn issue_6_escapes_take_four_hex_digits_and_no_sign() {
        assert_eq!(escape_at(b"\\u+077", 0), None);
        assert_eq!(escape_at(b"\\u0077", 0), Some(0x77));
        let mut out = Vec::new();
        let escapes: String = "password".bytes().map(|b| format!("\\u{b:04x}")).collect();
        let signed = escapes.replacen("\\u0077", "\\u+077", 1);
        find(signed.as_bytes(), &mut out);
        assert!(out.iter().all(|e| !e.decoded.contains(&b'w')), "{out:?}");
        assert!(out.iter().all(|e| !signed[e.span.0..e.span.1].contains('+')), "{out:?}");
    }
}

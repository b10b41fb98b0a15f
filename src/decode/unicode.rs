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

fn escape_at(bytes: &[u8], at: usize) -> Option<u16> {
    let digits = bytes.get(at..at + 6)?;
    if &digits[..2] != b"\\u" {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(&digits[2..]).ok()?, 16).ok()
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
}

//! Deciding whether bytes are text, and turning UTF-16 text into UTF-8 so rules can read it.

/// How many leading bytes the binary sniff looks at.
pub const SNIFF_LEN: usize = 8 * 1024;

/// What some bytes turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum TextKind {
    /// Scan the bytes as they are (UTF-8, ASCII, or invalid UTF-8 that is still text).
    AsIs,
    /// UTF-16 with a byte-order mark, transcoded to UTF-8.
    Transcoded(Vec<u8>),
    /// Binary: a NUL byte in the first [`SNIFF_LEN`] bytes.
    Binary,
}

/// Classifies `bytes` (only the first [`SNIFF_LEN`] are looked at, except to transcode).
pub fn classify(bytes: &[u8]) -> TextKind {
    if let Some(utf8) = transcode_utf16(bytes) {
        return TextKind::Transcoded(utf8);
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if memchr::memchr(0, head).is_some() { TextKind::Binary } else { TextKind::AsIs }
}

/// True when the head of a file looks binary (and is not UTF-16 with a BOM).
pub fn looks_binary(head: &[u8]) -> bool {
    !has_utf16_bom(head) && memchr::memchr(0, &head[..head.len().min(SNIFF_LEN)]).is_some()
}

fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// UTF-16 LE or BE with a byte-order mark → UTF-8 (unpaired surrogates become U+FFFD).
fn transcode_utf16(bytes: &[u8]) -> Option<Vec<u8>> {
    let little = if bytes.starts_with(&[0xFF, 0xFE]) {
        true
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        false
    } else {
        return None;
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
    });
    let text: String = char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect();
    Some(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little: bool) -> Vec<u8> {
        let mut out = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in text.encode_utf16() {
            out.extend(if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf16_both_endians_transcode() {
        for little in [true, false] {
            assert_eq!(classify(&utf16("key = é", little)), TextKind::Transcoded("key = é".into()));
        }
    }

    #[test]
    fn nul_means_binary_but_invalid_utf8_is_text() {
        assert_eq!(classify(b"\x7fELF\0\0"), TextKind::Binary);
        assert_eq!(classify(b"caf\xe9 token"), TextKind::AsIs);
        assert!(looks_binary(b"a\0b"));
        assert!(!looks_binary(&utf16("x", true)));
    }
}

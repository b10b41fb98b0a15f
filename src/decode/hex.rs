//! Hexadecimal text (`746f6b656e…`), an even number of digits.

use super::{ByteClass, Encoded, MAX_SPAN, MIN_SPAN, byte_class, is_text, long_runs};

const HEX: ByteClass = byte_class!(b => b.is_ascii_hexdigit());

/// Adds every hex run of `bytes` that decodes to text.
pub fn find(bytes: &[u8], out: &mut Vec<Encoded>) {
    long_runs(bytes, &HEX, MIN_SPAN * 2, |start, end| {
        if let Some(decoded) = decode_run(&bytes[start..end]) {
            out.push(Encoded { span: (start, end), kind: "hex", decoded });
        }
    });
}

/// Decodes one run of hex digits, if it is hex of text.
pub fn decode_run(run: &[u8]) -> Option<Vec<u8>> {
    if run.len() < MIN_SPAN * 2 || run.len() > MAX_SPAN || run.len() % 2 != 0 {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let decoded: Option<Vec<u8>> =
        run.chunks_exact(2).map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect();
    decoded.filter(|d| is_text(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_hex_of_text_only() {
        let hex: String = "password=hunter2hunter2".bytes().map(|b| format!("{b:02x}")).collect();
        assert_eq!(decode_run(hex.as_bytes()).unwrap(), b"password=hunter2hunter2");
        // A SHA-1 digest is hex but not of text.
        assert_eq!(decode_run(b"da39a3ee5e6b4b0d3255bfef95601890afd80709"), None);
    }
}

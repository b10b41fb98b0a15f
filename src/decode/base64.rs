//! Base64 (standard and URL-safe, padded or not).

use super::{ByteClass, Encoded, MAX_SPAN, MIN_SPAN, byte_class, is_text, long_runs};
use base64::Engine;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

const BASE64: ByteClass =
    byte_class!(b => b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'='));

/// Adds every base64 run of `bytes` that decodes to text.
pub fn find(bytes: &[u8], out: &mut Vec<super::Encoded>) {
    long_runs(bytes, &BASE64, MIN_SPAN, |start, end| {
        if let Some(decoded) = decode_run(&bytes[start..end]) {
            out.push(Encoded { span: (start, end), kind: "base64", decoded });
        }
    });
}

/// Decodes one candidate run, if it is base64 of text.
pub fn decode_run(run: &[u8]) -> Option<Vec<u8>> {
    if run.len() < MIN_SPAN || run.len() > MAX_SPAN {
        return None;
    }
    // Both upper- and lower-case letters are present in real base64 of text; identifiers
    // and hex digests usually lack one of them.
    // Identifiers (`SomeLongFunctionName`) rarely have a digit; base64 of text nearly always does.
    let has_upper = run.iter().any(u8::is_ascii_uppercase);
    let has_lower = run.iter().any(u8::is_ascii_lowercase);
    let has_digit = run.iter().any(u8::is_ascii_digit);
    if !has_upper || !has_lower || !has_digit {
        return None;
    }
    let trimmed = trim_to_quantum(run);
    let url_safe = trimmed.iter().any(|&b| b == b'-' || b == b'_');
    let engine = if url_safe { &URL_SAFE } else { &STANDARD };
    let decoded = engine
        .decode(trimmed)
        .ok()
        .or_else(|| general_purpose::STANDARD_NO_PAD.decode(trimmed).ok())?;
    is_text(&decoded).then_some(decoded)
}

/// Drops trailing bytes that cannot complete a base64 quantum (a run glued to other text).
fn trim_to_quantum(run: &[u8]) -> &[u8] {
    let data_len = run.iter().rposition(|&b| b != b'=').map_or(0, |p| p + 1);
    let data = &run[..data_len];
    let usable = match data.len() % 4 {
        1 => data.len() - 1,
        _ => data.len(),
    };
    &data[..usable]
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD as ENCODER;

    #[test]
    fn decodes_text_only() {
        let encoded = ENCODER.encode("aws_secret_access_key = abc");
        assert_eq!(decode_run(encoded.as_bytes()).unwrap(), b"aws_secret_access_key = abc");
        let binary = ENCODER.encode([0u8, 200, 3, 4, 250, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
        assert_eq!(decode_run(binary.as_bytes()), None);
        assert_eq!(decode_run(b"abcdefabcdefabcdefabcdef"), None);
    }
}

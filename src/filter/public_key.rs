//! Public keys written as base64 DER (`MFkwEwYHKoZIzj0CAQYI…`, `MIIBIjANBgkqhkiG9w0BAQEF…`). A
//! SubjectPublicKeyInfo is published on purpose (signature verification keys, pinned keys) and
//! is never a secret, but it is long and random, and catch-all rules looking for random values
//! under `key` names would report it.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};

/// Whether `secret` is the base64 of a DER SubjectPublicKeyInfo: a SEQUENCE holding exactly a
/// SEQUENCE (the algorithm) and a BIT STRING (the key). Private keys (PKCS#1, PKCS#8, SEC1)
/// open with an INTEGER version instead, so they never pass.
pub fn is_public_key(secret: &[u8]) -> bool {
    // Every SubjectPublicKeyInfo opens with a SEQUENCE (0x30: base64 `M`); the shortest, for
    // Ed25519, is 44 base64 characters.
    if secret.len() < 40 || !secret.starts_with(b"M") {
        return false;
    }
    let Ok(der) = STANDARD.decode(secret).or_else(|_| STANDARD_NO_PAD.decode(secret)) else {
        return false;
    };
    let Some((0x30, outer, [])) = element(&der) else { return false };
    let Some((0x30, _algorithm, rest)) = element(outer) else { return false };
    matches!(element(rest), Some((0x03, _key, [])))
}

/// The tag, the content and what follows of the DER element at the start of `der`.
fn element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (start, len) = match *der.get(1)? {
        short @ 0..=0x7f => (2, usize::from(short)),
        long @ 0x81..=0x84 => {
            let n = usize::from(long & 0x7f);
            (2 + n, der.get(2..2 + n)?.iter().fold(0, |len, &b| len << 8 | usize::from(b)))
        }
        _ => return None,
    };
    let end = start.checked_add(len)?;
    Some((der[0], der.get(start..end)?, der.get(end..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DER element: tag, minimal length, content.
    fn der(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match content.len() {
            n @ 0..=0x7f => out.push(n as u8),
            n @ 0x80..=0xff => out.extend([0x81, n as u8]),
            n => out.extend([0x82, (n >> 8) as u8, n as u8]),
        }
        out.extend_from_slice(content);
        out
    }

    fn spki(key_len: usize) -> Vec<u8> {
        let algorithm = der(0x30, &[der(0x06, &[0x2a; 7]), der(0x06, &[0x2b; 8])].concat());
        let key = der(0x03, &(0..key_len).map(|i| (i * 37 + 11) as u8).collect::<Vec<_>>());
        der(0x30, &[algorithm, key].concat())
    }

    #[test]
    fn der_public_keys_are_recognised() {
        for key_len in [33, 66, 270, 526] {
            let text = STANDARD.encode(spki(key_len));
            assert!(is_public_key(text.as_bytes()), "{key_len}: {text}");
            assert!(is_public_key(text.trim_end_matches('=').as_bytes()), "{key_len}, no padding");
        }
    }

    #[test]
    fn private_keys_and_random_values_are_not() {
        // PKCS#8: SEQUENCE { INTEGER 0, SEQUENCE algorithm, OCTET STRING key }.
        let algorithm = der(0x30, &der(0x06, &[0x2a; 7]));
        let pkcs8 = der(0x30, &[der(0x02, &[0]), algorithm, der(0x04, &[7; 40])].concat());
        assert!(!is_public_key(STANDARD.encode(pkcs8).as_bytes()));
        // A public key with bytes after it, or cut short.
        let mut longer = spki(66);
        longer.push(0);
        assert!(!is_public_key(STANDARD.encode(longer).as_bytes()));
        let shorter = &spki(66)[..60];
        assert!(!is_public_key(STANDARD.encode(shorter).as_bytes()));
        assert!(!is_public_key(b"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEnotbase64!!"));
        assert!(!is_public_key(b"MzQ3ZjE5YjItOTkwNS00ZjZhLWI1YjYtN2QyYzE4ZjMxY2Q5"));
    }
}

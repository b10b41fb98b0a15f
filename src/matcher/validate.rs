//! Offline structural checks: checksums and formats that providers build into their
//! credentials. Nothing here ever touches the network.

use crate::finding::Validation;
use crate::rules::syntax::ValidatorName;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

/// Runs the named check on `secret`.
pub fn validate(name: ValidatorName, secret: &[u8]) -> Validation {
    let Ok(text) = std::str::from_utf8(secret) else { return Validation::Invalid };
    let ok = match name {
        ValidatorName::GithubCrc32 | ValidatorName::NpmCrc32 => base62_crc32_token(text),
        ValidatorName::AwsKeyId => aws_key_id(text),
        ValidatorName::Jwt => jwt(text),
        ValidatorName::PemPrivateKey => pem_body(text).is_some(),
        ValidatorName::OpensshPrivateKey => {
            pem_body(text).is_some_and(|body| body.starts_with(b"openssh-key-v1\0"))
        }
        ValidatorName::SlackWebhook => slack_webhook(text),
        ValidatorName::GitlabRoutable => gitlab_routable(text),
        ValidatorName::AtlassianCrc32 => atlassian_crc32(text),
    };
    if ok { Validation::Valid } else { Validation::Invalid }
}

/// An Atlassian API token ends in 8 hex digits: the CRC32 (IEEE) of every character before them,
/// `=` included, written big-endian. Atlassian does not document this; it holds for every
/// public token checked (five leaked tokens from unrelated repositories, and the test vectors of
/// DataDog's sensitive-data scanner), so a token that fails it was altered or made up.
fn atlassian_crc32(token: &str) -> bool {
    let Some((body, crc)) = token.split_at_checked(token.len().saturating_sub(8)) else {
        return false;
    };
    body.ends_with('=')
        && crc.len() == 8
        && u32::from_str_radix(crc, 16).is_ok_and(|c| c == crc32fast::hash(body.as_bytes()))
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `prefix_` + 30 random base62 characters + the CRC32 of those 30, in base62, 6 characters
/// left-padded with `0` (GitHub's 2021 token format, also used by npm).
fn base62_crc32_token(token: &str) -> bool {
    let Some((_, body)) = token.rsplit_once('_') else { return false };
    if body.len() != 36 || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, checksum) = body.split_at(30);
    base62(crc32fast::hash(random.as_bytes()), 6) == checksum
}

/// `value` in base62, left-padded with `0` to `width` characters.
pub fn base62(value: u32, width: usize) -> String {
    in_radix(value, width, BASE62)
}

/// `value` written with `digits` (its length is the radix), left-padded with `0` to `width`.
fn in_radix(mut value: u32, width: usize, digits: &[u8]) -> String {
    let radix = digits.len() as u32;
    let mut out = Vec::new();
    while value > 0 {
        out.push(digits[(value % radix) as usize]);
        value /= radix;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).expect("digits are ASCII")
}

/// A four-letter prefix AWS issues, then 16 base32 characters (A–Z, 2–7).
fn aws_key_id(id: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA",
        "ASCA",
    ];
    id.len() == 20
        && PREFIXES.iter().any(|p| id.starts_with(p))
        && id[4..].bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
}

/// The AWS account id encoded in an access key id (keys issued since 2019), if decodable.
pub fn aws_account_id(id: &str) -> Option<u64> {
    if !aws_key_id(id) {
        return None;
    }
    let mut value: u128 = 0;
    for b in id[4..].bytes() {
        let digit = if b.is_ascii_uppercase() { b - b'A' } else { b - b'2' + 26 };
        value = (value << 5) | u128::from(digit);
    }
    // 80 bits; the account id sits in bits 79..=33, shifted by one bit.
    let top = (value >> 32) as u64; // the first 48 bits
    Some((top & 0x7fff_ffff_ff80) >> 7)
}

/// Three base64url parts; the first two decode to JSON objects, the header names an `alg`.
fn jwt(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else { return false };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok();
    let json = |bytes: Vec<u8>| serde_json::from_slice::<serde_json::Value>(&bytes).ok();
    let header = decode(header).and_then(json);
    let payload = decode(payload).and_then(json);
    matches!((header, payload), (Some(h), Some(p)) if h.get("alg").is_some() && p.is_object())
}

/// The decoded body of a PEM block (headers such as `Proc-Type:` skipped), if it is base64.
/// Keys indented in YAML blocks and keys written on one line with `\n` escapes (JSON, code
/// strings) are read too.
fn pem_body(text: &str) -> Option<Vec<u8>> {
    let body: String = text
        .split('\n')
        .flat_map(|line| line.split("\\n"))
        .map(|line| line.trim().trim_matches(|c| c == '"' || c == '\'' || c == ','))
        .filter(|line| !line.starts_with("-----") && !line.contains(':'))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect();
    (body.len() >= 64).then(|| STANDARD.decode(body).ok()).flatten()
}

/// A GitLab routable token (`glpat-…`, `glrt-…`, …), as GitLab's routable-token design
/// publishes it: `<prefix><base64url payload>.[<version, 2 base36>.]<payload length, 2 base36>`
/// then the CRC32 of everything before it in base 36, left-padded with `0` to 7 characters.
fn gitlab_routable(token: &str) -> bool {
    let Some((checksummed, crc)) = token.split_at_checked(token.len().saturating_sub(7)) else {
        return false;
    };
    let Some((head, length)) = checksummed.rsplit_once('.') else { return false };
    // The prefix (`glpat-`, `glrt-t1_`, …) is whatever precedes the payload's stated length.
    let head = head.rsplit_once('.').map_or(head, |(before_version, _version)| before_version);
    let Ok(stated) = usize::from_str_radix(length, 36) else { return false };
    let Some(payload) = head.get(head.len().saturating_sub(stated)..) else { return false };
    length.len() == 2
        && payload.len() == stated
        && URL_SAFE_NO_PAD.decode(payload).is_ok()
        && base36(crc32fast::hash(checksummed.as_bytes()), 7) == crc
}

/// `value` in lowercase base 36, left-padded with `0` to `width` characters.
pub fn base36(value: u32, width: usize) -> String {
    in_radix(value, width, b"0123456789abcdefghijklmnopqrstuvwxyz")
}

/// `https://hooks.slack.com/services/T…/B…/` + 24 alphanumerics.
fn slack_webhook(url: &str) -> bool {
    let Some(path) = url.split("/services/").nth(1) else { return false };
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts.as_slice(), [team, bot, key]
        if team.starts_with('T') && bot.starts_with('B') && key.len() == 24
            && key.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github_token(random: &str) -> String {
        format!("ghp_{random}{}", base62(crc32fast::hash(random.as_bytes()), 6))
    }

    #[test]
    fn github_checksum_is_checked() {
        let random = "R8sQp2vLx0aZ7mN4cW1tY6uJ3kE9fB";
        let good = github_token(random);
        assert_eq!(validate(ValidatorName::GithubCrc32, good.as_bytes()), Validation::Valid);
        let mut bad = good.into_bytes();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert_eq!(validate(ValidatorName::GithubCrc32, &bad), Validation::Invalid);
    }

    #[test]
    fn base62_pads() {
        assert_eq!(base62(0, 6), "000000");
        assert_eq!(base62(61, 2), "0z");
        assert_eq!(base62(62, 2), "10");
    }

    #[test]
    fn aws_ids_decode_an_account() {
        // The key id of a public write-up on account-id decoding, split so it is not a literal.
        let id = concat!("ASIA", "Y34FZKBOKMUTVV7A");
        assert!(aws_key_id(id));
        assert!(!aws_key_id(concat!("AKIA", "1234567890123456")));
        assert_eq!(aws_account_id(id), Some(609629065308));
    }

    #[test]
    fn jwt_needs_json_parts() {
        let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let p = URL_SAFE_NO_PAD.encode(br#"{"sub":"42"}"#);
        assert!(jwt(&format!("{h}.{p}.c2ln")));
        assert!(!jwt(&format!("{h}.bm90anNvbg.c2ln")));
    }

    #[test]
    fn pem_bodies_decode_when_indented_or_escaped() {
        let body = STANDARD.encode([7u8; 96]);
        let (begin, end) = ("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----");
        let indented = format!("  {begin}\n  {}\n  {}\n  {end}\n", &body[..64], &body[64..]);
        let escaped = format!("{begin}\\n{}\\n{}\\n{end}\\n", &body[..64], &body[64..]);
        for text in [indented, escaped] {
            assert_eq!(pem_body(&text), Some(vec![7u8; 96]), "{text}");
        }
    }

    /// Builds a routable token the way GitLab's published design does.
    fn gitlab_token(prefix: &str, routing: &str, version: Option<&str>) -> String {
        let mut raw = routing.as_bytes().to_vec();
        raw.extend_from_slice(&[0x5a, 0x13, 0xc7, 0x88, 0x21, 0x9e, 0x04, 0xfd]);
        raw.extend_from_slice(&[0x61, 0xb2, 0x3d, 0x47, 0xe0, 0x19, 0xaa, 0x70, 16]);
        let payload = URL_SAFE_NO_PAD.encode(raw);
        let version = version.map(|v| format!(".{v}")).unwrap_or_default();
        let length = base36(u32::try_from(payload.len()).unwrap(), 2);
        let checksummed = format!("{prefix}{payload}{version}.{length}");
        let crc = base36(crc32fast::hash(checksummed.as_bytes()), 7);
        format!("{checksummed}{crc}")
    }

    #[test]
    fn gitlab_routable_checksum_is_checked() {
        for token in [
            gitlab_token("glpat-", "c:1\no:2a\nu:9f3", Some("01")),
            gitlab_token("glrt-", "c:1\no:7\nt:3", None),
        ] {
            assert_eq!(
                validate(ValidatorName::GitlabRoutable, token.as_bytes()),
                Validation::Valid
            );
            let mut bad = token.clone().into_bytes();
            bad[8] = if bad[8] == b'A' { b'B' } else { b'A' };
            assert_eq!(validate(ValidatorName::GitlabRoutable, &bad), Validation::Invalid);
            let cut = format!("{}{}", &token[..token.len() - 8], &token[token.len() - 7..]);
            assert_eq!(
                validate(ValidatorName::GitlabRoutable, cut.as_bytes()),
                Validation::Invalid
            );
        }
        // The minimal token in GitLab's design document (no prefix, routing payload `o:1`).
        assert!(gitlab_routable(concat!("bzoxd_Rb5_cHeWe1JH56wr2FCBA", ".0r1pum4t4")));
        assert!(!gitlab_routable("glpat-short"));
        assert_eq!(base36(35, 2), "0z");
    }

    #[test]
    fn atlassian_checksum() {
        let body = concat!(
            "ATATT3xFfGF0",
            "Qm7vR2xLp9ZtK4wNc8YbHd3JsF6aGe1UoT5rXq2WmZ8pLk3VnB7cYt4Rj9Hs6Dg1Fa5Ew0Qz-Ui_Op2La",
            "=",
        );
        let token = format!("{body}{:08X}", crc32fast::hash(body.as_bytes()));
        assert_eq!(validate(ValidatorName::AtlassianCrc32, token.as_bytes()), Validation::Valid);
        let lower = token.to_ascii_lowercase();
        assert_eq!(validate(ValidatorName::AtlassianCrc32, lower.as_bytes()), Validation::Invalid);
        for bad in [format!("{body}0A1B2C3D"), format!("{body}0A1B2C3"), format!("{body}0A1B2C3G")]
        {
            assert_eq!(
                validate(ValidatorName::AtlassianCrc32, bad.as_bytes()),
                Validation::Invalid
            );
        }
        // The suffix must follow `=`.
        let no_sep = format!("{}{:08X}", &body[..body.len() - 1], 0);
        assert!(!atlassian_crc32(&no_sep));
    }

    #[test]
    fn slack_webhook_shape() {
        let url = concat!(
            "https://hooks.slack.com/services/",
            "T0123ABCD/B0123ABCD/aB3dE5gH7jK9mN1pQ3sT5vW7"
        );
        assert!(slack_webhook(url));
        assert!(!slack_webhook("https://hooks.slack.com/services/T0123ABCD/B0123ABCD/short"));
    }
}

//! Percent-encoding (`key%3Dvalue`), as in URLs and form bodies.

use super::{Encoded, MAX_SPAN, MIN_SPAN, is_text};

fn in_url_text(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`')
}

/// Adds every run with at least two `%XX` escapes that decodes to text.
pub fn find(bytes: &[u8], out: &mut Vec<Encoded>) {
    // Only runs holding a `%` can decode to anything: start from each `%` not yet covered.
    let mut covered = 0;
    for percent in memchr::memchr_iter(b'%', bytes) {
        if percent < covered {
            continue;
        }
        let start = bytes[..percent].iter().rposition(|&b| !in_url_text(b)).map_or(0, |i| i + 1);
        let end = bytes[percent..]
            .iter()
            .position(|&b| !in_url_text(b))
            .map_or(bytes.len(), |i| percent + i);
        covered = end;
        if let Some(decoded) = decode_run(&bytes[start..end]) {
            out.push(Encoded { span: (start, end), kind: "percent", decoded });
        }
    }
}

/// Decodes one run, if it has at least two escapes and decodes to text.
pub fn decode_run(run: &[u8]) -> Option<Vec<u8>> {
    if run.len() < MIN_SPAN
        || run.len() > MAX_SPAN
        || memchr::memchr_iter(b'%', run).nth(1).is_none()
    {
        return None;
    }
    let mut out = Vec::with_capacity(run.len());
    let mut escapes = 0;
    let mut i = 0;
    while i < run.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (run[i], run.get(i + 1).and_then(|&b| hex(b)), run.get(i + 2).and_then(|&b| hex(b))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                escapes += 1;
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    (escapes >= 2 && is_text(&out)).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_two_escapes() {
        assert_eq!(decode_run(b"token%3Dabc%26x%3Dy").unwrap(), b"token=abc&x=y");
        assert_eq!(decode_run(b"100%25-of-the-time"), None);
    }
}

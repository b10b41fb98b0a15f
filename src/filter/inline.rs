//! `leakwatch:allow` on a line: the author says this line is not a leak. The inline markers of
//! other scanners (`gitleaks:allow`, `trufflehog:ignore`, detect-secrets'
//! `pragma: allowlist secret`) say the same thing, so a repository moving to leakwatch keeps its
//! reviewed exceptions.

/// The marker that suppresses findings on its line.
pub const ALLOW_MARKER: &[u8] = b"leakwatch:allow";

/// Every marker honoured, leakwatch's own first.
const MARKERS: &[&[u8]] =
    &[ALLOW_MARKER, b"gitleaks:allow", b"trufflehog:ignore", b"pragma: allowlist secret"];

/// Whether `line` carries one of the markers.
pub fn has_allow_marker(line: &[u8]) -> bool {
    MARKERS.iter().any(|marker| memchr::memmem::find(line, marker).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_anywhere_on_the_line() {
        assert!(has_allow_marker(b"key = 'abc' # leakwatch:allow"));
        assert!(!has_allow_marker(b"key = 'abc' # leakwatch: allow"));
    }

    #[test]
    fn other_scanners_markers_are_honoured() {
        assert!(has_allow_marker(b"key = 'abc' # gitleaks:allow"));
        assert!(has_allow_marker(b"key = 'abc'  // pragma: allowlist secret"));
        assert!(has_allow_marker(b"key = 'abc'  # trufflehog:ignore"));
        assert!(!has_allow_marker(b"key = 'abc'  # pragma: no cover"));
    }
}

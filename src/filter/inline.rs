//! `leakwatch:allow` on a line: the author says this line is not a leak.

/// The marker that suppresses findings on its line.
pub const ALLOW_MARKER: &[u8] = b"leakwatch:allow";

/// Whether `line` carries the marker.
pub fn has_allow_marker(line: &[u8]) -> bool {
    memchr::memmem::find(line, ALLOW_MARKER).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_anywhere_on_the_line() {
        assert!(has_allow_marker(b"key = 'abc' # leakwatch:allow"));
        assert!(!has_allow_marker(b"key = 'abc' # leakwatch: allow"));
    }
}

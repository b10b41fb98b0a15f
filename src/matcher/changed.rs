//! Where a new version of a file differs from an earlier one, in whole lines: the lines before
//! the first changed byte and after the last one are the earlier version's own lines.

use memchr::{memchr, memrchr};

/// The changed lines of `new` against `old`: a span of whole lines of `new` such that the
/// lines before it are `old`'s first lines, the lines after it are `old`'s last lines, and each
/// of those lines is preceded and followed in `old` by the bytes that precede and follow it in
/// `new` (so a search that looks one byte around a line sees the same there). Empty where
/// `new` only lost whole lines; None when the two are equal.
pub fn changed_lines(old: &[u8], new: &[u8]) -> Option<(usize, usize)> {
    if old == new {
        return None;
    }
    let prefix = common_prefix(old, new);
    // The suffix may not reach into the prefix of either version.
    let most = old.len().min(new.len()) - prefix;
    let suffix = common_suffix(&old[old.len() - most..], &new[new.len() - most..]);
    let first = line_start(new, prefix);
    // `new[changed_end..]` is `old`'s tail; the byte before it differs, if there is one.
    let changed_end = new.len() - suffix;
    let mut last = if changed_end > first { line_end(new, changed_end - 1) } else { first };
    let tail = new.len() - last;
    let same_before_tail = if last == 0 {
        old.len() == tail
    } else {
        old.len() > tail && old[old.len() - tail - 1] == new[last - 1]
    };
    if tail > 0 && !same_before_tail {
        // The tail's first line is part of a longer line in `old`: it changed too.
        last = line_end(new, last);
    }
    Some((first, last))
}

/// `span` widened by `reach` bytes on each side, out to whole lines.
pub fn widen(bytes: &[u8], (first, last): (usize, usize), reach: usize) -> (usize, usize) {
    let first = line_start(bytes, first.saturating_sub(reach));
    // `last` ends a line (or the text): the end is that of the line holding its last byte.
    let last = match last.saturating_add(reach) {
        0 => 0,
        end if end >= bytes.len() => bytes.len(),
        end => line_end(bytes, end - 1),
    };
    (first, last)
}

/// The start of the line holding offset `at`.
fn line_start(bytes: &[u8], at: usize) -> usize {
    memrchr(b'\n', &bytes[..at.min(bytes.len())]).map_or(0, |i| i + 1)
}

/// The end of the line holding offset `at`, just past its `\n` (or the end of `bytes`).
fn line_end(bytes: &[u8], at: usize) -> usize {
    if at >= bytes.len() {
        return bytes.len();
    }
    memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1)
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Compared a block at a time: slices compare with `memcmp`, many bytes per instruction.
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= n && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..n].iter().zip(&b[at..n]).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut len = 0;
    while len + BLOCK <= n && a[n - len - BLOCK..n - len] == b[n - len - BLOCK..n - len] {
        len += BLOCK;
    }
    len + a[..n - len]
        .iter()
        .rev()
        .zip(b[..n - len].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn changed<'a>(old: &str, new: &'a str) -> Option<&'a str> {
        changed_lines(old.as_bytes(), new.as_bytes()).map(|(s, e)| &new[s..e])
    }

    #[test]
    fn changed_lines_are_whole_lines() {
        assert_eq!(changed("a\nb\nc\n", "a\nb\nc\n"), None);
        assert_eq!(changed("a\nb\nc\n", "a\nbX\nc\n"), Some("bX\n"));
        assert_eq!(changed("a\nb\nc\n", "a\nnew\nb\nc\n"), Some("new\n"));
        assert_eq!(changed("a\nb\nc\n", "a\nc\n"), Some(""));
        assert_eq!(changed("a\nbc\nd\n", "a\nc\nd\n"), Some("c\n"));
        // `ab` is a line of its own in the new version only.
        assert_eq!(changed("xab\n", "y\nab\n"), Some("y\nab\n"));
        assert_eq!(changed("a\nb\nc", "a\nb\ncd"), Some("cd"));
        assert_eq!(changed("", "x\n"), Some("x\n"));
        assert_eq!(changed("x\n", ""), Some(""));
        // At the start of the text in the new version only.
        assert_eq!(changed("x\ny\n", "y\n"), Some("y\n"));
        assert_eq!(changed("xy\n", "y\n"), Some("y\n"));
        assert_eq!(changed("ab\ncd\nef\n", "aX\ncd\neY\n"), Some("aX\ncd\neY\n"));
        // A repeated line: the suffix stops where the prefix ends.
        assert_eq!(changed("k\nk\n", "k\nk\nk\n"), Some("k\n"));
    }

    #[test]
    fn widening_reaches_whole_lines() {
        let text = b"one\ntwo\nthree\nfour\n";
        assert_eq!(widen(text, (8, 14), 0), (8, 14));
        assert_eq!(widen(text, (8, 14), 1), (4, 19));
        assert_eq!(widen(text, (8, 14), 100), (0, 19));
    }

    proptest! {
        /// Outside the changed lines, `new` is `old`'s lines: its head is `old`'s head and its
        /// tail is `old`'s tail, and the span starts and ends at line boundaries.
        #[test]
        fn outside_the_changed_lines_both_versions_agree(
            old in "[ab\n]{0,40}",
            new in "[ab\n]{0,40}",
        ) {
            let (old, new) = (old.as_bytes(), new.as_bytes());
            match changed_lines(old, new) {
                None => prop_assert_eq!(old, new),
                Some((first, last)) => {
                    prop_assert!(first <= last && last <= new.len());
                    prop_assert!(first == 0 || new[first - 1] == b'\n');
                    prop_assert!(last == new.len() || new[last - 1] == b'\n');
                    prop_assert_eq!(&new[..first], &old[..first]);
                    let tail = new.len() - last;
                    prop_assert!(tail <= old.len() - first);
                    prop_assert_eq!(&new[last..], &old[old.len() - tail..]);
                    // The byte before the tail is the same in both versions.
                    if tail > 0 {
                        let before_new = last.checked_sub(1).map(|i| new[i]);
                        let before_old = (old.len() - tail).checked_sub(1).map(|i| old[i]);
                        prop_assert_eq!(before_new, before_old);
                    }
                }
            }
        }
    }
}

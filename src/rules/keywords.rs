//! Finding keywords in small inputs without building an automaton.
//!
//! Building the keyword DFA costs a few million instructions, more than a pre-commit scan of
//! one change spends on everything else. [`KeywordIndex`] is built in microseconds: it files
//! each keyword under its first two bytes (ASCII-lowercased) and, at each position of the
//! input, looks up the two bytes there. It reports exactly the hits the Aho-Corasick automaton
//! reports in overlapping mode: every occurrence of every keyword, ASCII case ignored.

/// Keywords filed by their first two bytes.
#[derive(Debug, Clone)]
pub struct KeywordIndex {
    /// Lowercase keywords; indexes are pattern ids.
    patterns: Vec<Vec<u8>>,
    /// (first two bytes, pattern id), sorted.
    pairs: Vec<(u16, u32)>,
    /// Which two-byte prefixes have a keyword: one bit each.
    present: Box<[u64; 1024]>,
    /// One-byte keywords: (byte, pattern id).
    singles: Vec<(u8, u32)>,
}

impl KeywordIndex {
    /// An index of `patterns` (empty patterns are never reported).
    pub fn new(patterns: &[String]) -> KeywordIndex {
        let patterns: Vec<Vec<u8>> =
            patterns.iter().map(|p| p.as_bytes().to_ascii_lowercase()).collect();
        let mut pairs = Vec::new();
        let mut singles = Vec::new();
        let mut present = Box::new([0u64; 1024]);
        for (id, pattern) in patterns.iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            match pattern.as_slice() {
                [] => {}
                [only] => singles.push((*only, id)),
                [a, b, ..] => {
                    let key = pair(*a, *b);
                    present[usize::from(key >> 6)] |= 1 << (key & 63);
                    pairs.push((key, id));
                }
            }
        }
        pairs.sort_unstable();
        KeywordIndex { patterns, pairs, present, singles }
    }

    /// Calls `hit(pattern, start, end)` for every occurrence of every keyword in `haystack`.
    pub fn for_each_hit(&self, haystack: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
        for (start, window) in haystack.windows(2).enumerate() {
            let key = pair(window[0], window[1]);
            if self.present[usize::from(key >> 6)] & (1 << (key & 63)) == 0 {
                continue;
            }
            let first = self.pairs.partition_point(|&(k, _)| k < key);
            for &(_, id) in self.pairs[first..].iter().take_while(|&&(k, _)| k == key) {
                let pattern = &self.patterns[id as usize];
                let end = start + pattern.len();
                if haystack.get(start..end).is_some_and(|h| h.eq_ignore_ascii_case(pattern)) {
                    hit(id as usize, start, end);
                }
            }
        }
        if !self.singles.is_empty() {
            for (start, &byte) in haystack.iter().enumerate() {
                let byte = byte.to_ascii_lowercase();
                for &(_, id) in self.singles.iter().filter(|&&(b, _)| b == byte) {
                    hit(id as usize, start, start + 1);
                }
            }
        }
    }
}

fn pair(a: u8, b: u8) -> u16 {
    u16::from(a.to_ascii_lowercase()) << 8 | u16::from(b.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;

    fn hits(index: &KeywordIndex, text: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        index.for_each_hit(text, |p, s, e| found.push((p, s, e)));
        found.sort_unstable();
        found
    }

    #[test]
    fn finds_overlapping_and_mixed_case_hits() {
        let index = KeywordIndex::new(&["key".into(), "apikey".into(), "k".into()]);
        assert_eq!(hits(&index, b"my APIKEY"), vec![(0, 6, 9), (1, 3, 9), (2, 6, 7)]);
        assert_eq!(hits(&index, b"ke"), vec![(2, 0, 1)]);
    }

    proptest! {
        /// The index reports what the Aho-Corasick automaton reports in overlapping mode.
        #[test]
        fn agrees_with_aho_corasick(
            patterns in proptest::collection::vec("[aAbB_]{1,4}", 1..12),
            text in "[aAbB_ ]{0,80}",
        ) {
            let index = KeywordIndex::new(&patterns);
            let automaton = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .unwrap();
            let mut expected: Vec<_> = automaton
                .find_overlapping_iter(text.as_bytes())
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            expected.sort_unstable();
            // Duplicate patterns: the automaton reports each id; so does the index.
            prop_assert_eq!(hits(&index, text.as_bytes()), expected);
        }
    }
}

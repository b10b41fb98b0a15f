//! Finding every keyword in a chunk (every occurrence of every keyword, overlapping ones
//! included, ASCII case ignored), two ways.
//!
//! [`KeywordDfa`], an Aho-Corasick DFA walked over four stretches at once, is the fast one, but
//! it costs a few million instructions to build, more than a pre-commit scan of one change
//! spends on everything else. [`KeywordIndex`] is built in microseconds: it files each keyword
//! under its first two bytes (ASCII-lowercased) and, at each position of the input, looks up
//! the two bytes there. Property tests check both against the `aho-corasick` crate's own
//! overlapping search.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

pub use super::keyword_table::KeywordIndex;

/// How many stretches of a chunk [`KeywordDfa`] walks at once.
const LANES: usize = 4;
/// Chunks shorter than this are walked in one stretch.
const LANE_MIN: usize = 4096;

/// Keywords found with an Aho-Corasick DFA, walked over several stretches of the input at once.
///
/// A DFA's next state depends on the one before, so a single walk waits on one memory load
/// per byte; four walks over four stretches, interleaved, keep the processor busy with the
/// other three meanwhile (about twice as fast here). Each stretch after the first starts a
/// keyword's length early, so that a keyword across a seam is found, and reports only the
/// keywords that end inside its own stretch, so that none is reported twice.
#[derive(Debug, Clone)]
pub struct KeywordDfa {
    dfa: DFA,
    /// The longest keyword, in bytes.
    longest: usize,
}

impl KeywordDfa {
    /// A DFA of `patterns` (ASCII case ignored); None when there are none.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Option<KeywordDfa> {
        let longest = patterns.iter().map(|p| p.as_ref().len()).max()?;
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns.iter().map(|p| p.as_ref().as_bytes()))
            .ok()?;
        Some(KeywordDfa { dfa, longest })
    }

    /// Calls `hit(pattern, start, end)` for every occurrence of every keyword in `haystack`,
    /// overlapping ones included, in no particular order.
    pub fn for_each_hit(&self, haystack: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
        let Ok(start) = self.dfa.start_state(Anchored::No) else { return };
        if haystack.len() < LANE_MIN {
            self.walk(haystack, 0, 0, start, &mut hit);
            return;
        }
        let stretch = haystack.len() / LANES;
        // Lane j reports keywords ending in (from[j], to[j]] and starts walking early enough
        // to see a keyword that ends just after from[j].
        let from: [usize; LANES] = std::array::from_fn(|j| j * stretch);
        let to: [usize; LANES] =
            std::array::from_fn(
                |j| if j + 1 == LANES { haystack.len() } else { (j + 1) * stretch },
            );
        let mut at: [usize; LANES] =
            std::array::from_fn(|j| from[j].saturating_sub(self.longest.saturating_sub(1)));
        let mut state = [start; LANES];
        // Interleaved while every lane has bytes left: the shortest lane bounds the steps.
        let steps = (0..LANES).map(|j| to[j] - at[j]).min().unwrap_or(0);
        for _ in 0..steps {
            for j in 0..LANES {
                state[j] = self.dfa.next_state(Anchored::No, state[j], haystack[at[j]]);
                at[j] += 1;
            }
            if (0..LANES).any(|j| self.dfa.is_special(state[j])) {
                for j in 0..LANES {
                    self.report(state[j], at[j], from[j], &mut hit);
                }
            }
        }
        for j in 0..LANES {
            self.walk(&haystack[..to[j]], at[j], from[j], state[j], &mut hit);
        }
    }

    /// Walks `haystack[at..]` from `state`, reporting keywords that end after `from`.
    fn walk(
        &self,
        haystack: &[u8],
        mut at: usize,
        from: usize,
        mut state: StateID,
        hit: &mut impl FnMut(usize, usize, usize),
    ) {
        while at < haystack.len() {
            state = self.dfa.next_state(Anchored::No, state, haystack[at]);
            at += 1;
            if self.dfa.is_special(state) {
                self.report(state, at, from, hit);
            }
        }
    }

    /// Reports the keywords that end at `end` if `state` is a match state and `end > from`.
    #[inline]
    fn report(
        &self,
        state: StateID,
        end: usize,
        from: usize,
        hit: &mut impl FnMut(usize, usize, usize),
    ) {
        if end <= from || !self.dfa.is_match(state) {
            return;
        }
        for index in 0..self.dfa.match_len(state) {
            let pattern = self.dfa.match_pattern(state, index);
            hit(pattern.as_usize(), end - self.dfa.pattern_len(pattern), end);
        }
    }
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
        let index = KeywordIndex::new(&["key", "apikey", "k"]);
        assert_eq!(hits(&index, b"my APIKEY"), vec![(0, 6, 9), (1, 3, 9), (2, 6, 7)]);
        assert_eq!(hits(&index, b"ke"), vec![(2, 0, 1)]);
    }

    /// What the `aho-corasick` crate's own overlapping search reports, sorted.
    fn reference_hits(patterns: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .unwrap();
        let mut expected: Vec<_> = automaton
            .find_overlapping_iter(text.as_bytes())
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        expected.sort_unstable();
        expected
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The DFA walked in four lanes reports what the automaton's own overlapping search
        /// does, on inputs long enough to be split, with keywords across every seam.
        #[test]
        fn lanes_agree_with_aho_corasick(
            patterns in proptest::collection::vec("[aAbB_]{1,6}", 1..12),
            text in "[aAbB_ ]{4090,6000}",
        ) {
            let dfa = KeywordDfa::new(&patterns).unwrap();
            let expected = reference_hits(&patterns, &text);
            let mut found = Vec::new();
            dfa.for_each_hit(text.as_bytes(), |p, s, e| found.push((p, s, e)));
            found.sort_unstable();
            prop_assert_eq!(found, expected);
        }
    }

    proptest! {
        /// The index reports what the Aho-Corasick automaton reports in overlapping mode.
        #[test]
        fn agrees_with_aho_corasick(
            patterns in proptest::collection::vec("[aAbB_]{1,4}", 1..12),
            text in "[aAbB_ ]{0,80}",
        ) {
            let index = KeywordIndex::new(&patterns);
            let expected = reference_hits(&patterns, &text);
            // Duplicate patterns: the automaton reports each id; so does the index.
            prop_assert_eq!(hits(&index, text.as_bytes()), expected);
        }
    }
}

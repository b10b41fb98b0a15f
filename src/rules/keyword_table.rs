//! Which rules each keyword belongs to ([`KeywordTable`]), and the two-byte index that finds
//! keywords in the first megabyte a scan reads ([`KeywordIndex`]). Both are plain tables, so
//! that `build.rs` can work them out for the built-in rules and embed them: a scan that loads
//! only the built-in rules, as the pre-commit hook does on every commit, then builds neither.
//! `build.rs` includes this file.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// The parts of a [`KeywordTable`]: patterns, then the rule lists' starts, the rule lists,
/// and the keywordless rules.
pub type KeywordTableParts<'a> = (&'a [Cow<'static, str>], &'a [u32], &'a [u32], &'a [u32]);

/// The distinct keywords of a rule set, and for each, the rules that have it.
#[derive(Debug, Clone)]
pub struct KeywordTable {
    /// Every distinct keyword, lowercase, in order of first appearance; keyword finders
    /// report these indexes as pattern ids.
    patterns: Cow<'static, [Cow<'static, str>]>,
    /// Pattern `p`'s rules are `rules[starts[p]..starts[p + 1]]`, ascending.
    starts: Cow<'static, [u32]>,
    rules: Cow<'static, [u32]>,
    /// Rules with no keyword.
    keywordless: Cow<'static, [u32]>,
}

impl KeywordTable {
    /// The table of rules whose keywords (lowercase) `rule_keywords` gives, rule by rule.
    pub fn new(
        rule_keywords: impl IntoIterator<Item = impl IntoIterator<Item = Cow<'static, str>>>,
    ) -> KeywordTable {
        let mut patterns: Vec<Cow<'static, str>> = Vec::new();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut keywordless = Vec::new();
        // Keywords are ours, not an attacker's: a fast hash keeps start-up small.
        let mut index: FxHashMap<Cow<'static, str>, u32> = FxHashMap::default();
        for (rule, keywords) in rule_keywords.into_iter().enumerate() {
            let rule = rule as u32;
            let before = pairs.len();
            for keyword in keywords {
                let pattern = *index.entry(keyword.clone()).or_insert_with(|| {
                    patterns.push(keyword);
                    patterns.len() as u32 - 1
                });
                pairs.push((pattern, rule));
            }
            if pairs.len() == before {
                keywordless.push(rule);
            }
        }
        // By pattern, then rule; a rule that lists a keyword twice is filed under it once.
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = Vec::with_capacity(patterns.len() + 1);
        let mut rules = Vec::with_capacity(pairs.len());
        for (at, &(pattern, rule)) in pairs.iter().enumerate() {
            while starts.len() <= pattern as usize {
                starts.push(at as u32);
            }
            rules.push(rule);
        }
        while starts.len() <= patterns.len() {
            starts.push(pairs.len() as u32);
        }
        KeywordTable {
            patterns: patterns.into(),
            starts: starts.into(),
            rules: rules.into(),
            keywordless: keywordless.into(),
        }
    }

    /// A table embedded by `build.rs` (the parts of one [`KeywordTable::new`] made).
    pub const fn from_static(
        patterns: &'static [Cow<'static, str>],
        starts: &'static [u32],
        rules: &'static [u32],
        keywordless: &'static [u32],
    ) -> KeywordTable {
        KeywordTable {
            patterns: Cow::Borrowed(patterns),
            starts: Cow::Borrowed(starts),
            rules: Cow::Borrowed(rules),
            keywordless: Cow::Borrowed(keywordless),
        }
    }

    /// Its parts, as [`KeywordTable::from_static`] takes them.
    pub fn parts(&self) -> KeywordTableParts<'_> {
        (&self.patterns, &self.starts, &self.rules, &self.keywordless)
    }

    /// Every distinct keyword; indexes are pattern ids.
    pub fn patterns(&self) -> &[Cow<'static, str>] {
        &self.patterns
    }

    /// The rules that have keyword `pattern`, ascending.
    pub fn rules_for(&self, pattern: usize) -> &[u32] {
        &self.rules[self.starts[pattern] as usize..self.starts[pattern + 1] as usize]
    }

    /// The rules with no keyword, ascending.
    pub fn keywordless(&self) -> &[u32] {
        &self.keywordless
    }
}

/// Keywords filed by their first two bytes.
#[derive(Debug, Clone)]
pub struct KeywordIndex {
    /// The lowercase keywords, one after another (one allocation, not one per keyword).
    bytes: Cow<'static, [u8]>,
    /// Where each keyword lies in `bytes`; indexes are pattern ids.
    spans: Cow<'static, [(u32, u32)]>,
    /// (first two bytes, pattern id), sorted.
    pairs: Cow<'static, [(u16, u32)]>,
    /// Which two-byte prefixes have a keyword: one bit each (1,024 words).
    present: Cow<'static, [u64]>,
    /// One-byte keywords: (byte, pattern id).
    singles: Cow<'static, [(u8, u32)]>,
}

/// The parts of a [`KeywordIndex`], as [`KeywordIndex::from_static`] takes them.
pub type KeywordIndexParts<'a> =
    (&'a [u8], &'a [(u32, u32)], &'a [(u16, u32)], &'a [u64], &'a [(u8, u32)]);

impl KeywordIndex {
    /// An index of `patterns` (empty patterns are never reported).
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> KeywordIndex {
        let mut bytes = Vec::with_capacity(patterns.iter().map(|p| p.as_ref().len()).sum());
        let mut spans = Vec::with_capacity(patterns.len());
        let mut pairs = Vec::with_capacity(patterns.len());
        let mut singles = Vec::new();
        let mut present = vec![0u64; 1024];
        for (id, pattern) in patterns.iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            let start = bytes.len();
            bytes.extend(pattern.as_ref().bytes().map(|b| b.to_ascii_lowercase()));
            spans.push((start as u32, bytes.len() as u32));
            match &bytes[start..] {
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
        KeywordIndex {
            bytes: bytes.into(),
            spans: spans.into(),
            pairs: pairs.into(),
            present: present.into(),
            singles: singles.into(),
        }
    }

    /// An index embedded by `build.rs` (the parts of one [`KeywordIndex::new`] made).
    pub const fn from_static(parts: KeywordIndexParts<'static>) -> KeywordIndex {
        let (bytes, spans, pairs, present, singles) = parts;
        KeywordIndex {
            bytes: Cow::Borrowed(bytes),
            spans: Cow::Borrowed(spans),
            pairs: Cow::Borrowed(pairs),
            present: Cow::Borrowed(present),
            singles: Cow::Borrowed(singles),
        }
    }

    /// Its parts, as [`KeywordIndex::from_static`] takes them.
    pub fn parts(&self) -> KeywordIndexParts<'_> {
        (&self.bytes, &self.spans, &self.pairs, &self.present, &self.singles)
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
                let (from, to) = self.spans[id as usize];
                let pattern = &self.bytes[from as usize..to as usize];
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
    use crate::rules::load::{BUILTIN_KEYWORDS, BUILTIN_PACKS};

    fn table_of(rules: &[&[&'static str]]) -> KeywordTable {
        KeywordTable::new(rules.iter().map(|keywords| keywords.iter().map(|&k| Cow::Borrowed(k))))
    }

    #[test]
    fn each_keyword_lists_its_rules_once_in_order() {
        let table = table_of(&[&["key", "token"], &[], &["token", "pass", "token"], &["key"], &[]]);
        assert_eq!(table.patterns(), ["key", "token", "pass"]);
        assert_eq!(table.rules_for(0), [0, 3]);
        assert_eq!(table.rules_for(1), [0, 2]);
        assert_eq!(table.rules_for(2), [2]);
        assert_eq!(table.keywordless(), [1, 4]);
        let empty = table_of(&[]);
        assert!(empty.patterns().is_empty() && empty.keywordless().is_empty());
    }

    /// The tables build.rs embedded are the ones a scan would work out from the built-in rules.
    #[test]
    fn embedded_tables_are_the_ones_worked_out_now() {
        let (embedded, embedded_index) = BUILTIN_KEYWORDS.as_ref().unwrap();
        let rules = BUILTIN_PACKS.iter().flat_map(|pack| pack.rules);
        let now =
            KeywordTable::new(rules.map(|rule| rule.keywords.iter().map(|&k| Cow::Borrowed(k))));
        assert_eq!(embedded.parts(), now.parts());
        assert!(now.patterns().len() > 500, "{} keywords", now.patterns().len());
        assert_eq!(embedded_index.parts(), KeywordIndex::new(now.patterns()).parts());
    }
}

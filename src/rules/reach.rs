//! How far from a changed line a rule set's matches can reach: what an incremental history scan
//! needs to know to search only the lines a new version of a file changed, and not the lines it
//! shares with an earlier version that was found clean.
//!
//! A rule whose matches never hold a line break matches within one line, so the changed lines
//! hold every match that touches them. A rule whose matches can span lines reaches at most its
//! longest match beyond them. A rule whose matches can span lines without bound (a PEM block)
//! reaches from its keyword to anywhere after it: a version with such a keyword before its
//! changed lines is scanned whole.

use super::RuleSet;

/// What a keyword tells an incremental scan, for a rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    /// Nothing: no rule that matches across lines without bound owns it.
    #[default]
    None,
    /// Every such rule owning it begins its matches with it: a match may run from it to any
    /// line after it.
    Start,
    /// Some such rule may hold it anywhere in its match: a match may reach any line around it.
    Anywhere,
}

/// How far from a changed line a match of a rule set can begin or end.
#[derive(Debug, Default)]
pub struct Reach {
    /// The longest match, in bytes, of the rules whose matches can hold a line break (0 when
    /// every bounded rule matches within a line): the lines searched around a change must
    /// cover this many bytes on each side.
    pub bytes: usize,
    /// Per keyword pattern of the set: what a hit of it means for an incremental scan.
    anchors: Vec<Anchor>,
    /// A rule without keywords matches across lines without bound: nothing can be skipped.
    pub whole: bool,
}

impl Reach {
    /// The reach of `rules`. Built-in rules are not read: `build.rs` worked out their shapes.
    pub fn of(rules: &RuleSet) -> Reach {
        let mut reach = Reach::default();
        let mut unbounded = vec![None; rules.len()];
        for (index, kind) in unbounded.iter_mut().enumerate() {
            if !rules.spans_lines(index) {
                continue;
            }
            match rules.max_match_len(index) {
                Some(len) => reach.bytes = reach.bytes.max(len),
                None => {
                    let starts = rules.starts_with_keyword(index);
                    *kind = Some(if starts { Anchor::Start } else { Anchor::Anywhere });
                }
            }
        }
        reach.whole = rules.keywordless().iter().any(|&i| unbounded[i as usize].is_some());
        reach.anchors = (0..rules.keyword_count())
            .map(|pattern| {
                let kinds = rules.rules_for_keyword(pattern).iter();
                kinds.filter_map(|&i| unbounded[i as usize]).max_by_key(|k| *k == Anchor::Anywhere)
            })
            .map(Option::unwrap_or_default)
            .collect();
        reach
    }

    /// What a hit of keyword pattern `pattern` means for an incremental scan.
    pub fn anchor(&self, pattern: usize) -> Anchor {
        self.anchors.get(pattern).copied().unwrap_or_default()
    }
}

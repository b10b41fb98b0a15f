//! Dedup: one report per secret per place. A generic rule's match is dropped where a specific
//! rule matched an overlapping secret, so the precise rule's remediation is the one shown.

use crate::matcher::Match;
use crate::rules::RuleSet;

/// The id prefix of catch-all rules that give way to specific ones.
pub const GENERIC_PREFIX: &str = "generic.";

/// Removes exact duplicates and generic matches that overlap a specific rule's secret.
pub fn dedup_matches(rules: &RuleSet, matches: &mut Vec<Match>) {
    matches.sort_by_key(|m| (m.secret, m.rule));
    matches.dedup_by(|a, b| a.secret == b.secret && a.rule == b.rule);
    let is_generic = |m: &Match| rules.rule(m.rule).id().starts_with(GENERIC_PREFIX);
    let specific: Vec<(usize, usize)> =
        matches.iter().filter(|m| !is_generic(m)).map(|m| m.secret).collect();
    if specific.is_empty() {
        return;
    }
    matches.retain(|m| {
        !is_generic(m) || !specific.iter().any(|s| s.0 < m.secret.1 && m.secret.0 < s.1)
    });
}

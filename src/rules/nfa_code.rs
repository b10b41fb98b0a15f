//! A compact binary form of a built-in rule's Thompson NFA, so that a small scan (the pre-commit
//! hook, a few files) gets a rule's automaton without building it. `build.rs` compiles every
//! built-in pattern, with its long repetitions relaxed ([`super::hir_code::decode_relaxed`]),
//! into the NFA the regex engine would build, and embeds that NFA in this form; a small scan
//! replays its states into the NFA builder and runs the PikeVM and bounded backtracker on it.
//! Rebuilding the syntax tree and compiling it was most of what the first file of a pre-commit
//! scan cost. `build.rs` includes this file.
//!
//! The form: the relaxed bound (0: none, else bound + 1), the NFA's settings, its start states,
//! then each state as a tag byte and its fields, numbers as LEB128 varints. Decoding adds the
//! states in order, so every state keeps its id and the NFA is the one `build.rs` compiled
//! (the test suite checks this for every built-in rule).

use regex_automata::nfa::thompson::{self, NFA, State, Transition, WhichCaptures};
use regex_automata::util::look::{Look, LookMatcher};
use regex_automata::util::primitives::{PatternID, StateID};
use regex_syntax::hir::Hir;

use super::varint::{self, put, put_bytes};

/// Regexes bigger than this (compiled NFA bytes) are rejected.
pub const REGEX_SIZE_LIMIT: usize = 4 * 1024 * 1024;

const BYTE_RANGE: u8 = 0;
const SPARSE: u8 = 1;
const LOOK: u8 = 2;
const UNION: u8 = 3;
const CAPTURE_START: u8 = 4;
const CAPTURE_END: u8 = 5;
const FAIL: u8 = 6;
const MATCH: u8 = 7;

/// Compiles `hir` into the forward NFA that `regex_automata::meta` builds for a rule's regex:
/// the settings of its `to_thompson_config` for the rule regexes' configuration (empty matches
/// need not split UTF-8, every group captured, `\n` ends a line, no shrinking).
pub fn compile(hir: &Hir) -> Result<NFA, String> {
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .utf8(false)
                .reverse(false)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .shrink(false)
                .which_captures(WhichCaptures::All)
                .look_matcher(LookMatcher::new()),
        )
        .build_from_hir(hir)
        .map_err(|e| e.to_string())
}

/// The binary form of `nfa` and the relaxed `bound` its matches are trusted to (see
/// [`super::hir_code::decode_relaxed`]); None for an NFA of more than one pattern.
pub fn encode(nfa: &NFA, bound: Option<usize>) -> Option<Vec<u8>> {
    if nfa.pattern_len() != 1 {
        return None;
    }
    let mut out = Vec::new();
    put(bound.map_or(0, |bound| bound as u64 + 1), &mut out);
    out.push(u8::from(nfa.is_utf8()));
    out.push(nfa.look_matcher().get_line_terminator());
    put(nfa.states().len() as u64, &mut out);
    for start in [nfa.start_anchored(), nfa.start_unanchored(), nfa.start_pattern(PatternID::ZERO)?]
    {
        put(start.as_u64(), &mut out);
    }
    let names: Vec<Option<&str>> = nfa.group_info().pattern_names(PatternID::ZERO).collect();
    for state in nfa.states() {
        match state {
            State::ByteRange { trans } => {
                out.push(BYTE_RANGE);
                put_transition(trans, &mut out);
            }
            State::Sparse(sparse) => {
                out.push(SPARSE);
                put(sparse.transitions.len() as u64, &mut out);
                for trans in sparse.transitions.iter() {
                    put_transition(trans, &mut out);
                }
            }
            State::Dense(_) => return None,
            State::Look { look, next } => {
                out.push(LOOK);
                put(u64::from(look.as_repr()), &mut out);
                put(next.as_u64(), &mut out);
            }
            State::Union { alternates } => put_union(alternates, &mut out),
            State::BinaryUnion { alt1, alt2 } => put_union(&[*alt1, *alt2], &mut out),
            State::Capture { next, group_index, slot, .. } => {
                // A group's first slot is its start, its second its end.
                let start = slot.as_usize() % 2 == 0;
                out.push(if start { CAPTURE_START } else { CAPTURE_END });
                put(group_index.as_u64(), &mut out);
                put(next.as_u64(), &mut out);
                if start {
                    match names.get(group_index.as_usize()).copied().flatten() {
                        Some(name) => {
                            out.push(1);
                            put_bytes(name.as_bytes(), &mut out);
                        }
                        None => out.push(0),
                    }
                }
            }
            State::Fail => out.push(FAIL),
            State::Match { .. } => out.push(MATCH),
        }
    }
    Some(out)
}

fn put_transition(trans: &Transition, out: &mut Vec<u8>) {
    out.extend([trans.start, trans.end]);
    put(trans.next.as_u64(), out);
}

fn put_union(alternates: &[StateID], out: &mut Vec<u8>) {
    out.push(UNION);
    put(alternates.len() as u64, out);
    for alternate in alternates {
        put(alternate.as_u64(), out);
    }
}

/// The NFA `bytes` encodes and its relaxed bound; None when they are not a whole, valid
/// encoding (every state id in range, every group that ends also starts).
pub fn decode(bytes: &[u8]) -> Option<(NFA, Option<usize>)> {
    let mut input = varint::Reader::new(bytes);
    let bound = match input.number()? {
        0 => None,
        bound => Some(usize::try_from(bound - 1).ok()?),
    };
    let utf8 = input.byte()? != 0;
    let mut look_matcher = LookMatcher::new();
    look_matcher.set_line_terminator(input.byte()?);
    let count = input.count()?;
    let starts = [
        read_state(&mut input, count)?,
        read_state(&mut input, count)?,
        read_state(&mut input, count)?,
    ];
    let mut builder = thompson::Builder::new();
    builder.set_utf8(utf8);
    builder.set_look_matcher(look_matcher);
    builder.start_pattern().ok()?;
    let mut groups_started = Vec::new();
    let mut groups_ended = Vec::new();
    for _ in 0..count {
        let added = match input.byte()? {
            BYTE_RANGE => {
                let trans = read_transition(&mut input, count)?;
                builder.add_range(trans)
            }
            SPARSE => {
                let len = input.count()?;
                let mut transitions = Vec::with_capacity(len);
                for _ in 0..len {
                    transitions.push(read_transition(&mut input, count)?);
                }
                // A sparse state's ranges are sorted and do not overlap.
                transitions.windows(2).all(|pair| pair[0].end < pair[1].start).then_some(())?;
                builder.add_sparse(transitions)
            }
            LOOK => {
                let look = Look::from_repr(input.u32()?)?;
                builder.add_look(read_state(&mut input, count)?, look)
            }
            UNION => {
                // A built NFA's unions have two alternates or more; one of fewer would be an
                // empty state to the builder, which follows chains of those without end if
                // they loop.
                let len = input.count()?;
                (len >= 2).then_some(())?;
                let mut alternates = Vec::with_capacity(len);
                for _ in 0..len {
                    alternates.push(read_state(&mut input, count)?);
                }
                builder.add_union(alternates)
            }
            CAPTURE_START => {
                let group = input.u32()?;
                let next = read_state(&mut input, count)?;
                let name = match input.byte()? {
                    0 => None,
                    _ => Some(std::str::from_utf8(input.slice()?).ok()?.into()),
                };
                groups_started.push(group);
                builder.add_capture_start(next, group, name)
            }
            CAPTURE_END => {
                let group = input.u32()?;
                groups_ended.push(group);
                builder.add_capture_end(read_state(&mut input, count)?, group)
            }
            FAIL => builder.add_fail(),
            MATCH => builder.add_match(),
            _ => return None,
        };
        added.ok()?;
    }
    // The builder panics on a group that ends without having started.
    if !input.at_end() || groups_ended.iter().any(|group| !groups_started.contains(group)) {
        return None;
    }
    builder.finish_pattern(starts[2]).ok()?;
    let nfa = builder.build(starts[0], starts[1]).ok()?;
    Some((nfa, bound))
}

fn read_state(input: &mut varint::Reader<'_>, count: usize) -> Option<StateID> {
    let id = usize::try_from(input.number()?).ok().filter(|&id| id < count)?;
    StateID::new(id).ok()
}

fn read_transition(input: &mut varint::Reader<'_>, count: usize) -> Option<Transition> {
    let (start, end) = (input.byte()?, input.byte()?);
    // The NFA's byte classes assume well-formed ranges.
    (start <= end).then_some(())?;
    Some(Transition { start, end, next: read_state(input, count)? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::hir_code;
    use crate::rules::load::BUILTIN_PACKS;

    /// The NFA a light scan decodes is, state for state, the one the regex engine builds from
    /// the rule's relaxed pattern now, with the same relaxed bound.
    #[test]
    fn every_builtin_nfa_decodes_to_the_nfa_built_from_its_pattern() {
        let mut checked = 0;
        for rule in BUILTIN_PACKS.iter().flat_map(|pack| pack.rules) {
            let code = rule.parsed.light_nfa.unwrap_or_else(|| panic!("{}: no NFA", rule.id));
            let (decoded, bound) = decode(code).unwrap_or_else(|| panic!("{}: bad code", rule.id));
            let tree = rule.parsed.regex.unwrap();
            let (relaxed, expected_bound) = hir_code::decode_relaxed(tree).unwrap();
            let built = compile(&relaxed).unwrap();
            assert_eq!(format!("{decoded:?}"), format!("{built:?}"), "{}", rule.id);
            assert_eq!(bound, expected_bound, "{}", rule.id);
            let names = |nfa: &NFA| -> Vec<Option<String>> {
                let names = nfa.group_info().pattern_names(PatternID::ZERO);
                names.map(|name| name.map(str::to_owned)).collect()
            };
            assert_eq!(names(&decoded), names(&built), "{}", rule.id);
            assert_eq!(decoded.look_set_any(), built.look_set_any(), "{}", rule.id);
            checked += 1;
        }
        assert!(checked > 400, "only {checked} rules");
    }

    #[test]
    fn corrupt_encodings_are_refused_not_trusted() {
        let hir = hir_code::parse(r"(?im)^(?P<name>ab)[c-f]{2,9}\b(x|yz|w)+$").unwrap();
        let whole = encode(&compile(&hir).unwrap(), Some(7)).unwrap();
        assert!(decode(&whole).is_some());
        for len in 0..whole.len() {
            assert!(decode(&whole[..len]).is_none(), "cut at {len}");
        }
        let mut longer = whole.clone();
        longer.push(FAIL);
        assert!(decode(&longer).is_none());
        // A union of one alternate that loops to itself (an empty-state loop to the builder).
        let looping = [0, 0, b'\n', 1, 0, 0, 0, UNION, 1, 0];
        assert!(decode(&looping).is_none());
        // Every single-byte change either decodes to some NFA or is refused: never a panic.
        for at in 0..whole.len() {
            for byte in 0..=u8::MAX {
                let mut changed = whole.clone();
                changed[at] = byte;
                let _ = decode(&changed);
            }
        }
    }
}

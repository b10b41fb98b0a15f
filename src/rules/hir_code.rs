//! A compact binary form of a regex's syntax tree ([`Hir`]), so that the built-in rules' patterns
//! are parsed once, by `build.rs`, and not on every run. Parsing a pattern (its syntax, then
//! case folding and simplification) is about half of what building a rule's automaton costs,
//! and a pre-commit scan builds a few automata on every commit. `build.rs` includes this file.
//!
//! The form is a tag byte per node, then the node's fields, with numbers as LEB128 varints.
//! Decoding rebuilds the tree with `Hir`'s own constructors, so a decoded tree is the one the
//! parser made (the test suite checks this for every built-in rule).

use super::varint::{self, put, put_bytes};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};

const EMPTY: u8 = 0;
const LITERAL: u8 = 1;
const CLASS_BYTES: u8 = 2;
const CLASS_UNICODE: u8 = 3;
const LOOK: u8 = 4;
const REPETITION: u8 = 5;
const CAPTURE: u8 = 6;
const CONCAT: u8 = 7;
const ALTERNATION: u8 = 8;

/// Parses `pattern` with the syntax settings the matcher builds its regexes with (ASCII, bytes
/// that need not be UTF-8): the tree `build.rs` embeds and the shape analysis reads.
pub fn parse(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())
}

/// The binary form of `hir`.
pub fn encode(hir: &Hir) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(hir, &mut out);
    out
}

fn encode_into(hir: &Hir, out: &mut Vec<u8>) {
    match hir.kind() {
        HirKind::Empty => out.push(EMPTY),
        HirKind::Literal(literal) => {
            out.push(LITERAL);
            put_bytes(&literal.0, out);
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push(CLASS_BYTES);
            put(class.ranges().len() as u64, out);
            for range in class.ranges() {
                out.extend([range.start(), range.end()]);
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            out.push(CLASS_UNICODE);
            put(class.ranges().len() as u64, out);
            for range in class.ranges() {
                put(u64::from(range.start()), out);
                put(u64::from(range.end()), out);
            }
        }
        HirKind::Look(look) => {
            out.push(LOOK);
            put(u64::from(look.as_repr()), out);
        }
        HirKind::Repetition(rep) => {
            out.push(REPETITION);
            put(u64::from(rep.min), out);
            put(rep.max.map_or(0, |max| u64::from(max) + 1), out);
            out.push(u8::from(rep.greedy));
            encode_into(&rep.sub, out);
        }
        HirKind::Capture(capture) => {
            out.push(CAPTURE);
            put(u64::from(capture.index), out);
            match &capture.name {
                Some(name) => {
                    out.push(1);
                    put_bytes(name.as_bytes(), out);
                }
                None => out.push(0),
            }
            encode_into(&capture.sub, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            out.push(if matches!(hir.kind(), HirKind::Concat(_)) { CONCAT } else { ALTERNATION });
            put(subs.len() as u64, out);
            for sub in subs {
                encode_into(sub, out);
            }
        }
    }
}

/// The tree `bytes` encodes; None when they are not a whole, valid encoding.
pub fn decode(bytes: &[u8]) -> Option<Hir> {
    let mut reader = Reader { input: varint::Reader::new(bytes), relax: false, bound: None };
    let hir = reader.hir(0)?;
    reader.input.at_end().then_some(hir)
}

/// Bounded repetitions with at least this many as their maximum are relaxed by
/// [`decode_relaxed`].
pub const RELAX_FROM: u32 = 100;

/// A tree matching what `bytes` encodes and more: every bounded repetition of at least
/// [`RELAX_FROM`] (`[^"]{12,200}`) is left unbounded (`[^"]{12,}`), when each of its rounds
/// takes at least one byte. Also returns the smallest maximum so dropped (None: nothing was
/// relaxed).
///
/// Counting to 200 is most of a generic rule's automaton: a third of its NFA, and lazy-DFA
/// states for every count reached (a large scan's regex caches were a fifth of its memory).
/// The relaxed regex finds the same leftmost match, with the same groups, whenever its match
/// is no longer than the bound: no relaxed repetition can then have gone round more times
/// than its maximum, so the match is one the exact regex can make, and the exact regex has no
/// match that starts earlier or that it would prefer (its matches are a subset of the relaxed
/// regex's, in the same order of preference). A longer match is left to the exact regex.
pub fn decode_relaxed(bytes: &[u8]) -> Option<(Hir, Option<usize>)> {
    let mut reader = Reader { input: varint::Reader::new(bytes), relax: true, bound: None };
    let hir = reader.hir(0)?;
    reader.input.at_end().then_some((hir, reader.bound.map(|bound| bound as usize)))
}

/// Deeper trees than this are refused (the parser's own nesting limit is 250).
const MAX_DEPTH: usize = 1000;

struct Reader<'a> {
    input: varint::Reader<'a>,
    /// Whether long bounded repetitions are left unbounded ([`decode_relaxed`]).
    relax: bool,
    /// The smallest maximum left out so far.
    bound: Option<u32>,
}

impl Reader<'_> {
    fn hir(&mut self, depth: usize) -> Option<Hir> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.input.byte()? {
            EMPTY => Hir::empty(),
            LITERAL => Hir::literal(self.input.slice()?),
            CLASS_BYTES => {
                let count = self.input.count()?;
                let mut ranges = Vec::with_capacity(count);
                for _ in 0..count {
                    ranges.push(ClassBytesRange::new(self.input.byte()?, self.input.byte()?));
                }
                Hir::class(Class::Bytes(ClassBytes::new(ranges)))
            }
            CLASS_UNICODE => {
                let count = self.input.count()?;
                let mut ranges = Vec::with_capacity(count);
                for _ in 0..count {
                    let start = char::from_u32(self.input.u32()?)?;
                    ranges.push(ClassUnicodeRange::new(start, char::from_u32(self.input.u32()?)?));
                }
                Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
            }
            LOOK => Hir::look(Look::from_repr(self.input.u32()?)?),
            REPETITION => {
                let min = self.input.u32()?;
                let mut max = match self.input.u32()? {
                    0 => None,
                    max => Some(max - 1),
                };
                let greedy = self.input.byte()? != 0;
                let sub = Box::new(self.hir(depth + 1)?);
                if let Some(bounded) = max
                    && self.relax
                    && bounded >= RELAX_FROM
                    && bounded >= min
                    && sub.properties().minimum_len().is_some_and(|len| len > 0)
                {
                    max = None;
                    self.bound = Some(self.bound.map_or(bounded, |bound| bound.min(bounded)));
                }
                Hir::repetition(Repetition { min, max, greedy, sub })
            }
            CAPTURE => {
                let index = self.input.u32()?;
                let name = match self.input.byte()? {
                    0 => None,
                    _ => Some(std::str::from_utf8(self.input.slice()?).ok()?.into()),
                };
                Hir::capture(Capture { index, name, sub: Box::new(self.hir(depth + 1)?) })
            }
            tag @ (CONCAT | ALTERNATION) => {
                let count = self.input.count()?;
                let mut subs = Vec::with_capacity(count);
                for _ in 0..count {
                    subs.push(self.hir(depth + 1)?);
                }
                if tag == CONCAT { Hir::concat(subs) } else { Hir::alternation(subs) }
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_gives_back_the_parsed_tree() {
        for pattern in [
            "",
            "abc",
            r"(?i)secret[_.-]?key\b",
            r"(?m)^[ \t]{0,4}(?P<secret>[A-Za-z0-9+/]{40})(?:==)?$",
            r"x*?y+z{3,}w{2,5}?",
            r"(a|b|cd)(?:e|)\Bf\z",
            r"[^\s'\x22\x60$<>{}()\\]{12,200}",
        ] {
            let hir = parse(pattern).unwrap();
            assert_eq!(decode(&encode(&hir)).as_ref(), Some(&hir), "{pattern}");
        }
        let unicode = regex_syntax::Parser::new().parse(r"\p{Greek}+é").unwrap();
        assert_eq!(decode(&encode(&unicode)), Some(unicode));
    }

    #[test]
    fn relaxing_unbounds_long_repetitions_that_consume_bytes() {
        let relaxed = |pattern: &str| decode_relaxed(&encode(&parse(pattern).unwrap())).unwrap();
        let (hir, bound) = relaxed(r"a[b-z]{12,200}c{1,99}(?:x|){0,300}(?:de){0,150}?f{3,100}");
        assert_eq!(hir, parse(r"a[b-z]{12,}c{1,99}(?:x|){0,300}(?:de){0,}?f{3,}").unwrap());
        assert_eq!(bound, Some(100));
        // Nothing long enough: the tree is the exact one, and there is no bound.
        let exact = r"(?i)(?P<secret>[a-z]{40})\b.{0,99}";
        assert_eq!(relaxed(exact), (parse(exact).unwrap(), None));
        // `decode` never relaxes.
        let long = r"[a-z]{1,500}";
        assert_eq!(decode(&encode(&parse(long).unwrap())), Some(parse(long).unwrap()));
    }

    #[test]
    fn corrupt_encodings_are_refused_not_trusted() {
        let whole = encode(&parse(r"(?i)(?P<secret>ab[c-f]{2,9})\b").unwrap());
        for len in 0..whole.len() {
            assert_eq!(decode(&whole[..len]), None, "cut at {len}");
        }
        let mut longer = whole.clone();
        longer.push(EMPTY);
        assert_eq!(decode(&longer), None);
        assert_eq!(decode(&[99]), None);
        assert_eq!(decode(&[LITERAL, 0xff, 0xff, 0xff, 0xff, 0x0f]), None);
        assert_eq!(decode(&[LOOK, 0x7f]), None);
    }
}

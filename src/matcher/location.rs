//! Byte offsets → 1-based line and column, computed only for chunks that have findings.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`. Columns count characters (UTF-8 lead bytes; an
//! invalid byte counts as one). Offsets are resolved in ascending order, so a chunk with many
//! findings on one huge line is still walked once: no quadratic cost.

use crate::finding::Location;

/// Line starts of a chunk, and a cursor that resolves ascending offsets cheaply.
pub struct LineIndex<'a> {
    bytes: &'a [u8],
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    cursor: Cursor,
}

#[derive(Clone, Copy)]
struct Cursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `bytes`.
    pub fn new(bytes: &'a [u8]) -> LineIndex<'a> {
        let mut starts = vec![0];
        for pos in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let lone_cr = bytes[pos] == b'\r' && bytes.get(pos + 1) != Some(&b'\n');
            if bytes[pos] == b'\n' || lone_cr {
                starts.push(pos + 1);
            }
        }
        LineIndex { bytes, starts, cursor: Cursor { offset: 0, line: 0, column: 1 } }
    }

    /// 1-based (line, column) of byte `offset`. Cheapest when called with ascending offsets.
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let from = if self.cursor.line == line && self.cursor.offset <= offset {
            self.cursor
        } else {
            Cursor { offset: start, line, column: 1 }
        };
        let column =
            from.column + count_chars(&self.bytes[from.offset..offset.min(self.bytes.len())]);
        self.cursor = Cursor { offset, line, column };
        (line + 1, column)
    }

    /// The location of the span `start..end`.
    pub fn location(&mut self, start: usize, end: usize) -> Location {
        let (line, column) = self.position(start);
        let (end_line, end_column) = self.position(end);
        Location { line, column, end_line, end_column }
    }

    /// The byte range of the line that contains `offset`, without its line ending.
    pub fn line_span(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.bytes.len());
        while end > start && matches!(self.bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        (start, end)
    }
}

fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_crlf_and_lone_cr_all_end_lines() {
        let text = b"a\nb\r\nc\rd";
        let mut index = LineIndex::new(text);
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(2), (2, 1));
        assert_eq!(index.position(5), (3, 1));
        assert_eq!(index.position(7), (4, 1));
        assert_eq!(index.line_span(3), (2, 3));
    }

    #[test]
    fn columns_count_characters_and_invalid_bytes() {
        let text = "é=x".as_bytes();
        assert_eq!(LineIndex::new(text).position(3), (1, 3));
        assert_eq!(LineIndex::new(b"\xff\xfe=x").position(3), (1, 4));
    }

    #[test]
    fn offsets_out_of_order_still_resolve() {
        let mut index = LineIndex::new(b"abc\ndef");
        assert_eq!(index.position(6), (2, 3));
        assert_eq!(index.position(1), (1, 2));
        assert_eq!(index.position(5), (2, 2));
    }
}

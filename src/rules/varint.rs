//! LEB128 varints and a bounds-checked reader: the number format of the binary forms `build.rs`
//! embeds ([`super::hir_code`], [`super::nfa_code`]). `build.rs` includes this file.

/// Appends `value` as a LEB128 varint.
pub fn put(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends `bytes`, preceded by their length.
pub fn put_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    put(bytes.len() as u64, out);
    out.extend_from_slice(bytes);
}

/// Reads what [`put`] and [`put_bytes`] wrote; every read is None past the end or on a value
/// that does not fit.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// Whether every byte has been read.
    pub fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The next byte.
    pub fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    /// The next varint.
    pub fn number(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }

    /// The next varint, as a `u32`.
    pub fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.number()?).ok()
    }

    /// The next varint as a count of items still to read: refused when it exceeds the bytes
    /// left (every item takes at least one), so a corrupt encoding cannot ask for a huge
    /// allocation.
    pub fn count(&mut self) -> Option<usize> {
        usize::try_from(self.number()?).ok().filter(|&len| len <= self.bytes.len() - self.at)
    }

    /// The next byte string written by [`put_bytes`].
    pub fn slice(&mut self) -> Option<&'a [u8]> {
        let len = self.count()?;
        let slice = self.bytes.get(self.at..self.at + len)?;
        self.at += len;
        Some(slice)
    }
}

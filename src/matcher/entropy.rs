//! Shannon entropy: how evenly a secret's bytes are spread, in bits per byte.

/// Shannon entropy of `bytes` in bits per byte (0 for empty input, at most 8).
///
/// ```
/// use leakwatch::matcher::entropy::shannon;
/// assert_eq!(shannon(b"aaaa"), 0.0);
/// assert!((shannon(b"abcd") - 2.0).abs() < 1e-9);
/// ```
pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn entropy_stays_in_bounds(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let e = shannon(&bytes);
            prop_assert!((0.0..=8.0).contains(&e));
            if !bytes.is_empty() {
                prop_assert!(e <= (bytes.len() as f64).log2() + 1e-9);
            }
        }
    }
}

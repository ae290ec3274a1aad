//! `TextRange`: a half-open UTF-8 byte range into a document's text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's UTF-8 text.
///
/// Both ends always fall on `char` boundaries of the text they index; constructors that take
/// user data check this through [`crate::Document::range_checked`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    /// A new range. Panics in debug builds if `start > end` (a programming error).
    pub fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end, "TextRange start {start} > end {end}");
        TextRange { start, end }
    }

    /// A range from `usize` byte offsets, as produced by `str` methods.
    pub fn from_usize(start: usize, end: usize) -> Self {
        Self::new(start as u32, end as u32)
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two ranges share at least one byte.
    pub fn overlaps(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl std::fmt::Display for TextRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_and_cover() {
        let a = TextRange::new(0, 5);
        let b = TextRange::new(4, 9);
        let c = TextRange::new(5, 7);
        assert!(a.overlaps(b));
        assert!(!a.overlaps(c));
        assert_eq!(a.cover(c), TextRange::new(0, 7));
        assert!(a.cover(b).contains_range(c));
        assert_eq!(c.len(), 2);
    }
}

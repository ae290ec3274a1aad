//! `OffsetIndex`: the one place where UTF-8 byte offsets and Unicode code-point offsets meet.

/// Converts between UTF-8 byte offsets (inside the engine) and Unicode code-point offsets (at the
/// edges: interchange JSONL, HTTP API, exports).
///
/// For ASCII text both are the same and the index stores nothing. Otherwise it keeps one
/// checkpoint per multi-byte character, so memory is proportional to the non-ASCII content and
/// each lookup is a binary search.
#[derive(Clone, Debug)]
pub struct OffsetIndex {
    /// `(byte_offset_after_char, extra_bytes_so_far)` for every multi-byte character, in order.
    /// `extra` = bytes − code points up to and including that character.
    checkpoints: Vec<(u32, u32)>,
    len_bytes: u32,
    len_chars: u32,
}

impl OffsetIndex {
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::new();
        let mut extra = 0u32;
        let mut chars = 0u32;
        if !text.is_ascii() {
            for (i, c) in text.char_indices() {
                chars += 1;
                let n = c.len_utf8() as u32;
                if n > 1 {
                    extra += n - 1;
                    checkpoints.push((i as u32 + n, extra));
                }
            }
        } else {
            chars = text.len() as u32;
        }
        OffsetIndex {
            checkpoints,
            len_bytes: text.len() as u32,
            len_chars: chars,
        }
    }

    pub fn len_chars(&self) -> u32 {
        self.len_chars
    }

    pub fn len_bytes(&self) -> u32 {
        self.len_bytes
    }

    /// Code-point offset of a byte offset. A byte offset inside a multi-byte character maps to
    /// that character's start; offsets past the end clamp to the end.
    pub fn byte_to_char(&self, byte: u32) -> u32 {
        let byte = byte.min(self.len_bytes);
        // Number of checkpoints whose char ends at or before `byte`.
        let k = self.checkpoints.partition_point(|&(end, _)| end <= byte);
        let extra = if k == 0 { 0 } else { self.checkpoints[k - 1].1 };
        let mut c = byte - extra;
        // If `byte` falls inside the next multi-byte char, snap back to its start.
        if let Some(&(end, e)) = self.checkpoints.get(k) {
            let width_extra = e - extra; // n - 1 for that char
            let start = end - width_extra - 1;
            if byte > start {
                c = start - extra;
            }
        }
        c
    }

    /// Byte offset of a code-point offset; `None` when it lies past the end of the text.
    pub fn char_to_byte(&self, ch: u32) -> Option<u32> {
        if ch > self.len_chars {
            return None;
        }
        // The byte offset is ch + extra bytes of all multi-byte chars that start before `ch`.
        // A checkpoint's char index (0-based) is (end - extra) - 1.
        let k = self
            .checkpoints
            .partition_point(|&(end, extra)| end - extra <= ch);
        let extra = if k == 0 { 0 } else { self.checkpoints[k - 1].1 };
        Some(ch + extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_all(text: &str) {
        let idx = OffsetIndex::new(text);
        let mut ci = 0u32;
        for (b, _) in text.char_indices() {
            assert_eq!(idx.byte_to_char(b as u32), ci, "byte {b} in {text:?}");
            assert_eq!(
                idx.char_to_byte(ci),
                Some(b as u32),
                "char {ci} in {text:?}"
            );
            ci += 1;
        }
        assert_eq!(idx.byte_to_char(text.len() as u32), ci);
        assert_eq!(idx.char_to_byte(ci), Some(text.len() as u32));
        assert_eq!(idx.char_to_byte(ci + 1), None);
        assert_eq!(idx.len_chars(), ci);
    }

    #[test]
    fn ascii_is_identity() {
        check_all("Zakayev told Foreign Policy.");
        check_all("");
    }

    #[test]
    fn multibyte_round_trips() {
        check_all("“We need to be prepared,” Magaletsky told me in March.");
        check_all("Ichkeria’s government-in-exile — in Kyiv 🇺🇦 ok");
        check_all("ééé");
        check_all("a😀b");
    }

    #[test]
    fn inside_a_char_snaps_to_its_start() {
        let idx = OffsetIndex::new("a“b");
        // '“' is 3 bytes at 1..4
        assert_eq!(idx.byte_to_char(2), 1);
        assert_eq!(idx.byte_to_char(3), 1);
        assert_eq!(idx.byte_to_char(4), 2);
    }
}

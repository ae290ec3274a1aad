//! Word tables of the grammar, read from the data files under `resources/`.
//!
//! Every file has the same line format: `class<TAB>word<TAB>value`, one entry a line, the value
//! [`NONE`] (`-`) for a plain word; blank lines and lines starting with `#` are comments. That is
//! the workspace's data-file format (`lexicon::file`: a `# ` header saying the format,
//! tab-separated fields, no key twice) with the class and the word as the key. A rule family
//! reads its classes once (`std::sync::LazyLock`) into sets and maps, so a lookup never
//! allocates: two bit tests (length, first byte) and, when they pass, one hash of the word.
//! Parsing is lenient (a malformed line is skipped, never a panic); the unit tests hold every
//! file to the format through [`Table::problems`].

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::str::FromStr;

/// The value field of a word without a value.
const NONE: &str = "-";

/// A cheap first test before hashing: which lengths and first bytes a list's words have. Most
/// tokens a rule looks up are in none of its lists; two bit tests turn most of them away.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sieve {
    lengths: u64,
    first_bytes: [u64; 4],
}

impl Sieve {
    /// The length bit and the (index, bit) of the first byte of `w`.
    #[inline]
    fn bits(w: &str) -> (u64, usize, u64) {
        let b = w.as_bytes();
        let f = b.first().copied().unwrap_or(0);
        (1 << b.len().min(63), usize::from(f >> 6), 1 << (f & 63))
    }

    /// Lets `w` through.
    pub(crate) fn add(&mut self, w: &str) {
        let (len, i, first) = Sieve::bits(w);
        self.lengths |= len;
        if let Some(x) = self.first_bytes.get_mut(i) {
            *x |= first;
        }
    }

    /// Lets `w` with a period after it through ("sept" for "sept.").
    pub(crate) fn add_with_period(&mut self, w: &str) {
        self.add(w);
        self.lengths |= Sieve::bits(w).0 << 1;
    }

    /// False when no word of the list has the length and first byte of `w`.
    #[inline]
    pub(crate) fn may_hold(&self, w: &str) -> bool {
        let (len, i, first) = Sieve::bits(w);
        self.lengths & len != 0 && self.first_bytes.get(i).is_some_and(|x| x & first != 0)
    }
}

/// A set of words (lowercase, as the scanner sees them).
#[derive(Clone, Debug, Default)]
pub(crate) struct WordSet {
    words: FxHashSet<&'static str>,
    sieve: Sieve,
}

impl WordSet {
    /// Whether `w` is in the set.
    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.sieve.may_hold(w) && self.words.contains(w)
    }
}

impl FromIterator<&'static str> for WordSet {
    fn from_iter<I: IntoIterator<Item = &'static str>>(iter: I) -> Self {
        let mut set = WordSet::default();
        for w in iter {
            set.sieve.add(w);
            set.words.insert(w);
        }
        set
    }
}

/// Words with a value.
#[derive(Clone, Debug)]
pub(crate) struct WordMap<T> {
    map: FxHashMap<&'static str, T>,
    sieve: Sieve,
}

impl<T> WordMap<T> {
    /// The value of `w`.
    #[inline]
    pub(crate) fn get(&self, w: &str) -> Option<&T> {
        if self.sieve.may_hold(w) {
            self.map.get(w)
        } else {
            None
        }
    }

    /// The number of words.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// The values, in no particular order.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn values(&self) -> impl Iterator<Item = &T> {
        self.map.values()
    }
}

impl<T> FromIterator<(&'static str, T)> for WordMap<T> {
    fn from_iter<I: IntoIterator<Item = (&'static str, T)>>(iter: I) -> Self {
        let mut map = WordMap {
            map: FxHashMap::default(),
            sieve: Sieve::default(),
        };
        map.extend(iter);
        map
    }
}

impl<T> Extend<(&'static str, T)> for WordMap<T> {
    fn extend<I: IntoIterator<Item = (&'static str, T)>>(&mut self, iter: I) {
        for (w, v) in iter {
            self.sieve.add(w);
            self.map.insert(w, v);
        }
    }
}

impl<T> IntoIterator for WordMap<T> {
    type Item = (&'static str, T);
    type IntoIter = std::collections::hash_map::IntoIter<&'static str, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter()
    }
}

/// One line of a data file.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Clone, Copy, Debug)]
struct Row {
    line: usize,
    class: &'static str,
    word: &'static str,
    /// The third field, [`NONE`] for a plain word.
    value: &'static str,
}

/// A parsed data file. It remembers which classes its reader asked for, so that a test can
/// find classes in the file that no rule reads.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Table {
    name: &'static str,
    src: &'static str,
    rows: Vec<Row>,
    junk: Vec<usize>,
    asked: RefCell<Vec<&'static str>>,
    /// Lines whose value does not fit the class's reader.
    bad: RefCell<Vec<usize>>,
}

impl Table {
    /// Parses the embedded text of the data file `name`.
    pub(crate) fn parse(name: &'static str, src: &'static str) -> Table {
        let mut rows = Vec::new();
        let mut junk = Vec::new();
        for (n, line) in src.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut it = line.split('\t');
            match (it.next(), it.next(), it.next(), it.next()) {
                (Some(class), Some(word), Some(value), None)
                    if !class.is_empty() && !word.is_empty() && !value.is_empty() =>
                {
                    rows.push(Row {
                        line: n + 1,
                        class,
                        word,
                        value,
                    });
                }
                _ => junk.push(n + 1),
            }
        }
        Table {
            name,
            src,
            rows,
            junk,
            asked: RefCell::default(),
            bad: RefCell::default(),
        }
    }

    fn class(&self, class: &'static str) -> impl Iterator<Item = &Row> {
        self.asked.borrow_mut().push(class);
        self.rows.iter().filter(move |r| r.class == class)
    }

    /// The words of `class` (entries without a value).
    pub(crate) fn set(&self, class: &'static str) -> WordSet {
        self.class(class)
            .filter(|r| self.keep(r, r.value == NONE))
            .map(|r| r.word)
            .collect()
    }

    /// The words of `class` with their values parsed as `T` (a row whose value does not parse
    /// is left out, and reported by the tests).
    pub(crate) fn map<T: FromStr>(&self, class: &'static str) -> WordMap<T> {
        self.class(class)
            .filter_map(|r| {
                let v = r.value.parse().ok();
                self.keep(r, v.is_some());
                Some((r.word, v?))
            })
            .collect()
    }

    /// The words of `class` with their values parsed as `T`, in file order (for rules that try
    /// them in turn).
    pub(crate) fn list<T: FromStr>(&self, class: &'static str) -> Vec<(&'static str, T)> {
        self.class(class)
            .filter_map(|r| {
                let v = r.value.parse().ok();
                self.keep(r, v.is_some());
                Some((r.word, v?))
            })
            .collect()
    }

    /// The words of `class` with their values as written (a value is required).
    pub(crate) fn text_map(&self, class: &'static str) -> WordMap<&'static str> {
        self.class(class)
            .filter(|r| self.keep(r, r.value != NONE))
            .map(|r| (r.word, r.value))
            .collect()
    }

    /// Notes a row whose value does not fit its class; returns `ok`.
    fn keep(&self, r: &Row, ok: bool) -> bool {
        if !ok {
            self.bad.borrow_mut().push(r.line);
        }
        ok
    }
}

#[cfg(test)]
impl Table {
    /// What is wrong with the file once a reader has taken its classes: malformed lines, stray
    /// whitespace, duplicate entries, values that do not fit, classes no rule reads, classes a
    /// rule reads that the file lacks.
    pub(crate) fn problems(&self) -> Vec<String> {
        let name = self.name;
        // The workspace's data-file format (`lexicon::file`): a header comment, three fields,
        // no key (class and word) twice.
        let format = lexicon::file::Format { columns: 3, key: 2 };
        let mut out: Vec<String> = lexicon::file::check(self.src, format)
            .err()
            .map(|e| format!("{name}: {e}"))
            .into_iter()
            .collect();
        out.extend(
            self.junk
                .iter()
                .map(|n| format!("{name}:{n}: not class<TAB>word<TAB>value")),
        );
        let asked = self.asked.borrow();
        let bad = self.bad.borrow();
        let mut seen = FxHashSet::default();
        for r in &self.rows {
            let n = r.line;
            if [r.class, r.word, r.value]
                .iter()
                .any(|f| f.trim() != *f || f.contains("  "))
                || r.class.contains(' ')
                || r.word.contains(' ')
            {
                out.push(format!("{name}:{n}: stray whitespace"));
            }
            if !seen.insert((r.class, r.word)) {
                out.push(format!("{name}:{n}: duplicate {} {}", r.class, r.word));
            }
            if !asked.contains(&r.class) {
                out.push(format!("{name}:{n}: class {} is read by no rule", r.class));
            }
            if bad.contains(&n) {
                out.push(format!("{name}:{n}: value {:?} does not fit", r.value));
            }
        }
        for c in asked.iter() {
            if !self.rows.iter().any(|r| r.class == *c) {
                out.push(format!("{name}: class {c} is empty"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_each_bad_line() {
        let t = Table::parse(
            "t.tsv",
            "# t: class<TAB>word<TAB>value\nset\tx\t-\nset\tx\t-\nunread\ty\t-\njunk\tw\nnum\tq\tmany\nnum\tr\t7\n",
        );
        let set = t.set("set");
        let num = t.map::<u32>("num");
        assert!(set.contains("x") && !set.contains("y") && !set.contains(""));
        assert_eq!((num.get("r"), num.get("q"), num.len()), (Some(&7), None, 1));
        let p = t.problems();
        for (line, what) in [
            (3, "duplicate"),
            (4, "read by no rule"),
            (5, "not class"),
            (6, "does not fit"),
        ] {
            assert!(
                p.iter()
                    .any(|m| m.contains(&format!("t.tsv:{line}:")) && m.contains(what)),
                "{p:?}"
            );
        }
        assert!(p.iter().any(|m| m.starts_with("t.tsv: line 3")), "{p:?}");
    }

    #[test]
    fn the_sieve_keeps_every_word() {
        let words = ["a", "’s", "o'clock", "year-ago", "", "x"];
        let set: WordSet = words[..4].iter().copied().collect();
        for w in &words[..4] {
            assert!(set.contains(w), "{w}");
        }
        assert!(!set.contains(words[4]) && !set.contains(words[5]) && !set.contains("b"));
        let long: WordSet = ["a-very-long-word-of-more-than-sixty-four-bytes-to-test-the-last-bit"]
            .into_iter()
            .collect();
        assert!(
            long.contains("a-very-long-word-of-more-than-sixty-four-bytes-to-test-the-last-bit")
        );
        assert!(
            !long.contains("a-very-long-word-of-more-than-sixty-four-bytes-to-test-the-last-bi")
        );
    }
}

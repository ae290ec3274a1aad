//! Word tables of the grammar, read from the data files under `resources/`.
//!
//! Every file has the same line format: `class<TAB>word<TAB>value`, one entry a line, the value
//! [`NONE`] (`-`) for a plain word; blank lines and lines starting with `#` are comments. A rule family reads its classes once
//! (`std::sync::LazyLock`) into hash sets and maps, so a lookup costs one hash of the word and
//! never allocates. Parsing is lenient (a malformed line is skipped, never a panic); the unit
//! tests hold every file to the format through [`Table::problems`].

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::str::FromStr;

/// The value field of a word without a value.
const NONE: &str = "-";

/// A set of words (lowercase, as the scanner sees them).
pub(crate) type WordSet = FxHashSet<&'static str>;
/// Words with a value.
pub(crate) type WordMap<T> = FxHashMap<&'static str, T>;

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
        let mut out: Vec<String> = self
            .junk
            .iter()
            .map(|n| format!("{name}:{n}: not class<TAB>word<TAB>value"))
            .collect();
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

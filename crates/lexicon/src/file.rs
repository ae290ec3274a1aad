//! The data-file format every word list and table of the workspace is written in, its reader
//! and its checks.
//!
//! A data file is UTF-8 text embedded with `include_str!`. Its first line is a `# ` comment
//! saying what the list is and the format of a line. Lines starting with `#` are comments, empty
//! lines separate sections; every other line is one entry: fields separated by one tab (a word
//! list has one field). An entry has no leading or trailing whitespace, no empty field, and no
//! key (its leading fields) twice.
//!
//! Reading is lenient (comments and empty lines skipped, nothing panics); [`check`] is strict
//! and is what each crate's unit tests call on each of its files.

use std::fmt;

/// The entries of a data file, in file order: its lines minus comments and empty lines.
pub fn entries(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The tab-separated fields of each entry, in file order.
pub fn rows(src: &str) -> impl Iterator<Item = Vec<&str>> {
    entries(src).map(|l| l.split('\t').map(str::trim).collect())
}

/// The shape [`check`] expects of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// Fields per entry.
    pub columns: usize,
    /// How many leading fields make an entry's key, which must be unique in the file.
    pub key: usize,
}

impl Format {
    /// A word list: one field, unique.
    pub const WORDS: Format = Format { columns: 1, key: 1 };

    /// A table of `columns` fields keyed by its first.
    pub const fn table(columns: usize) -> Format {
        Format { columns, key: 1 }
    }
}

/// What is wrong with a data file, and on which line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// The line number, 1-based.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for FileError {}

/// Checks a data file strictly: a `# ` header line saying what it holds, no whitespace-only
/// lines, no stray whitespace around entries or fields, `format.columns` non-empty fields per
/// entry, no key twice, at least one entry. Returns the number of entries.
pub fn check(src: &str, format: Format) -> Result<usize, FileError> {
    let err = |line: usize, message: String| Err(FileError { line, message });
    if !src.starts_with("# ") {
        return err(
            1,
            "the file must open with a `# ` comment saying its format".into(),
        );
    }
    let mut keys = rustc_hash::FxHashMap::default();
    let mut n = 0;
    for (i, line) in src.lines().enumerate() {
        let no = i + 1;
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if line.trim().is_empty() {
            return err(no, "whitespace-only line".into());
        }
        if line.trim() != line {
            return err(no, format!("whitespace around {line:?}"));
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != format.columns {
            return err(
                no,
                format!(
                    "{} fields, {} expected: {line:?}",
                    fields.len(),
                    format.columns
                ),
            );
        }
        if let Some(f) = fields.iter().find(|f| f.is_empty() || f.trim() != **f) {
            return err(no, format!("empty field or whitespace in field {f:?}"));
        }
        let key = fields[..format.key.min(fields.len())].join("\t");
        if let Some(first) = keys.insert(key, no) {
            return err(no, format!("{line:?} repeats line {first}"));
        }
        n += 1;
    }
    if n == 0 {
        return err(1, "no entries".into());
    }
    Ok(n)
}

/// Checks that `src` is a well-formed word list ([`Format::WORDS`]) of lower-case entries.
pub fn check_lowercase_words(src: &str) -> Result<usize, FileError> {
    let n = check(src, Format::WORDS)?;
    for (i, line) in src.lines().enumerate() {
        if !line.starts_with('#') && line.to_lowercase() != line {
            return Err(FileError {
                line: i + 1,
                message: format!("{line:?} is not lower case"),
            });
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_comments_and_empty_lines() {
        let src = "# words\nalpha\n\n# more\nbeta\tb\n";
        assert_eq!(entries(src).collect::<Vec<_>>(), ["alpha", "beta\tb"]);
        assert_eq!(
            rows(src).collect::<Vec<_>>(),
            [vec!["alpha"], vec!["beta", "b"]]
        );
    }

    #[test]
    fn check_accepts_a_good_file() {
        assert_eq!(check("# a list\nalpha\nbeta\n", Format::WORDS), Ok(2));
        assert_eq!(check("# a table\na\t1\nb\t1\n", Format::table(2)), Ok(2));
        assert_eq!(
            check("# pairs\na\tx\na\ty\n", Format { columns: 2, key: 2 }),
            Ok(2)
        );
    }

    #[test]
    fn check_names_the_bad_line() {
        let line = |src: &str, f: Format| check(src, f).map_err(|e| e.line);
        assert_eq!(line("alpha\n", Format::WORDS), Err(1));
        assert_eq!(line("# x\nalpha\nalpha\n", Format::WORDS), Err(3));
        assert_eq!(line("# x\nalpha \n", Format::WORDS), Err(2));
        assert_eq!(line("# x\nalpha\n  \n", Format::WORDS), Err(3));
        assert_eq!(line("# x\na\t1\nb\n", Format::table(2)), Err(3));
        assert_eq!(line("# x\na\t\n", Format::table(2)), Err(2));
        assert_eq!(line("# x\n# nothing\n", Format::WORDS), Err(1));
        assert_eq!(
            check_lowercase_words("# x\nalpha\nBeta\n").map_err(|e| e.line),
            Err(3)
        );
    }

    #[test]
    fn errors_read_as_text() {
        let e = check("# x\na\na\n", Format::WORDS).unwrap_err();
        assert_eq!(e.to_string(), "line 3: \"a\" repeats line 2");
    }
}

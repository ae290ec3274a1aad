//! Golden tests for the annotators: marked-up text in, expected layers out.
//!
//! Two ways to state what an annotator should give back, both over the one marked-text syntax
//! of [`marked`] (`[Akhmed Zakayev](PER) arrived in [March](DATE:2024-03).`):
//!
//! - **Inline**: the marks of the input are the expectation. [`check_marks`] strips them, runs
//!   the annotator on the plain text and compares the marks it gives back, printing both as
//!   marked text on a mismatch (the style of `timex`'s tests).
//! - **Snapshot**: a fixture file holds many cases (`## name` then marked text; `# ` lines are
//!   comments). [`assert_golden!`] runs a closure over each case (its marks are the input
//!   layers, e.g. entity mentions) and compares the text the closure writes for all cases with
//!   an `insta` snapshot stored next to the calling test (`src/snapshots/*.snap`).
//!
//! **Update mode.** When an annotator changes on purpose, rewrite the snapshots with
//! `INSTA_UPDATE=always cargo test -p <crate>` (or `cargo insta test` / `cargo insta review`
//! with `cargo-insta` installed) and review the `.snap` diff before committing; CI
//! (`CI=true`) never writes them. A missing snapshot fails the test and leaves a `.snap.new`.
//!
//! This crate is a dev-dependency only: it may panic, as tests do, when a fixture is malformed.

pub mod marked;

pub use insta;
pub use marked::{Mark, MarkError, Marked, render};

use std::fmt;

/// One case of a fixture file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The name after `## `.
    pub name: String,
    /// The line of the `## ` header (1-based).
    pub line: usize,
    /// The marked text as written.
    pub source: String,
    /// The marked text parsed.
    pub marked: Marked,
}

/// What is wrong with a fixture file, and on which line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixtureError {
    /// The line number, 1-based.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for FixtureError {}

/// Reads a fixture file: lines starting with `## ` open a case named by the rest of the line;
/// lines starting with `# ` (or a lone `#`) are comments; the other lines, up to the next case,
/// are the case's marked text (joined with `\n`, empty lines at both ends dropped). Names are
/// unique and every case has text; text before the first case is an error.
pub fn cases(src: &str) -> Result<Vec<Case>, FixtureError> {
    let err = |line, message: String| Err(FixtureError { line, message });
    let mut out: Vec<Case> = Vec::new();
    let mut current: Option<(String, usize, Vec<&str>)> = None;
    let finish = |c: Option<(String, usize, Vec<&str>)>, out: &mut Vec<Case>| {
        let Some((name, line, lines)) = c else {
            return Ok(());
        };
        let source = lines.join("\n").trim_matches('\n').to_string();
        if source.trim().is_empty() {
            return Err(FixtureError {
                line,
                message: format!("case {name:?} has no text"),
            });
        }
        let marked = Marked::parse(&source).map_err(|e| FixtureError {
            line,
            message: format!("case {name:?}: {e}"),
        })?;
        out.push(Case {
            name,
            line,
            source,
            marked,
        });
        Ok(())
    };
    for (i, l) in src.lines().enumerate() {
        let no = i + 1;
        if let Some(name) = l.strip_prefix("## ") {
            finish(current.take(), &mut out)?;
            let name = name.trim().to_string();
            if name.is_empty() {
                return err(no, "a case needs a name after `## `".into());
            }
            if let Some(c) = out.iter().find(|c| c.name == name) {
                return err(no, format!("case {name:?} repeats line {}", c.line));
            }
            current = Some((name, no, Vec::new()));
        } else if l == "#" || l.starts_with("# ") {
            continue;
        } else if let Some((_, _, lines)) = current.as_mut() {
            lines.push(l);
        } else if !l.trim().is_empty() {
            return err(no, "text before the first `## case`".into());
        }
    }
    finish(current.take(), &mut out)?;
    if out.is_empty() {
        return err(1, "no `## case` in the fixture".into());
    }
    Ok(out)
}

/// Runs `annotate` over every case of a fixture file and writes one report: per case its
/// `## name`, the marked input, a `--` line and what `annotate` wrote (its trailing whitespace
/// trimmed). This is the text [`assert_golden!`] snapshots.
pub fn report(
    fixture: &str,
    mut annotate: impl FnMut(&Case) -> String,
) -> Result<String, FixtureError> {
    let mut out = String::new();
    for case in cases(fixture)? {
        let got = annotate(&case);
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!(
            "## {}\n{}\n--\n{}\n",
            case.name,
            case.source,
            got.trim_end()
        ));
    }
    Ok(out)
}

/// Compares the marks `annotate` gives back for the plain text of `marked` with the marks
/// written in it; `Err` holds both as marked text when they differ or the input is malformed.
pub fn compare_marks(
    marked: &str,
    annotate: impl FnOnce(&Marked) -> Vec<Mark>,
) -> Result<(), String> {
    let want = Marked::parse(marked).map_err(|e| format!("{marked:?}: {e}"))?;
    let mut got = annotate(&want);
    marked::sort(&mut got);
    if got == want.marks {
        Ok(())
    } else {
        Err(format!(
            "want: {}\n got: {}",
            render(&want.text, &want.marks),
            render(&want.text, &got)
        ))
    }
}

/// [`compare_marks`] as a test assertion: panics with both renderings when they differ.
#[track_caller]
pub fn check_marks(marked: &str, annotate: impl FnOnce(&Marked) -> Vec<Mark>) {
    if let Err(diff) = compare_marks(marked, annotate) {
        panic!("golden marks differ\n{diff}");
    }
}

/// Snapshots [`report`] of a fixture with `insta`:
/// `golden::assert_golden!("chains", include_str!("../tests/chains.txt"), |case| render(case))`.
/// The snapshot is stored next to the calling test as insta does (see the crate docs for the
/// update mode). A malformed fixture fails the test with its line.
#[macro_export]
macro_rules! assert_golden {
    ($name:expr, $fixture:expr, $annotate:expr $(,)?) => {
        match $crate::report($fixture, $annotate) {
            Ok(report) => $crate::insta::assert_snapshot!($name, report),
            Err(e) => panic!("golden fixture {}: {e}", $name),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "# A comment.\n\n## first\n[Kyiv](LOC) is big.\n\n## second\n# note\nLine one\nline [two](X:2)\n";

    #[test]
    fn cases_are_read_in_order() {
        let cs = cases(FIXTURE).unwrap();
        assert_eq!(cs.len(), 2);
        assert_eq!((cs[0].name.as_str(), cs[0].line), ("first", 3));
        assert_eq!(cs[0].marked.text, "Kyiv is big.");
        assert_eq!(cs[1].source, "Line one\nline [two](X:2)");
        assert_eq!(cs[1].marked.marks, [Mark::with_value(14..17, "X", "2")]);
    }

    #[test]
    fn malformed_fixtures_name_their_line() {
        let line = |src: &str| cases(src).map(|_| ()).map_err(|e| e.line);
        assert_eq!(line("stray\n## a\nx\n"), Err(1));
        assert_eq!(line("## a\nx\n## a\ny\n"), Err(3));
        assert_eq!(line("## a\n\n## b\ny\n"), Err(1));
        assert_eq!(line("## a\n[x\n"), Err(1));
        assert_eq!(line("## \nx\n"), Err(1));
        assert_eq!(line("# only comments\n"), Err(1));
    }

    #[test]
    fn report_lists_input_and_output_per_case() {
        let r = report(FIXTURE, |c| format!("{} marks\n\n", c.marked.marks.len())).unwrap();
        assert_eq!(
            r,
            "## first\n[Kyiv](LOC) is big.\n--\n1 marks\n\n## second\nLine one\nline [two](X:2)\n--\n1 marks\n"
        );
    }

    #[test]
    fn compare_marks_shows_both_sides() {
        assert_eq!(
            compare_marks("in [March](DATE:2024-03)", |m| {
                let start = m.text.find("March").unwrap_or(0);
                vec![Mark::with_value(start..start + 5, "DATE", "2024-03")]
            }),
            Ok(())
        );
        let diff = compare_marks("[a](X) b", |_| vec![Mark::new(2..3, "X")]).unwrap_err();
        assert_eq!(diff, "want: [a](X) b\n got: a [b](X)");
        assert!(compare_marks("[a", |_| Vec::new()).is_err());
        check_marks("plain", |_| Vec::new());
    }

    #[test]
    fn snapshot_of_a_fixture() {
        assert_golden!("fixture_marks", FIXTURE, |c: &Case| {
            c.marked
                .marks
                .iter()
                .map(|m| format!("{} {:?}", m.tag(), c.marked.slice(m)))
                .collect::<Vec<_>>()
                .join("\n")
        });
    }
}

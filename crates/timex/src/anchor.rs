//! The anchor of relative expressions: the document creation time from metadata, a dateline
//! or the URL, or none (undated).

use crate::calendar as cal;
use crate::rules::{Match, Scanner};
use doc::{Document, TextRange};
use jiff::civil::Date;

/// Where the anchor date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorSource {
    /// `DocMeta::published` (its `YYYY-MM-DD` prefix).
    Metadata,
    /// A dateline at the start of the text ("KYIV, 20 March 2024 —").
    Dateline,
    /// A `/YYYY/MM/DD/` or `YYYY-MM-DD` date in `DocMeta::url`.
    Url,
    /// No date found: relative expressions get `X` placeholders.
    Undated,
}

impl AnchorSource {
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorSource::Metadata => "metadata",
            AnchorSource::Dateline => "dateline",
            AnchorSource::Url => "url",
            AnchorSource::Undated => "undated",
        }
    }
}

/// The document creation time relative expressions resolve against, and its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub date: Option<Date>,
    pub source: AnchorSource,
    /// The dateline's date in the text, when the anchor came from one.
    pub evidence: Option<TextRange>,
}

impl Anchor {
    /// The anchor date as `YYYY-MM-DD`, when there is one.
    pub fn value(&self) -> Option<String> {
        self.date.map(cal::fmt_day)
    }

    /// `anchor 2024-08-25 (metadata)` or `undated: no anchor date`.
    pub fn describe(&self) -> String {
        match self.value() {
            Some(v) => format!("anchor {v} ({})", self.source.as_str()),
            None => "undated: no anchor date in metadata, dateline or URL".to_string(),
        }
    }
}

/// The anchor of `doc`: metadata, then a dateline in the first tokens, then the URL.
pub fn find_anchor(doc: &Document) -> Anchor {
    if let Some(d) = doc.meta.published_date().and_then(cal::parse_iso) {
        return Anchor {
            date: Some(d),
            source: AnchorSource::Metadata,
            evidence: None,
        };
    }
    if let Some((d, r)) = dateline(doc) {
        return Anchor {
            date: Some(d),
            source: AnchorSource::Dateline,
            evidence: Some(r),
        };
    }
    if let Some(d) = doc.meta.url.as_deref().and_then(url_date) {
        return Anchor {
            date: Some(d),
            source: AnchorSource::Url,
            evidence: None,
        };
    }
    Anchor {
        date: None,
        source: AnchorSource::Undated,
        evidence: None,
    }
}

/// A full date among the first tokens of the text, followed by a dash ("KYIV, 20 March 2024 —"),
/// a parenthesis ("August 11 (Xinhua) --") or the end of its line ("BRUSSELS 1996-08-22\n").
fn dateline(doc: &Document) -> Option<(Date, TextRange)> {
    let toks = doc.token_items();
    let n = toks.len().min(40);
    let raw: Vec<&str> = toks.iter().take(n).map(|t| doc.slice(t.range)).collect();
    let lw: Vec<String> = raw.iter().map(|s| s.to_lowercase()).collect();
    let mut sc = Scanner::new(&raw, &lw, &[], None);
    sc.set_bounds(0, n);
    let text = doc.text();
    for i in 0..n {
        let a = toks.get(i)?.range.start;
        if a > 300 {
            return None;
        }
        let Some(Match {
            end: e,
            value: v,
            explicit: true,
            ..
        }) = sc.calendar_expression(i)
        else {
            continue;
        };
        let Some(d) = cal::parse_iso(&v) else {
            continue;
        };
        let b = toks.get(e.checked_sub(1)?)?.range.end;
        let after = raw.get(e).copied().unwrap_or("");
        let after2 = raw.get(e + 1).copied().unwrap_or("");
        let dash = |s: &str| matches!(s, "—" | "–" | "-" | "--" | "_" | ":" | ")" | "/");
        let gap_end = toks.get(e).map_or(text.len(), |t| t.range.start as usize);
        let line_end = text
            .get(b as usize..gap_end)
            .is_some_and(|g| g.contains('\n'))
            || gap_end == text.len();
        if dash(after)
            || (after == "(" && (dash(after2) || after2 == "AP" || after2.len() > 1))
            || line_end
        {
            return Some((d, TextRange::new(a, b)));
        }
        return None;
    }
    None
}

/// A date in a URL path: `/2024/08/25/`, `/2024-08-25`, `20240825` is not read (too ambiguous).
pub(crate) fn url_date(url: &str) -> Option<Date> {
    let b = url.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        let starts = i == 0 || !b[i - 1].is_ascii_digit();
        if starts && b[i..i + 4].iter().all(u8::is_ascii_digit) {
            let y: i32 = url.get(i..i + 4)?.parse().ok()?;
            let sep = b.get(i + 4).copied();
            if matches!(sep, Some(b'/') | Some(b'-')) && (1990..=2100).contains(&y) {
                let rest = url.get(i + 5..)?;
                let sep = sep.map(char::from).unwrap_or('/');
                let mut parts = rest.splitn(3, sep);
                let m = parts.next().filter(|s| (1..=2).contains(&s.len()));
                let d = parts
                    .next()
                    .map(|s| {
                        s.chars()
                            .take_while(char::is_ascii_digit)
                            .collect::<String>()
                    })
                    .filter(|s| (1..=2).contains(&s.len()));
                if let (Some(m), Some(d)) = (m, d)
                    && let (Ok(m), Ok(d)) = (m.parse::<u8>(), d.parse::<u8>())
                    && let Some(date) = cal::date(y, m, d)
                {
                    return Some(date);
                }
            }
        }
        i += 1;
    }
    None
}

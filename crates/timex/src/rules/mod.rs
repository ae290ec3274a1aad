//! The grammar: token patterns for time expressions and their TIMEX3 values against the anchor.
//!
//! The scanner walks one sentence at a time; at each token every rule family is tried and the
//! longest match wins (ties go to the family tried first). Values are resolved against the
//! document creation time (DCT), the tense near the expression and the last date in focus.
//!
//! One module per family, each with its word table in `resources/<family>.tsv` and its cases
//! in `fixtures/<family>.txt`:
//!
//! | module | expressions |
//! |---|---|
//! | [`clock`] | clock times: "10:35 a.m. local time", "noon today", "8 p.m. EDT Tuesday" |
//! | [`day`] | days: "Tuesday", "yesterday", "last night", "Friday morning" |
//! | [`calendar`] | calendar names: months, dates, years, decades, centuries, seasons, quarters, holidays |
//! | [`relative`] | calendar units from the DCT or the focus: "last week", "that year", "the year-ago quarter" |
//! | [`quantity`] | durations and offsets: "three decades", "two days later", "the past two months" |
//! | [`set`] | sets: "weekly", "every other week", "twice a month", "Mondays" |
//! | [`reference`] | "now", "recently", "the future", anaphora: "at that time" |
//! | [`era`] | years with an era: "490 BC", "AD 70" |
//! | [`range`] | a range in one token read as two points: "1915-17", "March 3-5" |
//!
//! Shared machinery: [`context`] (the tense around an expression), [`resolve`] (placing a name
//! against the DCT, the story's year and the focus), and the focus kept here.

#[macro_use]
mod word_table;

mod calendar;
mod clock;
mod context;
mod day;
mod era;
mod quantity;
mod range;
mod reference;
mod relative;
mod resolve;
mod set;

use crate::table::{Table, WordSet};
use crate::words as lex;
use doc::TimexType;
use jiff::civil::Date;
use std::cell::Cell;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Present,
    Future,
    Unknown,
}

/// How a calendar name is placed relative to the DCT: by a `last`/`this`/`next` word or by tense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    Last,
    This,
    Next,
    ByTense,
}

impl Rel {
    /// The relation of a direction in a word table: -1 last, 0 this, 1 next.
    fn from_direction(d: i8) -> Rel {
        match d {
            ..0 => Rel::Last,
            0 => Rel::This,
            _ => Rel::Next,
        }
    }
}

/// One recognized expression, as token indices `[start, end)`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub kind: TimexType,
    pub value: String,
    /// The value names a year written in the text (it may become the date in focus).
    pub explicit: bool,
    /// Bytes of the first token left out of the span (a range's second point starts inside
    /// the token "1915-17").
    pub lead: usize,
    /// Where the span ends inside its last token, in bytes, when it ends before the token
    /// does (a range's first point: "1915" of "1915-17").
    pub trail: Option<usize>,
    /// What the value was resolved against: the DCT or an earlier hit.
    pub anchor: Option<Src>,
    /// On a range's first point (the second is the next hit): the range's duration.
    pub duration: Option<String>,
}

/// The reference time a value was resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Src {
    /// The document creation time.
    Dct,
    /// An earlier hit of the document, by its index in the scanner's output.
    Hit(usize),
}

/// What one rule matched at its start token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Match {
    /// The token after the expression.
    pub end: usize,
    pub kind: TimexType,
    pub value: String,
    /// The value names a year written in the text.
    pub explicit: bool,
}

impl Match {
    fn new(end: usize, kind: TimexType, value: String, explicit: bool) -> Match {
        Match {
            end,
            kind,
            value,
            explicit,
        }
    }

    /// A `DATE` with no year written in the text.
    fn date(end: usize, value: String) -> Option<Match> {
        Some(Match::new(end, TimexType::Date, value, false))
    }
}

/// Words of the focus: what stops a narrative's year from placing year-less dates.
struct NarrativeWords {
    /// Words that make a date derived from another ("three years ago", "the previous year"):
    /// such a date never becomes the focus.
    derived: WordSet,
    /// Prepositions before a year that make it an adverbial: the year a story is telling.
    adverbial: WordSet,
}

impl NarrativeWords {
    fn read(t: &Table) -> NarrativeWords {
        NarrativeWords {
            derived: t.set("derived"),
            adverbial: t.set("adverbial"),
        }
    }
}

word_table!("narrative.tsv", NarrativeWords);

pub(crate) struct Scanner<'a> {
    raw: &'a [&'a str],
    lw: &'a [String],
    dct_date: Option<Date>,
    /// The reference the last resolution read (the DCT or the hit that set the focus it used).
    used: Cell<Option<Src>>,
    /// The hits that set `focus_year`, `focus_q`, `focus_day`, `story` and `story_value`.
    src_year: Option<usize>,
    src_q: Option<usize>,
    src_day: Option<usize>,
    src_story: Option<usize>,
    src_story_value: Option<usize>,
    lo: usize,
    hi: usize,
    focus_year: Option<i32>,
    /// The year a narrative is telling, set by an adverbial year ("In 1994, …", "on May 2,
    /// 1944"), with the paragraph and sentence number where it was set; cleared by an
    /// expression that speaks from the document date ("last week", "Tuesday").
    story: Option<(i32, u32, usize)>,
    /// Number of the sentence being scanned.
    sent_no: usize,
    /// The value of the last date written out in full or with its year ("in 1944", "on 3 May
    /// 1998"): what "at that time" refers to.
    story_value: Option<String>,
    /// Paragraph number of each token (a line break between two tokens starts a new one).
    para: &'a [u32],
    focus_q: Option<(i32, u8)>,
    focus_day: Option<Date>,
    /// First token of the sentence where `focus_day` was set.
    focus_day_lo: Option<usize>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(
        raw: &'a [&'a str],
        lw: &'a [String],
        para: &'a [u32],
        dct: Option<Date>,
    ) -> Self {
        Scanner {
            raw,
            lw,
            dct_date: dct,
            used: Cell::new(None),
            src_year: None,
            src_q: None,
            src_day: None,
            src_story: None,
            src_story_value: None,
            lo: 0,
            hi: 0,
            focus_year: None,
            story: None,
            sent_no: 0,
            story_value: None,
            para,
            focus_q: None,
            focus_day: None,
            focus_day_lo: None,
        }
    }

    /// Restricts matching to the tokens `[lo, hi)` without scanning.
    pub(crate) fn set_bounds(&mut self, lo: usize, hi: usize) {
        self.lo = lo;
        self.hi = hi.min(self.lw.len());
    }

    /// Scans the tokens `[lo, hi)` of one sentence and appends its expressions to `out`.
    pub(crate) fn sentence(&mut self, lo: usize, hi: usize, out: &mut Vec<Hit>) {
        self.lo = lo;
        self.hi = hi.min(self.lw.len());
        self.sent_no += 1;
        let mut i = self.lo;
        while i < self.hi {
            self.used.set(None);
            if let Some((mut a, mut b)) = self.range_points(i) {
                i = b.end.max(i + 1);
                a.anchor = self.used.get();
                // The second point is read against the first ("17" of "1915-17").
                b.anchor = a.anchor.map(|_| Src::Hit(out.len())).or(b.anchor);
                self.update_focus(&a, out.len());
                out.push(a);
                self.update_focus(&b, out.len());
                out.push(b);
                continue;
            }
            match self.match_at(i) {
                Some(h) => {
                    i = h.end.max(i + 1);
                    // Two expressions joined as a range: the first carries the duration.
                    if let Some(prev) = out.last_mut()
                        && prev.duration.is_none()
                    {
                        prev.duration = self.joined_range(prev, &h);
                    }
                    self.update_focus(&h, out.len());
                    out.push(h);
                }
                None => i += 1,
            }
        }
    }

    /// The longest match of any family at token `i` (ties go to the family tried first).
    fn match_at(&self, i: usize) -> Option<Hit> {
        // Punctuation never starts an expression.
        if self.word(i).bytes().all(|b| b.is_ascii_punctuation()) {
            return None;
        }
        let families: [fn(&Self, usize) -> Option<Match>; 8] = [
            Self::clock_time,
            Self::day_expression,
            Self::calendar_expression,
            Self::relative_expression,
            Self::quantity_expression,
            Self::set_expression,
            Self::reference_expression,
            Self::era_year,
        ];
        let mut best: Option<(Match, Option<Src>)> = None;
        for f in families {
            // Each family's reads are recorded apart: the anchor is the winner's.
            self.used.set(None);
            let Some(c) = f(self, i) else { continue };
            if c.end > i && best.as_ref().is_none_or(|(b, _)| c.end > b.end) {
                best = Some((c, self.used.get()));
            }
        }
        best.map(|(m, used)| Hit {
            start: i,
            end: m.end,
            kind: m.kind,
            // A value that names its own year whole reads no reference.
            anchor: if m.explicit && !m.value.contains('X') {
                None
            } else {
                used
            },
            value: m.value,
            explicit: m.explicit,
            lead: 0,
            trail: None,
            duration: None,
        })
    }

    /// Moves the focus (the year, quarter and day the text speaks of) and the story's year
    /// after the expression `h`.
    fn update_focus(&mut self, h: &Hit, idx: usize) {
        if h.kind != TimexType::Date {
            return;
        }
        let words = &*WORDS;
        let v = h.value.as_bytes();
        let derived = (h.start..h.end).any(|k| self.word_in(k, &words.derived));
        // A year or day read from the story's own time ("two years later", "the following
        // year", "three days later") moves the story on; one read from the document date
        // ("three years ago") speaks from the present and ends it.
        let year_or_day = v.len() == 4 || crate::calendar::parse_iso(&h.value).is_some();
        let moves = !h.explicit && year_or_day && matches!(h.anchor, Some(Src::Hit(_)));
        if moves && let Some(y) = h.value.get(0..4).and_then(|s| s.parse::<i32>().ok()) {
            self.focus_year = Some(y);
            self.src_year = Some(idx);
            if let Some((_, p, _)) = self.story
                && self.para.get(h.start) == Some(&p)
            {
                self.story = Some((y, p, self.sent_no));
                self.src_story = Some(idx);
            }
        } else if derived || (!h.explicit && (h.start..h.end).any(|k| lex::deictic(self.word(k)))) {
            self.story = None;
        }
        if derived && !moves {
            return;
        }
        if v.len() >= 7
            && v[4] == b'-'
            && v[5] == b'Q'
            && let (Some(y), Some(q)) = (
                h.value.get(0..4).and_then(|s| s.parse().ok()),
                h.value.get(6..7).and_then(|s| s.parse().ok()),
            )
        {
            self.focus_q = Some((y, q));
            self.src_q = Some(idx);
        }
        if h.explicit
            && let Some(y) = h.value.get(0..4).and_then(|s| s.parse::<i32>().ok())
        {
            self.focus_year = Some(y);
            self.src_year = Some(idx);
            self.story_value = Some(h.value.clone());
            self.src_story_value = Some(idx);
            let adverbial =
                h.start == self.lo || words.adverbial.contains(self.word_before(h.start));
            if adverbial && let Some(&p) = self.para.get(h.start) {
                self.story = Some((y, p, self.sent_no));
                self.src_story = Some(idx);
            }
        }
        if let Some(d) = crate::calendar::parse_iso(&h.value) {
            self.focus_day = Some(d);
            self.focus_day_lo = Some(self.lo);
            self.src_day = Some(idx);
            if h.explicit {
                self.focus_year = Some(i32::from(d.year()));
                self.src_year = Some(idx);
            }
        }
    }

    // ----- references, recorded as they are read --------------------------------------------

    fn note(&self, src: Option<Src>) {
        if src.is_some() {
            self.used.set(src);
        }
    }

    /// The document creation time, noted as the reference read.
    fn dct(&self) -> Option<Date> {
        if self.dct_date.is_some() {
            self.note(Some(Src::Dct));
        }
        self.dct_date
    }

    /// The year in focus, noted with the expression that set it.
    fn year_in_focus(&self) -> Option<i32> {
        if self.focus_year.is_some() {
            self.note(self.src_year.map(Src::Hit));
        }
        self.focus_year
    }

    /// The day in focus, noted with the expression that set it.
    fn day_in_focus(&self) -> Option<Date> {
        if self.focus_day.is_some() {
            self.note(self.src_day.map(Src::Hit));
        }
        self.focus_day
    }

    /// The quarter in focus, noted with the expression that set it.
    fn quarter_in_focus(&self) -> Option<(i32, u8)> {
        if self.focus_q.is_some() {
            self.note(self.src_q.map(Src::Hit));
        }
        self.focus_q
    }

    /// The value of the last date written with its year, noted with its expression.
    fn story_value_in_focus(&self) -> Option<&str> {
        if self.story_value.is_some() {
            self.note(self.src_story_value.map(Src::Hit));
        }
        self.story_value.as_deref()
    }

    // ----- token access -------------------------------------------------------------------

    /// The lowercase token `i`, or "" outside the sentence.
    fn word(&self, i: usize) -> &str {
        if i < self.hi {
            self.lw.get(i).map_or("", String::as_str)
        } else {
            ""
        }
    }

    /// The token `i` as written, or "" outside the sentence.
    fn raw_word(&self, i: usize) -> &str {
        if i < self.hi {
            self.raw.get(i).copied().unwrap_or("")
        } else {
            ""
        }
    }

    /// The lowercase token before `i`, or "" at the start of the sentence.
    fn word_before(&self, i: usize) -> &str {
        if i > self.lo { self.word(i - 1) } else { "" }
    }

    /// Whether token `i` is written with a capital.
    fn capitalized(&self, i: usize) -> bool {
        self.raw_word(i)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    /// Whether the lowercase token `i` is one of `words`.
    fn word_in(&self, i: usize, words: &WordSet) -> bool {
        words.contains(self.word(i))
    }
}

/// The value of an expression that speaks of the present ("now", "currently").
const PRESENT_REF: &str = "PRESENT_REF";
/// The value of an expression that speaks of the past ("recently", "in the past").
const PAST_REF: &str = "PAST_REF";
/// The value of an expression that speaks of the future ("in the future", "soon").
const FUTURE_REF: &str = "FUTURE_REF";

/// Structural words of the grammar, spelled once.
mod w {
    pub(super) const THE: &str = "the";
    pub(super) const OF: &str = "of";
    pub(super) const TO: &str = "to";
    pub(super) const A: &str = "a";
    pub(super) const AND: &str = "and";
    pub(super) const COMMA: &str = ",";
    pub(super) const THAT: &str = "that";
    pub(super) const YEAR: &str = "year";
    pub(super) const DAY: &str = "day";
    pub(super) const FISCAL: &str = "fiscal";
    pub(super) const FUTURE: &str = "future";
    pub(super) const PAST: &str = "past";
    pub(super) const COMING: &str = "coming";
    pub(super) const SAME: &str = "same";
    pub(super) const QUARTER: &str = "quarter";
    pub(super) const OLD: &str = "old";
    pub(super) const LONG: &str = "long";
    pub(super) const OTHER: &str = "other";
    pub(super) const THAN: &str = "than";
}

//! The grammar: token patterns for time expressions and their TIMEX3 values against the anchor.
//!
//! The scanner walks one sentence at a time; at each token every pattern family is tried and the
//! longest match wins (ties go to the family tried first). Values are resolved against the
//! document creation time (DCT), the tense near the expression and the last date in focus.

use crate::calendar::{self as cal, SEASONS};
use crate::lexicon::{self as lex, Unit};
use doc::TimexType;
use jiff::civil::Date;

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
}

/// A match of one pattern: end token (exclusive), type, value, explicit year.
type M = (usize, TimexType, String, bool);

/// `"1915-17"` → `("1915", "17")`: two runs of ASCII digits joined by a hyphen or an en dash.
fn split_range(w: &str) -> Option<(&str, &str)> {
    let (a, b) = w.split_once('-').or_else(|| w.split_once('\u{2013}'))?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b)).then_some((a, b))
}

fn date_m(end: usize, v: String) -> Option<M> {
    Some((end, TimexType::Date, v, false))
}

pub(crate) struct Scanner<'a> {
    raw: &'a [&'a str],
    lw: &'a [String],
    dct: Option<Date>,
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
            dct,
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
            if let Some((a, b)) = self.range(i) {
                i = b.end.max(i + 1);
                self.update_focus(&a);
                out.push(a);
                self.update_focus(&b);
                out.push(b);
                continue;
            }
            match self.at(i) {
                Some(h) => {
                    i = h.end.max(i + 1);
                    self.update_focus(&h);
                    out.push(h);
                }
                None => i += 1,
            }
        }
    }

    /// A range written as one token, read as its two points: years ("1861-1863", "1915-17",
    /// "(1915-16)", "1998-99") and days of a month ("March 3-5, 2009": "March 3" and "5,
    /// 2009").
    fn range(&self, i: usize) -> Option<(Hit, Hit)> {
        let point = |start, end, value, explicit, lead, trail| Hit {
            start,
            end,
            kind: TimexType::Date,
            value,
            explicit,
            lead,
            trail,
        };
        let w = self.w(i);
        // Years: the second point as four digits, or two (same century).
        if let Some((a, b)) = split_range(w)
            && let Some(y1) = lex::year(a)
        {
            let y2 = match b.len() {
                4 => lex::year(b)?,
                2 => {
                    let y = y1 - y1 % 100 + i32::from(b.parse::<u8>().ok()?);
                    // "1999-00" runs into the next century.
                    if y <= y1 { y + 100 } else { y }
                }
                _ => return None,
            };
            if y2 <= y1 || y2 - y1 > 100 {
                return None;
            }
            let sep = w.len() - a.len() - b.len();
            return Some((
                point(i, i + 1, cal::fmt_year(y1), true, 0, Some(a.len())),
                point(i, i + 1, cal::fmt_year(y2), true, a.len() + sep, None),
            ));
        }
        // Days: "March 3-5", with an optional ", 2009".
        let m = lex::month(w).filter(|_| self.cap(i))?;
        let t = self.w(i + 1);
        let (a, b) = split_range(t)?;
        let (d1, d2) = (a.parse::<u8>().ok()?, b.parse::<u8>().ok()?);
        if !(1..=31).contains(&d1) || d2 <= d1 || d2 > 31 || a.len() > 2 || b.len() > 2 {
            return None;
        }
        let mut end = i + 2;
        let year = if self.w(end) == "," && lex::year(self.w(end + 1)).is_some() {
            end += 2;
            lex::year(self.w(end - 1))
        } else if let Some(y) = lex::year(self.w(end)) {
            end += 1;
            Some(y)
        } else {
            None
        };
        let day = |d: u8| match year {
            Some(y) => cal::date(y, m, d).map_or_else(
                || format!("{}-{m:02}-{d:02}", cal::fmt_year(y)),
                cal::fmt_day,
            ),
            None => {
                let tense = self.tense(i, end);
                self.month_val_at(i, m, Some(d), Rel::ByTense, tense)
            }
        };
        let sep = t.len() - a.len() - b.len();
        Some((
            point(i, i + 2, day(d1), year.is_some(), 0, Some(a.len())),
            point(i + 1, end, day(d2), year.is_some(), a.len() + sep, None),
        ))
    }

    fn update_focus(&mut self, h: &Hit) {
        if h.kind != TimexType::Date {
            return;
        }
        let v = h.value.as_bytes();
        let derived = (h.start..h.end).any(|k| {
            matches!(
                self.w(k),
                "ago"
                    | "earlier"
                    | "later"
                    | "year-ago"
                    | "year-earlier"
                    | "year-before"
                    | "previous"
                    | "last"
                    | "year's"
            )
        });
        if derived || (!h.explicit && (h.start..h.end).any(|k| lex::deictic(self.w(k)))) {
            self.story = None;
        }
        if derived {
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
        }
        if h.explicit
            && let Some(y) = h.value.get(0..4).and_then(|s| s.parse::<i32>().ok())
        {
            self.focus_year = Some(y);
            self.story_value = Some(h.value.clone());
            let adverbial = h.start == self.lo
                || matches!(
                    self.prev(h.start),
                    "in" | "on" | "during" | "early" | "late" | "by"
                );
            if adverbial && let Some(&p) = self.para.get(h.start) {
                self.story = Some((y, p, self.sent_no));
            }
        }
        if let Some(d) = cal::parse_iso(&h.value) {
            self.focus_day = Some(d);
            self.focus_day_lo = Some(self.lo);
            if h.explicit {
                self.focus_year = Some(i32::from(d.year()));
            }
        }
    }

    // ----- token access -------------------------------------------------------------------

    fn w(&self, i: usize) -> &str {
        if i < self.hi {
            self.lw.get(i).map_or("", String::as_str)
        } else {
            ""
        }
    }

    fn r(&self, i: usize) -> &str {
        if i < self.hi {
            self.raw.get(i).copied().unwrap_or("")
        } else {
            ""
        }
    }

    fn prev(&self, i: usize) -> &str {
        if i > self.lo { self.w(i - 1) } else { "" }
    }

    fn cap(&self, i: usize) -> bool {
        self.r(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        let w = self.w(i);
        words.contains(&w)
    }

    // ----- context ------------------------------------------------------------------------

    /// The tense of the nearest tense marker in the sentence, outside `[a, b)`.
    fn tense(&self, a: usize, b: usize) -> Tense {
        self.tense_at(a, b).1
    }

    /// The tense for a month, season or year named at `[a, b)`: as [`Self::tense`], except
    /// that an infinitive between the marker and the name governs it ("agreed to buy the unit
    /// in February" looks ahead).
    fn month_tense(&self, a: usize, b: usize) -> Tense {
        let (at, t) = self.tense_at(a, b);
        // A deadline set in the past ("gave them until mid-November") may lie ahead.
        if t == Tense::Past && matches!(self.prev(a), "until" | "till" | "through" | "by") {
            return Tense::Unknown;
        }
        if t != Tense::Future
            && let Some(j) = at.filter(|j| *j < a)
            && (j + 1..a).any(|k| self.w(k) == "to" && self.infinitive(k + 1))
        {
            return Tense::Future;
        }
        t
    }

    /// The nearest tense marker outside `[a, b)`: its token and tense.
    fn tense_at(&self, a: usize, b: usize) -> (Option<usize>, Tense) {
        let mut best = (usize::MAX, None, Tense::Unknown);
        // A window keeps run-on "sentences" (tables, lists) linear.
        let from = self.lo.max(a.saturating_sub(40));
        let to = self.hi.min(b.saturating_add(40));
        for j in from..to {
            if j >= a && j < b {
                continue;
            }
            let w = self.w(j);
            let t = if lex::future_word(w) {
                Tense::Future
            } else if lex::past_verb(w) || lex::present_verb(w) || self.ed_form(w) {
                if self.after_modal(j) {
                    // "will meet", "won't meet", "would be paid", "to be held": the modal or
                    // infinitive sets the tense of the verb it governs.
                    Tense::Future
                } else if (lex::past_verb(w) || self.ed_form(w))
                    && !matches!(self.prev(j), "is" | "are" | "am")
                {
                    // A participle after a present auxiliary is present: "the case is heard".
                    Tense::Past
                } else {
                    Tense::Present
                }
            } else {
                continue;
            };
            let mut d = if j < a { a - j } else { j + 1 - b };
            // An adjective ("its next round") speaks of the future more weakly than a verb.
            if matches!(w, "next" | "upcoming") {
                d += 10;
            }
            if d < best.0 {
                best = (d, Some(j), t);
            }
        }
        (best.1, best.2)
    }

    /// A regular past form ("collapsed"), not a word that only ends like one ("need").
    fn ed_form(&self, w: &str) -> bool {
        w.len() > 4
            && w.ends_with("ed")
            // "unspecified", "undisclosed": adjectives, not verbs.
            && !w.starts_with("un")
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && !lex::false_ed(w)
    }

    /// The verb at `j` follows a future modal or an infinitive `to`, possibly through `not`
    /// and `be`/`have`: "will meet", "won't meet", "would be paid", "to be held".
    fn after_modal(&self, j: usize) -> bool {
        let mut k = j;
        for _ in 0..3 {
            if k <= self.lo {
                return false;
            }
            k -= 1;
            let w = self.w(k);
            if lex::future_word(w) && !matches!(w, "next" | "upcoming" | "tomorrow" | "soon") {
                return true;
            }
            if w == "to" {
                return k + 1 < j || self.infinitive(j);
            }
            if !matches!(w, "not" | "n't" | "be" | "have" | "also" | "still") {
                return false;
            }
        }
        false
    }

    /// A bare verb after `to` (no article, pronoun, number or name): "to purchase".
    fn infinitive(&self, j: usize) -> bool {
        let w = self.w(j);
        !w.is_empty()
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && !self.cap(j)
            && !lex::object_after_to(w)
            && lex::number(w).is_none()
            && lex::month(w).is_none()
            && lex::unit(w).is_none()
    }

    fn dct_ymd(&self) -> Option<(i32, u8, u8)> {
        self.dct.map(cal::ymd)
    }

    // ----- value resolution ---------------------------------------------------------------

    fn day_off(&self, n: i64) -> String {
        self.dct
            .and_then(|d| cal::add_days(d, n))
            .map_or_else(|| "XXXX-XX-XX".to_string(), cal::fmt_day)
    }

    fn month_off(&self, n: i64) -> String {
        match self.dct_ymd() {
            Some((y, m, _)) => {
                let (y, m) = cal::add_months(y, m, n);
                cal::fmt_month(y, m)
            }
            None => "XXXX-XX".to_string(),
        }
    }

    fn year_off(&self, n: i32) -> String {
        self.dct_ymd()
            .map_or_else(|| "XXXX".to_string(), |(y, _, _)| cal::fmt_year(y + n))
    }

    fn week_off(&self, n: i64) -> String {
        self.dct
            .and_then(|d| cal::add_days(d, 7 * n))
            .map_or_else(|| "XXXX-WXX".to_string(), cal::fmt_week)
    }

    fn quarter_off(&self, n: i64) -> String {
        match self.dct_ymd() {
            Some((y, m, _)) => {
                let t = i64::from(y) * 4 + i64::from(cal::quarter_of(m)) - 1 + n;
                format!(
                    "{}-Q{}",
                    cal::fmt_year(t.div_euclid(4) as i32),
                    t.rem_euclid(4) + 1
                )
            }
            None => "XXXX-QX".to_string(),
        }
    }

    fn weekday_date(&self, wd: i8, rel: Rel, tense: Tense) -> Option<Date> {
        let d = self.dct?;
        let delta = i64::from(wd - cal::weekday(d));
        let off = match rel {
            Rel::Last => {
                if delta < 0 {
                    delta
                } else {
                    delta - 7
                }
            }
            Rel::Next => {
                if delta > 0 {
                    delta
                } else {
                    delta + 7
                }
            }
            Rel::This => delta,
            Rel::ByTense => {
                if delta == 0 {
                    0
                } else if tense == Tense::Present {
                    let a = if delta < 0 { delta } else { delta - 7 };
                    let b = if delta > 0 { delta } else { delta + 7 };
                    if b < -a { b } else { a }
                } else if tense == Tense::Future {
                    if delta > 0 { delta } else { delta + 7 }
                } else if delta < 0 {
                    delta
                } else {
                    delta - 7
                }
            }
        };
        cal::add_days(d, off)
    }

    /// The year of a month (and day) named without a year.
    fn year_for(&self, key: (u8, u8), cur: (u8, u8), cy: i32, rel: Rel, tense: Tense) -> i32 {
        match rel {
            Rel::Last => {
                if key < cur {
                    cy
                } else {
                    cy - 1
                }
            }
            Rel::Next => {
                if key > cur {
                    cy
                } else {
                    cy + 1
                }
            }
            Rel::This => cy,
            Rel::ByTense => {
                // The nearest occurrence, with a penalty against the tense's direction.
                let pos =
                    |y: i32, k: (u8, u8)| i64::from(y) * 400 + i64::from(k.0) * 31 + i64::from(k.1);
                let now = pos(cy, cur);
                let pen = if cur.1 == 0 && key.1 == 0 && cur.0 <= 12 {
                    10_000
                } else {
                    90
                };
                let mut best = (i64::MAX, cy);
                for y in [cy - 1, cy, cy + 1] {
                    let d = pos(y, key) - now;
                    let mut c = d.abs();
                    if (tense == Tense::Past && d > 0) || (tense == Tense::Future && d < 0) {
                        c += pen;
                    }
                    if c < best.0 {
                        best = (c, y);
                    }
                }
                best.1
            }
        }
    }

    /// The year a story is telling when a month, day or season is named without one (the
    /// reference time moves with the narrative). Without a document date, the last year
    /// written in the text. With one, news about the present keeps the publication year, so the
    /// story's year leads only when all of these hold: it was set by an adverbial year ("In
    /// 1994, tanks rolled in… In March, …"; not "since 1990" or "the 1988 bombing") in the same
    /// paragraph, no expression has spoken from the document date since, the clause is in the
    /// past tense, the year lies before the publication year, and it was stated in this
    /// sentence or the one before, or lies five or more years back (a history passage).
    fn narrative_year(&self, at: usize, rel: Rel, tense: Tense) -> Option<i32> {
        if rel != Rel::ByTense {
            return None;
        }
        let Some((cy, _, _)) = self.dct_ymd() else {
            return self.focus_year;
        };
        let (y, p, sent) = self.story?;
        (y < cy
            && tense == Tense::Past
            && self.para.get(at) == Some(&p)
            && (self.sent_no <= sent + 1 || cy - y >= 5))
            .then_some(y)
    }

    /// The value of a month (and day) named without a year, at token `at`: the narrative's year
    /// when it leads, else placed around the document date by `rel` and tense.
    fn month_val_at(&self, at: usize, m: u8, day: Option<u8>, rel: Rel, tense: Tense) -> String {
        if let Some(y) = self.narrative_year(at, rel, tense) {
            return match day {
                Some(d) => cal::date(y, m, d).map_or_else(
                    || format!("{}-{m:02}-{d:02}", cal::fmt_year(y)),
                    cal::fmt_day,
                ),
                None => cal::fmt_month(y, m),
            };
        }
        let Some((cy, cm, cd)) = self.dct_ymd() else {
            return match day {
                Some(d) => format!("XXXX-{m:02}-{d:02}"),
                None => format!("XXXX-{m:02}"),
            };
        };
        let (key, cur) = match day {
            Some(d) => ((m, d), (cm, cd)),
            None => ((m, 0), (cm, 0)),
        };
        let y = self.year_for(key, cur, cy, rel, tense);
        match day {
            Some(d) => {
                cal::date(y, m, d).map_or_else(|| format!("XXXX-{m:02}-{d:02}"), cal::fmt_day)
            }
            None => cal::fmt_month(y, m),
        }
    }

    fn season_val(&self, at: usize, s: u8, rel: Rel, tense: Tense) -> String {
        let code = SEASONS.get(usize::from(s)).copied().unwrap_or("SP");
        if let Some(y) = self.narrative_year(at, rel, tense) {
            return format!("{}-{code}", cal::fmt_year(y));
        }
        let Some((cy, cm, _)) = self.dct_ymd() else {
            return format!("XXXX-{code}");
        };
        let cur = cal::season_index(cm);
        // January and February belong to the winter that began the year before.
        let cy = if cm <= 2 { cy - 1 } else { cy };
        let y = self.year_for((s, 0), (cur, 0), cy, rel, tense);
        format!("{}-{code}", cal::fmt_year(y))
    }

    fn quarter_val(&self, q: u8, rel: Rel, tense: Tense) -> String {
        let Some((cy, cm, _)) = self.dct_ymd() else {
            return format!("XXXX-Q{q}");
        };
        let cur = cal::quarter_of(cm);
        let y = match rel {
            Rel::ByTense if tense != Tense::Future && q > cur => cy - 1,
            Rel::ByTense => cy,
            _ => self.year_for((q, 0), (cur, 0), cy, rel, tense),
        };
        format!("{}-Q{q}", cal::fmt_year(y))
    }

    // ----- the matcher --------------------------------------------------------------------

    fn at(&self, i: usize) -> Option<Hit> {
        // Punctuation never starts an expression.
        if self.w(i).bytes().all(|b| b.is_ascii_punctuation()) {
            return None;
        }
        let cands = [
            self.m_clock(i),
            self.m_day(i),
            self.m_calendar(i),
            self.m_relative(i),
            self.m_quantity(i),
            self.m_set(i),
            self.m_ref(i),
            self.m_era(i),
        ];
        let mut best: Option<M> = None;
        for c in cands.into_iter().flatten() {
            if c.0 > i && best.as_ref().is_none_or(|b| c.0 > b.0) {
                best = Some(c);
            }
        }
        best.map(|(end, kind, value, explicit)| Hit {
            start: i,
            end,
            kind,
            value,
            explicit,
            lead: 0,
            trail: None,
        })
    }

    /// Years with an era: "490 BC", "480 B.C.", "44 BCE" (value `BC0490`), "AD 70", "70 A.D."
    /// (value `0070`).
    fn m_era(&self, i: usize) -> Option<M> {
        let bc = |w: &str| matches!(w, "bc" | "b.c." | "b.c" | "bce" | "b.c.e." | "b.c.e");
        let ad = |w: &str| matches!(w, "ad" | "a.d." | "a.d" | "ce" | "c.e.");
        let num = |w: &str| (1..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
        let w = self.w(i);
        if num(w) && i + 1 < self.hi {
            let y: u32 = w.parse().ok()?;
            let e = self.w(i + 1);
            if bc(e) && y > 0 {
                return Some((i + 2, TimexType::Date, format!("BC{y:04}"), false));
            }
            // "AD" after a number must be written as an era ("70 AD", not "70 ad").
            if ad(e)
                && self
                    .raw
                    .get(i + 1)
                    .is_some_and(|r| r.starts_with(['A', 'C']))
                && y > 0
            {
                return Some((i + 2, TimexType::Date, format!("{y:04}"), true));
            }
        }
        if matches!(self.raw.get(i).copied(), Some("AD" | "A.D.")) && num(self.w(i + 1)) {
            let y: u32 = self.w(i + 1).parse().ok()?;
            return (y > 0).then(|| (i + 2, TimexType::Date, format!("{y:04}"), true));
        }
        None
    }

    /// Length of an approximation prefix ("nearly", "more than", "at least").
    fn approx(&self, i: usize) -> usize {
        match self.w(i) {
            "nearly" | "almost" | "about" | "around" | "approximately" | "roughly" | "some"
            | "over" | "under" | "just" | "barely" | "only" | "another" => 1,
            "more" | "less" | "fewer" if self.w(i + 1) == "than" => 2,
            "at" if self.is(i + 1, &["least", "most"]) => 2,
            "up" if self.w(i + 1) == "to" => 2,
            "no" if self.is(i + 1, &["more", "less"]) && self.w(i + 2) == "than" => 3,
            "well" if self.is(i + 1, &["over", "under"]) => 2,
            _ => 0,
        }
    }

    /// A quantity: `(next, Some(n) | None for vague, half)`.
    fn quantity(&self, i: usize) -> Option<(usize, Option<u32>, bool)> {
        let w = self.w(i);
        match w {
            "a" | "an" => {
                return match self.w(i + 1) {
                    "few" => Some((i + 2, None, false)),
                    "couple" if self.w(i + 2) == "of" => Some((i + 3, Some(2), false)),
                    "couple" => Some((i + 2, Some(2), false)),
                    "half" => Some((i + 2, Some(0), true)),
                    "dozen" => Some((i + 2, Some(12), false)),
                    _ => Some((i + 1, Some(1), false)),
                };
            }
            "several" | "few" | "many" | "numerous" => return Some((i + 1, None, false)),
            "half" if self.is(i + 1, &["a", "an"]) => return Some((i + 2, Some(0), true)),
            _ => {}
        }
        let mut n = lex::number(w)?;
        let mut i = i;
        if (20..100).contains(&n)
            && n % 10 == 0
            && lex::digits(w).is_none()
            && let Some(u) = lex::number(self.w(i + 1))
                .filter(|u| *u < 10 && lex::digits(self.w(i + 1)).is_none())
        {
            n += u;
            i += 1;
        }
        if self.r(i + 1) == "1/2" {
            return Some((i + 2, Some(n), true));
        }
        if self.w(i + 1) == "and" && self.w(i + 2) == "a" && self.w(i + 3) == "half" {
            return Some((i + 4, Some(n), true));
        }
        Some((i + 1, Some(n), false))
    }

    // ----- clock times --------------------------------------------------------------------

    /// `(next, hour, minute)` of a clock time at `i`.
    fn clock(&self, i: usize) -> Option<(usize, u32, u32)> {
        let w = self.w(i);
        match w {
            "noon" | "midday" if self.prev(i) != "high" => return Some((i + 1, 12, 0)),
            "midnight" => return Some((i + 1, 24, 0)),
            _ => {}
        }
        // "10am", "9:30pm" in one token.
        for (suf, pm) in [("am", false), ("pm", true), ("a.m.", false), ("p.m.", true)] {
            if let Some(t) = w.strip_suffix(suf) {
                let (h, m) = match t.split_once(':') {
                    Some((h, m)) if m.len() == 2 => (lex::digits(h)?, lex::digits(m)?),
                    Some(_) => return None,
                    None => (lex::digits(t).filter(|_| t.len() <= 2)?, 0),
                };
                if h == 0 || h > 12 || m > 59 {
                    return None;
                }
                let h = match (pm, h) {
                    (true, 12) => 12,
                    (false, 12) => 0,
                    (true, h) => h + 12,
                    (false, h) => h,
                };
                return Some((i + 1, h, m));
            }
        }
        let (h, m, colon) = match w.split_once(':') {
            Some((h, m)) if m.len() == 2 => (lex::digits(h)?, lex::digits(m)?, true),
            Some(_) => return None,
            None => (lex::digits(w).filter(|_| w.len() <= 2)?, 0, false),
        };
        if h > 24 || m > 59 {
            return None;
        }
        let ampm = |s: &str| -> Option<bool> {
            match s {
                "a.m." | "a.m" | "am" => Some(false),
                "p.m." | "p.m" | "pm" => Some(true),
                _ => None,
            }
        };
        if let Some(pm) = ampm(self.w(i + 1)) {
            if h == 0 || h > 12 {
                return None;
            }
            let h = match (pm, h) {
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, 12) => 0,
                (false, h) => h,
            };
            return Some((i + 2, h, m));
        }
        if self.w(i + 1) == "o'clock" && h <= 12 {
            return Some((i + 2, h, m));
        }
        let ctx = self.is(
            i.wrapping_sub(1),
            &[
                "at", "by", "until", "till", "from", "before", "after", "around", "about", "since",
            ],
        ) && i > self.lo;
        if colon && (ctx || lex::is_zone(self.r(i + 1))) {
            return Some((i + 1, h, m));
        }
        None
    }

    fn m_clock(&self, i: usize) -> Option<M> {
        let (mut j, h, m) = self.clock(i)?;
        if lex::is_zone(self.r(j)) {
            j += 1;
        }
        if self.w(j) == "local" && self.w(j + 1) == "time" {
            j += 2;
        }
        // An optional day after the time ("9 a.m. Tuesday", "noon today").
        let mut day = None;
        if self.w(j) == "on" && lex::weekday(self.w(j + 1)).is_some() {
            // keep "on" outside the span: stop here
        } else if let Some((e, d)) = self.day_word(j, self.tense(i, j + 1)) {
            day = Some(d);
            j = e;
        }
        // Without a day of its own, a clock time belongs to the day named earlier in its
        // sentence ("On Friday ... at 10:35 a.m."), else to the DCT.
        let base = match day {
            Some(d) => d,
            None if self.focus_day_lo == Some(self.lo) => self.focus_day,
            None => self.dct,
        };
        let hm = format!("T{h:02}:{m:02}");
        let v = match base {
            Some(d) => format!("{}{hm}", cal::fmt_day(d)),
            None => format!("XXXX-XX-XX{hm}"),
        };
        Some((j, TimexType::Time, v, false))
    }

    /// A day named by a weekday or yesterday/today/tomorrow: `(next, date)`.
    fn day_word(&self, i: usize, tense: Tense) -> Option<(usize, Option<Date>)> {
        let w = self.w(i);
        let off = match w {
            "yesterday" => Some(-1),
            "today" | "tonight" => Some(0),
            "tomorrow" => Some(1),
            _ => None,
        };
        if let Some(o) = off {
            return Some((i + 1, self.dct.and_then(|d| cal::add_days(d, o))));
        }
        let wd = lex::weekday(w)?;
        if !self.cap(i) {
            return None;
        }
        Some((i + 1, self.weekday_date(wd, Rel::ByTense, tense)))
    }

    // ----- days ---------------------------------------------------------------------------

    fn m_day(&self, i: usize) -> Option<M> {
        let mut j = i;
        // "early", "late", "earlier", "later" before a day ("late yesterday", "Earlier Sunday").
        if self.is(j, &["early", "late", "earlier", "later"]) {
            j += 1;
        }
        let core = j;
        if self.w(j) == "the" && self.is(j + 1, &["previous", "following"]) {
            j += 1;
        }
        let mut rel = Rel::ByTense;
        match self.w(j) {
            "last" | "past" | "previous" => {
                rel = Rel::Last;
                j += 1;
            }
            "next" | "coming" | "following" => {
                rel = Rel::Next;
                j += 1;
            }
            "this" => {
                rel = Rel::This;
                j += 1;
                if self.w(j) == "coming" {
                    rel = Rel::Next;
                    j += 1;
                } else if self.w(j) == "past" {
                    rel = Rel::Last;
                    j += 1;
                }
            }
            _ => {}
        }
        let w = self.w(j);
        // "this morning", "last night", "tonight".
        if rel != Rel::ByTense
            && let Some(p) = lex::part_of_day(w)
        {
            let off = if rel == Rel::Last && w == "night" {
                -1
            } else if rel == Rel::Next {
                1
            } else {
                0
            };
            if rel == Rel::Last && w != "night" {
                return None;
            }
            return Some((
                j + 1,
                TimexType::Time,
                format!("{}{p}", self.day_off(off)),
                false,
            ));
        }
        if w == "tonight" && rel == Rel::ByTense {
            return Some((
                j + 1,
                TimexType::Time,
                format!("{}TNI", self.day_off(0)),
                false,
            ));
        }
        let is_day = lex::weekday(w).is_some() || matches!(w, "yesterday" | "today" | "tomorrow");
        if w == "today" && self.is(j + 1, &["'s", "’s"]) {
            return None;
        }
        if !is_day {
            return None;
        }
        let tense = self.tense(i, j + 2);
        let (mut e, date, is_today) = if let Some(wd) = lex::weekday(w).filter(|_| self.cap(j)) {
            let d = self.weekday_date(wd, rel, tense);
            let d = if self.dct.is_none() { None } else { d };
            (j + 1, d.ok_or(wd), false)
        } else if rel == Rel::ByTense && self.is(j, &["yesterday", "today", "tomorrow"]) {
            let (e, d) = self.day_word(j, tense)?;
            (e, d.ok_or(0), w == "today")
        } else {
            return None;
        };
        // "Monday, Oct. 26" / "Tuesday, March 5, 2024": the explicit date wins.
        if date.is_err() || lex::weekday(w).is_some() {
            let k = if self.w(e) == "," { e + 1 } else { e };
            if let Some((e2, _, v, ex)) = self.m_calendar(k)
                && v.len() == 10
            {
                return Some((e2, TimexType::Date, v, ex));
            }
        }
        // A part of day after the day ("Friday morning", "yesterday afternoon").
        if let Some(p) = lex::part_of_day(self.w(e)) {
            e += 1;
            let v = match date {
                Ok(d) => format!("{}{p}", cal::fmt_day(d)),
                Err(wd) if wd > 0 => format!("XXXX-WXX-{wd}{p}"),
                Err(_) => format!("XXXX-XX-XX{p}"),
            };
            // TempEval-3 types a weekday's part of day as a DATE ("Wednesday night").
            let kind = if lex::weekday(w).is_some() {
                TimexType::Date
            } else {
                TimexType::Time
            };
            return Some((e, kind, v, false));
        }
        if is_today && core == i && rel == Rel::ByTense {
            // "today" in the general sense is the present.
            if matches!(self.prev(i), "is" | "are" | "am" | "'s" | "’s") {
                return date_m(e, "PRESENT_REF".into());
            }
        }
        let v = match date {
            Ok(d) => cal::fmt_day(d),
            Err(wd) if wd > 0 => format!("XXXX-WXX-{wd}"),
            Err(_) => "XXXX-XX-XX".to_string(),
        };
        date_m(e, v)
    }

    // ----- calendar names: months, years, decades, seasons, quarters -----------------------

    pub(crate) fn m_calendar(&self, i: usize) -> Option<M> {
        // Modifiers kept in the span: "the end of", "the", "early", "late", "mid".
        let mut j = i;
        let mut the = false;
        if self.is(j, &["the", "by"])
            && self.is(j + 1, &["end", "beginning", "start", "middle", "turn"])
            && self.w(j + 2) == "of"
        {
            j += 3;
        }
        if self.w(j) == "the" {
            the = true;
            j += 1;
        }
        if self.is(j, &["early", "late", "mid", "mid-", "earlier", "later"]) {
            j += 1;
        }
        if the && j == i + 1 && self.w(j).ends_with("-quarter") {
            return None;
        }
        let (e, v, ex, ok_the) = self.calendar_core(j, i)?;
        if the && !ok_the {
            return None;
        }
        Some((e, TimexType::Date, v, ex))
    }

    /// `(end, value, explicit year, takes "the")` of a calendar expression at `i`.
    fn calendar_core(&self, i: usize, start: usize) -> Option<(usize, String, bool, bool)> {
        let w = self.w(i);
        // Cheap gate: most words cannot start a calendar expression.
        let first = w.as_bytes().first().copied()?;
        let plausible = first.is_ascii_digit()
            || !first.is_ascii_lowercase()
            || self.cap(i)
            || w.contains('-')
            || matches!(
                w,
                "last"
                    | "past"
                    | "next"
                    | "coming"
                    | "this"
                    | "fiscal"
                    | "year"
                    | "spring"
                    | "summer"
                    | "fall"
                    | "autumn"
                    | "winter"
                    | "two"
                    | "q1"
                    | "q2"
                    | "q3"
                    | "q4"
            )
            || ["st", "nd", "rd", "th"].iter().any(|x| w.ends_with(x))
            || w.ends_with("ties")
            || (w.len() <= 9 && lex::number(w).is_some());
        if !plausible {
            return None;
        }
        let tense = || self.month_tense(start, i + 3);
        // ISO date token.
        if w.len() == 10
            && let Some(d) = cal::parse_iso(w)
        {
            return Some((i + 1, cal::fmt_day(d), true, false));
        }
        // ISO quarter token 2024-Q1.
        if let Some((y, q)) = w.split_once("-q")
            && let (Some(y), Ok(q @ 1..=4)) = (lex::year(y), q.parse::<u8>())
        {
            return Some((i + 1, format!("{}-Q{q}", cal::fmt_year(y)), true, false));
        }
        // US numeric date 3/5/2024.
        if let Some(v) = us_date(w) {
            return Some((i + 1, v, true, false));
        }
        // "mid-1996".
        if let Some(y) = w.strip_prefix("mid-").and_then(lex::year) {
            return Some((i + 1, cal::fmt_year(y), true, true));
        }
        // "the nineties".
        if let Some(d) = decade_word(w).filter(|_| self.prev(i) == "the" || start < i) {
            let dct_year = self.dct_ymd().map(|x| x.0);
            let mut y = dct_year.map_or(1900, |x| x.div_euclid(100) * 100) + d;
            if dct_year.is_some_and(|x| y > x) {
                y -= 100;
            }
            return Some((i + 1, format!("{:03}", y.clamp(0, 9999) / 10), true, true));
        }
        // Decades ("in his 30s" is an age).
        if let Some(d) = lex::decade(w).filter(|_| {
            w.len() > 3
                || !matches!(
                    self.prev(i),
                    "his" | "her" | "their" | "my" | "your" | "our"
                )
        }) {
            return Some((i + 1, format!("{d:03}"), true, true));
        }
        // Centuries: "20th century", "the 11th century", "this century".
        if self.is(i + 1, &["century"])
            && let Some(n) = lex::ordinal(w)
            && (1..=30).contains(&n)
        {
            return Some((i + 2, format!("{:02}", n - 1), true, true));
        }
        // "mid-November", "late-November".
        if let Some((pre, rest)) = w.split_once('-')
            && matches!(pre, "mid" | "early" | "late")
            && let Some(m) = lex::month(rest)
            && rest.len() > 3
        {
            return Some((
                i + 1,
                self.month_val_at(i, m, None, Rel::ByTense, tense()),
                false,
                true,
            ));
        }
        // Holidays.
        if let Some(r) = self.holiday(i, tense) {
            return Some(r);
        }
        // "this year's third quarter", "last year's quarter".
        if self.is(i, &["this", "last", "next"])
            && self.w(i + 1) == "year"
            && self.is(i + 2, &["'s", "’s"])
        {
            let off = match w {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            let y = self.dct_ymd().map(|d| d.0 + off);
            if let Some((e, v, _, _)) = self.quarter(i + 3, Rel::ByTense, start) {
                let q = v
                    .get(v.len().saturating_sub(2)..)
                    .unwrap_or("QX")
                    .to_string();
                let v = match y {
                    Some(y) => format!("{}-{q}", cal::fmt_year(y)),
                    None => format!("XXXX-{q}"),
                };
                return Some((e, v, false, true));
            }
            if self.w(i + 3) == "quarter" || self.w(i + 3) == "period" {
                let v = match (self.focus_q, y) {
                    (Some((_, q)), Some(y)) => format!("{}-Q{q}", cal::fmt_year(y)),
                    _ => return None,
                };
                return Some((i + 4, v, false, true));
            }
        }
        // Spelled-out years: "nineteen ninety-six", "two thousand".
        if let Some(r) = self.spelled_year(i) {
            return Some(r);
        }
        // Rel words before months, seasons, quarters.
        let (rel, k) = match w {
            "this" if self.w(i + 1) == "past" => (Rel::Last, i + 2),
            "last" | "past" => (Rel::Last, i + 1),
            "next" | "coming" => (Rel::Next, i + 1),
            "this" => (Rel::This, i + 1),
            _ => (Rel::ByTense, i),
        };
        let wk = self.w(k);
        // Quarters.
        if let Some(r) = self.quarter(k, rel, start) {
            return Some(r);
        }
        // Seasons: "this spring", "the winter of 1994", "spring 2024".
        if let Some(s) = lex::season(wk) {
            let s = SEASONS.iter().position(|x| *x == s).unwrap_or(0) as u8;
            let code = SEASONS.get(usize::from(s)).copied().unwrap_or("SP");
            let mut e = k + 1;
            if self.w(e) == "of" {
                e += 1;
            }
            if let Some(y) = lex::year(self.w(e)) {
                return Some((e + 1, format!("{}-{code}", cal::fmt_year(y)), true, true));
            }
            if let Some((e2, y, _, _)) = self.spelled_year(e) {
                return Some((e2, format!("{y}-{code}"), true, true));
            }
            let e = k + 1;
            let before = self.prev(start);
            // "that winter": the season of the year the text spoke of last.
            if before == "that"
                && rel == Rel::ByTense
                && let Some(y) = self.focus_year
            {
                return Some((e, format!("{}-{code}", cal::fmt_year(y)), false, true));
            }
            if rel != Rel::ByTense
                || matches!(
                    before,
                    "in" | "this"
                        | "that"
                        | "during"
                        | "over"
                        | "through"
                        | "throughout"
                        | "until"
                        | "since"
                        | "by"
                )
            {
                return Some((e, self.season_val(start, s, rel, tense()), false, true));
            }
            return None;
        }
        // Months.
        let undotted = || {
            matches!(
                wk,
                "jan"
                    | "feb"
                    | "mar"
                    | "apr"
                    | "jun"
                    | "jul"
                    | "aug"
                    | "sep"
                    | "sept"
                    | "oct"
                    | "nov"
                    | "dec"
            ) && lex::digits(self.w(k + 1)).is_some_and(|d| (1..=31).contains(&d))
        };
        let m =
            lex::month(wk).or_else(|| undotted().then(|| lex::month(&format!("{wk}."))).flatten());
        if let Some(m) = m.filter(|_| self.cap(k)) {
            return self
                .month_expr(k, m, rel, start)
                .map(|(e, v, x, _)| (e, v, x, rel != Rel::ByTense));
        }
        if rel != Rel::ByTense {
            return None;
        }
        // Day-first dates: "5 March 2024", "the 5th of March".
        if let Some(d) = lex::digits(w).or_else(|| lex::ordinal(w))
            && (1..=31).contains(&d)
            && w.len() <= 4
        {
            let mut e = i + 1;
            if self.w(e) == "of" {
                e += 1;
            }
            if let Some(m) = lex::month(self.w(e)).filter(|_| self.cap(e)) {
                e += 1;
                if self.w(e) == "," && lex::year(self.w(e + 1)).is_some() {
                    e += 1;
                }
                if let Some(y) = lex::year(self.w(e)) {
                    let v = cal::date(y, m, d as u8).map_or_else(
                        || format!("{}-{m:02}-{d:02}", cal::fmt_year(y)),
                        cal::fmt_day,
                    );
                    return Some((e + 1, v, true, true));
                }
                let v = self.month_val_at(
                    start,
                    m,
                    Some(d as u8),
                    Rel::ByTense,
                    self.tense(start, i + 3),
                );
                return Some((e, v, false, true));
            }
        }
        // "fiscal 1989", "the year 2000", plain years.
        let mut k = i;
        if w == "fiscal" || (w == "year" && start < i) {
            k += 1;
        }
        if w == "year"
            && start < i
            && let Some(r) = self.spelled_year(k)
        {
            return Some((r.0, r.1, true, true));
        }
        let y = lex::year(self.w(k))?;
        if !self.year_ok(k) {
            return None;
        }
        let mut e = k + 1;
        // "1994 or later"? keep the year only. "2001-2009" is tokenized apart elsewhere.
        if self.w(e) == "fiscal" && self.w(e + 1) == "year" {
            e += 2;
        }
        Some((e, cal::fmt_year(y), true, w == "year"))
    }

    /// "nineteen ninety-six" → 1996, "two thousand" → 2000.
    fn spelled_year(&self, i: usize) -> Option<(usize, String, bool, bool)> {
        let a = lex::number(self.w(i))?;
        if !(10..=20).contains(&a) {
            if a == 2 && self.w(i + 1) == "thousand" {
                let mut e = i + 2;
                let mut y = 2000;
                if self.w(e) == "and" {
                    if let Some(b) = lex::number(self.w(e + 1)).filter(|b| *b < 100) {
                        y += b;
                        e += 2;
                    }
                } else if let Some(b) = lex::number(self.w(e)).filter(|b| *b < 100) {
                    y += b;
                    e += 1;
                }
                return Some((e, cal::fmt_year(y as i32), true, true));
            }
            return None;
        }
        let nx = self.w(i + 1);
        let b = lex::number(nx).filter(|b| (10..100).contains(b) && lex::digits(nx).is_none())?;
        Some((i + 2, cal::fmt_year((a * 100 + b) as i32), true, true))
    }

    /// Holidays with a fixed or computable date: Christmas, Thanksgiving, New Year's Day...
    fn holiday(&self, i: usize, tense: impl Fn() -> Tense) -> Option<(usize, String, bool, bool)> {
        if !self.cap(i) {
            return None;
        }
        let w = self.w(i);
        let (m, d, e) = match w {
            "christmas" => {
                if self.w(i + 1) == "eve" {
                    (12, 24, i + 2)
                } else if self.w(i + 1) == "day" {
                    (12, 25, i + 2)
                } else {
                    (12, 25, i + 1)
                }
            }
            "new" if self.w(i + 1) == "year" && self.is(i + 2, &["'s", "’s"]) => {
                match self.w(i + 3) {
                    "day" => (1, 1, i + 4),
                    "eve" => (12, 31, i + 4),
                    _ => return None,
                }
            }
            "halloween" => (10, 31, i + 1),
            "thanksgiving" => (11, 0, if self.w(i + 1) == "day" { i + 2 } else { i + 1 }),
            "election" if self.w(i + 1) == "day" && self.cap(i + 1) => (11, 1, i + 2),
            "independence" if self.w(i + 1) == "day" && self.cap(i + 1) => (7, 4, i + 2),
            "veterans" if self.w(i + 1) == "day" => (11, 11, i + 2),
            _ => return None,
        };
        let t = tense();
        let v = match self.dct_ymd() {
            Some((cy, cm, cd)) => {
                let y = self.year_for((m, d.max(22)), (cm, cd), cy, Rel::ByTense, t);
                let d = match (m, d) {
                    // Thanksgiving: fourth Thursday of November; Election Day: Tuesday after
                    // the first Monday of November.
                    (11, 0) => cal::date(y, 11, 1).map(|f| 1 + (4 - cal::weekday(f) + 7) % 7 + 21),
                    (11, 1) => cal::date(y, 11, 1).map(|f| {
                        let mon = 1 + (1 - cal::weekday(f) + 7) % 7;
                        mon + 1
                    }),
                    _ => Some(d as i8),
                };
                d.and_then(|d| cal::date(y, m, d as u8))
                    .map_or_else(|| format!("{}-{m:02}", cal::fmt_year(y)), cal::fmt_day)
            }
            None if d > 1 || m != 11 => format!("XXXX-{m:02}-{d:02}"),
            None => format!("XXXX-{m:02}-XX"),
        };
        Some((e, v, false, false))
    }

    /// Whether a four-digit number at `k` reads as a year.
    fn year_ok(&self, k: usize) -> bool {
        let p = if k > self.lo { self.r(k - 1) } else { "" };
        if matches!(
            p,
            "$" | "£" | "€" | "#" | "No." | "no." | "No" | "Flight" | "flight" | "Route"
        ) {
            return false;
        }
        let n = self.w(k + 1);
        if matches!(
            n,
            "%" | "percent"
                | "people"
                | "troops"
                | "shares"
                | "meters"
                | "metres"
                | "feet"
                | "miles"
                | "kilometers"
                | "km"
                | "tons"
                | "votes"
                | "pounds"
                | "dollars"
                | "euros"
                | "yen"
                | "men"
                | "women"
                | "soldiers"
                | "workers"
                | "jobs"
                | "hours"
                | "pages"
                | "points"
                | "employees"
                | "members"
                | "cases"
                | "units"
                | "barrels"
                | "acres"
                | "deaths"
                | "civilians"
                | "to"
        ) && !(n == "to" && lex::year(self.w(k + 2)).is_some())
        {
            return false;
        }
        // Part of a larger number ("1,500" is one token; "1994.5" is odd data).
        !matches!(n, "." if lex::digits(self.w(k + 2)).is_some())
    }

    fn month_expr(
        &self,
        k: usize,
        m: u8,
        rel: Rel,
        start: usize,
    ) -> Option<(usize, String, bool, bool)> {
        let mut e = k + 1;
        // "May" is a modal verb unless a date or a time preposition is around it.
        let w = self.w(k);
        let mut day: Option<u8> = None;
        let nx = self.w(e);
        if let Some(d) = lex::digits(nx).or_else(|| lex::ordinal(nx))
            && (1..=31).contains(&d)
            && nx.len() <= 4
            && lex::year(nx).is_none()
        {
            day = Some(d as u8);
            e += 1;
        }
        let mut year = None;
        let j = if self.w(e) == "," || self.w(e) == "of" {
            e + 1
        } else {
            e
        };
        if let Some(y) = lex::year(self.w(j)) {
            year = Some(y);
            e = j + 1;
        } else if day.is_none()
            && let Some((e2, y, _, _)) = self.spelled_year(j)
        {
            year = y.parse().ok();
            e = e2;
        }
        if w == "may"
            && day.is_none()
            && year.is_none()
            && rel == Rel::ByTense
            && !matches!(
                self.prev(start),
                "in" | "since"
                    | "until"
                    | "by"
                    | "of"
                    | "from"
                    | "through"
                    | "during"
                    | "before"
                    | "after"
                    | "early"
                    | "late"
                    | "mid"
                    | "last"
                    | "next"
                    | "this"
            )
        {
            return None;
        }
        if let Some(y) = year {
            let v = match day {
                Some(d) => cal::date(y, m, d).map_or_else(
                    || format!("{}-{m:02}-{d:02}", cal::fmt_year(y)),
                    cal::fmt_day,
                ),
                None => cal::fmt_month(y, m),
            };
            return Some((e, v, true, true));
        }
        // "January this year", "June last year".
        let mut rel = rel;
        if day.is_none() && self.w(e + 1) == "year" {
            let r = match self.w(e) {
                "this" => Some(Rel::This),
                "last" => Some(Rel::Last),
                "next" => Some(Rel::Next),
                _ => None,
            };
            if let Some(r) = r {
                if let Some((cy, _, _)) = self.dct_ymd() {
                    let y = match r {
                        Rel::Last => cy - 1,
                        Rel::Next => cy + 1,
                        _ => cy,
                    };
                    return Some((e + 2, cal::fmt_month(y, m), false, true));
                }
                rel = Rel::This;
                e += 2;
            }
        }
        let tense = self.month_tense(start, e);
        Some((e, self.month_val_at(start, m, day, rel, tense), false, true))
    }

    /// Quarters: "the third quarter", "third-quarter", "the fiscal first quarter of 1990", "Q3".
    fn quarter(&self, k: usize, rel: Rel, start: usize) -> Option<(usize, String, bool, bool)> {
        let mut j = k;
        let mut year: Option<i32> = None;
        if let Some(y) = lex::year(self.w(j)) {
            year = Some(y);
            j += 1;
        }
        if self.w(j) == "fiscal" || self.w(j) == "fiscal-year" {
            j += 1;
        }
        let w = self.w(j);
        let (q, e) = if let Some((a, b)) = w.split_once('-') {
            if b != "quarter" {
                return None;
            }
            let a = a.strip_prefix("fiscal-").unwrap_or(a);
            (lex::ordinal(a)?, j + 1)
        } else if let Some(n) = w.strip_prefix('q').filter(|s| s.len() == 1) {
            (lex::digits(n)?, j + 1)
        } else {
            let q = lex::ordinal(w)?;
            if self.w(j + 1) != "quarter" {
                return None;
            }
            (q, j + 2)
        };
        if !(1..=4).contains(&q) {
            return None;
        }
        let q = q as u8;
        let mut e = e;
        if self.w(e) == "of" {
            if let Some(y) = lex::year(self.w(e + 1)) {
                year = Some(y);
                e += 2;
            } else if self.w(e + 1) == "fiscal"
                && let Some(y) = lex::year(self.w(e + 2))
            {
                year = Some(y);
                e += 3;
            }
        } else if let Some(y) = lex::year(self.w(e)) {
            year = Some(y);
            e += 1;
        }
        if let Some(y) = year {
            return Some((e, format!("{}-Q{q}", cal::fmt_year(y)), true, true));
        }
        let tense = self.tense(start, e);
        Some((e, self.quarter_val(q, rel, tense), false, true))
    }

    // ----- relative calendar units: last week, this year, the weekend, that year ----------

    fn m_relative(&self, i: usize) -> Option<M> {
        let mut j = i;
        // Modifiers kept in the span.
        if self.is(j, &["early", "late", "earlier", "later", "mid"]) {
            j += 1;
            if self.w(j) == "in" && self.w(j + 1) == "the" {
                // "earlier in the year"
                if let Some((u, false)) = lex::unit(self.w(j + 2)) {
                    let v = match u {
                        Unit::Year => self.year_off(0),
                        Unit::Month => self.month_off(0),
                        Unit::Week => self.week_off(0),
                        Unit::Day => self.day_off(0),
                        _ => return None,
                    };
                    return date_m(j + 3, v);
                }
            }
        } else if self.w(j) == "the"
            && self.is(j + 1, &["end", "beginning", "start", "middle"])
            && self.w(j + 2) == "of"
        {
            j += 3;
        }
        let w = self.w(j);
        // Year-ago comparisons of financial reports.
        if let Some(r) = self.year_ago_period(j) {
            return Some(r);
        }
        if w == "the" {
            let n = self.w(j + 1);
            // "the end of the month": the current unit.
            if j > i && self.w(i) == "the" {
                let v = match n {
                    "year" => Some(self.year_off(0)),
                    "month" => Some(self.month_off(0)),
                    "week" => Some(self.week_off(0)),
                    "quarter" => Some(self.focus_quarter()),
                    _ => None,
                };
                if let Some(v) = v {
                    return date_m(j + 2, v);
                }
            }
            match n {
                "weekend" => {
                    return date_m(j + 2, self.weekend(Rel::ByTense, self.tense(i, j + 2)));
                }
                "quarter" | "period" if self.quarter_context(j) => {
                    return date_m(j + 2, self.focus_quarter());
                }
                "year" | "fiscal" if !self.is(j + 2, &["'s", "’s", "ago", "earlier", "before"]) =>
                {
                    let e = if n == "fiscal" {
                        if self.w(j + 2) != "year" {
                            return None;
                        }
                        j + 3
                    } else {
                        j + 2
                    };
                    if lex::year(self.w(e)).is_some() || lex::number(self.w(e)).is_some() {
                        return None;
                    }
                    return match self.prev(i) {
                        "for" | "during" | "throughout" | "over" => {
                            Some((e, TimexType::Duration, "P1Y".to_string(), false))
                        }
                        "in" | "this" if i == j => date_m(e, self.year_off(0)),
                        _ => None,
                    };
                }
                "latest" | "recent" | "current" | "comparable" | "just-ended" => {
                    let u = self.w(j + 2);
                    let u = if u == "fiscal" { self.w(j + 3) } else { u };
                    let e = if self.w(j + 2) == "fiscal" {
                        j + 4
                    } else {
                        j + 3
                    };
                    return match (n, u) {
                        ("current", "quarter") => date_m(e, self.quarter_off(0)),
                        ("current", "year") => date_m(e, self.year_off(0)),
                        ("current", "month") => date_m(e, self.month_off(0)),
                        ("current", "week") => date_m(e, self.week_off(0)),
                        (_, "quarter") | ("latest", "period") => date_m(e, self.focus_quarter()),
                        _ => None,
                    };
                }
                "following" | "next" | "previous" | "preceding" | "prior" | "same" => {
                    let off: i32 = if n == "following" || n == "next" {
                        1
                    } else if n == "same" {
                        0
                    } else {
                        -1
                    };
                    return self.focus_unit(j + 2, off);
                }
                _ => {}
            }
            return None;
        }
        if w == "that" && self.is(j + 1, &["quarter", "period"]) && self.focus_q.is_some() {
            return date_m(j + 2, self.focus_quarter());
        }
        if w == "that" || w == "same" {
            let k = if w == "that" && self.w(j + 1) == "same" {
                j + 2
            } else {
                j + 1
            };
            return self.focus_unit(k, 0);
        }
        let rel = match w {
            "last" | "past" | "previous" => Rel::Last,
            "this" | "current" => Rel::This,
            "next" | "coming" => Rel::Next,
            _ => return None,
        };
        if w == "past" || w == "previous" || w == "coming" {
            // "past year" without "the" reads as a duration unless it starts the phrase.
            if self.prev(j) == "the" {
                return None;
            }
        }
        let off: i64 = match rel {
            Rel::Last => -1,
            Rel::Next => 1,
            _ => 0,
        };
        let e = j + 2;
        let v = match self.w(j + 1) {
            "year" => self.year_off(off as i32),
            "month" => self.month_off(off),
            "week" => self.week_off(off),
            "quarter" => self.quarter_off(off),
            "weekend" => self.weekend(rel, Tense::Unknown),
            "decade" => match self.dct_ymd() {
                Some((y, _, _)) => format!("{:03}", y / 10 + off as i32),
                None => "XXX".to_string(),
            },
            "century" => match self.dct_ymd() {
                Some((y, _, _)) => format!("{:02}", y / 100 + off as i32),
                None => "XX".to_string(),
            },
            _ => return None,
        };
        date_m(e, v)
    }

    /// "that year", "the following day", "the same month": relative to the date in focus.
    fn focus_unit(&self, k: usize, off: i32) -> Option<M> {
        match self.w(k) {
            "year" => {
                let y = self.focus_year.or_else(|| self.dct_ymd().map(|d| d.0))?;
                date_m(k + 1, cal::fmt_year(y + off))
            }
            "day" | "morning" | "night" | "evening" | "afternoon" => {
                let d = self.focus_day.or(self.dct)?;
                let d = cal::add_days(d, i64::from(off))?;
                let pod = lex::part_of_day(self.w(k)).unwrap_or("");
                let kind = if pod.is_empty() {
                    TimexType::Date
                } else {
                    TimexType::Time
                };
                Some((k + 1, kind, format!("{}{pod}", cal::fmt_day(d)), false))
            }
            "month" => {
                let d = self.focus_day.or(self.dct)?;
                let (y, m, _) = cal::ymd(d);
                let (y, m) = cal::add_months(y, m, i64::from(off));
                date_m(k + 1, cal::fmt_month(y, m))
            }
            "week" => {
                let d = self.focus_day.or(self.dct)?;
                let d = cal::add_days(d, 7 * i64::from(off))?;
                date_m(k + 1, cal::fmt_week(d))
            }
            _ => None,
        }
    }

    /// Whether a bare "the quarter" talks about a reporting quarter (a quarter is in focus or
    /// the DCT is known).
    fn quarter_context(&self, _j: usize) -> bool {
        self.focus_q.is_some() || self.dct.is_some()
    }

    /// The quarter in focus, else the last completed quarter before the DCT.
    fn focus_quarter(&self) -> String {
        match self.focus_q {
            Some((y, q)) => format!("{}-Q{q}", cal::fmt_year(y)),
            None => self.quarter_off(-1),
        }
    }

    /// "the year-ago quarter", "year-earlier", "last year's quarter", "the year-ago period".
    fn year_ago_period(&self, j: usize) -> Option<M> {
        let mut k = j;
        if self.w(k) == "the" {
            k += 1;
        }
        if self.is(k, &["comparable", "corresponding", "same"]) {
            k += 1;
        }
        let w = self.w(k);
        if !matches!(w, "year-ago" | "year-earlier" | "year-before") {
            return None;
        }
        k += 1;
        if let Some((e, v, _, _)) = self.quarter(k, Rel::ByTense, j) {
            // "the year-ago third quarter": that quarter, a year before.
            let y: Option<i32> = v.get(0..4).and_then(|x| x.parse().ok());
            let q = v.get(5..).unwrap_or("QX");
            let v = match y {
                Some(y) => format!("{}-{q}", cal::fmt_year(y - 1)),
                None => format!("XXXX-{q}"),
            };
            return date_m(e, v);
        }
        if self.is(k, &["quarter", "period"]) {
            k += 1;
        } else if k - j > 1 {
            return None;
        }
        let v = match self.focus_q {
            Some((y, q)) => format!("{}-Q{q}", cal::fmt_year(y - 1)),
            None => self.year_off(-1),
        };
        date_m(k, v)
    }

    fn weekend(&self, rel: Rel, tense: Tense) -> String {
        let Some(d) = self.dct else {
            return "XXXX-WXX-WE".to_string();
        };
        let wd = cal::weekday(d);
        let off = match rel {
            Rel::Last => -7,
            Rel::Next => 7,
            Rel::This => 0,
            Rel::ByTense => {
                if wd >= 6 || tense == Tense::Future {
                    0
                } else {
                    -7
                }
            }
        };
        cal::add_days(d, off).map_or_else(
            || "XXXX-WXX-WE".to_string(),
            |x| format!("{}-WE", cal::fmt_week(x)),
        )
    }

    // ----- quantities: durations and offsets ----------------------------------------------

    fn m_quantity(&self, i: usize) -> Option<M> {
        let mut j = i;
        let mut lead = false; // "the past", "the next", "the first"...
        let mut dir = 0i32;
        if self.w(j) == "the" {
            j += 1;
            lead = true;
        }
        match self.w(j) {
            "past" | "last" | "previous" | "preceding" | "first" | "next" | "coming"
            | "following" | "final" | "initial" | "remaining" => {
                dir = if self.is(j, &["past", "last", "previous", "preceding"]) {
                    -1
                } else {
                    1
                };
                j += 1;
                lead = true;
            }
            _ => {}
        }
        // "recent years", "coming months", "recent days".
        if self.is(j, &["recent"]) && !lead {
            if let Some((u, true)) = lex::unit(self.w(j + 1)) {
                if matches!(u, Unit::Year | Unit::Decade) {
                    return date_m(j + 2, "PAST_REF".into());
                }
                return Some((j + 2, TimexType::Duration, dur(None, u, false), false));
            }
            return None;
        }
        if self.w(j) == "coming"
            && !lead
            && let Some((u, true)) = lex::unit(self.w(j + 1))
        {
            return Some((j + 2, TimexType::Duration, dur(None, u, false), false));
        }
        let ap = if lead { 0 } else { self.approx(j) };
        let q0 = j + ap;
        // Hyphenated compounds: "two-year", "16-hour", "8-month-old", "day-long".
        if let Some((n, u)) = compound(self.w(q0))
            && lex::year(self.w(q0)).is_none()
        {
            return Some((q0 + 1, TimexType::Duration, dur(n, u, false), false));
        }
        let (k, n, half) = match self.quantity(q0) {
            Some(q) => q,
            None => {
                // "the past year", "the next decade" (no number); bare plural "years".
                let (u, plural) = lex::unit(self.w(q0))?;
                if lead && dir != 0 && !plural && q0 == j {
                    if self.w(i) == "the" || self.is(i, &["past", "previous"]) {
                        let off = i64::from(dir);
                        let v = match u {
                            Unit::Year => self.year_off(dir),
                            Unit::Month => self.month_off(off),
                            Unit::Week => self.week_off(off),
                            Unit::Quarter => self.quarter_off(off),
                            Unit::Decade | Unit::Century => {
                                return Some((
                                    q0 + 1,
                                    TimexType::Duration,
                                    dur(Some(1), u, false),
                                    false,
                                ));
                            }
                            _ => return None,
                        };
                        return date_m(q0 + 1, v);
                    }
                    return None;
                }
                if plural && !lead && ap == 0 {
                    return self.bare_plural(q0, u);
                }
                if plural && lead {
                    // A bare "the" is left out of the span ("the weeks" → "weeks").
                    if q0 == i + 1 {
                        return None;
                    }
                    return Some((q0 + 1, TimexType::Duration, dur(None, u, false), false));
                }
                return None;
            }
        };
        let mut k = k;
        if self.is(
            k,
            &[
                "more",
                "additional",
                "full",
                "trading",
                "business",
                "working",
                "calendar",
            ],
        ) {
            k += 1;
        }
        let (u, _) = lex::unit(self.w(k))?;
        if u == Unit::Second && self.is(q0, &["a", "an"]) {
            return None;
        }
        // "a quarter of the market" is a fraction.
        if u == Unit::Quarter && self.w(k + 1) == "of" && !self.is(k + 2, &["the", "a"]) {
            return None;
        }
        if u == Unit::Quarter && self.is(q0, &["a", "an"]) && self.w(k + 1) == "of" {
            return None;
        }
        // Ages ("52 years old") are not annotated in TempEval-3.
        if self.w(k + 1) == "old" {
            return None;
        }
        // "a year" after an amount is a rate: "$5 a year".
        if n == Some(1)
            && self.is(q0, &["a", "an"])
            && !lead
            && ap == 0
            && !self.is(k + 1, &["ago", "earlier", "later", "before", "after"])
        {
            let p = self.prev(q0);
            if lex::digits(p).is_some()
                || matches!(
                    p,
                    "million" | "billion" | "%" | "percent" | "times" | "once" | "twice"
                )
                || p.ends_with("illion")
            {
                return Some((k + 1, TimexType::Set, dur(Some(1), u, false), false));
            }
        }
        let mut e = k + 1;
        // "ten years old" is an age: a duration. "years-old" handled by compound.
        // Offsets: "three years ago", "thirty years later", "a year earlier".
        if !lead {
            let after = self.w(e);
            let back = match after {
                "ago" => Some((-1, false)),
                "earlier" | "before" | "previously" | "prior" => Some((-1, true)),
                "later" | "after" | "afterwards" | "afterward" | "on" => Some((1, true)),
                "from" if self.w(e + 1) == "now" => Some((1, false)),
                "hence" => Some((1, false)),
                _ => None,
            };
            let back = match (after, back) {
                ("before" | "after" | "on" | "prior", Some(b)) => {
                    // Only when nothing follows ("two days before."), else it is a preposition.
                    let nx = self.w(e + 1);
                    if nx.is_empty() || matches!(nx, "," | "." | ";" | ":" | "and" | "--" | "—") {
                        Some(b)
                    } else {
                        None
                    }
                }
                (_, b) => b,
            };
            if let Some((sign, focus)) = back {
                e += if after == "from" { 2 } else { 1 };
                let v = self.offset(n, half, u, sign, focus);
                return Some((e, v.0, v.1, false));
            }
        }
        Some((e, TimexType::Duration, dur(n, u, half), false))
    }

    fn bare_plural(&self, k: usize, u: Unit) -> Option<M> {
        let p = self.prev(k);
        let ok = match u {
            Unit::Year | Unit::Decade | Unit::Century | Unit::Month | Unit::Week => !matches!(
                p,
                "light" | "the" | "those" | "these" | "two" | "his" | "her" | "their" | "its"
            ),
            Unit::Day | Unit::Hour | Unit::Minute => {
                matches!(
                    p,
                    "for" | "in" | "within" | "over" | "few" | "several" | "the"
                )
            }
            _ => false,
        };
        if !ok || self.w(k + 1) == "old" || self.w(k + 1) == "of" && u == Unit::Day {
            return None;
        }
        Some((k + 1, TimexType::Duration, dur(None, u, false), false))
    }

    /// The value of "N units ago/later": a date at the unit's granularity.
    fn offset(
        &self,
        n: Option<u32>,
        half: bool,
        u: Unit,
        sign: i32,
        focus: bool,
    ) -> (TimexType, String) {
        let Some(n) = n else {
            let v = if sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
            return (TimexType::Date, v.to_string());
        };
        if half && n == 0 {
            return (TimexType::Duration, dur(Some(0), u, true));
        }
        let n = i64::from(n) * i64::from(sign);
        let base_day = if focus {
            self.focus_day.or(self.dct)
        } else {
            self.dct
        };
        let base_year = if focus {
            self.focus_year.or_else(|| self.dct_ymd().map(|d| d.0))
        } else {
            self.dct_ymd().map(|d| d.0)
        };
        let v = match u {
            Unit::Year | Unit::Decade | Unit::Century => {
                let mult = match u {
                    Unit::Decade => 10,
                    Unit::Century => 100,
                    _ => 1,
                };
                let recent_q = self
                    .focus_q
                    .filter(|(y, _)| Some(*y) == self.dct_ymd().map(|d| d.0));
                if n.abs() == 1
                    && mult == 1
                    && (focus || recent_q.is_some())
                    && let Some((y, q)) = self.focus_q
                {
                    return (
                        TimexType::Date,
                        format!("{}-Q{q}", cal::fmt_year(y + n as i32)),
                    );
                }
                match base_year {
                    Some(y) => {
                        let y = i64::from(y).saturating_add(n.saturating_mul(mult));
                        i32::try_from(y).map_or_else(|_| "XXXX".to_string(), cal::fmt_year)
                    }
                    None => "XXXX".to_string(),
                }
            }
            Unit::Quarter => match self.dct_ymd() {
                Some((y, m, _)) => {
                    let t = i64::from(y) * 4 + i64::from(cal::quarter_of(m)) - 1 + n;
                    format!(
                        "{}-Q{}",
                        cal::fmt_year(t.div_euclid(4) as i32),
                        t.rem_euclid(4) + 1
                    )
                }
                None => "XXXX-QX".to_string(),
            },
            Unit::Month => match base_day {
                Some(d) => {
                    let (y, m, _) = cal::ymd(d);
                    let (y, m) = cal::add_months(y, m, n);
                    cal::fmt_month(y, m)
                }
                None => "XXXX-XX".to_string(),
            },
            Unit::Week => base_day
                .and_then(|d| cal::add_days(d, 7 * n))
                .map_or_else(|| "XXXX-WXX".to_string(), cal::fmt_week),
            Unit::Day => base_day
                .and_then(|d| cal::add_days(d, n))
                .map_or_else(|| "XXXX-XX-XX".to_string(), cal::fmt_day),
            Unit::Hour | Unit::Minute | Unit::Second => {
                let v = base_day.map_or_else(|| "XXXX-XX-XX".to_string(), cal::fmt_day);
                return (TimexType::Time, format!("{v}TXX:XX"));
            }
        };
        (TimexType::Date, v)
    }

    // ----- sets ---------------------------------------------------------------------------

    fn m_set(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let simple = match w {
            "daily" | "nightly" => Some("P1D"),
            "weekly" => Some("P1W"),
            "monthly" => Some("P1M"),
            "annually" | "yearly" | "annual" => Some("P1Y"),
            "hourly" => Some("PT1H"),

            _ => None,
        };
        if let Some(v) = simple {
            if w == "annual" {
                return None;
            }
            return Some((i + 1, TimexType::Set, v.to_string(), false));
        }
        if let Some(wd) = lex::weekday_plural(w).filter(|_| self.cap(i)) {
            return Some((i + 1, TimexType::Set, format!("XXXX-WXX-{wd}"), false));
        }
        if let Some(wd) = lex::weekday(w).filter(|_| self.cap(i)) {
            if self.w(i + 1) == "nights" {
                return Some((i + 2, TimexType::Set, format!("XXXX-WXX-{wd}TNI"), false));
            }
            return None;
        }
        // "twice a week", "three times a year".
        let times = match w {
            "once" => Some(i + 1),
            "twice" | "thrice" => Some(i + 1),
            _ if lex::number(w).is_some() && self.w(i + 1) == "times" => Some(i + 2),
            _ => None,
        };
        if let Some(k) = times {
            if self.is(k, &["a", "an", "per", "each", "every"])
                && let Some((u, false)) = lex::unit(self.w(k + 1))
            {
                return Some((k + 2, TimexType::Set, dur(Some(1), u, false), false));
            }
            return None;
        }
        if !matches!(w, "every" | "each" | "per") {
            return None;
        }
        let mut k = i + 1;
        if self.w(k) == "other" {
            k += 1;
        }
        let nw = self.w(k);
        if let Some(wd) = lex::weekday(nw) {
            return Some((k + 1, TimexType::Set, format!("XXXX-WXX-{wd}"), false));
        }
        if let Some(p) = lex::part_of_day(nw) {
            return Some((k + 1, TimexType::Set, format!("XXXX-XX-XX{p}"), false));
        }
        if let Some(m) = lex::month(nw).filter(|_| self.cap(k)) {
            return Some((k + 1, TimexType::Set, format!("XXXX-{m:02}"), false));
        }
        let mut n = 1;
        if let Some(x) = lex::number(nw) {
            n = x;
            k += 1;
        }
        if self.w(i + 1) == "other" {
            n = n.saturating_mul(2);
        }
        let (u, _) = lex::unit(self.w(k))?;
        if w == "per" && matches!(u, Unit::Second | Unit::Minute) {
            return None;
        }
        Some((k + 1, TimexType::Set, dur(Some(n), u, false), false))
    }

    // ----- PRESENT_REF, PAST_REF, FUTURE_REF ----------------------------------------------

    fn m_ref(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let v = match w {
            "now" | "currently" | "nowadays" | "presently" => "PRESENT_REF",
            "current" => {
                if lex::unit(self.w(i + 1)).is_some() {
                    return None;
                }
                "PRESENT_REF"
            }
            "recently" | "lately" => "PAST_REF",
            // As adjectives: "the recent sale", "future losses", "the boy's future". A unit
            // after them makes a duration ("recent days"), read elsewhere.
            "recent" | "future" => {
                let nx = self.w(i + 1);
                let noun_follows = i + 1 < self.hi
                    && nx.bytes().all(|b| b.is_ascii_lowercase())
                    && !nx.is_empty()
                    && !lex::function_word(nx);
                if w == "future" && matches!(self.prev(i), "the" | "near" | "distant") {
                    return None;
                }
                if lex::unit(nx).is_some() {
                    // "future quarters": the unit belongs to the expression.
                    return (w == "future" && nx.ends_with('s'))
                        .then(|| (i + 2, TimexType::Date, "FUTURE_REF".to_string(), false));
                }
                let possessed = w == "future"
                    && matches!(
                        self.prev(i),
                        "'s" | "’s" | "their" | "its" | "his" | "her" | "our" | "your"
                    );
                if !noun_follows && !possessed {
                    return None;
                }
                if w == "recent" {
                    "PAST_REF"
                } else {
                    "FUTURE_REF"
                }
            }
            // Anaphoric: "at that time", "during this period" take the value of the date the
            // text spoke of last; without one, a past reference.
            "that" | "this" | "those"
                if matches!(self.w(i + 1), "time" | "period" | "days" | "era")
                    && matches!(
                        self.prev(i),
                        "at" | "during" | "in" | "by" | "since" | "until"
                    )
                    && (w != "this" || self.w(i + 1) != "time") =>
            {
                let v = self
                    .story_value
                    .clone()
                    .unwrap_or_else(|| "PAST_REF".to_string());
                return date_m(i + 2, v);
            }
            "the" => {
                let v = match self.w(i + 1) {
                    "past" => "PAST_REF",
                    "future" => "FUTURE_REF",
                    "present" => "PRESENT_REF",
                    "near" | "short" | "long" if self.w(i + 2) == "term" => {
                        return date_m(i + 3, "FUTURE_REF".into());
                    }
                    "near" if self.w(i + 2) == "future" => {
                        return date_m(i + 3, "FUTURE_REF".into());
                    }
                    _ => return None,
                };
                // "the past" only as a noun phrase ("in the past", "the past decade" is not it).
                let nx = self.w(i + 2);
                if lex::unit(nx).is_some()
                    || lex::number(nx).is_some()
                    || nx == "few"
                    || nx == "several"
                {
                    return None;
                }
                if v == "PRESENT_REF" && self.prev(i) != "at" {
                    return None;
                }
                return date_m(i + 2, v.into());
            }
            "these" if self.w(i + 1) == "days" => return date_m(i + 2, "PRESENT_REF".into()),
            _ => return None,
        };
        date_m(i + 1, v.into())
    }
}

/// `P3Y`, `PT5H`, `PXY`, `P2Y6M` (halves), `P3DE`.
fn dur(n: Option<u32>, u: Unit, half: bool) -> String {
    let (time, code) = u.code();
    let t = if time { "T" } else { "" };
    let Some(n) = n else {
        return format!("P{t}X{code}");
    };
    if half {
        let extra = match u {
            Unit::Year => Some("6M"),
            Unit::Month => Some("2W"),
            Unit::Day => Some("T12H"),
            Unit::Hour => Some("30M"),
            Unit::Minute => Some("30S"),
            Unit::Decade => {
                return format!("P{}Y", n.saturating_mul(10).saturating_add(5));
            }
            _ => None,
        };
        if let Some(x) = extra {
            if n == 0 {
                return match u {
                    Unit::Year => "P6M".to_string(),
                    Unit::Day => "PT12H".to_string(),
                    Unit::Hour => "PT30M".to_string(),
                    Unit::Minute => "PT30S".to_string(),
                    Unit::Month => "P2W".to_string(),
                    _ => format!("P{t}X{code}"),
                };
            }
            return format!("P{t}{n}{code}{x}");
        }
    }
    format!("P{t}{n}{code}")
}

/// A hyphenated duration compound: `two-year`, `16-hour`, `8-month-old`, `day-long`.
fn compound(w: &str) -> Option<(Option<u32>, Unit)> {
    if !w.contains('-') {
        return None;
    }
    let mut parts = w.split('-');
    let a = parts.next()?;
    let b = parts.next()?;
    if let Some((u, false)) = lex::unit(a) {
        if b == "long" && parts.next().is_none() {
            return Some((Some(1), u));
        }
        return None;
    }
    if a == "decades" || a == "years" || a == "months" {
        let (u, _) = lex::unit(a)?;
        return (b == "long").then_some((None, u));
    }
    let n = lex::number(a)?;
    let (u, plural) = lex::unit(b)?;
    if plural {
        return None;
    }
    match parts.next() {
        None => Some((Some(n), u)),
        Some("long") => Some((Some(n), u)),
        Some(_) => None,
    }
}

/// A US numeric date `3/5/2024` → `2024-03-05`.
fn us_date(w: &str) -> Option<String> {
    let mut it = w.split('/');
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    let y = lex::year(it.next()?)?;
    if it.next().is_some() {
        return None;
    }
    cal::date(y, m, d).map(cal::fmt_day)
}

/// Decade words: "nineties" → 90.
fn decade_word(w: &str) -> Option<i32> {
    Some(match w {
        "twenties" => 20,
        "thirties" => 30,
        "forties" => 40,
        "fifties" => 50,
        "sixties" => 60,
        "seventies" => 70,
        "eighties" => 80,
        "nineties" => 90,
        _ => return None,
    })
}

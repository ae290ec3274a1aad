//! The words every rule family shares: numbers, units, seasons, parts of day, zones (read once
//! from `resources/words.tsv`), tense markers (`resources/tense.tsv`), month and weekday names
//! (the shared `lexicon` crate, with their abbreviations written with a period), and the number
//! forms written in digits (years, decades, ordinals like `22nd`).

use crate::table::{Sieve, Table, WordMap, WordSet};
use std::str::FromStr;
use std::sync::LazyLock;

/// A calendar or clock unit as it appears in text ("years", "decade", "-hour").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    pub(crate) const ALL: [Unit; 10] = [
        Unit::Second,
        Unit::Minute,
        Unit::Hour,
        Unit::Day,
        Unit::Week,
        Unit::Month,
        Unit::Quarter,
        Unit::Year,
        Unit::Decade,
        Unit::Century,
    ];

    /// `(time part?, code)` of the unit in an ISO 8601 / TIMEX3 duration.
    pub(crate) fn code(self) -> (bool, &'static str) {
        match self {
            Unit::Second => (true, "S"),
            Unit::Minute => (true, "M"),
            Unit::Hour => (true, "H"),
            Unit::Day => (false, "D"),
            Unit::Week => (false, "W"),
            Unit::Month => (false, "M"),
            Unit::Quarter => (false, "Q"),
            Unit::Year => (false, "Y"),
            Unit::Decade => (false, "DE"),
            Unit::Century => (false, "CE"),
        }
    }
}

/// A unit from one of it as an ISO 8601 duration: `PT1H`, `P1D`, `P1DE`.
impl FromStr for Unit {
    type Err = ();

    fn from_str(s: &str) -> Result<Unit, ()> {
        let p = s.strip_prefix('P').ok_or(())?;
        let (time, p) = match p.strip_prefix('T') {
            Some(rest) => (true, rest),
            None => (false, p),
        };
        let code = p.strip_prefix('1').ok_or(())?;
        Unit::ALL
            .into_iter()
            .find(|u| u.code() == (time, code))
            .ok_or(())
    }
}

/// The shared word lists.
pub(crate) struct Lexicon {
    /// Unit words, with whether they are plural.
    units: WordMap<(Unit, bool)>,
    /// Unit words in file order, for writing a unit out (the first of a unit is its name).
    unit_names: Vec<(Unit, bool, &'static str)>,
    seasons: WordMap<&'static str>,
    parts_of_day: WordMap<&'static str>,
    numbers: WordMap<u32>,
    ordinals: WordMap<u32>,
    zones: WordSet,
    possessive: WordSet,
    past: WordSet,
    present: WordSet,
    future: WordSet,
    false_ed: WordSet,
    deictic: WordSet,
    function: WordSet,
    object_after_to: WordSet,
}

pub(crate) const WORDS_TSV: &str = include_str!("../resources/words.tsv");
pub(crate) const TENSE_TSV: &str = include_str!("../resources/tense.tsv");

impl Lexicon {
    pub(crate) fn from_tables(words: &Table, tense: &Table) -> Lexicon {
        let mut units: WordMap<(Unit, bool)> = words
            .map::<Unit>("unit")
            .into_iter()
            .map(|(w, u)| (w, (u, false)))
            .collect();
        units.extend(
            words
                .map::<Unit>("units")
                .into_iter()
                .map(|(w, u)| (w, (u, true))),
        );
        let unit_names = [("unit", false), ("units", true)]
            .into_iter()
            .flat_map(|(class, plural)| {
                words
                    .list::<Unit>(class)
                    .into_iter()
                    .map(move |(w, u)| (u, plural, w))
            })
            .collect();
        Lexicon {
            units,
            unit_names,
            seasons: words.text_map("season"),
            parts_of_day: words.text_map("part_of_day"),
            numbers: words.map("number"),
            ordinals: words.map("ordinal"),
            zones: words.set("zone"),
            possessive: words.set("possessive"),
            past: tense.set("past"),
            present: tense.set("present"),
            future: tense.set("future"),
            false_ed: tense.set("false_ed"),
            deictic: tense.set("deictic"),
            function: tense.set("function"),
            object_after_to: tense.set("object_after_to"),
        }
    }
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::from_tables(
        &Table::parse("words.tsv", WORDS_TSV),
        &Table::parse("tense.tsv", TENSE_TSV),
    )
});

/// A unit word, with whether it is plural.
pub(crate) fn unit(w: &str) -> Option<(Unit, bool)> {
    LEX.units.get(w).copied()
}

/// The name of a unit, singular or plural ("year", "years"): its first word in the table.
pub(crate) fn unit_name(u: Unit, plural: bool) -> Option<&'static str> {
    LEX.unit_names
        .iter()
        .find(|(v, p, _)| *v == u && *p == plural)
        .map(|(_, _, w)| *w)
}

/// The shapes (length, first byte) of the shared month and weekday names and of their
/// abbreviations with a period: most tokens are turned away before any hashing.
static CALENDAR_SIEVES: LazyLock<(Sieve, Sieve)> = LazyLock::new(|| {
    let sieve = |names: &[lexicon::CalendarName]| {
        let mut s = Sieve::default();
        for n in names {
            s.add(n.name);
            for a in &n.abbreviations {
                s.add_with_period(a);
            }
        }
        s
    };
    (sieve(lexicon::months()), sieve(lexicon::weekdays()))
});

/// Month number of a month name or news abbreviation with its period ("sept.") (lowercase
/// input), from the shared lists of the `lexicon` crate.
pub(crate) fn month(w: &str) -> Option<u8> {
    if !CALENDAR_SIEVES.0.may_hold(w) {
        return None;
    }
    lexicon::month(w).or_else(|| lexicon::month_abbreviation(w.strip_suffix('.')?))
}

/// ISO weekday (Monday = 1) of a weekday name or abbreviation with its period ("thurs.")
/// (lowercase input), from the shared lists of the `lexicon` crate.
pub(crate) fn weekday(w: &str) -> Option<i8> {
    if !CALENDAR_SIEVES.1.may_hold(w) {
        return None;
    }
    lexicon::weekday(w)
        .or_else(|| lexicon::weekday_abbreviation(w.strip_suffix('.')?))
        .and_then(|d| i8::try_from(d).ok())
}

/// Weekday of a plural weekday name ("Mondays"), used for sets.
pub(crate) fn weekday_plural(w: &str) -> Option<i8> {
    weekday(w.strip_suffix('s')?)
}

/// TIMEX3 season code.
pub(crate) fn season(w: &str) -> Option<&'static str> {
    LEX.seasons.get(w).copied()
}

/// TIMEX3 part-of-day code.
pub(crate) fn part_of_day(w: &str) -> Option<&'static str> {
    LEX.parts_of_day.get(w).copied()
}

fn small_number(w: &str) -> Option<u32> {
    LEX.numbers.get(w).copied()
}
/// A cardinal number written in digits (with thousands commas) or words ("twenty-five").
pub(crate) fn number(w: &str) -> Option<u32> {
    if let Some(n) = digits(w) {
        return Some(n);
    }
    if let Some(n) = small_number(w) {
        return Some(n);
    }
    let (a, b) = w.split_once('-')?;
    let (a, b) = (small_number(a)?, small_number(b)?);
    (a >= 20 && a % 10 == 0 && b < 10).then_some(a + b)
}

/// A plain digit string (commas allowed between groups), below one billion.
pub(crate) fn digits(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 11 || !w.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let mut n: u32 = 0;
    for b in w.bytes() {
        match b {
            b'0'..=b'9' => n = n.checked_mul(10)?.checked_add(u32::from(b - b'0'))?,
            b',' => {}
            _ => return None,
        }
    }
    Some(n)
}

/// An ordinal number: `first`..`thirty-first`, `1st`, `22nd`, `5th`.
pub(crate) fn ordinal(w: &str) -> Option<u32> {
    if let Some(&n) = LEX.ordinals.get(w) {
        return Some(n);
    }
    if let Some(rest) = w.strip_prefix(TWENTY) {
        return LEX.ordinals.get(rest).filter(|n| **n <= 9).map(|n| n + 20);
    }
    for s in ORDINAL_SUFFIXES {
        if let Some(d) = w.strip_suffix(s)
            && !d.is_empty()
            && d.len() <= 3
            && d.bytes().all(|b| b.is_ascii_digit())
        {
            return digits(d);
        }
    }
    None
}

/// The tens prefix of the ordinals from twenty-first to twenty-ninth.
const TWENTY: &str = "twenty-";

/// Endings of ordinals written in digits (`1st`, `22nd`, `3rd`, `5th`).
pub(crate) const ORDINAL_SUFFIXES: [&str; 4] = ["st", "nd", "rd", "th"];

/// A four-digit year token in the range news writes about.
pub(crate) fn year(w: &str) -> Option<i32> {
    let b = w.as_bytes();
    if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let y = digits(w)? as i32;
    (1000..=2199).contains(&y).then_some(y)
}

/// A decade token: `1990s`, `'80s`, `80s`, with an optional `mid-`/`early-`/`late-` prefix.
/// Returns the first three digits of the decade (`199`).
pub(crate) fn decade(w: &str) -> Option<i32> {
    let w = w
        .strip_prefix("mid-")
        .or_else(|| w.strip_prefix("early-"))
        .or_else(|| w.strip_prefix("late-"))
        .unwrap_or(w);
    let d = w
        .strip_suffix("s")?
        .strip_suffix('\'')
        .unwrap_or(w.strip_suffix("s")?);
    let d = d.trim_start_matches(['\'', '’']);
    let b = d.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match b.len() {
        4 if b[3] == b'0' => {
            let y = digits(d)? as i32;
            (1000..=2190).contains(&y).then_some(y / 10)
        }
        2 if b[1] == b'0' => {
            let y = digits(d)? as i32;
            Some(if y >= 30 { 190 + y / 10 } else { 200 + y / 10 })
        }
        _ => None,
    }
}

/// Time-zone abbreviations that may follow a clock time.
pub(crate) fn is_zone(raw: &str) -> bool {
    LEX.zones.contains(raw)
}

/// The possessive clitic, split off as a token ("year's" of "this year's", "today's").
pub(crate) fn possessive(w: &str) -> bool {
    LEX.possessive.contains(w)
}

/// Words of an irregular past tense that news uses often.
pub(crate) fn past_verb(w: &str) -> bool {
    LEX.past.contains(w)
}

/// Present-tense markers.
pub(crate) fn present_verb(w: &str) -> bool {
    LEX.present.contains(w)
}

/// Words by which a time expression speaks from the document date ("last week", "Tuesday",
/// "this year's"): after one, a narrative's year no longer places year-less dates.
pub(crate) fn deictic(w: &str) -> bool {
    LEX.deictic.contains(w) || lexicon::weekday(w).is_some()
}

/// Words that cannot be the noun an adjective like "recent" or "future" modifies.
pub(crate) fn function_word(w: &str) -> bool {
    LEX.function.contains(w)
}

/// Future markers.
pub(crate) fn future_word(w: &str) -> bool {
    LEX.future.contains(w)
}

/// Words ending in `-ed` that are not past tenses.
pub(crate) fn false_ed(w: &str) -> bool {
    LEX.false_ed.contains(w)
}

/// Words after `to` that show it is a preposition, not an infinitive marker: determiners,
/// pronouns, quantifiers and nouns that often follow it ("to the", "to us", "to death").
pub(crate) fn object_after_to(w: &str) -> bool {
    LEX.object_after_to.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_ordinals() {
        assert_eq!(number("thirty"), Some(30));
        assert_eq!(number("twenty-five"), Some(25));
        assert_eq!(number("1,700"), Some(1700));
        assert_eq!(number("x"), None);
        assert_eq!(ordinal("22nd"), Some(22));
        assert_eq!(ordinal("twenty-first"), Some(21));
        assert_eq!(ordinal("third"), Some(3));
    }

    #[test]
    fn decades_and_years() {
        assert_eq!(decade("1990s"), Some(199));
        assert_eq!(decade("mid-1990s"), Some(199));
        assert_eq!(decade("'80s"), Some(198));
        assert_eq!(decade("1995s"), None);
        assert_eq!(year("1994"), Some(1994));
        assert_eq!(year("19945"), None);
    }

    #[test]
    fn data_files_parse_clean() {
        let (words, tense) = (
            Table::parse("words.tsv", WORDS_TSV),
            Table::parse("tense.tsv", TENSE_TSV),
        );
        let lex = Lexicon::from_tables(&words, &tense);
        assert_eq!(words.problems(), Vec::<String>::new());
        assert_eq!(tense.problems(), Vec::<String>::new());
        assert_eq!(lex.units.len(), 26);
        assert_eq!(lex.numbers.values().max(), Some(&100));
        assert_eq!((month("may"), month("may.")), (Some(5), None));
        assert_eq!(
            (weekday("thurs."), weekday("sun."), weekday("mon")),
            (Some(4), None, None)
        );
        assert!(deictic("friday") && !deictic("fri."));
        assert_eq!(unit("hours"), Some((Unit::Hour, true)));
        assert_eq!(unit("decade"), Some((Unit::Decade, false)));
        assert_eq!(month("sept."), Some(9));
        assert_eq!(weekday_plural("mondays"), Some(1));
        assert_eq!(season("autumn"), Some("FA"));
        assert_eq!(ordinal("thirty-first"), Some(31));
        assert_eq!(ordinal("twenty-tenth"), None);
        assert!(is_zone("EST") && !is_zone("est"));
        assert!(past_verb("’ve") && future_word("’ll") && false_ed("hundred"));
    }

    #[test]
    fn units_read_their_iso_form() {
        for u in Unit::ALL {
            let (time, code) = u.code();
            let iso = format!("P{}1{code}", if time { "T" } else { "" });
            assert_eq!(iso.parse::<Unit>(), Ok(u));
        }
        assert!("P2D".parse::<Unit>().is_err());
        assert!("".parse::<Unit>().is_err());
    }
}

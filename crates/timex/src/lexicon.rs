//! Word lists of the time grammar: months, weekdays, numbers, units, seasons, parts of day.

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

/// A unit word, with whether it is plural.
pub(crate) fn unit(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" | "yr" => (Unit::Year, false),
        "years" | "yrs" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// Month number of a month name or news abbreviation (lowercase input).
pub(crate) fn month(w: &str) -> Option<u8> {
    Some(match w {
        "january" | "jan." => 1,
        "february" | "feb." => 2,
        "march" | "mar." => 3,
        "april" | "apr." => 4,
        "may" => 5,
        "june" | "jun." => 6,
        "july" | "jul." => 7,
        "august" | "aug." => 8,
        "september" | "sept." | "sep." => 9,
        "october" | "oct." => 10,
        "november" | "nov." => 11,
        "december" | "dec." => 12,
        _ => return None,
    })
}

/// ISO weekday (Monday = 1) of a weekday name (lowercase input).
pub(crate) fn weekday(w: &str) -> Option<i8> {
    Some(match w {
        "monday" | "mon." => 1,
        "tuesday" | "tue." | "tues." => 2,
        "wednesday" | "wed." => 3,
        "thursday" | "thu." | "thur." | "thurs." => 4,
        "friday" | "fri." => 5,
        "saturday" | "sat." => 6,
        "sunday" => 7,
        _ => return None,
    })
}

/// Weekday of a plural weekday name ("Mondays"), used for sets.
pub(crate) fn weekday_plural(w: &str) -> Option<i8> {
    weekday(w.strip_suffix('s')?)
}

/// TIMEX3 season code.
pub(crate) fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// TIMEX3 part-of-day code.
pub(crate) fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "TMO",
        "afternoon" => "TAF",
        "evening" => "TEV",
        "night" => "TNI",
        _ => return None,
    })
}

fn small_number(w: &str) -> Option<u32> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
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
    let words = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(p) = words.iter().position(|x| *x == w) {
        return Some(p as u32 + 1);
    }
    match w {
        "thirtieth" => return Some(30),
        "thirty-first" => return Some(31),
        _ => {}
    }
    if let Some(rest) = w.strip_prefix("twenty-") {
        return words
            .iter()
            .take(9)
            .position(|x| *x == rest)
            .map(|p| p as u32 + 21);
    }
    let suf = ["st", "nd", "rd", "th"];
    for s in suf {
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
    matches!(
        raw,
        "EST"
            | "EDT"
            | "CST"
            | "CDT"
            | "MST"
            | "MDT"
            | "PST"
            | "PDT"
            | "GMT"
            | "UTC"
            | "BST"
            | "CET"
            | "CEST"
            | "EET"
            | "EEST"
            | "MSK"
    )
}

/// Words of an irregular past tense that news uses often.
pub(crate) fn past_verb(w: &str) -> bool {
    matches!(
        w,
        "was"
            | "were"
            | "had"
            | "did"
            | "said"
            | "told"
            | "became"
            | "came"
            | "went"
            | "took"
            | "made"
            | "gave"
            | "began"
            | "left"
            | "met"
            | "saw"
            | "spoke"
            | "got"
            | "found"
            | "rose"
            | "fell"
            | "knew"
            | "thought"
            | "sold"
            | "bought"
            | "paid"
            | "held"
            | "won"
            | "lost"
            | "ran"
            | "wrote"
            | "brought"
            | "sent"
            | "struck"
            | "led"
            | "fought"
            | "felt"
            | "kept"
            | "died"
            | "fled"
            | "spent"
            | "built"
            | "stood"
            | "heard"
            | "sought"
            | "grew"
            | "drew"
            | "flew"
            | "threw"
            | "chose"
            | "caught"
            | "taught"
            | "drove"
            | "hit"
            | "put"
            | "ago"
            | "yesterday"
            | "has"
            | "have"
            | "'ve"
            | "’ve"
            | "wasn't"
            | "weren't"
            | "didn't"
    )
}

/// Present-tense markers.
pub(crate) fn present_verb(w: &str) -> bool {
    matches!(
        w,
        "is" | "are" | "am" | "does" | "do" | "'re" | "’re" | "meet" | "meets"
    )
}

/// Words by which a time expression speaks from the document date ("last week", "Tuesday",
/// "this year's"): after one, a narrative's year no longer places year-less dates.
pub(crate) fn deictic(w: &str) -> bool {
    matches!(
        w,
        "today"
            | "yesterday"
            | "tomorrow"
            | "tonight"
            | "now"
            | "currently"
            | "recently"
            | "this"
            | "last"
            | "next"
            | "ago"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

/// Words that cannot be the noun an adjective like "recent" or "future" modifies.
pub(crate) fn function_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "but"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "the"
            | "a"
            | "an"
            | "that"
            | "this"
            | "than"
            | "as"
            | "with"
            | "by"
            | "from"
            | "it"
            | "will"
            | "would"
            | "has"
            | "have"
            | "had"
            | "looks"
    )
}

/// Future markers.
pub(crate) fn future_word(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "'ll"
            | "’ll"
            | "shall"
            | "wo"
            | "tomorrow"
            | "upcoming"
            | "expects"
            | "plans"
            | "scheduled"
            | "due"
            | "going"
            | "would"
            | "should"
            | "might"
            | "must"
            | "planned"
            | "planning"
            | "plan"
            | "expected"
            | "set"
            | "soon"
            | "next"
    )
}

/// Words ending in `-ed` that are not past tenses.
pub(crate) fn false_ed(w: &str) -> bool {
    matches!(
        w,
        "need"
            | "indeed"
            | "speed"
            | "hundred"
            | "united"
            | "red"
            | "bed"
            | "seed"
            | "feed"
            | "breed"
            | "proceed"
            | "succeed"
            | "exceed"
            | "weed"
            | "shed"
            | "greed"
            | "deed"
            | "creed"
            | "scheduled"
            | "expected"
            | "planned"
            | "proposed"
            | "supposed"
            | "used"
            | "based"
            | "limited"
            | "related"
            | "armed"
            | "advanced"
            | "detailed"
            | "experienced"
            | "interested"
            | "concerned"
            | "required"
            | "needed"
    )
}

/// Words after `to` that show it is a preposition, not an infinitive marker: determiners,
/// pronouns, quantifiers and nouns that often follow it ("to the", "to us", "to death").
pub(crate) fn object_after_to(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "that"
            | "these"
            | "those"
            | "some"
            | "all"
            | "about"
            | "be"
            | "have"
            | "more"
            | "less"
            | "death"
            | "power"
            | "office"
            | "court"
            | "trial"
            | "us"
            | "me"
            | "him"
            | "them"
            | "you"
            | "it"
            | "one"
            | "each"
            | "both"
            | "every"
            | "any"
            | "no"
            | "date"
    )
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
}

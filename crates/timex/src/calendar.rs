//! Calendar arithmetic and TIMEX3 value formatting (`2024-03`, `2024-W34`, `XXXX-03`).

use jiff::civil::Date;

/// A civil date from year, month and day, when it exists.
pub(crate) fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    let y = i16::try_from(y).ok()?;
    let m = i8::try_from(m).ok()?;
    let d = i8::try_from(d).ok()?;
    Date::new(y, m, d).ok()
}

/// `d` moved by `n` days.
pub(crate) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// `(year, month)` moved by `n` months.
pub(crate) fn add_months(y: i32, m: u8, n: i64) -> (i32, u8) {
    let t = i64::from(y) * 12 + i64::from(m) - 1 + n;
    (t.div_euclid(12) as i32, (t.rem_euclid(12) + 1) as u8)
}

/// Quarter (1..=4) of a month.
pub(crate) fn quarter_of(m: u8) -> u8 {
    (m.saturating_sub(1)) / 3 + 1
}

/// Season index (spring 0, summer 1, fall 2, winter 3) of a month; winter keeps its December year.
pub(crate) fn season_index(m: u8) -> u8 {
    match m {
        3..=5 => 0,
        6..=8 => 1,
        9..=11 => 2,
        _ => 3,
    }
}

pub(crate) const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

pub(crate) fn fmt_year(y: i32) -> String {
    if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        "XXXX".to_string()
    }
}

pub(crate) fn fmt_month(y: i32, m: u8) -> String {
    format!("{}-{m:02}", fmt_year(y))
}

pub(crate) fn fmt_day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// ISO week of a date: `2024-W34`.
pub(crate) fn fmt_week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// `(year, month, day)` of a date as plain integers.
pub(crate) fn ymd(d: Date) -> (i32, u8, u8) {
    (i32::from(d.year()), d.month() as u8, d.day() as u8)
}

/// ISO weekday of a date (Monday = 1).
pub(crate) fn weekday(d: Date) -> i8 {
    d.weekday().to_monday_one_offset()
}

/// Parses `YYYY-MM-DD` (the first ten bytes of `s`).
pub(crate) fn parse_iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = s.get(0..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d = s.get(8..10)?.parse().ok()?;
    date(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_and_formats() {
        let d = date(2024, 8, 25).unwrap();
        assert_eq!(fmt_day(add_days(d, -1).unwrap()), "2024-08-24");
        assert_eq!(add_months(2024, 1, -1), (2023, 12));
        assert_eq!(add_months(2024, 12, 1), (2025, 1));
        assert_eq!(fmt_week(d), "2024-W34");
        assert_eq!(weekday(d), 7);
        assert_eq!(quarter_of(8), 3);
        assert_eq!(parse_iso("2024-08-25T10:00Z"), Some(d));
        assert_eq!(parse_iso("2024-02-30"), None);
        assert_eq!(fmt_month(2024, 3), "2024-03");
    }
}

//! Date normalization: whatever a page writes into ISO 8601.
//!
//! Output forms: `2024-08-25T10:00:00Z` (an instant: the source had a UTC offset or zone),
//! `2024-08-25T10:00:00` (a civil time without offset), `2024-08-25` (a day). Accepted inputs:
//! RFC 3339 / ISO 8601 with or without offset (also `+0000`, fractional seconds, a space instead
//! of `T`), RFC 2822, compact `20240825`, `2024/08/25`, day-month-name and month-name-day forms
//! in English (`Aug 25, 2024`, `25 August 2024 10:00 GMT`), US `08/25/2024`, and Unix seconds or
//! milliseconds. Years outside 1990..=2100 are rejected as noise.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

/// Normalizes a date string; `None` when nothing date-like is recognized.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(v) = iso(s) {
        return Some(v);
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return instant(z.timestamp());
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return numeric(s);
    }
    free_form(s)
}

fn plausible(y: i16) -> bool {
    (1990..=2100).contains(&y)
}

fn instant(ts: Timestamp) -> Option<String> {
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    plausible(dt.year()).then(|| format!("{}Z", dt.strftime("%Y-%m-%dT%H:%M:%S")))
}

fn civil(dt: DateTime) -> Option<String> {
    plausible(dt.year()).then(|| dt.strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

fn day(d: Date) -> Option<String> {
    plausible(d.year()).then(|| d.strftime("%Y-%m-%d").to_string())
}

/// ISO-like forms.
fn iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 8 || !b.get(..4)?.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut t = s.replacen(' ', "T", 1);
    // `+0000` / `-0500` offsets: add the colon jiff wants.
    let tb = t.as_bytes();
    if tb.len() > 5 {
        let k = tb.len() - 5;
        if matches!(tb.get(k), Some(b'+' | b'-'))
            && tb
                .get(k + 1..)
                .is_some_and(|r| r.iter().all(u8::is_ascii_digit))
            && t.contains('T')
        {
            t.insert(k + 3, ':');
        }
    }
    if t.ends_with(" UTC") || t.ends_with("TUTC") {
        t.truncate(t.len() - 4);
        t.push('Z');
    }
    if let Ok(ts) = t.parse::<Timestamp>() {
        return instant(ts);
    }
    if t.contains('T')
        && let Ok(dt) = t.parse::<DateTime>()
    {
        return civil(dt);
    }
    let head = s.get(..10).unwrap_or(s);
    let head = head.replace(['/', '.'], "-");
    if let Ok(d) = head.parse::<Date>() {
        return day(d);
    }
    if let Some(compact) = s.get(..8)
        && compact.bytes().all(|c| c.is_ascii_digit())
    {
        return numeric(compact);
    }
    None
}

/// `20240825`, Unix seconds (10 digits) or milliseconds (13 digits).
fn numeric(s: &str) -> Option<String> {
    match s.len() {
        8 => {
            let y: i16 = s.get(..4)?.parse().ok()?;
            let m: i8 = s.get(4..6)?.parse().ok()?;
            let d: i8 = s.get(6..8)?.parse().ok()?;
            day(Date::new(y, m, d).ok()?)
        }
        10 => instant(Timestamp::from_second(s.parse().ok()?).ok()?),
        13 => instant(Timestamp::from_millisecond(s.parse().ok()?).ok()?),
        _ => None,
    }
}

fn month_of(w: &str) -> Option<i8> {
    let w = w.to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    const M: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if w.len() < 3 {
        return None;
    }
    let p = w.get(..3)?;
    let idx = M.iter().position(|m| *m == p)?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let f = full.get(idx)?;
    (f.starts_with(w) || w == "sept").then_some(idx as i8 + 1)
}

/// True when `w` is an English month name or abbreviation ("Nov", "November", "Sept.").
pub(crate) fn is_month_word(w: &str) -> bool {
    month_of(w.trim_end_matches(['.', ','])).is_some()
}

/// English free-form dates: `Aug 25, 2024`, `25 August 2024`, `08/25/2024`, with an optional
/// `10:00 AM` and zone (`GMT`, `UTC`, `Z`, `EST`, `+01:00`).
fn free_form(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut year: Option<i16> = None;
    let mut month: Option<i8> = None;
    let mut dayn: Option<i8> = None;
    let mut time: Option<(i8, i8, i8)> = None;
    let mut pm: Option<bool> = None;
    let mut offset_min: Option<i32> = None;
    for w in &words {
        let lw = w.to_ascii_lowercase();
        let lw = lw.trim_matches(|c: char| c == '.' || c == '(' || c == ')');
        if let Some(m) = month_of(lw) {
            if month.is_none() {
                month = Some(m);
            }
            continue;
        }
        match lw {
            "am" | "a.m" => {
                pm = Some(false);
                continue;
            }
            "pm" | "p.m" => {
                pm = Some(true);
                continue;
            }
            "gmt" | "utc" | "z" => {
                offset_min = Some(0);
                continue;
            }
            "est" => offset_min = Some(-300),
            "edt" => offset_min = Some(-240),
            "cst" => offset_min = Some(-360),
            "cdt" => offset_min = Some(-300),
            "mst" => offset_min = Some(-420),
            "mdt" => offset_min = Some(-360),
            "pst" => offset_min = Some(-480),
            "pdt" => offset_min = Some(-420),
            "bst" | "cet" => offset_min = Some(60),
            "cest" => offset_min = Some(120),
            "ist" => offset_min = Some(330),
            _ => {}
        }
        if lw.contains(':') && time.is_none() {
            let (clock, ampm) = if let Some(x) = lw.strip_suffix("pm") {
                (x, Some(true))
            } else if let Some(x) = lw.strip_suffix("am") {
                (x, Some(false))
            } else {
                (lw, None)
            };
            let parts: Vec<&str> = clock.split(':').collect();
            let h: i8 = parts.first().and_then(|x| x.parse().ok())?;
            let mi: i8 = parts
                .get(1)
                .and_then(|x| x.get(..2))
                .and_then(|x| x.parse().ok())?;
            let se: i8 = parts
                .get(2)
                .and_then(|x| x.get(..2))
                .and_then(|x| x.parse().ok())
                .unwrap_or(0);
            time = Some((h, mi, se));
            if ampm.is_some() {
                pm = ampm;
            }
            continue;
        }
        if (lw.contains('/') || lw.contains('-') || lw.contains('.'))
            && lw.bytes().next().is_some_and(|b| b.is_ascii_digit())
        {
            let parts: Vec<&str> = lw.split(['/', '-', '.']).collect();
            if parts.len() == 3 {
                let a: i32 = parts.first()?.parse().ok()?;
                let b: i32 = parts.get(1)?.parse().ok()?;
                let c: i32 = parts.get(2)?.parse().ok()?;
                let (y, m, d) = if a > 31 {
                    (a, b, c)
                } else if b > 12 {
                    (c, a, b) // US month/day/year
                } else if a > 12 {
                    (c, b, a) // day/month/year
                } else {
                    (c, a, b) // ambiguous: US order
                };
                let y = if y < 100 { y + 2000 } else { y };
                year = Some(y as i16);
                month = Some(m as i8);
                dayn = Some(d as i8);
            }
            continue;
        }
        if let Ok(v) = lw
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th")
            .parse::<i32>()
        {
            if v >= 1000 && year.is_none() {
                year = Some(v as i16);
            } else if (1..=31).contains(&v) && dayn.is_none() {
                dayn = Some(v as i8);
            }
            continue;
        }
        if (lw.starts_with('+') || lw.starts_with('-')) && lw.len() >= 5 {
            let digits: String = lw.chars().filter(char::is_ascii_digit).collect();
            if digits.len() == 4 {
                let h: i32 = digits.get(..2)?.parse().ok()?;
                let m: i32 = digits.get(2..)?.parse().ok()?;
                let sign = if lw.starts_with('-') { -1 } else { 1 };
                offset_min = Some(sign * (h * 60 + m));
            }
        }
    }
    let d = Date::new(year?, month?, dayn?).ok()?;
    let Some((mut h, mi, se)) = time else {
        return day(d);
    };
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    let t = Time::new(h, mi, se, 0).ok()?;
    let dt = d.to_datetime(t);
    match offset_min {
        Some(off) => {
            let offset = jiff::tz::Offset::from_seconds(off * 60).ok()?;
            let ts = offset.to_timestamp(dt).ok()?;
            instant(ts)
        }
        None => civil(dt),
    }
}

/// A date in a URL path: `/2024/08/25/`, `/2024-08-25`, `/20240825/`, `/2019/nov/18/`.
pub fn date_from_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = path.split_once("://").map_or(path, |(_, r)| r);
    let segs: Vec<&str> = path.split('/').collect();
    for (k, seg) in segs.iter().enumerate() {
        if seg.len() == 4 && seg.bytes().all(|b| b.is_ascii_digit()) {
            let y: i16 = seg.parse().ok()?;
            if !plausible(y) {
                continue;
            }
            let m = segs.get(k + 1).and_then(|m| {
                if m.len() <= 2 {
                    m.parse::<i8>().ok()
                } else {
                    month_of(m)
                }
            });
            let d = segs.get(k + 2).and_then(|d| {
                let digits = d.bytes().take_while(u8::is_ascii_digit).count();
                (1..=2)
                    .contains(&digits)
                    .then(|| d.get(..digits)?.parse::<i8>().ok())?
            });
            if let (Some(m), Some(d)) = (m, d)
                && let Ok(date) = Date::new(y, m, d)
            {
                return day(date);
            }
        }
        // 2024-08-25 or 20240825 at the start of a segment.
        let b = seg.as_bytes();
        if b.len() >= 10
            && b.get(4) == Some(&b'-')
            && b.get(7) == Some(&b'-')
            && let Some(v) = seg
                .get(..10)
                .and_then(|x| x.parse::<Date>().ok())
                .and_then(day)
        {
            return Some(v);
        }
        if b.len() >= 8
            && b.get(..8).is_some_and(|x| x.iter().all(u8::is_ascii_digit))
            && b.get(8).is_none_or(|c| !c.is_ascii_digit())
            && let Some(v) = seg.get(..8).and_then(numeric)
        {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        normalize_date(s)
    }

    #[test]
    fn forms() {
        assert_eq!(
            n("2019-11-18T14:35:00Z").as_deref(),
            Some("2019-11-18T14:35:00Z")
        );
        assert_eq!(
            n("2019-11-18T09:35:00-05:00").as_deref(),
            Some("2019-11-18T14:35:00Z")
        );
        assert_eq!(
            n("2019-11-18T09:35:00-0500").as_deref(),
            Some("2019-11-18T14:35:00Z")
        );
        assert_eq!(
            n("2019-11-18T14:35:00.123Z").as_deref(),
            Some("2019-11-18T14:35:00Z")
        );
        assert_eq!(
            n("2019-11-18 14:35:00").as_deref(),
            Some("2019-11-18T14:35:00")
        );
        assert_eq!(n("2019-11-18").as_deref(), Some("2019-11-18"));
        assert_eq!(n("20191118").as_deref(), Some("2019-11-18"));
        assert_eq!(
            n("Mon, 18 Nov 2019 14:35:00 GMT").as_deref(),
            Some("2019-11-18T14:35:00Z")
        );
        assert_eq!(n("Nov. 18, 2019").as_deref(), Some("2019-11-18"));
        assert_eq!(n("18 November 2019").as_deref(), Some("2019-11-18"));
        assert_eq!(
            n("November 18, 2019 2:35 PM EST").as_deref(),
            Some("2019-11-18T19:35:00Z")
        );
        assert_eq!(n("11/18/2019").as_deref(), Some("2019-11-18"));
        assert_eq!(n("1574087700").as_deref(), Some("2019-11-18T14:35:00Z"));
        assert_eq!(n("yesterday"), None);
        assert_eq!(n("1200-01-01"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_from_url("https://x.com/2024/08/25/story").as_deref(),
            Some("2024-08-25")
        );
        assert_eq!(
            date_from_url("https://x.com/a/2019/nov/18/b").as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            date_from_url("https://x.com/story/2019-11-19/merger").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(date_from_url("https://x.com/news/12345/story"), None);
        assert_eq!(date_from_url("https://x.com/2014/09/make-it"), None);
    }
}

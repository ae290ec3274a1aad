//! Human-readable forms of TIMEX3 values, for people reading a timeline: `199` → "the 1990s",
//! `2024-SP` → "spring 2024", `1994-03` → "March 1994", `BC0490` → "490 BC". The normalized
//! value stays what JSON carries; this is only how the CLI and the explorer print it.

use crate::words::{self, Unit};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A readable form of a TIMEX3 value. Values it does not know are returned unchanged.
pub fn display(value: &str) -> String {
    readable(value.trim()).unwrap_or_else(|| value.to_string())
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn readable(v: &str) -> Option<String> {
    match v {
        "PAST_REF" => return Some("the past".into()),
        "PRESENT_REF" => return Some("the present".into()),
        "FUTURE_REF" => return Some("the future".into()),
        _ => {}
    }
    if let Some(d) = duration(v) {
        return Some(d);
    }
    if let Some(y) = v.strip_prefix("BC") {
        let y: u32 = num(y)?;
        return Some(format!("{y} BC"));
    }
    // Time of day: keep the date part readable, the clock as written.
    if let Some((date, time)) = v.split_once('T') {
        let d = readable(date)?;
        let t = match time {
            "MO" => "morning",
            "AF" => "afternoon",
            "EV" => "evening",
            "NI" => "night",
            "DT" => "daytime",
            t => return Some(format!("{d}, {t}")),
        };
        return Some(format!("{d}, {t}"));
    }
    match v.len() {
        // Centuries and decades: "19" → the 1900s, "199" → the 1990s.
        2 => return num::<u32>(v).map(|c| format!("the {c}00s")),
        3 => return num::<u32>(v).map(|d| format!("the {d}0s")),
        4 => return num::<u32>(v).map(|y| y.to_string()),
        _ => {}
    }
    let (year, rest) = v.split_once('-')?;
    let y = if year == "XXXX" {
        None
    } else {
        Some(num::<u32>(year)?)
    };
    let with_year = |s: String| match y {
        Some(y) => format!("{s} {y}"),
        None => s,
    };
    let parts: Vec<&str> = rest.split('-').collect();
    match parts.as_slice() {
        [season @ ("SP" | "SU" | "FA" | "WI")] => {
            let s = match *season {
                "SP" => "spring",
                "SU" => "summer",
                "FA" => "autumn",
                _ => "winter",
            };
            Some(with_year(s.to_string()))
        }
        [q] if q.len() == 2 && q.starts_with('Q') => {
            let n: u8 = num(&q[1..])?;
            let ord = ["first", "second", "third", "fourth"].get(usize::from(n).checked_sub(1)?)?;
            Some(with_year(format!("the {ord} quarter of")))
                .map(|s| if y.is_none() { s.replace(" of", "") } else { s })
        }
        [h] if h.len() == 2 && h.starts_with('H') => {
            let n: u8 = num(&h[1..])?;
            let ord = ["first", "second"].get(usize::from(n).checked_sub(1)?)?;
            Some(with_year(format!("the {ord} half of")))
                .map(|s| if y.is_none() { s.replace(" of", "") } else { s })
        }
        [w] if w.starts_with('W') => {
            let n: u8 = num(&w[1..])?;
            Some(with_year(format!("week {n} of")))
                .map(|s| if y.is_none() { s.replace(" of", "") } else { s })
        }
        [m] => {
            let m: usize = num(m)?;
            let name = MONTHS.get(m.checked_sub(1)?)?;
            Some(with_year((*name).to_string()))
        }
        [m, d] => {
            let m: usize = num(m)?;
            let d: u8 = num(d)?;
            let name = MONTHS.get(m.checked_sub(1)?)?;
            Some(match y {
                Some(y) => format!("{d} {name} {y}"),
                None => format!("{d} {name}"),
            })
        }
        _ => None,
    }
}

/// A duration: `P3Y` → "3 years", `PT1H` → "1 hour", `PXD` → "days", `P2DE` → "2 decades".
fn duration(v: &str) -> Option<String> {
    let p = v.strip_prefix('P')?;
    let (time, p) = match p.strip_prefix('T') {
        Some(rest) => (true, rest),
        None => (false, p),
    };
    let digits = p.bytes().take_while(u8::is_ascii_digit).count();
    let (n, code) = if digits == 0 {
        (None, p.strip_prefix('X')?)
    } else {
        (Some(num::<u32>(p.get(..digits)?)?), p.get(digits..)?)
    };
    let unit = Unit::ALL.into_iter().find(|u| u.code() == (time, code))?;
    Some(match n {
        None => words::unit_name(unit, true)?.to_string(),
        Some(n) => format!("{n} {}", words::unit_name(unit, n != 1)?),
    })
}

#[cfg(test)]
mod tests {
    use super::display;

    #[test]
    fn values_read_as_people_write_them() {
        for (v, want) in [
            ("199", "the 1990s"),
            ("19", "the 1900s"),
            ("1994", "1994"),
            ("1994-03", "March 1994"),
            ("1944-07-14", "14 July 1944"),
            ("XXXX-07-14", "14 July"),
            ("2024-SP", "spring 2024"),
            ("XXXX-WI", "winter"),
            ("1989-Q3", "the third quarter of 1989"),
            ("2000-W02", "week 2 of 2000"),
            ("BC0490", "490 BC"),
            ("PAST_REF", "the past"),
            ("1998-08-07TNI", "7 August 1998, night"),
            ("1998-08-07T10:35", "7 August 1998, 10:35"),
            ("P3Y", "3 years"),
            ("P1Y", "1 year"),
            ("PT24H", "24 hours"),
            ("PXD", "days"),
            ("P2DE", "2 decades"),
        ] {
            assert_eq!(display(v), want, "{v}");
        }
    }

    #[test]
    fn unknown_values_pass_through() {
        for v in [
            "P3Z",
            "PT",
            "P",
            "1994-13",
            "abc",
            "",
            "XXXX-XX-XX",
            "2024-Q9",
        ] {
            assert_eq!(display(v), v);
        }
    }
}

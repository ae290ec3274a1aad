//! Unit tests over hand-written sentences, with a marked-text helper.

use super::*;
use doc::DocMeta;

fn run(meta: DocMeta, text: &str) -> (Document, Vec<Diagnostic>) {
    let mut d = Document::new(meta, text).unwrap();
    tokenize::Tokenizer::new().annotate(&mut d).unwrap();
    let diags = TimexTagger::new().annotate(&mut d).unwrap();
    (d, diags)
}

fn got(d: &Document) -> Vec<(String, String, String)> {
    d.timex_items()
        .iter()
        .map(|t| {
            (
                d.slice(t.range).to_string(),
                t.kind.as_str().to_string(),
                t.value.clone(),
            )
        })
        .collect()
}

/// Tags `marked` (with its marks removed) with document date `dct` ("" = undated) and checks
/// that exactly the marked expressions come back (`golden`'s marked-text syntax and check).
fn check(dct: &str, marked: &str) {
    if let Err(diff) = compare(dct, marked) {
        panic!("timex marks differ\n{diff}");
    }
}

/// [`check`] as a result: both renderings when the marks differ.
fn compare(dct: &str, marked: &str) -> Result<(), String> {
    golden::compare_marks(marked, |m| {
        let mut meta = DocMeta::new("t");
        if !dct.is_empty() {
            meta.published = Some(dct.to_string());
        }
        let (d, _) = run(meta, &m.text);
        d.timex_items()
            .iter()
            .map(|t| {
                golden::Mark::with_value(
                    t.range.start as usize..t.range.end as usize,
                    t.kind.as_str(),
                    t.value.clone(),
                )
            })
            .collect()
    })
}

#[test]
fn reference_style_sentences() {
    check(
        "2024-08-25",
        "In [1994](DATE:1994), tanks rolled into the capital. [Thirty years later](DATE:2024), he lives in exile.",
    );
    check(
        "2024-08-25",
        "He spoke [last March](DATE:2024-03), [three decades ago](DATE:1994), after fighting for [three decades](DURATION:P30Y).",
    );
    check(
        "2024-08-25",
        "When she spoke to us in [March](DATE:2024-03), the rebels said they had waited for [over 30 years](DURATION:P30Y).",
    );
    check(
        "2024-08-25",
        "Since [the 1990s](DATE:199), the exiles have [recently](DATE:PAST_REF) met in Vilnius [this spring](DATE:2024-SP).",
    );
    check(
        "2024-08-25",
        "[Earlier this year](DATE:2024), envoys toured the front; they have fought for [years](DURATION:PXY) and are [now](DATE:PRESENT_REF) [currently](DATE:PRESENT_REF) tired.",
    );
}

#[test]
fn month_names_take_the_year_their_tense_points_to() {
    // Published 2024-08-25: a month named without a year is the last one before the date when
    // the sentence speaks of the past, the next one when it speaks of the future.
    let dct = "2024-08-25";
    check(
        dct,
        "When he spoke to Foreign Policy in [March](DATE:2024-03), his soldiers were fighting.",
    );
    check(
        dct,
        "When the forum brought some of its members to Washington for a series of talks at the Jamestown Foundation in [March](DATE:2024-03), they stressed their losses.",
    );
    check(dct, "The envoys will meet in [March](DATE:2025-03).");
    check(dct, "The envoys won't meet before [March](DATE:2025-03).");
    check(
        dct,
        "The forum held its next round of meetings in Vilnius, Lithuania, in [June](DATE:2024-06).",
    );
    check(
        dct,
        "The forum will hold its next round of meetings in [June](DATE:2025-06).",
    );
    check(dct, "The talks collapsed in [December](DATE:2023-12).");
    check(
        dct,
        "He was born in [September](DATE:2023-09) and died in [January](DATE:2024-01).",
    );
    check(
        dct,
        "The dividend would be paid in [January](DATE:2025-01).",
    );
    check(
        dct,
        "The company agreed to buy the unit in [February](DATE:2025-02).",
    );
    check(
        "2024-02-15",
        "The chair said the centre should open in [September](DATE:2024-09).",
    );
    // A deadline set in the past may lie ahead; without a tense the nearest month wins.
    check(dct, "He gave them until [November](DATE:2024-11) to reply.");
    check(dct, "The case is heard in [May](DATE:2024-05).");
    check(dct, "The talks ended in [August](DATE:2024-08).");
    // Seasons follow the same rule; winter spans the turn of the year.
    check(dct, "The exiles met in [the spring](DATE:2024-SP).");
    check(dct, "The exiles will meet in [the spring](DATE:2025-SP).");
    check(dct, "The exiles met in [the winter](DATE:2023-WI).");
}

#[test]
fn spans_and_values_of_the_reference_style() {
    let dct = "2024-08-25";
    check(
        dct,
        "[Earlier this year](DATE:2024), a correspondent toured the trenches; Zakayev spoke in Kyiv [this spring](DATE:2024-SP).",
    );
    check(
        dct,
        "He has spent [more than two decades](DURATION:P20Y) in exile and [two decades](DURATION:P20Y) abroad.",
    );
    check(
        dct,
        "For [three decades](DURATION:P30Y) the world watched; since [the 1990s](DATE:199) it has been silent.",
    );
    // "today" in the general sense after a copula is the present; as a day it is the date.
    check(
        dct,
        "My fate became what it is [today](DATE:PRESENT_REF). The minister said [today](DATE:2024-08-25) that talks failed.",
    );
}

#[test]
fn absolute_dates_in_news_formats() {
    check(
        "2024-08-25",
        "Talks began on [March 5, 2024](DATE:2024-03-05), resumed [5 March 2024](DATE:2024-03-05) and ended [2024-03-07](DATE:2024-03-07).",
    );
    check(
        "2024-08-25",
        "The law passed in [March 2024](DATE:2024-03) after a crisis in [the mid-1990s](DATE:199) and [the 20th century](DATE:19).",
    );
    check(
        "2024-08-25",
        "Growth slowed in [the nineties](DATE:199), in [mid-1996](DATE:1996) and by [the end of the year](DATE:2024).",
    );
    check(
        "2024-08-25",
        "Sales rose in [the second quarter](DATE:2024-Q2) but fell in [the first quarter of 2023](DATE:2023-Q1) and [third-quarter](DATE:2024-Q3) output.",
    );
}

#[test]
fn relative_days_and_weekdays() {
    // 2024-08-25 is a Sunday.
    check(
        "2024-08-25",
        "The minister said on [Tuesday](DATE:2024-08-20) that [yesterday](DATE:2024-08-24) was calm.",
    );
    check(
        "2024-08-21",
        "The delegation will arrive on [Friday](DATE:2024-08-23) and leave [tomorrow morning](TIME:2024-08-22TMO).",
    );
    check(
        "2024-08-25",
        "Officials met [last week](DATE:2024-W33) and will meet [next month](DATE:2024-09), [this week](DATE:2024-W34) or [next year](DATE:2025).",
    );
    check(
        "2024-08-25",
        "The vote was held [last night](TIME:2024-08-24TNI) at [2:30 p.m.](TIME:2024-08-25T14:30) and [this morning](TIME:2024-08-25TMO).",
    );
}

#[test]
fn times_take_the_day_in_focus() {
    check(
        "2024-08-25",
        "The blast hit on [Friday](DATE:2024-08-23) at [10:35 a.m. local time](TIME:2024-08-23T10:35).",
    );
    check(
        "2024-08-25",
        "Polls close at [8 p.m. EDT Tuesday](TIME:2024-08-20T20:00), officials said.",
    );
}

#[test]
fn financial_quarters_follow_the_focus() {
    check(
        "1989-11-02",
        "Net income fell in [the third quarter](DATE:1989-Q3) from [a year earlier](DATE:1988-Q3); in [the year-ago quarter](DATE:1988-Q3) it rose.",
    );
}

#[test]
fn durations_sets_and_refs() {
    check(
        "2024-08-25",
        "The siege lasted [two days](DURATION:P2D), then [nearly five months](DURATION:P5M) and [5 1/2 hours](DURATION:PT5H30M).",
    );
    check(
        "2024-08-25",
        "Patrols run [every week](SET:P1W), reports come out [weekly](SET:P1W) and budgets [annually](SET:P1Y).",
    );
    check(
        "2024-08-25",
        "Envoys meet [twice a month](SET:P1M) and talk at [10am](TIME:2024-08-25T10:00) on [Aug 27](DATE:2024-08-27).",
    );
    check(
        "2024-08-25",
        "Prices rose in [the past](DATE:PAST_REF) and may fall in [the future](DATE:FUTURE_REF), over [the past two months](DURATION:P2M).",
    );
}

#[test]
fn ranges_give_two_dates() {
    check(
        "2024-08-25",
        "He governed from [2001](DATE:2001) to [2009](DATE:2009) and ruled in [2024-Q1](DATE:2024-Q1).",
    );
}

#[test]
fn undated_documents_get_placeholders() {
    check(
        "",
        "He left in [March](DATE:XXXX-03), returned [last year](DATE:XXXX) on [Tuesday](DATE:XXXX-WXX-2) and stayed [three days](DURATION:P3D) in [1994](DATE:1994).",
    );
    check(
        "",
        "In [1994](DATE:1994), tanks came. [Thirty years later](DATE:2024), he spoke [this spring](DATE:XXXX-SP).",
    );
}

#[test]
fn anchors_from_dateline_and_url() {
    let text = "KYIV, 20 March 2024 — Officials said on Tuesday that talks would resume.";
    let (d, diags) = run(DocMeta::new("a"), text);
    let a = find_anchor(&d);
    assert_eq!(a.source, AnchorSource::Dateline);
    assert_eq!(a.value().as_deref(), Some("2024-03-20"));
    assert_eq!(
        diags.first().map(|x| x.message.as_str()),
        Some("anchor 2024-03-20 (dateline)")
    );
    // 2024-03-20 is a Wednesday; "said on Tuesday" is the day before.
    assert!(
        got(&d).iter().any(|(_, _, v)| v == "2024-03-19"),
        "{:?}",
        got(&d)
    );

    let (d, _) = run(
        DocMeta::new("l"),
        "Lamb ban\nBRUSSELS 1996-08-22\nThe Commission said on Thursday it disagreed.",
    );
    assert_eq!(find_anchor(&d).source, AnchorSource::Dateline);
    assert!(
        got(&d)
            .iter()
            .any(|(s, _, v)| s == "Thursday" && v == "1996-08-22")
    );

    let mut meta = DocMeta::new("b");
    meta.url = Some("https://example.com/world/2024/08/25/exiles-in-kyiv/".into());
    let (d, _) = run(meta, "The exiles met yesterday.");
    let a = find_anchor(&d);
    assert_eq!(
        (a.source, a.value()),
        (AnchorSource::Url, Some("2024-08-25".to_string()))
    );
    assert_eq!(
        got(&d),
        vec![("yesterday".into(), "DATE".into(), "2024-08-24".into())]
    );

    let (d, diags) = run(DocMeta::new("c"), "No date here.");
    assert_eq!(find_anchor(&d).source, AnchorSource::Undated);
    assert_eq!(diags.first().map(|x| x.severity), Some(Severity::Warning));
}

#[test]
fn annotator_contract() {
    let t = TimexTagger::new();
    assert_eq!(t.name(), "timex");
    assert_eq!(t.provides(), &[LayerKind::Timexes]);
    let mut d = Document::new(DocMeta::new("x"), "In 1994.").unwrap();
    assert!(matches!(t.annotate(&mut d), Err(DocError::Missing { .. })));
    // Odd input is data: no panic on empty, non-ASCII or digit soup.
    for text in [
        "",
        "“—”",
        "1/2/3/4 99:99 a.m. 0th century 9999s",
        "May may May. Sept",
    ] {
        let (d, _) = run(DocMeta::new("o"), text);
        for x in d.timex_items() {
            assert!(d.check_range(x.range).is_ok());
        }
    }
}

#[test]
fn the_reference_time_moves_with_the_story() {
    // Undated history: year-less dates take the year the text last wrote.
    check(
        "",
        "In [1944](DATE:1944), the army crossed the river. On [July 14](DATE:1944-07-14), the \
         first units reached the town. In [March](DATE:1944-03), the government fell.",
    );
    // Dated: a past year stated as an adverbial leads in its paragraph, in the past tense.
    check(
        "2024-05-10",
        "In [1994](DATE:1994), tanks rolled into the city. In [March](DATE:1994-03), the \
         fighting reached the outskirts.\n\nThe minister said on [Tuesday](DATE:2024-05-07) \
         that the talks will resume in [March](DATE:2025-03).",
    );
    // "since 1990" and "the 1988 bombing" do not set the story's year; the publication year
    // keeps year-less dates of news.
    check(
        "1999-05-06",
        "He had been arrested since [1990](DATE:1990). His car was found in \
         [December](DATE:1998-12).",
    );
    // After an expression that speaks from the document date, the story's year stops leading.
    check(
        "2010-06-01",
        "In [2001](DATE:2001) the plant opened. [Last week](DATE:2010-W21) it closed, and in \
         [March](DATE:2010-03) it had cut jobs.",
    );
}

#[test]
fn ranges_are_two_points() {
    check(
        "2010-01-01",
        "The war of [1861](DATE:1861)-[1863](DATE:1863) ended. During [1915](DATE:1915)-[17](DATE:1917) \
         the army grew ([1915](DATE:1915)-[16](DATE:1916)). The talks ran \
         [March 3](DATE:2009-03-03)-[5, 2009](DATE:2009-03-05).",
    );
    check(
        "2010-01-01",
        "Sales of [1999](DATE:1999)-[00](DATE:2000) fell.",
    );
    // Not year ranges: a score, a descending pair.
    check("2010-01-01", "They won 3-1 with a 1500-1200 split.");
}

#[test]
fn era_years_and_seasons_and_anaphora() {
    check(
        "",
        "The city fell in [490 BC](DATE:BC0490) and again in [480 B.C.](DATE:BC0480), and was \
         rebuilt in [AD 70](DATE:0070).",
    );
    check(
        "",
        "In [1961](DATE:1961) the wall went up. That [winter](DATE:1961-WI) was hard, and at \
         [that time](DATE:1961) few crossed.",
    );
    check(
        "2024-05-10",
        "Prices rose during [the winter](DATE:2023-WI). The [recent](DATE:PAST_REF) sale helped \
         [future](DATE:FUTURE_REF) earnings.",
    );
}

/// Checks every case of a fixture file of `fixtures/` (`golden`'s format: `## name` then the
/// marked text). A case's name starts with its document date, `YYYY-MM-DD` or `undated`.
fn check_fixture(name: &str, src: &str) {
    let cases = golden::cases(src).unwrap_or_else(|e| panic!("{name}: {e}"));
    for case in &cases {
        let dct = case.name.split_whitespace().next().unwrap_or_default();
        let dct = if dct == "undated" { "" } else { dct };
        if let Err(diff) = compare(dct, &case.source) {
            panic!(
                "{name}:{} ({}): timex marks differ\n{diff}",
                case.line, case.name
            );
        }
    }
}

/// One test per rule family, over its fixture file.
macro_rules! fixture_tests {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture($file, include_str!(concat!("../fixtures/", $file)));
            }
        )*
    };
}

fixture_tests! {
    clock_fixture => "clock.txt",
    day_fixture => "day.txt",
    calendar_fixture => "calendar.txt",
    relative_fixture => "relative.txt",
    quantity_fixture => "quantity.txt",
    set_fixture => "set.txt",
    reference_fixture => "reference.txt",
    era_fixture => "era.txt",
    range_fixture => "range.txt",
    context_fixture => "context.txt",
    narrative_fixture => "narrative.txt",
}

/// Each expression with the text of what it was read against: `dct`, the earlier expression
/// as written, or `-` for a value that needs no reference.
fn anchors(dct: &str, text: &str) -> Vec<(String, String, String)> {
    let mut meta = DocMeta::new("t");
    if !dct.is_empty() {
        meta.published = Some(dct.to_string());
    }
    let (d, _) = run(meta, text);
    d.timex_items()
        .iter()
        .map(|t| {
            let why = match t.anchor {
                Some(TimexAnchor::Document) => "dct".to_string(),
                Some(TimexAnchor::Expression(r)) => d.slice(r).to_string(),
                None => "-".to_string(),
            };
            (d.slice(t.range).to_string(), t.value.clone(), why)
        })
        .collect()
}

fn triples(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn each_expression_records_what_it_was_read_against() {
    // A story's year places a month named without one; the present speaks from the DCT.
    assert_eq!(
        anchors(
            "2024-08-21",
            "In 1989, the wall fell. In November, crowds crossed it.\n\nThe minister said on Monday that talks resume next week.",
        ),
        triples(&[
            ("1989", "1989", "-"),
            ("November", "1989-11", "1989"),
            ("Monday", "2024-08-19", "dct"),
            ("next week", "2024-W35", "dct"),
        ])
    );
    // "that day" and "the next morning" read the day named before them.
    assert_eq!(
        anchors(
            "2024-08-21",
            "The ferry sank on 4 March 2001. That day the port closed, and the next morning divers came.",
        ),
        triples(&[
            ("4 March 2001", "2001-03-04", "-"),
            ("That day", "2001-03-04", "4 March 2001"),
            // "That day" set the day in focus: the chain is recorded link by link.
            ("the next morning", "2001-03-05TMO", "That day"),
        ])
    );
    // Undated, a year-less date takes the year written last.
    assert_eq!(
        anchors(
            "",
            "The siege began in 1683. On September 12 the relief army arrived."
        ),
        triples(&[
            ("1683", "1683", "-"),
            ("September 12", "1683-09-12", "1683"),
        ])
    );
}

#[test]
fn a_range_in_one_token_carries_its_second_point_and_duration() {
    let mut meta = DocMeta::new("t");
    meta.published = Some("2024-08-21".to_string());
    let (d, _) = run(
        meta,
        "The war of 1915-17 and the talks of March 3-5, 2009 ended it.",
    );
    let items = d.timex_items();
    type Shown<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);
    let shown: Vec<Shown> = items
        .iter()
        .map(|t| {
            (
                d.slice(t.range),
                t.value.as_str(),
                t.span_to
                    .as_ref()
                    .map(|s| (d.slice(s.to), s.duration.as_str())),
            )
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            ("1915", "1915", Some(("17", "P3Y"))),
            ("17", "1917", None),
            ("March 3", "2009-03-03", Some(("5, 2009", "P3D"))),
            ("5, 2009", "2009-03-05", None),
        ]
    );
    // The second point of a year-less range is read against its first.
    assert_eq!(
        anchors("2024-08-21", "The fair ran March 3-5 last spring."),
        triples(&[
            ("March 3", "2024-03-03", "dct"),
            ("5", "2024-03-05", "March 3"),
            ("last spring", "2024-SP", "dct"),
        ])
    );
}

#[test]
fn two_expressions_joined_as_a_range_carry_the_duration() {
    let ranges = |text: &str| -> Vec<(String, Option<(String, String)>)> {
        let mut meta = DocMeta::new("t");
        meta.published = Some("2024-08-21".to_string());
        let (d, _) = run(meta, text);
        d.timex_items()
            .iter()
            .map(|t| {
                (
                    d.slice(t.range).to_string(),
                    t.span_to
                        .as_ref()
                        .map(|s| (d.slice(s.to).to_string(), s.duration.clone())),
                )
            })
            .collect()
    };
    let r = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
    assert_eq!(
        ranges("He ruled from 1861 to 1863 and again between 1870 and 1874."),
        vec![
            ("1861".to_string(), r("1863", "P3Y")),
            ("1863".to_string(), None),
            ("1870".to_string(), r("1874", "P5Y")),
            ("1874".to_string(), None),
        ]
    );
    // Two dates listed are no range; nor are points of different units.
    assert_eq!(
        ranges("Votes were held in 1998 and 2002, and from May 1990 to 1991."),
        vec![
            ("1998".to_string(), None),
            ("2002".to_string(), None),
            ("May 1990".to_string(), None),
            ("1991".to_string(), None),
        ]
    );
}

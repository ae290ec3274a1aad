//! Word lists shared by the annotators, kept as data files in `crates/lexicon/data/`, embedded
//! with `include_str!` and parsed once on first use.
//!
//! The shared lists: person titles and honorifics ([`title`], with the gender they imply),
//! organisation head nouns ([`is_org_head`]), month and weekday names with their abbreviations
//! ([`month`], [`weekday`]) and personal pronouns ([`pronoun`], with person, number, gender and
//! case). Each is the base the crates agree on; a crate whose copy differs on purpose keeps its
//! own additions in its own data folder and reads both.
//!
//! The containers ([`WordSet`], [`WordMap`]) and the file reader and checks ([`file`]) are what
//! every crate uses for its own lists too, so all word lists of the workspace have one format.
//! Lookups take a lower-case `&str` and hash it once; nothing is allocated per lookup.

pub mod file;

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// A set of words read from a data file.
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    words: FxHashSet<&'static str>,
}

impl WordSet {
    /// The first field of every entry of a data file (see [`file`]).
    pub fn parse(src: &'static str) -> WordSet {
        file::entries(src)
            .filter_map(|l| l.split('\t').next())
            .map(str::trim)
            .collect()
    }

    /// Whether `word` is in the set (compared as given: callers pass lower case).
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the set has no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.words.iter().copied()
    }

    /// This set with the words of `more` added (a crate's own list on top of a shared one).
    pub fn with(mut self, more: impl IntoIterator<Item = &'static str>) -> WordSet {
        self.words.extend(more);
        self
    }
}

impl FromIterator<&'static str> for WordSet {
    fn from_iter<I: IntoIterator<Item = &'static str>>(iter: I) -> Self {
        WordSet {
            words: iter.into_iter().collect(),
        }
    }
}

/// A map from words to values read from a data table.
#[derive(Clone, Debug)]
pub struct WordMap<V> {
    map: FxHashMap<&'static str, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            map: FxHashMap::default(),
        }
    }
}

impl<V> WordMap<V> {
    /// Every entry of a data table keyed by its first field, its value made by `value` from
    /// all of its fields; rows `value` rejects are skipped (the file's unit test finds them).
    /// A key seen twice keeps its first value.
    pub fn parse(src: &'static str, value: impl Fn(&[&'static str]) -> Option<V>) -> WordMap<V> {
        let mut map = FxHashMap::default();
        for row in file::rows(src) {
            if let (Some(&k), Some(v)) = (row.first(), value(&row)) {
                map.entry(k).or_insert(v);
            }
        }
        WordMap { map }
    }

    /// The value of `word` (compared as given: callers pass lower case).
    pub fn get(&self, word: &str) -> Option<&V> {
        self.map.get(word)
    }

    /// Whether `word` has a value.
    pub fn contains(&self, word: &str) -> bool {
        self.map.contains_key(word)
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the map has no word.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &V)> + '_ {
        self.map.iter().map(|(k, v)| (*k, v))
    }

    /// This map with the entries of `more` added; a word already present keeps its value.
    pub fn with(mut self, more: WordMap<V>) -> WordMap<V> {
        for (k, v) in more.map {
            self.map.entry(k).or_insert(v);
        }
        self
    }
}

/// Grammatical gender a title or pronoun implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
    /// "it", "its", "itself".
    Neuter,
}

/// Reads a gender field: `m`, `f`, `n`, or `-` for none. `None` for anything else.
pub fn parse_gender(field: &str) -> Option<Option<Gender>> {
    match field {
        "m" => Some(Some(Gender::Male)),
        "f" => Some(Some(Gender::Female)),
        "n" => Some(Some(Gender::Neuter)),
        "-" => Some(None),
        _ => None,
    }
}

/// A person title or honorific.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Title {
    /// The gender the title implies ("Mrs", "King"), if any.
    pub gender: Option<Gender>,
}

/// The shared person titles (`data/titles.tsv`), keyed by the lower-case word without a final
/// period.
pub fn titles() -> &'static WordMap<Title> {
    static TITLES: LazyLock<WordMap<Title>> = LazyLock::new(|| parse_titles(TITLES_TSV));
    &TITLES
}

/// Reads a title table in the format of `data/titles.tsv` (word, gender): for a crate's own
/// titles on top of the shared ones.
pub fn parse_titles(src: &'static str) -> WordMap<Title> {
    WordMap::parse(src, |row| {
        let gender = parse_gender(row.get(1)?)?;
        Some(Title { gender })
    })
}

/// The shared title `word` is (lower case; one final period is ignored: "dr." is "dr").
pub fn title(word: &str) -> Option<Title> {
    titles()
        .get(word.strip_suffix('.').unwrap_or(word))
        .copied()
}

/// Whether `word` is a shared title (lower case; one final period is ignored).
pub fn is_title(word: &str) -> bool {
    title(word).is_some()
}

/// The shared organisation head nouns (`data/org_heads.txt`).
pub fn org_heads() -> &'static WordSet {
    static HEADS: LazyLock<WordSet> = LazyLock::new(|| WordSet::parse(ORG_HEADS_TXT));
    &HEADS
}

/// Whether the lower-case `word` is a shared organisation head noun ("battalion", "party").
pub fn is_org_head(word: &str) -> bool {
    org_heads().contains(word)
}

/// A month or weekday: its number, full name and abbreviations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarName {
    /// Month 1-12, or ISO weekday 1-7 (Monday = 1).
    pub number: u8,
    /// The full name in lower case.
    pub name: &'static str,
    /// The abbreviations in lower case, without a period.
    pub abbreviations: Vec<&'static str>,
}

fn parse_calendar(src: &'static str) -> Vec<CalendarName> {
    file::rows(src)
        .filter_map(|row| {
            let number = row.first()?.parse().ok()?;
            let name = *row.get(1)?;
            let abbreviations = match *row.get(2)? {
                "-" => Vec::new(),
                a => a.split(',').map(str::trim).collect(),
            };
            Some(CalendarName {
                number,
                name,
                abbreviations,
            })
        })
        .collect()
}

/// Number lookups of a calendar list: by full name, by abbreviation.
struct Calendar {
    list: Vec<CalendarName>,
    names: FxHashMap<&'static str, u8>,
    abbreviations: FxHashMap<&'static str, u8>,
}

impl Calendar {
    fn new(src: &'static str) -> Calendar {
        let list = parse_calendar(src);
        let names = list.iter().map(|c| (c.name, c.number)).collect();
        let abbreviations = list
            .iter()
            .flat_map(|c| c.abbreviations.iter().map(|a| (*a, c.number)))
            .collect();
        Calendar {
            list,
            names,
            abbreviations,
        }
    }
}

fn months_calendar() -> &'static Calendar {
    static MONTHS: LazyLock<Calendar> = LazyLock::new(|| Calendar::new(MONTHS_TSV));
    &MONTHS
}

fn weekdays_calendar() -> &'static Calendar {
    static WEEKDAYS: LazyLock<Calendar> = LazyLock::new(|| Calendar::new(WEEKDAYS_TSV));
    &WEEKDAYS
}

/// The twelve months in order (`data/months.tsv`).
pub fn months() -> &'static [CalendarName] {
    &months_calendar().list
}

/// The month number (1-12) of a full lower-case month name ("march" → 3).
pub fn month(word: &str) -> Option<u8> {
    months_calendar().names.get(word).copied()
}

/// The month number of a lower-case abbreviation without its period ("sept" → 9).
pub fn month_abbreviation(word: &str) -> Option<u8> {
    months_calendar().abbreviations.get(word).copied()
}

/// The seven weekdays from Monday (`data/weekdays.tsv`).
pub fn weekdays() -> &'static [CalendarName] {
    &weekdays_calendar().list
}

/// The ISO weekday (Monday = 1) of a full lower-case weekday name ("friday" → 5).
pub fn weekday(word: &str) -> Option<u8> {
    weekdays_calendar().names.get(word).copied()
}

/// The ISO weekday of a lower-case abbreviation without its period ("thurs" → 4).
pub fn weekday_abbreviation(word: &str) -> Option<u8> {
    weekdays_calendar().abbreviations.get(word).copied()
}

/// Grammatical number of a pronoun.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Number {
    Singular,
    Plural,
}

/// The cases a pronoun form takes, as a set of flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Cases(u8);

impl Cases {
    /// "he", "they".
    pub const SUBJECT: Cases = Cases(1);
    /// "him", "them".
    pub const OBJECT: Cases = Cases(2);
    /// "his book", "their book".
    pub const DETERMINER: Cases = Cases(4);
    /// "the book is his", "theirs".
    pub const POSSESSIVE: Cases = Cases(8);
    /// "himself", "themselves".
    pub const REFLEXIVE: Cases = Cases(16);

    /// Whether every case of `other` is one of these.
    pub fn contains(self, other: Cases) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    /// The cases of both.
    pub fn union(self, other: Cases) -> Cases {
        Cases(self.0 | other.0)
    }

    fn parse(field: &str) -> Option<Cases> {
        let mut cases = Cases::default();
        for c in field.split(',') {
            cases = cases.union(match c.trim() {
                "subj" => Cases::SUBJECT,
                "obj" => Cases::OBJECT,
                "det" => Cases::DETERMINER,
                "poss" => Cases::POSSESSIVE,
                "refl" => Cases::REFLEXIVE,
                _ => return None,
            });
        }
        Some(cases)
    }
}

/// A personal pronoun form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pronoun {
    /// 1, 2 or 3.
    pub person: u8,
    /// `None` where the form is either ("you").
    pub number: Option<Number>,
    /// `None` for forms without gender ("they", "I").
    pub gender: Option<Gender>,
    /// The cases the form takes ("her": object and determiner).
    pub cases: Cases,
}

/// The personal pronouns (`data/pronouns.tsv`), keyed by the lower-case form.
pub fn pronouns() -> &'static WordMap<Pronoun> {
    static PRONOUNS: LazyLock<WordMap<Pronoun>> = LazyLock::new(|| {
        WordMap::parse(PRONOUNS_TSV, |row| {
            let person = row
                .get(1)?
                .parse::<u8>()
                .ok()
                .filter(|p| (1..=3).contains(p))?;
            let number = match *row.get(2)? {
                "sg" => Some(Number::Singular),
                "pl" => Some(Number::Plural),
                "-" => None,
                _ => return None,
            };
            let gender = parse_gender(row.get(3)?)?;
            let cases = Cases::parse(row.get(4)?)?;
            Some(Pronoun {
                person,
                number,
                gender,
                cases,
            })
        })
    });
    &PRONOUNS
}

/// The personal pronoun `word` is (lower case).
pub fn pronoun(word: &str) -> Option<Pronoun> {
    pronouns().get(word).copied()
}

const TITLES_TSV: &str = include_str!("../data/titles.tsv");
const ORG_HEADS_TXT: &str = include_str!("../data/org_heads.txt");
const MONTHS_TSV: &str = include_str!("../data/months.tsv");
const WEEKDAYS_TSV: &str = include_str!("../data/weekdays.tsv");
const PRONOUNS_TSV: &str = include_str!("../data/pronouns.tsv");

#[cfg(test)]
mod tests {
    use super::*;
    use file::Format;

    #[test]
    fn every_data_file_is_well_formed() {
        let files = [
            ("titles.tsv", TITLES_TSV, Format::table(2)),
            ("org_heads.txt", ORG_HEADS_TXT, Format::WORDS),
            ("months.tsv", MONTHS_TSV, Format::table(3)),
            ("weekdays.tsv", WEEKDAYS_TSV, Format::table(3)),
            ("pronouns.tsv", PRONOUNS_TSV, Format::table(5)),
        ];
        for (name, src, format) in files {
            let n = file::check(src, format).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(n > 0, "{name}");
        }
        assert_eq!(
            file::check_lowercase_words(ORG_HEADS_TXT),
            Ok(org_heads().len())
        );
    }

    #[test]
    fn every_row_parses() {
        assert_eq!(titles().len(), file::entries(TITLES_TSV).count());
        assert_eq!(pronouns().len(), file::entries(PRONOUNS_TSV).count());
        let numbers = |l: &[CalendarName]| l.iter().map(|c| c.number).collect::<Vec<_>>();
        assert_eq!(numbers(months()), (1..=12).collect::<Vec<_>>());
        assert_eq!(numbers(weekdays()), (1..=7).collect::<Vec<_>>());
    }

    #[test]
    fn titles_ignore_one_final_period() {
        assert_eq!(
            title("mrs."),
            Some(Title {
                gender: Some(Gender::Female)
            })
        );
        assert_eq!(title("dr").map(|t| t.gender), Some(None));
        assert!(is_title("sen."));
        assert!(!is_title("sen.."));
        assert!(!is_title("Mr"), "callers pass lower case");
        assert!(!is_title("rabbit"));
    }

    #[test]
    fn crate_lists_extend_the_shared_ones() {
        let own = parse_titles("# own\nfather\tm\nmr\tf\n");
        let all = titles().clone().with(own);
        assert_eq!(all.get("father").and_then(|t| t.gender), Some(Gender::Male));
        assert_eq!(all.get("mr").and_then(|t| t.gender), Some(Gender::Male));
        let heads = org_heads()
            .clone()
            .with(WordSet::parse("# own\nbrigade\n").iter());
        assert!(heads.contains("brigade") && heads.contains("party"));
        assert!(!org_heads().contains("brigade"));
    }

    #[test]
    fn months_and_weekdays() {
        assert_eq!(month("march"), Some(3));
        assert_eq!(month("mar"), None);
        assert_eq!(month_abbreviation("sept"), Some(9));
        assert_eq!(month_abbreviation("may"), None);
        assert_eq!(weekday("sunday"), Some(7));
        assert_eq!(weekday_abbreviation("thurs"), Some(4));
        assert_eq!(weekday_abbreviation("sun"), None);
    }

    #[test]
    fn pronouns_carry_person_number_gender_and_case() {
        let her = pronoun("her").expect("her");
        assert_eq!((her.person, her.gender), (3, Some(Gender::Female)));
        assert!(her.cases.contains(Cases::OBJECT) && her.cases.contains(Cases::DETERMINER));
        assert_ne!(her.cases, Cases::OBJECT);
        assert_eq!(pronoun("them").map(|p| p.cases), Some(Cases::OBJECT));
        assert_eq!(pronoun("you").and_then(|p| p.number), None);
        assert_eq!(
            pronoun("itself").map(|p| (p.gender, p.cases)),
            Some((Some(Gender::Neuter), Cases::REFLEXIVE))
        );
        assert!(pronoun("the").is_none());
        assert!(!Cases::SUBJECT.contains(Cases::default()));
    }

    #[test]
    fn bad_rows_are_skipped_not_panicked_on() {
        let m = parse_titles("# bad\nfoo\nbar\tx\nbaz\tm\textra\n");
        assert_eq!(m.len(), 1);
        assert!(m.contains("baz"));
        assert!(WordSet::parse("").is_empty());
    }
}

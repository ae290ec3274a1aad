//! Closed word lists: pronouns, titles, role nouns, group nouns and person nouns.
//!
//! The lists are data files in `crates/coref/data/`, embedded and parsed once into hash sets
//! and maps; the lists several crates share (titles, organisation heads, pronouns) come from the
//! `lexicon` crate, and coref's own files add to them. Role nouns are the ontology's.

use ::lexicon::{Cases, WordMap, WordSet, file};
use std::sync::LazyLock;

/// Gender a pronoun or title implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

/// What a third-person pronoun can refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PronounInfo {
    /// `Some` for he/she forms (a person), `None` for they forms (a group or plural).
    pub gender: Option<Gender>,
    /// him/her/them: cannot take an antecedent in its own clause.
    pub object: bool,
    /// himself/herself/themselves: wants an antecedent in its own clause.
    pub reflexive: bool,
}

/// Declares a lazily parsed word set over an embedded data file.
macro_rules! word_set {
    ($(#[$doc:meta])* $name:ident = $path:literal) => {
        $(#[$doc])*
        static $name: LazyLock<WordSet> =
            LazyLock::new(|| WordSet::parse(include_str!($path)));
    };
}

word_set!(
    /// Title words that carry no role by themselves.
    TITLE_MODIFIERS = "../data/title_modifiers.txt"
);
word_set!(
    /// Nouns for people beyond the ontology's role nouns.
    PERSON_NOUNS = "../data/person_nouns.txt"
);
word_set!(
    /// Nouns with an agentive suffix that are no person nouns.
    AGENTIVE_EXCEPTIONS = "../data/agentive_exceptions.txt"
);
word_set!(
    /// Copulas that introduce a predicate nominal.
    COPULAS = "../data/copulas.txt"
);
word_set!(
    /// Prepositions that attach an organization to a role.
    ROLE_PREPOSITIONS = "../data/role_prepositions.txt"
);

word_set!(
    /// Tokens that separate two clauses for pronoun binding.
    CLAUSE_BOUNDARIES = "../data/clause_boundaries.txt"
);
word_set!(
    /// Subordinators that open a fronted clause.
    FRONTED_SUBORDINATORS = "../data/fronted_subordinators.txt"
);
word_set!(
    /// Function words an acronym may leave out.
    ACRONYM_STOP_WORDS = "../data/acronym_stop_words.txt"
);
word_set!(
    /// Last words that make a joined name a place.
    PLACE_HEADS = "../data/place_heads.txt"
);

/// Suffixes of person nouns ("-ist", "-ian", "-man").
static AGENTIVE_SUFFIXES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| file::entries(include_str!("../data/agentive_suffixes.txt")).collect());

/// Generic organization nouns: lexicon's shared organisation heads plus coref's own.
static GROUP_NOUNS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::parse(include_str!("../data/group_nouns.txt")).with(::lexicon::org_heads().iter())
});

/// Head nouns that pick up an organization or place: the group nouns plus coref's own heads.
static ORG_HEADS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::parse(include_str!("../data/org_heads.txt")).with(GROUP_NOUNS.iter())
});

/// Titles: lexicon's shared ones plus coref's own, keyed without a final period.
static TITLES: LazyLock<WordMap<::lexicon::Title>> = LazyLock::new(|| {
    ::lexicon::titles()
        .clone()
        .with(::lexicon::parse_titles(include_str!("../data/titles.tsv")))
});

/// Given names and the gender they suggest.
static GIVEN_NAMES: LazyLock<WordMap<Gender>> = LazyLock::new(|| {
    WordMap::parse(include_str!("../data/given_names.tsv"), |row| {
        gender(::lexicon::parse_gender(row.get(1)?)??)
    })
});

/// Coref's two genders; lexicon's neuter ("it") is none of them.
fn gender(g: ::lexicon::Gender) -> Option<Gender> {
    match g {
        ::lexicon::Gender::Male => Some(Gender::Male),
        ::lexicon::Gender::Female => Some(Gender::Female),
        ::lexicon::Gender::Neuter => None,
    }
}

/// A third-person pronoun that can refer to a person or group (he/she and they forms; not
/// "it"), read from lexicon's pronoun table.
pub(crate) fn pronoun(word: &str) -> Option<PronounInfo> {
    let w = word.to_lowercase();
    let p = ::lexicon::pronoun(&w).filter(|p| p.person == 3)?;
    let gender = match p.gender {
        Some(g) => Some(gender(g)?),
        None => None,
    };
    Some(PronounInfo {
        gender,
        // "her" is also a determiner: only a pure object form cannot corefer in its clause.
        object: p.cases == Cases::OBJECT,
        reflexive: p.cases.contains(Cases::REFLEXIVE),
    })
}

/// Honorifics and titles that may precede a person's name (compared lowercased, without a final
/// period). Returns the gender the title implies, if any.
pub(crate) fn title(word: &str) -> Option<Option<Gender>> {
    let w = word.trim_end_matches('.').to_lowercase();
    let t = TITLES.get(&w)?;
    Some(t.gender.and_then(gender))
}

/// Title words that carry no role by themselves (modifiers kept out of `holds_role` values).
pub(crate) fn is_title_modifier(word: &str) -> bool {
    TITLE_MODIFIERS.contains(&word.trim_end_matches('.').to_lowercase())
}

/// Role nouns (the last word, or the last two words, of a role phrase): the predicate the role
/// implies about its organization, from the ontology's table ([`ontology::ROLE_NOUNS`]).
pub(crate) fn role(phrase: &str) -> Option<&'static str> {
    ontology::role_predicate(phrase)
}

/// Nouns for people that can head a role nominal ("the correspondent") or a descriptor.
pub(crate) fn person_noun(word: &str) -> bool {
    let w = word.to_lowercase();
    if role(&w).is_some() || PERSON_NOUNS.contains(&w) {
        return true;
    }
    // Agentive suffixes, minus common non-person nouns that share them.
    AGENTIVE_SUFFIXES
        .iter()
        .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
        && !AGENTIVE_EXCEPTIONS.contains(&w)
}

/// Nouns naming organizations generically ("the group" → the organization last in focus).
pub(crate) fn group_noun(word: &str) -> bool {
    GROUP_NOUNS.contains(&word.to_lowercase())
}

/// Copulas that introduce a predicate nominal ("X is a coordinator").
pub(crate) fn copula(word: &str) -> bool {
    COPULAS.contains(&word.to_lowercase())
}

/// Prepositions that attach an organization to a role ("co-chair of", "coordinator at").
pub(crate) fn role_preposition(word: &str) -> bool {
    ROLE_PREPOSITIONS.contains(&word.to_lowercase())
}

/// Head nouns that may pick up an organization or place by its name ("the forum" → "Free Nations
/// of Post-Russia Forum", "the republic" → "Chechen Republic of Ichkeria").
pub(crate) fn org_head(word: &str) -> bool {
    ORG_HEADS.contains(&word.to_lowercase())
}

/// A token that separates two clauses (punctuation, "that", "because"; lower case).
pub(crate) fn clause_boundary(low: &str) -> bool {
    CLAUSE_BOUNDARIES.contains(low)
}

/// A subordinator opening a fronted clause ("when", "after"; lower case).
pub(crate) fn fronted_subordinator(low: &str) -> bool {
    FRONTED_SUBORDINATORS.contains(low)
}

/// A function word an acronym may leave out ("of", "the"; lower case).
pub(crate) fn acronym_stop_word(low: &str) -> bool {
    ACRONYM_STOP_WORDS.contains(low)
}

/// A last word that makes a joined name a place ("oblast", "county"; lower case).
pub(crate) fn place_head(low: &str) -> bool {
    PLACE_HEADS.contains(low)
}

/// The gender a common given name suggests (a short list of frequent English and international
/// names; unknown names give `None`).
pub(crate) fn given_name_gender(name: &str) -> Option<Gender> {
    GIVEN_NAMES.get(&name.to_lowercase()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use file::Format;

    /// One data file: its name, its text and its format.
    macro_rules! data {
        ($name:literal, $format:expr) => {
            ($name, include_str!(concat!("../data/", $name)), $format)
        };
    }

    /// Every data file of the crate, with its format.
    const FILES: &[(&str, &str, Format)] = &[
        data!("title_modifiers.txt", Format::WORDS),
        data!("person_nouns.txt", Format::WORDS),
        data!("agentive_suffixes.txt", Format::WORDS),
        data!("agentive_exceptions.txt", Format::WORDS),
        data!("copulas.txt", Format::WORDS),
        data!("role_prepositions.txt", Format::WORDS),
        data!("group_nouns.txt", Format::WORDS),
        data!("org_heads.txt", Format::WORDS),
        data!("clause_boundaries.txt", Format::WORDS),
        data!("fronted_subordinators.txt", Format::WORDS),
        data!("acronym_stop_words.txt", Format::WORDS),
        data!("place_heads.txt", Format::WORDS),
        data!("titles.tsv", Format::table(2)),
        data!("given_names.tsv", Format::table(2)),
    ];

    #[test]
    fn every_data_file_is_well_formed() {
        for (name, src, format) in FILES {
            let n = file::check(src, *format).unwrap_or_else(|e| panic!("data/{name}: {e}"));
            if *format == Format::WORDS {
                assert_eq!(file::check_lowercase_words(src), Ok(n), "data/{name}");
            }
        }
        let rows = |name: &str| {
            let src = FILES.iter().find(|f| f.0 == name).map_or("", |f| f.1);
            file::entries(src).count()
        };
        assert_eq!(GIVEN_NAMES.len(), rows("given_names.tsv"));
        assert_eq!(
            ::lexicon::parse_titles(include_str!("../data/titles.tsv")).len(),
            rows("titles.tsv")
        );
    }

    #[test]
    fn own_lists_add_to_the_shared_ones_without_repeating_them() {
        for (w, _) in ::lexicon::parse_titles(include_str!("../data/titles.tsv")).iter() {
            assert!(!::lexicon::is_title(w), "{w} is a shared title");
        }
        for w in WordSet::parse(include_str!("../data/group_nouns.txt")).iter() {
            assert!(
                !::lexicon::is_org_head(w),
                "{w} is a shared organisation head"
            );
        }
        for w in WordSet::parse(include_str!("../data/org_heads.txt")).iter() {
            assert!(!GROUP_NOUNS.contains(w), "{w} is a group noun");
        }
        for w in TITLE_MODIFIERS.iter() {
            assert!(TITLES.contains(w), "{w} is not a title");
        }
    }

    #[test]
    fn lookups_read_shared_and_own_lists() {
        assert_eq!(title("Mr."), Some(Some(Gender::Male)));
        assert_eq!(title("Princess"), Some(Some(Gender::Female)));
        assert_eq!(title("Gen."), Some(None));
        assert_eq!(title("Tuesday"), None);
        assert!(is_title_modifier("Dr.") && !is_title_modifier("President"));
        assert_eq!(given_name_gender("Angela"), Some(Gender::Female));
        assert_eq!(given_name_gender("Jean"), Some(Gender::Male));
        assert_eq!(given_name_gender("Zzyzx"), None);
        assert!(group_noun("Party") && group_noun("band") && !group_noun("republic"));
        assert!(org_head("republic") && org_head("battalion"));
        assert!(person_noun("historian") && person_noun("correspondent") && !person_noun("human"));
        assert!(copula("’s") && role_preposition("at"));
        let her = pronoun("Her").map(|p| (p.gender, p.object, p.reflexive));
        assert_eq!(her, Some((Some(Gender::Female), false, false)));
        let them = pronoun("them").map(|p| (p.gender, p.object, p.reflexive));
        assert_eq!(them, Some((None, true, false)));
        assert_eq!(pronoun("himself").map(|p| p.reflexive), Some(true));
        assert!(pronoun("it").is_none() && pronoun("we").is_none() && pronoun("you").is_none());
    }
}

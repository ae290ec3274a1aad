//! Word lists: speech cue verbs, pronouns, titles, role nouns and function words.
//!
//! The lists are data files in `crates/quote/data/` (one lower-case word a line, or a table for
//! titles), embedded and parsed once into hash sets; the lists several crates share (titles,
//! organisation heads, month and weekday names, pronouns) come from the `lexicon` crate, and
//! quote's own files add to them.

use ::lexicon::{Cases, WordMap, WordSet};
use std::sync::LazyLock;

/// Declares a lazily parsed word set over an embedded data file.
macro_rules! word_set {
    ($(#[$doc:meta])* $name:ident = $path:literal) => {
        $(#[$doc])*
        static $name: LazyLock<WordSet> =
            LazyLock::new(|| WordSet::parse(include_str!($path)));
    };
}

word_set!(
    /// Inflected speech and attitude verbs that introduce reported content.
    CUE_VERBS = "../data/cue_verbs.txt"
);
word_set!(
    /// Cue verbs whose object is the addressee, never the speaker ("told Foreign Policy").
    ADDRESSEE_VERBS = "../data/addressee_verbs.txt"
);
word_set!(
    /// Words that, when they precede an ambiguous form (`reports`, `claims`), make it a noun.
    DETERMINERS = "../data/determiners.txt"
);
word_set!(
    /// Cue forms that are also common nouns.
    AMBIGUOUS_NOUNS = "../data/ambiguous_nouns.txt"
);
word_set!(
    /// Words never part of a speaker noun phrase.
    FUNCTION_WORDS = "../data/function_words.txt"
);
word_set!(
    /// Words skipped between a speaker and its cue ("Clinton has also said").
    CUE_SKIP = "../data/cue_skip.txt"
);
word_set!(
    /// Title words that do not by themselves mark the name after them as a person's.
    NOT_HONORIFICS = "../data/not_honorifics.txt"
);
word_set!(
    /// Role nouns that can stand for a person ("the prime minister", "the correspondent").
    ROLE_NOUNS = "../data/role_nouns.txt"
);
word_set!(
    /// Lowercase nouns that can be a speaker head without a determiner ("sources said").
    SOURCE_NOUNS = "../data/source_nouns.txt"
);

word_set!(
    /// Cue verbs strong enough to stand without a following `that`.
    STRONG_CUES = "../data/strong_cues.txt"
);
word_set!(
    /// Participles that open an adjunct after an attribution ("referring to").
    ADJUNCT_PARTICIPLES = "../data/adjunct_participles.txt"
);
word_set!(
    /// Words that open an adjunct after an attribution ("in", "according", "as").
    ADJUNCT_OPENERS = "../data/adjunct_openers.txt"
);
word_set!(
    /// Pronouns and pro-forms that never speak for themselves.
    NON_SPEAKERS = "../data/non_speakers.txt"
);
word_set!(
    /// Auxiliaries of the passive.
    PASSIVE_AUXILIARIES = "../data/passive_auxiliaries.txt"
);
word_set!(
    /// Cue participles without "-ed".
    IRREGULAR_PARTICIPLES = "../data/irregular_participles.txt"
);

/// Titles and honorifics stripped from the front of a name: lexicon's shared titles plus
/// quote's own (`data/titles.tsv`), keyed without a final period.
static TITLES: LazyLock<WordMap<::lexicon::Title>> = LazyLock::new(|| {
    ::lexicon::titles()
        .clone()
        .with(::lexicon::parse_titles(include_str!("../data/titles.tsv")))
});

/// Capitalized words that do not start a name (sentence-initial function words, months...).
static CAP_STOP: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::parse(include_str!("../data/cap_stop.txt"))
        .with(::lexicon::months().iter().map(|m| m.name))
        .with(::lexicon::weekdays().iter().map(|d| d.name))
});

/// Last words that make a name an organisation: lexicon's shared heads plus quote's own.
static ORG_HEADS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::parse(include_str!("../data/org_heads.txt")).with(::lexicon::org_heads().iter())
});

/// Day and month names and deictic days. "May" is left out: far more often the modal verb.
static TIME_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::parse(include_str!("../data/time_words.txt"))
        .with(::lexicon::weekdays().iter().map(|d| d.name))
        .with(
            ::lexicon::months()
                .iter()
                .filter(|m| m.name != "may")
                .map(|m| m.name),
        )
});

pub(crate) fn is_cue_verb(low: &str) -> bool {
    CUE_VERBS.contains(low)
}
/// A participle cue (`saying`, `adding`): its speaker is the subject of the main clause.
pub(crate) fn is_participle_cue(low: &str) -> bool {
    low.ends_with("ing") && is_cue_verb(low)
}
pub(crate) fn is_addressee_verb(low: &str) -> bool {
    ADDRESSEE_VERBS.contains(low)
}
pub(crate) fn is_determiner(low: &str) -> bool {
    DETERMINERS.contains(low)
}
pub(crate) fn is_ambiguous_noun(low: &str) -> bool {
    AMBIGUOUS_NOUNS.contains(low)
}
/// Personal pronouns that can name a speaker: the subject forms of lexicon's pronouns.
pub(crate) fn is_pronoun(low: &str) -> bool {
    ::lexicon::pronoun(low).is_some_and(|p| p.cases.contains(Cases::SUBJECT))
}
pub(crate) fn is_function_word(low: &str) -> bool {
    FUNCTION_WORDS.contains(low)
}
pub(crate) fn is_cue_skip(low: &str) -> bool {
    CUE_SKIP.contains(low)
}

/// Cue verbs strong enough to stand without a following `that`.
pub(crate) fn strong_cue(low: &str) -> bool {
    STRONG_CUES.contains(low)
}
/// A participle opening an adjunct after "X, he said," ("referring to …").
pub(crate) fn is_adjunct_participle(low: &str) -> bool {
    ADJUNCT_PARTICIPLES.contains(low)
}
/// A word opening an adjunct after "X, he said," ("in …", "according to …").
pub(crate) fn is_adjunct_opener(low: &str) -> bool {
    ADJUNCT_OPENERS.contains(low)
}
/// Pronouns that never speak for themselves.
pub(crate) fn non_speaker_pronoun(low: &str) -> bool {
    NON_SPEAKERS.contains(low)
}
/// An auxiliary of the passive (`was`, `been`, `got`).
pub(crate) fn is_passive_auxiliary(low: &str) -> bool {
    PASSIVE_AUXILIARIES.contains(low)
}
/// A cue participle that does not end in `-ed` (`told`, `written`).
pub(crate) fn is_irregular_participle(low: &str) -> bool {
    IRREGULAR_PARTICIPLES.contains(low)
}

/// The title key of a lower-case word: one final period dropped (`dr.` → `dr`).
fn title_key(low: &str) -> &str {
    low.strip_suffix('.').unwrap_or(low)
}

/// Titles that show the name after them is a person's (`Mr.`, `President`, `Sen.`).
pub(crate) fn is_honorific(low: &str) -> bool {
    let k = title_key(low);
    TITLES.contains(k) && !NOT_HONORIFICS.contains(k)
}

pub(crate) fn is_title(low: &str) -> bool {
    TITLES.contains(title_key(low))
}
pub(crate) fn is_cap_stop(low: &str) -> bool {
    CAP_STOP.contains(low)
}
pub(crate) fn is_role_noun(low: &str) -> bool {
    ROLE_NOUNS.contains(low)
}
pub(crate) fn is_source_noun(low: &str) -> bool {
    SOURCE_NOUNS.contains(low)
}

/// Opening double quotation marks (the straight `"` is decided by context).
pub(crate) fn is_open_mark(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '‟')
}
/// Closing double quotation marks.
pub(crate) fn is_close_mark(c: char) -> bool {
    matches!(c, '”' | '»')
}
/// Any quotation mark character, single or double.
pub(crate) fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '‹' | '›' | '‘' | '’' | '\'' | '`'
    )
}

/// Last words that make a name an organisation (`Siberian Battalion`, `Free Russia Forum`).
pub(crate) fn is_org_head(low: &str) -> bool {
    ORG_HEADS.contains(low)
}

/// Day and month names and deictic days: a time adjunct, never a speaker.
pub(crate) fn is_time_word(low: &str) -> bool {
    TIME_WORDS.contains(low)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::lexicon::file::{self, Format};

    /// One data file: its name, its text and its format.
    macro_rules! data {
        ($name:literal, $format:expr) => {
            ($name, include_str!(concat!("../data/", $name)), $format)
        };
    }

    /// Every data file of the crate, with its format.
    const FILES: &[(&str, &str, Format)] = &[
        data!("cue_verbs.txt", Format::WORDS),
        data!("addressee_verbs.txt", Format::WORDS),
        data!("determiners.txt", Format::WORDS),
        data!("ambiguous_nouns.txt", Format::WORDS),
        data!("function_words.txt", Format::WORDS),
        data!("cue_skip.txt", Format::WORDS),
        data!("not_honorifics.txt", Format::WORDS),
        data!("role_nouns.txt", Format::WORDS),
        data!("source_nouns.txt", Format::WORDS),
        data!("cap_stop.txt", Format::WORDS),
        data!("org_heads.txt", Format::WORDS),
        data!("time_words.txt", Format::WORDS),
        data!("strong_cues.txt", Format::WORDS),
        data!("adjunct_participles.txt", Format::WORDS),
        data!("adjunct_openers.txt", Format::WORDS),
        data!("non_speakers.txt", Format::WORDS),
        data!("passive_auxiliaries.txt", Format::WORDS),
        data!("irregular_participles.txt", Format::WORDS),
        data!("groups.txt", Format::WORDS),
        data!("labels.txt", Format::WORDS),
        data!("withheld.txt", Format::WORDS),
        data!("runs_on.txt", Format::WORDS),
        data!("relative_speakers.txt", Format::WORDS),
        data!("titles.tsv", Format::table(2)),
        data!("cues.tsv", Format { columns: 2, key: 2 }),
    ];

    #[test]
    fn every_data_file_is_well_formed() {
        for (name, src, format) in FILES {
            let n = file::check(src, *format).unwrap_or_else(|e| panic!("data/{name}: {e}"));
            if *format == Format::WORDS {
                assert_eq!(file::check_lowercase_words(src), Ok(n), "data/{name}");
                assert_eq!(WordSet::parse(src).len(), n, "data/{name}");
            }
        }
        let titles = include_str!("../data/titles.tsv");
        assert_eq!(
            ::lexicon::parse_titles(titles).len(),
            file::entries(titles).count()
        );
    }

    #[test]
    fn own_lists_add_to_the_shared_ones_without_repeating_them() {
        for w in WordSet::parse(include_str!("../data/org_heads.txt")).iter() {
            assert!(
                !::lexicon::is_org_head(w),
                "{w} is a shared organisation head"
            );
        }
        for (w, _) in ::lexicon::parse_titles(include_str!("../data/titles.tsv")).iter() {
            assert!(!::lexicon::is_title(w), "{w} is a shared title");
        }
        for w in NOT_HONORIFICS.iter() {
            assert!(TITLES.contains(w), "{w} is not a title");
        }
        for w in WordSet::parse(include_str!("../data/cap_stop.txt")).iter() {
            assert!(
                ::lexicon::month(w).is_none() && ::lexicon::weekday(w).is_none(),
                "{w}"
            );
        }
    }

    #[test]
    fn lookups_combine_shared_and_own_lists() {
        assert!(is_title("mr.") && is_title("mr") && is_title("gop") && is_title("u.s."));
        assert!(is_honorific("sen.") && is_honorific("spokeswoman"));
        assert!(!is_honorific("former") && !is_honorific("democratic"));
        assert!(is_cap_stop("march") && is_cap_stop("sunday") && is_cap_stop("according"));
        assert!(is_time_word("june") && is_time_word("tonight") && !is_time_word("may"));
        assert!(is_org_head("battalion") && is_org_head("inc."));
        assert!(is_pronoun("you") && is_pronoun("it") && !is_pronoun("him"));
        assert!(is_cue_skip("would") && !is_cue_verb("sunday"));
    }
}

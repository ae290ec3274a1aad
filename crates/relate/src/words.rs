//! The word lists the readers consult (trigger fillers, cue words, head nouns, demonym guards,
//! title words...), kept as data in `data/words.tsv` and parsed once into hash sets. Code names
//! a list by its [`List`] variant; the data file names it by the same identifier, so one grep
//! finds both. Lookups hash the word once (FNV-1a, no allocation).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The embedded list file.
pub(crate) const TABLE: &str = include_str!("../data/words.tsv");

/// FNV-1a over the word's bytes: short words hash in a few nanoseconds, unlike SipHash.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Build = BuildHasherDefault<Fnv>;

macro_rules! lists {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A word list of `data/words.tsv` (its first column is the variant's name).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum List {
            $($(#[$doc])* $name,)*
        }

        impl List {
            pub(crate) const ALL: &'static [List] = &[$(List::$name,)*];

            /// The list's name in the data file.
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(List::$name => stringify!($name),)*
                }
            }
        }
    };
}

lists! {
    // --- patterns.rs: the words around a trigger.
    /// Words allowed between the left mention and a trigger (patterns.tsv): auxiliaries,
    /// relativizers, commas, time and manner adverbs; negations and hedges too, so that the
    /// polarity filter refuses the pair rather than missing it.
    TriggerPrefix,
    /// Determiners, possessives and quotes allowed before the right mention.
    Determiner,
    // --- cues.rs: polarity and modality.
    /// Single words (lowercased, curly apostrophes folded) that negate a clause.
    Negation,
    /// Single words that hedge a clause or make it non-assertive; the last ones are verbs that
    /// embed an unasserted infinitive ("persuading China to join").
    Hedge,
    /// Verbs that hedge only in "is said to", "was believed to" (after a form of be, or before
    /// "to"); "X said" alone is reported speech.
    HedgeIfPassive,
    /// Forms of be before a hedging participle.
    Be,
    // --- extract.rs: the word-pattern reader.
    /// Head nouns that make a mention an organization when the tagger says otherwise ("Siberian
    /// Battalion" tagged PER); the shared heads (lexicon::org_heads) are not repeated here.
    OrgHeadRepair,
    /// Head nouns that make a mention a place when the tagger says otherwise ("Leningrad Oblast").
    PlaceHeadRepair,
    /// Possessive pronouns: possessors, not arguments ("his forum").
    PossessivePronoun,
    /// Words before a clause-subject "it" that no coreference chain covers: punctuation ending an
    /// introductory phrase, and conjunctions.
    ItClauseOpener,
    /// Conjunctions before "it" after which the clause before holds its antecedent.
    ItConjunction,
    /// Possessive marks (a token of their own).
    PossessiveMark,
    /// Nouns after a possessive state that act for it ("Ichkeria's government-in-exile, led by ...,
    /// is a member of X").
    GovernmentNoun,
    /// Prepositions that govern an argument closed by a comma: a parenthetical, not the subject of
    /// what follows ("who hails from Ingria, joined X").
    GoverningPreposition,
    /// Relative pronouns.
    RelativePronoun,
    /// Words trimmed from the edges of a label ("as", articles, quotes).
    LabelEdge,
    /// Articles.
    Article,
    /// Words that end an unquoted label after an object.
    LabelStop,
    /// Marks that open the clause a relation is stated in (the polarity window starts after the
    /// last one).
    ClauseMark,
    /// Verbs right before "in"/"to" and a place that put a person there ("decamped to Ukraine").
    ResidenceCue,
    /// "its founder, NAME": the organization was founded by NAME.
    FounderNoun,
    /// "its leader, NAME": the organization is led by NAME.
    LeaderNoun,
    /// Head nouns of organizations a person may own or run ("his forum"), besides GenericOrgNoun;
    /// the shared heads (lexicon::org_heads) are not repeated here.
    OrgNoun,
    /// Head nouns that may stand for any organization ("his group").
    GenericOrgNoun,
    /// Words after "Place, Place" that make the two places part of a list (conjunctions of several
    /// languages, "in").
    PlaceListAfter,
    /// Marks that join the items of a list.
    SeriesJoin,
    /// Coordinating conjunctions of a list.
    Conjunction,
    /// Prepositions before a place that open its noun phrase ("at the Astoria Theatre in London").
    PlaceOpener,
    /// Kinds of place that are the smaller side of "the X of Y" ("the city of").
    SmallPlaceNoun,
    /// Words before "including X" that make X a member of what follows ("Composed of two dozen
    /// movements, including X, it").
    CompositionCue,
    /// Sentence-final marks.
    SentenceEnd,
    /// Last words of a MISC mention that name a kind of event ("the 2002 Winter Olympics").
    NamedEventHead,
    /// Verbs of taking part in a named event ("finished ninth in the skeleton event at the
    /// Olympics").
    TakePartVerb,
    /// Prepositions right before a named event.
    EventPreposition,
    /// Words between a verb of taking part and its event that open a new clause.
    NamedEventBreak,
    /// Verbs that launch an attack ("Russia launched its full-scale invasion of Ukraine").
    LaunchVerb,
    /// Heads of an attack after a launching verb.
    AttackNoun,
    /// Prepositions between an attack and its target.
    AttackPreposition,
    /// Kinds of institution with a fixed seat ("University of Otago", "Jamestown Foundation").
    Institution,
    /// Compass points before a demonym ("South Korean").
    CompassPoint,
    /// Parties, ideologies and faiths: no nationality ("Democratic nominee Tim Kaine").
    NotNationality,
    /// Word endings of a MISC mention shaped like a demonym ("Russian", "Chechen", "Iraqi",
    /// "Greek", "Thai"), not a religion or a name ("Islam", "Mayflower"); matched as suffixes.
    DemonymEndingMisc,
    /// Word endings of a place-labelled mention shaped like an adjective ("Canadian" tagged LOC);
    /// matched as suffixes.
    DemonymEndingLoc,
    /// Nouns naming a kind of place, which the tagger sometimes takes for adjectives.
    PlaceNoun,
    /// Verbs that put their subject at an event ("held", "hosted", "brought ... for").
    EventVerb,
    /// Head nouns of events.
    EventNoun,
    /// Words between an event verb and its event that open a new clause.
    EventBreak,
    /// Quantifiers skipped before an event phrase.
    Quantifier,
    /// Words before a time that make it a relation's end.
    Until,
    // --- syntax.rs: the dependency reader.
    /// Dependency relations a path of data/dep_patterns.tsv may name (exact UD relations, compared
    /// with the parser's; not lowercased words).
    PathRel,
    /// Dependency relations that open a clause of their own: a time inside one dates that clause,
    /// not the one above it (UD relations, as the parser writes them).
    ClauseRel,
    /// Dependency relations that join the words of one name.
    NamePartRel,
    /// Nouns that stand for the state that modifies them ("the Tunisian government", "Tunisia's
    /// government").
    StateBody,
    /// Dependency relations of the state modifying a StateBody noun.
    StateModifierRel,
    /// Reporting verbs: reported speech asserts what it reports ("he said X founded Y").
    Said,
    /// Dependency relations (before any subtype) of a trigger's dependents that negate or hedge it.
    PolarityRel,
    /// Negations that block a trigger whatever relation holds them.
    HardNegation,
    /// Dependency relations through which a hedge or negation above a trigger reaches it ("plans to
    /// acquire", "did not agree to").
    EmbeddingRel,
    /// Cue words that do not block a trigger from the three words before it ("he said", "left").
    NotCueBefore,
    /// Words that may stand before a time fronted before the main clause ("In 2022, as Russia
    /// invaded, ...").
    FrontedTimeLead,
    /// Verbs whose clause ends a role ("resigned", "was fired").
    EndsRole,
    /// Dependency relations of a name hanging off its role noun ("appointed Omar Vance chairman"
    /// read as one noun phrase).
    NamedRoleRel,
    /// Dependency relations of a word compounded before a name's head.
    CompoundRel,
    /// Prepositions that attach an organization to a role noun ("chairman of X", "reporter at X").
    RoleOrgPreposition,
    /// Titles whose holder leads the organization named (also as the end of a longer title: "acting
    /// chief executive").
    LeaderTitle,
    /// Title words (split at spaces and hyphens) that make a leader's title a second in command
    /// ("deputy", "vice president").
    SecondInCommand,
    /// Words before a leader's noun that keep the title the head of the organization named; any
    /// other word makes it the head of a part ("police chief").
    HeadQualifier,
    /// Honorifics and articles dropped from a title ("the late", "Mr.").
    Honorific,
    /// Words that make a role a past one ("former", "ex", "outgoing"); "ex-" prefixes too.
    Former,
    /// Prepositions after which a title keeps its spelling ("minister of Foreign Affairs");
    /// compared with the word as written.
    TitleOfPreposition,
    /// Role heads beyond the coreference role lexicon ("judge", "nominee", abbreviations).
    ExtraRoleHead,
    /// Political roles (a title's last word) that a party adjective before them makes a membership
    /// ("Republican presidential nominee").
    PoliticalRole,
    /// Roles (a title's last word) held in a party, so that the party is their organization
    /// ("Democratic leader").
    PartyRole,
    /// Parties named by an adjective or noun (a whole mention, lowercased).
    Party,
    /// Words that may stand inside a title before its head ("acting", "deputy").
    TitleQualifier,
    /// Words that qualify a role inside a title, capitalized or not ("Senate Minority Leader",
    /// "Homeland Security Secretary").
    TitleModifier,
    /// Words that end the title words before them in a run ("Yahoo's", "U.S.").
    TitleRunBreak,
    /// Words before a title that make it unasserted ("alleged" is a hedge already; "potential",
    /// "would-be").
    UnassertedTitle,
    /// Cue words that do not unassert a title after them ("he said", "ex").
    NotTitleCue,
    /// Prepositions of a fronted role ("The leader of Ennahda, Rachid Ghannouchi").
    FrontedRolePreposition,
    /// Country abbreviations inside an appositive title ("a former U.S. ambassador").
    CountryAbbreviation,
    /// Dependency relations that attach an appositive role to its name.
    AppositiveRel,
    /// Words that close an appositive role phrase.
    AppositiveClose,
    /// Relative pronouns and determiners that open a clause between two names.
    RelativeWord,
    /// Dependency relations from a relative clause's noun up to a name it is coordinated with ("the
    /// Russian Legion and other militias ... who").
    CoordinationRel,
}

/// Parses the list file: `list<TAB>word` per line, `#` comments and blank lines skipped.
/// Fails on an unknown list, an empty or padded word, a line of other than two fields, a
/// duplicate word in one list, and on a list of [`List`] with no words.
pub(crate) fn parse(text: &'static str) -> Result<Vec<HashSet<&'static str, Build>>, String> {
    let mut out: Vec<HashSet<&'static str, Build>> =
        List::ALL.iter().map(|_| HashSet::default()).collect();
    let index: HashMap<&str, usize> = List::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| (l.name(), i))
        .collect();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |e: String| format!("words.tsv line {}: {e}", n + 1);
        let Some((name, word)) = line.split_once('\t') else {
            return Err(at("want LIST<TAB>WORD".into()));
        };
        let &i = index
            .get(name)
            .ok_or_else(|| at(format!("unknown list {name:?}")))?;
        if word.is_empty() || word.trim() != word || word.contains('\t') {
            return Err(at(format!("blank, padded or tabbed entry {word:?}")));
        }
        let words = out.get_mut(i).ok_or_else(|| at("no slot".into()))?;
        if !words.insert(word) {
            return Err(at(format!("{name}: duplicate {word:?}")));
        }
    }
    if let Some(l) = List::ALL
        .iter()
        .zip(&out)
        .find(|(_, w)| w.is_empty())
        .map(|(l, _)| l)
    {
        return Err(format!("words.tsv: list {} has no words", l.name()));
    }
    Ok(out)
}

/// The embedded lists, parsed once (a malformed file gives empty lists; the tests catch it).
static LISTS: LazyLock<Vec<HashSet<&'static str, Build>>> =
    LazyLock::new(|| parse(TABLE).unwrap_or_default());

/// Whether `word` is in `list`.
#[inline]
pub(crate) fn is(list: List, word: &str) -> bool {
    LISTS.get(list as usize).is_some_and(|w| w.contains(word))
}

/// The words of `list` (for the lists that are matched by suffix).
pub(crate) fn all(list: List) -> impl Iterator<Item = &'static str> {
    LISTS
        .get(list as usize)
        .into_iter()
        .flat_map(|w| w.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_parses_without_duplicates_or_blanks() {
        let lists = parse(TABLE).expect("data/words.tsv parses");
        assert_eq!(lists.len(), List::ALL.len());
        for (l, w) in List::ALL.iter().zip(&lists) {
            assert!(!w.is_empty(), "{}", l.name());
            assert!(w.iter().all(|x| !x.trim().is_empty()), "{}", l.name());
        }
        // The workspace's data-file format: a `# ` header, two fields a line, no pair twice.
        let n = lexicon::file::check(TABLE, lexicon::file::Format { columns: 2, key: 2 })
            .expect("the lexicon file format");
        assert_eq!(n, lists.iter().map(HashSet::len).sum::<usize>());
        assert!(is(List::Negation, "never"));
        assert!(!is(List::Negation, "Never"));
        assert!(!is(List::Hedge, "never"));
    }

    #[test]
    fn the_shared_organisation_heads_are_not_repeated() {
        for l in [List::OrgHeadRepair, List::OrgNoun] {
            for w in all(l) {
                assert!(!lexicon::is_org_head(w), "{}: {w} is lexicon's", l.name());
            }
        }
        assert!(lexicon::is_org_head("battalion") && is(List::OrgHeadRepair, "brigade"));
    }

    #[test]
    fn malformed_files_are_refused() {
        assert!(parse("Nope\tword\n").is_err());
        assert!(parse("Negation\t\n").is_err());
        assert!(parse("Negation\t not\n").is_err());
        assert!(parse("Negation\tnot\nNegation\tnot\n").is_err());
        assert!(parse("Negation\tnot\tx\n").is_err());
        assert!(parse("Negation not\n").is_err());
        // A list of the enum without words.
        assert!(parse("Negation\tnot\n").is_err());
    }
}

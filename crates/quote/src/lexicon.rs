//! Word lists: speech cue verbs, pronouns, titles, role nouns and function words.

/// Inflected speech and attitude verbs that introduce reported content.
const CUE_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "telling",
    "added",
    "adds",
    "adding",
    "noted",
    "notes",
    "noting",
    "warned",
    "warns",
    "warning",
    "argued",
    "argues",
    "arguing",
    "wrote",
    "writes",
    "writing",
    "continued",
    "continues",
    "declared",
    "declares",
    "insisted",
    "insists",
    "insisting",
    "explained",
    "explains",
    "explaining",
    "claimed",
    "claims",
    "claiming",
    "stressed",
    "stresses",
    "acknowledged",
    "acknowledges",
    "announced",
    "announces",
    "asked",
    "asks",
    "believes",
    "believe",
    "believed",
    "thinks",
    "think",
    "thought",
    "reported",
    "reports",
    "suggested",
    "suggests",
    "suggesting",
    "recalled",
    "recalls",
    "responded",
    "replied",
    "stated",
    "states",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "predicted",
    "predicts",
    "emphasized",
    "emphasizes",
    "admitted",
    "admits",
    "contended",
    "contends",
    "maintained",
    "maintains",
    "conceded",
    "concedes",
    "observed",
    "testified",
    "tweeted",
    "complained",
    "complains",
    "cautioned",
    "vowed",
    "vows",
    "promised",
    "promises",
    "pledged",
    "urged",
    "urges",
    "charged",
    "alleged",
    "alleges",
    "asserted",
    "asserts",
    "remarked",
    "commented",
    "agreed",
    "agrees",
    "estimated",
    "indicated",
    "indicates",
    "showed",
    "shows",
    "found",
    "finds",
    "concluded",
    "revealed",
    "learned",
    "hopes",
    "hoped",
    "feels",
    "felt",
    "expects",
    "expected",
    "fears",
    "feared",
    "wondered",
    "questioned",
    "mentioned",
    "joked",
    "quipped",
    "boasted",
    "informed",
    "assured",
    "reminded",
    "repeated",
    "reiterated",
    "countered",
    "recounted",
    "speculated",
    "hinted",
    "signaled",
    "signalled",
    "proclaimed",
    "retorted",
    "shouted",
    "whispered",
    "demanded",
    "disclosed",
    "advised",
    "knows",
    "knew",
    "asking",
    "tweeting",
    "declaring",
    "responding",
    "recalling",
    "stressing",
    "acknowledging",
    "yelled",
    "yells",
    "sings",
    "sang",
    "read",
    "reads",
    "chanting",
    "chanted",
    "scolded",
    "pleaded",
    "shouting",
    "called",
    "calls",
    "calling",
    "described",
    "describes",
    "criticized",
    "criticizes",
    "attacked",
    "attacks",
    "blasted",
    "praised",
    "accused",
    "accuses",
    "cited",
    "citing",
    "cites",
    "proposed",
    "proposes",
    "defended",
    "defends",
    "rejected",
    "dismissed",
    "mocked",
    "slammed",
    "condemned",
    "pointing",
    "declined",
    "refused",
    "blamed",
    "blames",
    "denounced",
    "suggest",
    "argue",
    "claim",
    "hope",
    "hoping",
    "promising",
    "expressed",
    "considers",
];

/// Cue verbs whose object is the addressee, never the speaker ("told Foreign Policy").
const ADDRESSEE_VERBS: &[&str] = &[
    "told", "tells", "tell", "telling", "informed", "assured", "reminded", "warned", "warns",
    "asked", "asks", "urged", "urges", "advised",
];

/// Words that, when they precede an ambiguous form (`reports`, `claims`), make it a noun.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "another", "his", "her", "their", "its", "our", "my", "your", "this",
    "these", "those", "that", "some", "many", "several", "any", "each", "every", "no", "one",
    "two", "three", "four", "five", "both", "all", "most", "other", "such",
];

/// Cue forms that are also common nouns.
const AMBIGUOUS_NOUNS: &[&str] = &[
    "attacks", "calls", "reports", "claims", "notes", "states", "shows", "finds", "says",
    "thought", "found", "wants", "hopes", "fears", "promises", "vows", "charged", "expected",
    "feels", "knows",
];

/// Personal pronouns that can name a speaker.
const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it", "you"];

/// Words never part of a speaker noun phrase.
const FUNCTION_WORDS: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "when",
    "where",
    "why",
    "how",
    "and",
    "or",
    "but",
    "if",
    "as",
    "because",
    "while",
    "although",
    "though",
    "so",
    "than",
    "then",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "about",
    "into",
    "over",
    "after",
    "before",
    "during",
    "since",
    "until",
    "under",
    "against",
    "between",
    "through",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "shall",
    "not",
    "n't",
    "also",
    "just",
    "only",
    "even",
    "still",
    "yet",
    "there",
    "here",
    "him",
    "them",
    "me",
    "us",
    "her",
    "it",
    "this",
    "these",
    "those",
    "very",
    "too",
    "more",
    "most",
    "no",
    "yes",
    "all",
    "now",
    "later",
    "earlier",
    "previously",
    "recently",
    "once",
    "again",
    "often",
    "never",
    "always",
    "publicly",
    "privately",
    "repeatedly",
    "reportedly",
    "allegedly",
    "finally",
    "simply",
    "however",
    "instead",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "week",
    "month",
    "year",
];

/// Words skipped between a speaker and its cue ("Clinton has also said").
const CUE_SKIP: &[&str] = &[
    "has",
    "have",
    "had",
    "was",
    "is",
    "also",
    "later",
    "previously",
    "then",
    "further",
    "once",
    "again",
    "would",
    "will",
    "recently",
    "publicly",
    "privately",
    "repeatedly",
    "reportedly",
    "often",
    "frequently",
    "never",
    "already",
    "first",
    "last",
    "earlier",
    "even",
    "still",
    "bluntly",
    "flatly",
    "quickly",
    "simply",
    "cryptically",
    "did",
    "does",
    "do",
    "would",
    "may",
    "might",
    "could",
    "not",
    "n't",
    "had",
    "once",
    "long",
    "since",
];

/// Titles and honorifics stripped from the front of a name.
const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sen",
    "sen.",
    "rep",
    "rep.",
    "gov",
    "gov.",
    "gen",
    "gen.",
    "president",
    "prime",
    "minister",
    "secretary",
    "senator",
    "governor",
    "general",
    "judge",
    "justice",
    "mayor",
    "chancellor",
    "king",
    "queen",
    "prince",
    "pope",
    "chairman",
    "chairwoman",
    "speaker",
    "leader",
    "ambassador",
    "director",
    "chief",
    "commander",
    "colonel",
    "col.",
    "lt.",
    "sgt.",
    "capt.",
    "professor",
    "prof.",
    "former",
    "vice",
    "candidate",
    "rev.",
    "sir",
    "lord",
    "lady",
    "attorney",
    "representative",
    "deputy",
    "foreign",
    "defense",
    "state",
    "u.s.",
    "democratic",
    "republican",
    "gop",
    "nominee",
    "presidential",
    "pollster",
    "founder",
    "ceo",
    "spokesman",
    "spokeswoman",
    "host",
    "anchor",
];

/// Capitalized words that do not start a name (sentence-initial function words, months...).
const CAP_STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "this",
    "that",
    "these",
    "those",
    "when",
    "while",
    "if",
    "as",
    "for",
    "from",
    "to",
    "of",
    "after",
    "before",
    "since",
    "so",
    "yet",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "with",
    "by",
    "not",
    "no",
    "yes",
    "all",
    "some",
    "many",
    "most",
    "one",
    "two",
    "three",
    "today",
    "yesterday",
    "tomorrow",
    "earlier",
    "later",
    "then",
    "now",
    "also",
    "however",
    "meanwhile",
    "still",
    "even",
    "just",
    "although",
    "though",
    "because",
    "until",
    "during",
    "about",
    "over",
    "under",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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
    "read",
    "more",
    "you",
    "your",
    "do",
    "does",
    "did",
    "is",
    "was",
    "are",
    "were",
    "be",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "thirty",
    "twenty",
    "together",
    "according",
    "shortly",
    "composed",
    "everyone",
    "others",
    "another",
    "every",
    "each",
    "both",
    "either",
    "neither",
    "only",
    "few",
    "several",
    "such",
    "said",
    "says",
    "told",
    "asked",
    "like",
    "unlike",
    "instead",
    "despite",
    "without",
    "within",
    "among",
    "against",
    "toward",
    "towards",
    "upon",
    "into",
    "onto",
    "through",
    "across",
];

/// Role nouns that can stand for a person ("the prime minister", "the correspondent").
const ROLE_NOUNS: &[&str] = &[
    "minister",
    "president",
    "correspondent",
    "reporter",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "senator",
    "governor",
    "secretary",
    "chairman",
    "chairwoman",
    "director",
    "leader",
    "candidate",
    "nominee",
    "mayor",
    "ambassador",
    "general",
    "commander",
    "founder",
    "ceo",
    "chief",
    "activist",
    "lawyer",
    "attorney",
    "judge",
    "professor",
    "analyst",
    "expert",
    "aide",
    "adviser",
    "advisor",
    "pollster",
    "strategist",
    "officer",
    "lawmaker",
    "congressman",
    "congresswoman",
    "representative",
    "businessman",
    "billionaire",
    "author",
    "journalist",
    "editor",
    "economist",
    "researcher",
    "scientist",
    "doctor",
    "mogul",
    "host",
    "co-chair",
    "coordinator",
    "dissident",
    "veteran",
    "manager",
    "executive",
    "owner",
];

/// Lowercase nouns that can be a speaker head without a determiner ("sources said").
const SOURCE_NOUNS: &[&str] = &[
    "sources",
    "source",
    "officials",
    "official",
    "experts",
    "analysts",
    "critics",
    "aides",
    "people",
    "residents",
    "witnesses",
    "investigators",
    "prosecutors",
    "police",
    "authorities",
    "lawmakers",
    "democrats",
    "republicans",
    "voters",
    "supporters",
    "opponents",
    "observers",
    "polls",
    "poll",
    "survey",
    "report",
    "study",
    "statement",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "campaign",
    "government",
    "administration",
    "researchers",
    "documents",
    "data",
    "scientists",
    "economists",
    "activists",
    "organizers",
    "members",
    "leaders",
];

fn has(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

pub(crate) fn is_cue_verb(low: &str) -> bool {
    has(CUE_VERBS, low)
}
/// A participle cue (`saying`, `adding`): its speaker is the subject of the main clause.
pub(crate) fn is_participle_cue(low: &str) -> bool {
    low.ends_with("ing") && is_cue_verb(low)
}
pub(crate) fn is_addressee_verb(low: &str) -> bool {
    has(ADDRESSEE_VERBS, low)
}
pub(crate) fn is_determiner(low: &str) -> bool {
    has(DETERMINERS, low)
}
pub(crate) fn is_ambiguous_noun(low: &str) -> bool {
    has(AMBIGUOUS_NOUNS, low)
}
pub(crate) fn is_pronoun(low: &str) -> bool {
    has(PRONOUNS, low)
}
pub(crate) fn is_function_word(low: &str) -> bool {
    has(FUNCTION_WORDS, low)
}
pub(crate) fn is_cue_skip(low: &str) -> bool {
    has(CUE_SKIP, low)
}
/// Titles that show the name after them is a person's (`Mr.`, `President`, `Sen.`).
pub(crate) fn is_honorific(low: &str) -> bool {
    matches!(
        low,
        "mr" | "mr."
            | "mrs"
            | "mrs."
            | "ms"
            | "ms."
            | "dr"
            | "dr."
            | "sen"
            | "sen."
            | "rep"
            | "rep."
            | "gov"
            | "gov."
            | "gen"
            | "gen."
            | "president"
            | "minister"
            | "secretary"
            | "senator"
            | "governor"
            | "general"
            | "judge"
            | "justice"
            | "mayor"
            | "chancellor"
            | "king"
            | "queen"
            | "prince"
            | "pope"
            | "chairman"
            | "chairwoman"
            | "ambassador"
            | "commander"
            | "colonel"
            | "col."
            | "lt."
            | "sgt."
            | "capt."
            | "professor"
            | "prof."
            | "rev."
            | "sir"
            | "lord"
            | "lady"
            | "representative"
            | "pollster"
            | "spokesman"
            | "spokeswoman"
            | "ceo"
            | "founder"
            | "host"
            | "anchor"
            | "attorney"
    )
}

pub(crate) fn is_title(low: &str) -> bool {
    has(TITLES, low)
}
pub(crate) fn is_cap_stop(low: &str) -> bool {
    has(CAP_STOP, low)
}
pub(crate) fn is_role_noun(low: &str) -> bool {
    has(ROLE_NOUNS, low)
}
pub(crate) fn is_source_noun(low: &str) -> bool {
    has(SOURCE_NOUNS, low)
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
    matches!(
        low,
        "battalion"
            | "legion"
            | "forum"
            | "party"
            | "army"
            | "council"
            | "committee"
            | "commission"
            | "ministry"
            | "department"
            | "agency"
            | "institute"
            | "foundation"
            | "university"
            | "company"
            | "corporation"
            | "inc"
            | "inc."
            | "group"
            | "movement"
            | "front"
            | "union"
            | "association"
            | "bank"
            | "court"
            | "senate"
            | "congress"
            | "parliament"
            | "government"
            | "administration"
            | "brigade"
            | "regiment"
            | "division"
            | "network"
            | "news"
            | "times"
            | "post"
            | "journal"
            | "policy"
            | "center"
            | "centre"
            | "office"
            | "service"
            | "services"
            | "board"
            | "club"
    )
}

/// Day and month names and deictic days: a time adjunct, never a speaker.
pub(crate) fn is_time_word(low: &str) -> bool {
    matches!(
        low,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "today"
            | "yesterday"
            | "tonight"
            | "week"
            | "month"
            | "year"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
    )
}

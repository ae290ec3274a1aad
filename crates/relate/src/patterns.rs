//! The lexical trigger patterns (the predicates they produce are the `ontology` crate's).

use doc::EntityLabel::{self, Loc, Misc, Org, Per};

/// The ontology is the `ontology` crate's: one table of predicates (description, argument
/// types, FtM and schema.org mappings, readings, conflict rule). Re-exported here so that
/// `relate::PREDICATES` and `relate::PredicateInfo` keep naming it.
pub use ontology::{PREDICATES, PredicateInfo};

/// Which side of the pair (in text order) is the relation's subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// "A founded B": the left mention is the subject.
    Forward,
    /// "B, founded by A": the right mention is the subject.
    Backward,
}

/// What a pattern reads besides the trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Plain,
    /// A label between the trigger and "by" (passive) or after the object (active):
    /// `designated`, and the status of `recognizes` ("as ...").
    Label,
}

/// A trigger pattern: the words between the two mentions, around the trigger, decide the
/// predicate and direction.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pattern {
    pub trigger: &'static [&'static str],
    pub predicate: &'static str,
    pub dir: Dir,
    pub kind: Kind,
    pub left: &'static [EntityLabel],
    pub right: &'static [EntityLabel],
    pub confidence: f32,
}

const AGENT: &[EntityLabel] = &[Per, Org, Loc];
const GROUP: &[EntityLabel] = &[Org, Misc, Loc];
const PLACE: &[EntityLabel] = &[Loc];
const ORGS: &[EntityLabel] = &[Org];
const PERS: &[EntityLabel] = &[Per];
const PER_ORG: &[EntityLabel] = &[Per, Org];
const ANY: &[EntityLabel] = &[Per, Org, Loc, Misc];

macro_rules! pats {
    ($( [$($w:literal)+] $pred:literal $dir:ident $kind:ident $l:ident $r:ident $c:literal; )*) => {
        &[$(Pattern {
            trigger: &[$($w),+],
            predicate: $pred,
            dir: Dir::$dir,
            kind: Kind::$kind,
            left: $l,
            right: $r,
            confidence: $c,
        }),*]
    };
}

/// Trigger patterns, longest first within a predicate (the first match wins).
pub(crate) const PATTERNS: &[Pattern] = pats![
    // founded
    ["founded"] "founded" Forward Plain AGENT ORGS 0.85;
    ["co-founded"] "founded" Forward Plain AGENT ORGS 0.85;
    ["cofounded"] "founded" Forward Plain AGENT ORGS 0.85;
    ["established"] "founded" Forward Plain AGENT ORGS 0.7;
    ["set" "up"] "founded" Forward Plain PERS ORGS 0.7;
    ["is" "the" "founder" "of"] "founded" Forward Plain PERS ORGS 0.8;
    ["founded" "by"] "founded" Backward Plain ORGS AGENT 0.85;
    ["co-founded" "by"] "founded" Backward Plain ORGS AGENT 0.85;
    ["established" "by"] "founded" Backward Plain ORGS AGENT 0.75;
    ["created" "by"] "founded" Backward Plain ORGS AGENT 0.65;
    ["set" "up" "by"] "founded" Backward Plain ORGS AGENT 0.7;
    // leads (verbal; titles are coref's)
    ["led" "by"] "leads" Backward Plain ORGS PERS 0.75;
    ["headed" "by"] "leads" Backward Plain ORGS PERS 0.8;
    ["chaired" "by"] "leads" Backward Plain ORGS PERS 0.8;
    ["leads"] "leads" Forward Plain PERS ORGS 0.7;
    ["heads"] "leads" Forward Plain PERS ORGS 0.75;
    ["headed"] "leads" Forward Plain PERS ORGS 0.7;
    ["chairs"] "leads" Forward Plain PERS ORGS 0.75;
    // member_of / part_of
    ["joined"] "member_of" Forward Plain AGENT GROUP 0.75;
    ["joins"] "member_of" Forward Plain AGENT GROUP 0.7;
    ["join"] "member_of" Forward Plain AGENT GROUP 0.7;
    ["enlisted" "in"] "member_of" Forward Plain PERS GROUP 0.75;
    ["signed" "up" "with"] "member_of" Forward Plain PERS GROUP 0.7;
    ["serves" "with"] "member_of" Forward Plain PERS ORGS 0.65;
    ["served" "with"] "member_of" Forward Plain PERS ORGS 0.65;
    ["played" "for"] "member_of" Forward Plain PERS ORGS 0.7;
    ["plays" "for"] "member_of" Forward Plain PERS ORGS 0.7;
    ["playing" "for"] "member_of" Forward Plain PERS ORGS 0.65;
    ["a" "member" "of"] "member_of" Forward Plain AGENT GROUP 0.8;
    ["members" "of"] "member_of" Forward Plain AGENT GROUP 0.75;
    ["member" "of"] "member_of" Forward Plain AGENT GROUP 0.7;
    ["includes"] "member_of" Backward Plain ORGS AGENT 0.6;
    ["a" "part" "of"] "part_of" Forward Plain ANY GROUP 0.75;
    ["part" "of"] "part_of" Forward Plain ANY GROUP 0.7;
    // employed_by
    ["works" "for"] "employed_by" Forward Plain PERS ORGS 0.75;
    ["worked" "for"] "employed_by" Forward Plain PERS ORGS 0.75;
    ["working" "for"] "employed_by" Forward Plain PERS ORGS 0.7;
    ["works" "at"] "employed_by" Forward Plain PERS ORGS 0.7;
    ["worked" "at"] "employed_by" Forward Plain PERS ORGS 0.7;
    ["employed" "by"] "employed_by" Forward Plain PERS ORGS 0.8;
    ["hired" "by"] "employed_by" Forward Plain PERS ORGS 0.7;
    ["an" "employee" "of"] "employed_by" Forward Plain PERS ORGS 0.75;
    // based_in / located_in (the predicate is chosen by the subject's label)
    ["based" "in"] "based_in" Forward Plain ANY PLACE 0.8;
    ["headquartered" "in"] "based_in" Forward Plain ANY PLACE 0.8;
    ["located" "in"] "based_in" Forward Plain ANY PLACE 0.75;
    ["-based"] "based_in" Backward Plain PLACE ANY 0.75;
    ["based"] "based_in" Backward Plain PLACE ANY 0.7;
    // where a person lives or went (located_in for people)
    ["lives" "in"] "based_in" Forward Plain PER_ORG PLACE 0.7;
    ["lived" "in"] "based_in" Forward Plain PER_ORG PLACE 0.65;
    ["living" "in"] "based_in" Forward Plain PER_ORG PLACE 0.65;
    ["resides" "in"] "based_in" Forward Plain PER_ORG PLACE 0.7;
    ["settled" "in"] "based_in" Forward Plain PER_ORG PLACE 0.65;
    ["in" "exile" "in"] "based_in" Forward Plain PERS PLACE 0.7;
    ["moved" "to"] "based_in" Forward Plain PER_ORG PLACE 0.6;
    ["relocated" "to"] "based_in" Forward Plain PER_ORG PLACE 0.65;
    ["fled" "to"] "based_in" Forward Plain PERS PLACE 0.6;
    ["decamped" "to"] "based_in" Forward Plain PER_ORG PLACE 0.65;
    ["emigrated" "to"] "based_in" Forward Plain PERS PLACE 0.65;
    ["exiled" "to"] "based_in" Forward Plain PERS PLACE 0.65;
    // origin
    ["hails" "from"] "origin" Forward Plain PERS PLACE 0.85;
    ["hail" "from"] "origin" Forward Plain PERS PLACE 0.8;
    ["hailed" "from"] "origin" Forward Plain PERS PLACE 0.8;
    ["comes" "from"] "origin" Forward Plain PERS PLACE 0.7;
    ["came" "from"] "origin" Forward Plain PERS PLACE 0.65;
    ["is" "from"] "origin" Forward Plain PERS PLACE 0.7;
    ["was" "born" "in"] "origin" Forward Plain PERS PLACE 0.8;
    ["born" "in"] "origin" Forward Plain PERS PLACE 0.75;
    ["a" "native" "of"] "origin" Forward Plain PERS PLACE 0.8;
    ["native" "of"] "origin" Forward Plain PERS PLACE 0.75;
    // allied_with / fights_alongside
    ["enlisted" "to" "fight" "alongside"] "fights_alongside" Forward Plain AGENT ANY 0.8;
    ["fight" "alongside"] "fights_alongside" Forward Plain AGENT ANY 0.8;
    ["fights" "alongside"] "fights_alongside" Forward Plain AGENT ANY 0.8;
    ["fought" "alongside"] "fights_alongside" Forward Plain AGENT ANY 0.8;
    ["fighting" "alongside"] "fights_alongside" Forward Plain AGENT ANY 0.8;
    ["allied" "with"] "allied_with" Forward Plain AGENT AGENT 0.75;
    ["an" "ally" "of"] "allied_with" Forward Plain AGENT AGENT 0.75;
    ["sided" "with"] "allied_with" Forward Plain AGENT AGENT 0.7;
    ["siding" "with"] "allied_with" Forward Plain AGENT AGENT 0.7;
    ["partnered" "with"] "allied_with" Forward Plain AGENT AGENT 0.65;
    ["teamed" "up" "with"] "allied_with" Forward Plain AGENT AGENT 0.65;
    // opposes
    ["opposes"] "opposes" Forward Plain AGENT AGENT 0.75;
    ["opposed"] "opposes" Forward Plain AGENT AGENT 0.7;
    ["fights" "against"] "opposes" Forward Plain AGENT AGENT 0.75;
    ["fought" "against"] "opposes" Forward Plain AGENT AGENT 0.75;
    ["fighting" "against"] "opposes" Forward Plain AGENT AGENT 0.75;
    ["fight" "against"] "opposes" Forward Plain AGENT AGENT 0.75;
    ["invaded"] "opposes" Forward Plain AGENT PLACE 0.7;
    ["attacked"] "opposes" Forward Plain AGENT AGENT 0.65;
    ["condemned"] "opposes" Forward Plain AGENT AGENT 0.6;
    // recognizes (label: "as ...")
    ["recognized" "by"] "recognizes" Backward Plain AGENT AGENT 0.8;
    ["recognised" "by"] "recognizes" Backward Plain AGENT AGENT 0.8;
    ["recognized"] "recognizes" Forward Label AGENT AGENT 0.75;
    ["recognised"] "recognizes" Forward Label AGENT AGENT 0.75;
    ["recognizes"] "recognizes" Forward Label AGENT AGENT 0.75;
    ["recognises"] "recognizes" Forward Label AGENT AGENT 0.75;
    ["recognize"] "recognizes" Forward Label AGENT AGENT 0.7;
    // designated (subject = the authority, object = the designated entity, value = the label):
    // "B was declared a LABEL by A" (the right mention is the subject), "A designated B a LABEL"
    // (the left mention is the subject).
    ["declared"] "designated" Backward Label ANY AGENT 0.8;
    ["designated"] "designated" Backward Label ANY AGENT 0.8;
    ["labeled"] "designated" Backward Label ANY AGENT 0.75;
    ["labelled"] "designated" Backward Label ANY AGENT 0.75;
    ["branded"] "designated" Backward Label ANY AGENT 0.7;
    ["listed"] "designated" Backward Label ANY AGENT 0.7;
    ["sanctioned" "by"] "designated" Backward Plain ANY AGENT 0.75;
    ["declared"] "designated" Forward Label AGENT ANY 0.75;
    ["designated"] "designated" Forward Label AGENT ANY 0.75;
    ["labeled"] "designated" Forward Label AGENT ANY 0.7;
    ["labelled"] "designated" Forward Label AGENT ANY 0.7;
    ["branded"] "designated" Forward Label AGENT ANY 0.65;
    ["sanctioned"] "designated" Forward Plain AGENT ANY 0.7;
    // participated_in
    ["took" "part" "in"] "participated_in" Forward Plain AGENT GROUP 0.75;
    ["take" "part" "in"] "participated_in" Forward Plain AGENT GROUP 0.7;
    ["taking" "part" "in"] "participated_in" Forward Plain AGENT GROUP 0.7;
    ["participated" "in"] "participated_in" Forward Plain AGENT GROUP 0.8;
    ["participates" "in"] "participated_in" Forward Plain AGENT GROUP 0.75;
    ["attended"] "participated_in" Forward Plain AGENT GROUP 0.7;
    ["spoke" "at"] "participated_in" Forward Plain PERS GROUP 0.65;
];

/// Words allowed between the left mention and the trigger: auxiliaries, relativizers,
/// commas and a few time/manner adverbs.
pub(crate) fn prefix_ok(w: &str) -> bool {
    matches!(
        w,
        "," | "who"
            | "which"
            | "that"
            | "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "are"
            | "been"
            | "be"
            | "being"
            | "also"
            | "once"
            | "later"
            | "then"
            | "first"
            | "originally"
            | "formally"
            | "officially"
            | "recently"
            | "already"
            | "eventually"
            | "subsequently"
            | "initially"
            | "jointly"
            | "together"
            | "now"
            | "since"
            | "in"
            | "all"
            | "both"
            | "quickly"
            | "soon"
            | "publicly"
            | "explicitly"
            | "fully"
            | "a"
            | "an"
            // Negation, modality and hedges are let through here: the polarity filter then
            // drops the whole pair, so "X did not join Y" is read and refused, not missed.
            | "not"
            | "n't"
            | "never"
            | "no"
            | "longer"
            | "did"
            | "does"
            | "do"
            | "may"
            | "might"
            | "could"
            | "would"
            | "should"
            | "will"
            | "can"
            | "must"
            | "reportedly"
            | "allegedly"
            | "said"
            | "believed"
            | "thought"
            | "to"
    ) || w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty()
}

/// Determiners and possessives allowed before the right mention.
pub(crate) fn det_ok(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "this"
            | "that"
            | "\""
            | "“"
            | "'"
            | "‘"
            | "'s"
            | "’s"
            | "-"
    )
}

/// The label of a subject decides between `based_in` (organizations, groups) and
/// `located_in` (places, and people living or staying there).
pub(crate) fn place_predicate(subject: EntityLabel) -> &'static str {
    if matches!(subject, Loc | Per) {
        "located_in"
    } else {
        "based_in"
    }
}

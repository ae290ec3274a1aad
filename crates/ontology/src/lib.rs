//! The ontology: every predicate of the knowledge graph, defined once.
//!
//! [`PREDICATES`] is one table, one row per predicate, in the order `show` lists its sections.
//! A row says what the predicate states and between which entity types
//! ([`PredicateInfo::description`], [`PredicateInfo::subject_types`],
//! [`PredicateInfo::object_types`], [`PredicateInfo::value`]), how it is exported
//! ([`PredicateInfo::ftm`] for FollowTheMoney, [`PredicateInfo::schema_org`] for JSON-LD), how
//! `show` reads it from either side ([`PredicateInfo::readings`]), how accounts of it can
//! disagree ([`PredicateInfo::conflict`]), whether it holds for good
//! ([`PredicateInfo::time`]), and whether it reads the same both ways
//! ([`PredicateInfo::symmetric`]).
//!
//! The producers (`relate`, `coref`) emit these names; the store (readings, sections,
//! conflicts), the exports (JSON-LD, FtM) and the server read this table and nothing else.
//! The crate is pure data with no dependencies; [`get`] looks a row up by name.

use std::fmt;

/// A predicate of the ontology: the one place its name is spelled ([`Predicate::as_str`]).
/// The variants are in [`PREDICATES`] order, so [`Predicate::info`] is an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Predicate {
    MemberOf,
    PartOf,
    Leads,
    HoldsRole,
    Founded,
    EmployedBy,
    BasedIn,
    LocatedIn,
    Origin,
    Nationality,
    AlliedWith,
    FightsAlongside,
    Opposes,
    Recognizes,
    Designated,
    ParticipatedIn,
    Description,
}

impl Predicate {
    /// Every predicate, in [`PREDICATES`] (section) order.
    pub const ALL: [Predicate; 17] = [
        Self::MemberOf,
        Self::PartOf,
        Self::Leads,
        Self::HoldsRole,
        Self::Founded,
        Self::EmployedBy,
        Self::BasedIn,
        Self::LocatedIn,
        Self::Origin,
        Self::Nationality,
        Self::AlliedWith,
        Self::FightsAlongside,
        Self::Opposes,
        Self::Recognizes,
        Self::Designated,
        Self::ParticipatedIn,
        Self::Description,
    ];

    /// The predicate's name as relations, the store and the exports write it (`member_of`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MemberOf => "member_of",
            Self::PartOf => "part_of",
            Self::Leads => "leads",
            Self::HoldsRole => "holds_role",
            Self::Founded => "founded",
            Self::EmployedBy => "employed_by",
            Self::BasedIn => "based_in",
            Self::LocatedIn => "located_in",
            Self::Origin => "origin",
            Self::Nationality => "nationality",
            Self::AlliedWith => "allied_with",
            Self::FightsAlongside => "fights_alongside",
            Self::Opposes => "opposes",
            Self::Recognizes => "recognizes",
            Self::Designated => "designated",
            Self::ParticipatedIn => "participated_in",
            Self::Description => "description",
        }
    }

    /// The predicate of a name; `None` for a name the ontology does not have.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The predicate's row of [`PREDICATES`].
    pub fn info(self) -> &'static PredicateInfo {
        &PREDICATES[self as usize]
    }

    /// Whether `name` is this predicate's name (a relation's `predicate` string).
    pub fn is(self, name: &str) -> bool {
        self.as_str() == name
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Predicate {
    type Err = UnknownPredicate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| UnknownPredicate(s.to_string()))
    }
}

impl PartialEq<str> for Predicate {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Predicate> for str {
    fn eq(&self, other: &Predicate) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Predicate> for &str {
    fn eq(&self, other: &Predicate) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Predicate> for String {
    fn eq(&self, other: &Predicate) -> bool {
        self.as_str() == other.as_str()
    }
}

/// A name that is no predicate of the ontology.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownPredicate(pub String);

impl fmt::Display for UnknownPredicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown predicate {:?}", self.0)
    }
}

impl std::error::Error for UnknownPredicate {}

/// The entity types of the graph (the NER labels `PER`, `ORG`, `LOC`, `MISC`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Per,
    Org,
    Loc,
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [Self::Per, Self::Org, Self::Loc, Self::Misc];

    /// The label as the NER layer and the store write it: `PER`, `ORG`, `LOC`, `MISC`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Per => "PER",
            Self::Org => "ORG",
            Self::Loc => "LOC",
            Self::Misc => "MISC",
        }
    }

    /// The type of a label (`PER`...); `None` for anything else.
    pub fn parse(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == label)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fact of the predicate carries a literal object value (`object_value`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// Never: the object is an entity.
    None,
    /// Sometimes: a role in an organization, a label, a status, an event's name.
    Optional,
    /// Always: a role title, a description.
    Required,
}

/// How accounts of a predicate may disagree across documents (what `show` marks as a
/// conflict).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// Any number of objects at once (`member_of`, `allied_with`, ...): no conflicts.
    None,
    /// One object per subject at a time (`based_in`, `origin`, ...): different objects for one
    /// subject, at overlapping or unknown times, conflict. Subjects of the types in `history`
    /// have a history, not rival accounts (a person's places: moves, exile, travel).
    OneObject { history: &'static [EntityType] },
    /// One subject per object at a time (`leads`: one head of an organization).
    OneSubject,
    /// One value per subject and object entity (`holds_role`: one role per organization).
    OneValue,
    /// A one-off event (`founded`, `designated`): the same statement with different dates
    /// conflicts.
    Event,
}

/// Whether a fact of the predicate holds at a time or for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Time {
    /// It holds at a time: it can be dated, can end ("former"), and accounts at different
    /// times do not conflict.
    Timed,
    /// It holds for good (a nationality, a birthplace, a description): no dates, and neither
    /// dates nor "former" keep different accounts from conflicting.
    Timeless,
    /// Timeless between these subject and object types (a place inside a place), timed
    /// otherwise (a person staying somewhere).
    TimelessBetween(EntityType, EntityType),
}

impl Time {
    /// Whether a fact between these types holds for good (unknown types: only when the
    /// predicate is timeless whatever its arguments).
    pub fn is_timeless(self, subject: Option<EntityType>, object: Option<EntityType>) -> bool {
        match self {
            Time::Timed => false,
            Time::Timeless => true,
            Time::TimelessBetween(s, o) => subject == Some(s) && object == Some(o),
        }
    }
}

/// How a predicate reads from one side of a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Side {
    /// The predicate read from this side: "founded", "founded by".
    pub phrase: &'static str,
    /// The same, for a relation that has ended (status "former"): "formerly led by".
    pub former: &'static str,
    /// The whole statement when the fact has both another entity and a value, with
    /// `{phrase}`, `{other}` and `{value}` filled in (see [`fill`]).
    pub with_value: &'static str,
    /// The same for a relation that has ended (`{phrase}` is then [`Side::former`]).
    pub former_with_value: &'static str,
}

/// How `show` reads a predicate: the section title and both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Readings {
    /// The section title.
    pub title: &'static str,
    /// The subject's side: "founded".
    pub outgoing: Side,
    /// The object's side: "founded by".
    pub incoming: Side,
}

impl Readings {
    pub const fn side(&self, outgoing: bool) -> &Side {
        if outgoing {
            &self.outgoing
        } else {
            &self.incoming
        }
    }
}

/// What one end of an FtM link must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FtmRange {
    /// Any entity that has an FtM schema (`Person`, `Organization`, `LegalEntity`).
    Entity,
    /// An entity of this FtM schema.
    Schema(&'static str),
    /// Written as the entity's name (it need not be an FtM entity): a sanction's authority.
    Name,
    /// A `Position` made for the fact from its value (the title) and its object (the
    /// organization): an occupancy's post.
    Position,
}

/// One end of an FtM link: the property that names it, and what it must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FtmEnd {
    pub property: &'static str,
    pub range: FtmRange,
}

/// The FollowTheMoney interval a fact becomes. A fact whose ends do not fit becomes an
/// `UnknownLink` (subject, object, the predicate as its role).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ftm {
    pub schema: &'static str,
    pub subject: FtmEnd,
    pub object: FtmEnd,
    /// The properties the fact's value goes to (`role`; `program` and `reason`).
    pub value: &'static [&'static str],
    /// The value when the fact has none (`leader`, `founder`).
    pub default_value: Option<&'static str>,
    /// The property that says `ended` for a relation that has ended without a date (status
    /// `former`): an `Occupancy`'s `status`. `None`: the schema has none.
    pub ended_status: Option<&'static str>,
}

/// The schema.org property a fact becomes in JSON-LD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemaOrg {
    pub property: &'static str,
    /// The property points from the object to the subject (`founded` is
    /// `Organization.founder`).
    pub reverse: bool,
}

/// One predicate of the ontology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PredicateInfo {
    pub name: &'static str,
    /// What the predicate states, and how subject and object read.
    pub description: &'static str,
    /// The entity types a subject may have.
    pub subject_types: &'static [EntityType],
    /// The entity types an object entity may have (empty: the object is a value only).
    pub object_types: &'static [EntityType],
    /// Whether the fact carries a literal value.
    pub value: Value,
    /// The FollowTheMoney interval (`None`: an `UnknownLink` with the predicate as its role).
    pub ftm: Option<Ftm>,
    /// The schema.org property in JSON-LD (`None`: the fact is only a `Claim`).
    pub schema_org: Option<SchemaOrg>,
    pub readings: Readings,
    pub conflict: Conflict,
    pub time: Time,
    /// "A rel B" says "B rel A" (`allied_with`): both sides read the same.
    pub symmetric: bool,
    /// A fact places its subject inside its object, so a place and the place it lies in are
    /// no rival accounts of where something is.
    pub containment: bool,
}

impl PredicateInfo {
    /// The FollowTheMoney schema a fact of this predicate becomes (`None`: an unschematized
    /// link, exported as `UnknownLink` with the predicate as its role).
    pub const fn ftm_schema(&self) -> Option<&'static str> {
        match &self.ftm {
            Some(f) => Some(f.schema),
            None => None,
        }
    }

    /// The section order: the row's index in [`PREDICATES`].
    pub fn order(&self) -> usize {
        position(self.name).unwrap_or(PREDICATES.len())
    }
}

use EntityType::{Loc, Misc, Org, Per};

const PER: &[EntityType] = &[Per];
const ORG: &[EntityType] = &[Org];
const PLACE: &[EntityType] = &[Loc];
const AGENT: &[EntityType] = &[Per, Org, Loc];
const GROUP: &[EntityType] = &[Org, Misc, Loc];
const ANY: &[EntityType] = &[Per, Org, Loc, Misc];
const NONE: &[EntityType] = &[];

/// The statement with another entity and a value, unless a row says otherwise.
const PLAIN: &str = "{phrase} {other} {value}";
/// … for labels and statuses: "designated X as “terrorist”".
const AS: &str = "{phrase} {other} as {value}";

/// A side whose statements with a value follow `template`.
const fn side(phrase: &'static str, former: &'static str, template: &'static str) -> Side {
    Side {
        phrase,
        former,
        with_value: template,
        former_with_value: template,
    }
}

const fn readings(title: &'static str, outgoing: Side, incoming: Side) -> Readings {
    Readings {
        title,
        outgoing,
        incoming,
    }
}

const fn end(property: &'static str, range: FtmRange) -> FtmEnd {
    FtmEnd { property, range }
}

const ORGANIZATION: FtmRange = FtmRange::Schema("Organization");
const PERSON: FtmRange = FtmRange::Schema("Person");

const fn schema_org(property: &'static str) -> Option<SchemaOrg> {
    Some(SchemaOrg {
        property,
        reverse: false,
    })
}

/// The ontology, in the order `show` lists its sections. `holds_role`, `leads` and
/// `description` also come from coreference (titles and appositives); the rest from verbs and
/// prepositions in `relate`.
pub const PREDICATES: &[PredicateInfo] = &[
    PredicateInfo {
        name: Predicate::MemberOf.as_str(),
        description: "subject (person, organization, place) is a member of object (organization)",
        subject_types: AGENT,
        object_types: GROUP,
        value: Value::Optional,
        ftm: Some(Ftm {
            schema: "Membership",
            subject: end("member", FtmRange::Entity),
            object: end("organization", ORGANIZATION),
            value: &["role"],
            default_value: None,
            ended_status: None,
        }),
        schema_org: schema_org("memberOf"),
        readings: readings(
            "member of",
            side("member of", "former member of", PLAIN),
            side("has member", "had member", PLAIN),
        ),
        conflict: Conflict::None,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::PartOf.as_str(),
        description: "subject is a part of object (a region of a country, a unit of a body)",
        subject_types: ANY,
        object_types: GROUP,
        value: Value::None,
        ftm: Some(Ftm {
            schema: "Membership",
            subject: end("member", FtmRange::Entity),
            object: end("organization", ORGANIZATION),
            value: &["role"],
            default_value: None,
            ended_status: None,
        }),
        schema_org: schema_org("containedInPlace"),
        readings: readings(
            "part of",
            side("part of", "formerly part of", PLAIN),
            side("includes", "formerly included", PLAIN),
        ),
        conflict: Conflict::OneObject { history: NONE },
        time: Time::Timed,
        symmetric: false,
        containment: true,
    },
    PredicateInfo {
        name: Predicate::Leads.as_str(),
        description: "subject (person) leads or heads object (organization)",
        subject_types: PER,
        object_types: &[Org, Loc],
        value: Value::Optional,
        ftm: Some(Ftm {
            schema: "Directorship",
            subject: end("director", FtmRange::Entity),
            object: end("organization", ORGANIZATION),
            value: &["role"],
            default_value: Some("leader"),
            ended_status: None,
        }),
        schema_org: None,
        readings: readings(
            "leads",
            side("leads", "formerly led", PLAIN),
            side("led by", "formerly led by", PLAIN),
        ),
        conflict: Conflict::OneSubject,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::HoldsRole.as_str(),
        description: "subject holds the role in object_value, of object when given (from coref)",
        subject_types: PER,
        object_types: &[Org, Loc],
        value: Value::Required,
        ftm: Some(Ftm {
            schema: "Occupancy",
            subject: end("holder", PERSON),
            object: end("post", FtmRange::Position),
            value: &[],
            default_value: None,
            ended_status: Some("status"),
        }),
        schema_org: None,
        readings: readings(
            "roles",
            Side {
                phrase: "holds role",
                former: "formerly held role",
                with_value: "{phrase} {value} of {other}",
                former_with_value: "{phrase} {value} of {other}",
            },
            Side {
                phrase: "role held by",
                former: "role formerly held by",
                with_value: "role {value} held by {other}",
                former_with_value: "role {value} formerly held by {other}",
            },
        ),
        conflict: Conflict::OneValue,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::Founded.as_str(),
        description: "subject (person or organization) founded object (organization)",
        subject_types: AGENT,
        object_types: ORG,
        value: Value::None,
        ftm: Some(Ftm {
            schema: "Directorship",
            subject: end("director", FtmRange::Entity),
            object: end("organization", ORGANIZATION),
            value: &["role"],
            default_value: Some("founder"),
            ended_status: None,
        }),
        schema_org: Some(SchemaOrg {
            property: "founder",
            reverse: true,
        }),
        readings: readings(
            "founded",
            side("founded", "founded", PLAIN),
            side("founded by", "founded by", PLAIN),
        ),
        conflict: Conflict::Event,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::EmployedBy.as_str(),
        description: "subject (person) works for object (organization)",
        subject_types: PER,
        object_types: ORG,
        value: Value::None,
        ftm: Some(Ftm {
            schema: "Employment",
            subject: end("employee", PERSON),
            object: end("employer", FtmRange::Entity),
            value: &[],
            default_value: None,
            ended_status: None,
        }),
        schema_org: schema_org("worksFor"),
        readings: readings(
            "employment",
            side("employed by", "formerly employed by", PLAIN),
            side("employs", "formerly employed", PLAIN),
        ),
        conflict: Conflict::None,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::BasedIn.as_str(),
        description: "subject (organization) is based or headquartered in object (place)",
        subject_types: &[Org, Misc],
        object_types: PLACE,
        value: Value::None,
        ftm: None,
        schema_org: schema_org("location"),
        readings: readings(
            "based in",
            side("based in", "formerly based in", PLAIN),
            side("base of", "former base of", PLAIN),
        ),
        conflict: Conflict::OneObject { history: NONE },
        time: Time::Timed,
        symmetric: false,
        containment: true,
    },
    PredicateInfo {
        name: Predicate::LocatedIn.as_str(),
        description: "subject (place) lies in object (place); subject (person) lives or stays \
                      in object (place)",
        subject_types: &[Loc, Per],
        object_types: PLACE,
        value: Value::None,
        ftm: None,
        schema_org: schema_org("location"),
        readings: readings(
            "located in",
            side("located in", "formerly located in", PLAIN),
            side("contains", "formerly contained", PLAIN),
        ),
        conflict: Conflict::OneObject { history: PER },
        time: Time::TimelessBetween(Loc, Loc),
        symmetric: false,
        containment: true,
    },
    PredicateInfo {
        name: Predicate::Origin.as_str(),
        description: "subject (person) comes from / was born in object (place)",
        subject_types: PER,
        object_types: PLACE,
        value: Value::None,
        ftm: None,
        schema_org: schema_org("homeLocation"),
        readings: readings(
            "origin",
            side("comes from", "comes from", PLAIN),
            side("origin of", "origin of", PLAIN),
        ),
        conflict: Conflict::OneObject { history: NONE },
        time: Time::Timeless,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::Nationality.as_str(),
        description: "subject (person) has the nationality named by object (a demonym mention)",
        subject_types: PER,
        object_types: &[Loc, Misc],
        value: Value::None,
        ftm: None,
        schema_org: schema_org("nationality"),
        readings: readings(
            "nationality",
            side("nationality", "nationality", PLAIN),
            side("nationality of", "nationality of", PLAIN),
        ),
        conflict: Conflict::OneObject { history: NONE },
        time: Time::Timeless,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::AlliedWith.as_str(),
        description: "subject is allied or sides with object",
        subject_types: AGENT,
        object_types: AGENT,
        value: Value::None,
        ftm: None,
        schema_org: None,
        readings: readings(
            "allied with",
            side("allied with", "formerly allied with", PLAIN),
            side("allied with", "formerly allied with", PLAIN),
        ),
        conflict: Conflict::None,
        time: Time::Timed,
        symmetric: true,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::FightsAlongside.as_str(),
        description: "subject fights alongside object",
        subject_types: AGENT,
        object_types: ANY,
        value: Value::None,
        ftm: None,
        schema_org: None,
        readings: readings(
            "fights alongside",
            side("fights alongside", "fought alongside", PLAIN),
            side("fights alongside", "fought alongside", PLAIN),
        ),
        conflict: Conflict::None,
        time: Time::Timed,
        symmetric: true,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::Opposes.as_str(),
        description: "subject opposes, fights against or attacks object",
        subject_types: AGENT,
        object_types: AGENT,
        value: Value::None,
        ftm: None,
        schema_org: None,
        readings: readings(
            "opposes",
            side("opposes", "formerly opposed", PLAIN),
            side("opposed by", "formerly opposed by", PLAIN),
        ),
        conflict: Conflict::None,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::Recognizes.as_str(),
        description: "subject (state, body) recognizes object; object_value: the recognized status",
        subject_types: AGENT,
        object_types: AGENT,
        value: Value::Optional,
        ftm: None,
        schema_org: None,
        readings: readings(
            "recognition",
            side("recognizes", "formerly recognized", AS),
            side("recognized by", "formerly recognized by", AS),
        ),
        conflict: Conflict::None,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::Designated.as_str(),
        description: "subject (an authority) designated (listed, sanctioned, declared) object, \
                      with the label in object_value (an FtM Sanction: entity = object, \
                      authority = subject)",
        subject_types: AGENT,
        object_types: ANY,
        value: Value::Optional,
        ftm: Some(Ftm {
            schema: "Sanction",
            subject: end("authority", FtmRange::Name),
            object: end("entity", FtmRange::Entity),
            value: &["program", "reason"],
            default_value: None,
            ended_status: None,
        }),
        schema_org: None,
        readings: readings(
            "designations",
            side("designated", "formerly designated", AS),
            side("designated by", "formerly designated by", AS),
        ),
        conflict: Conflict::Event,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::ParticipatedIn.as_str(),
        description: "subject took part in object (an event, meeting or operation), or in the \
                      event named by object_value held at object (a place or host)",
        subject_types: AGENT,
        object_types: GROUP,
        value: Value::Optional,
        ftm: None,
        schema_org: schema_org("performerIn"),
        readings: readings(
            "participation",
            side("took part in", "took part in", PLAIN),
            side("with participant", "with participant", PLAIN),
        ),
        conflict: Conflict::None,
        time: Time::Timed,
        symmetric: false,
        containment: false,
    },
    PredicateInfo {
        name: Predicate::Description.as_str(),
        description: "subject is described by object_value (from coref)",
        subject_types: ANY,
        object_types: NONE,
        value: Value::Required,
        ftm: None,
        schema_org: None,
        readings: readings(
            "descriptions",
            side("described as", "described as", PLAIN),
            side("describes", "describes", PLAIN),
        ),
        conflict: Conflict::None,
        time: Time::Timeless,
        symmetric: false,
        containment: false,
    },
];

/// The row of a predicate. A scan of [`PREDICATES`] (17 rows of short names compared by
/// length first): cheaper than hashing the name, and no table to build.
pub fn get(name: &str) -> Option<&'static PredicateInfo> {
    PREDICATES.iter().find(|p| p.name == name)
}

/// A predicate's section order (its index in [`PREDICATES`]).
pub fn position(name: &str) -> Option<usize> {
    PREDICATES.iter().position(|p| p.name == name)
}

/// The predicate names, in section order.
pub fn names() -> impl Iterator<Item = &'static str> {
    PREDICATES.iter().map(|p| p.name)
}

/// The predicates a fact of which places its subject inside its object.
pub fn containment_predicates() -> impl Iterator<Item = &'static str> {
    PREDICATES.iter().filter(|p| p.containment).map(|p| p.name)
}

/// Fills a [`Side`] template: `{phrase}`, `{other}` and `{value}` replaced.
/// One pass: text filled in is never read as a placeholder.
pub fn fill(template: &str, phrase: &str, other: &str, value: &str) -> String {
    let mut out = String::with_capacity(template.len() + other.len() + value.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let filled = [("{phrase}", phrase), ("{other}", other), ("{value}", value)]
            .into_iter()
            .find(|(k, _)| tail.starts_with(k));
        match filled {
            Some((k, v)) => {
                out.push_str(v);
                rest = tail.get(k.len()..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The status a relation has when the text says it has ended without saying when.
pub const FORMER: &str = "former";

/// Role nouns and what holding the role says about the organization it names: one row per
/// noun (lower case; a two-word noun is read before its last word, so "prime minister" leads
/// where "minister" alone is membership). `holds_role` keeps the title itself; this is the
/// second fact a title implies ("CEO of X" → `leads`, "co-founder of X" → `founded`,
/// "spokesman for X" → `member_of`, "reporter for X" → `employed_by`).
pub const ROLE_NOUNS: &[(&str, Predicate)] = &[
    // Leaders.
    ("prime minister", Predicate::Leads),
    ("president", Predicate::Leads),
    ("vice president", Predicate::Leads),
    ("leader", Predicate::Leads),
    ("head", Predicate::Leads),
    ("chair", Predicate::Leads),
    ("co-chair", Predicate::Leads),
    ("cochair", Predicate::Leads),
    ("chairman", Predicate::Leads),
    ("chairwoman", Predicate::Leads),
    ("chairperson", Predicate::Leads),
    ("director", Predicate::Leads),
    ("ceo", Predicate::Leads),
    ("chief", Predicate::Leads),
    ("commander", Predicate::Leads),
    ("governor", Predicate::Leads),
    ("mayor", Predicate::Leads),
    ("premier", Predicate::Leads),
    ("chancellor", Predicate::Leads),
    ("king", Predicate::Leads),
    ("queen", Predicate::Leads),
    ("boss", Predicate::Leads),
    ("captain", Predicate::Leads),
    ("coach", Predicate::Leads),
    ("manager", Predicate::Leads),
    ("co-leader", Predicate::Leads),
    ("secretary-general", Predicate::Leads),
    ("secretary general", Predicate::Leads),
    ("general secretary", Predicate::Leads),
    ("emir", Predicate::Leads),
    ("editor-in-chief", Predicate::Leads),
    ("dean", Predicate::Leads),
    ("rector", Predicate::Leads),
    ("principal", Predicate::Leads),
    ("superintendent", Predicate::Leads),
    // Members.
    ("member", Predicate::MemberOf),
    ("coordinator", Predicate::MemberOf),
    ("co-coordinator", Predicate::MemberOf),
    ("activist", Predicate::MemberOf),
    ("spokesman", Predicate::MemberOf),
    ("spokeswoman", Predicate::MemberOf),
    ("spokesperson", Predicate::MemberOf),
    ("representative", Predicate::MemberOf),
    ("envoy", Predicate::MemberOf),
    ("ambassador", Predicate::MemberOf),
    ("delegate", Predicate::MemberOf),
    ("volunteer", Predicate::MemberOf),
    ("fighter", Predicate::MemberOf),
    ("soldier", Predicate::MemberOf),
    ("officer", Predicate::MemberOf),
    ("official", Predicate::MemberOf),
    ("fellow", Predicate::MemberOf),
    ("adviser", Predicate::MemberOf),
    ("advisor", Predicate::MemberOf),
    ("minister", Predicate::MemberOf),
    ("deputy", Predicate::MemberOf),
    ("senator", Predicate::MemberOf),
    ("lawmaker", Predicate::MemberOf),
    ("legislator", Predicate::MemberOf),
    ("organizer", Predicate::MemberOf),
    ("organiser", Predicate::MemberOf),
    ("secretary", Predicate::MemberOf),
    ("treasurer", Predicate::MemberOf),
    ("campaigner", Predicate::MemberOf),
    ("partner", Predicate::MemberOf),
    ("trustee", Predicate::MemberOf),
    // Jobs: the organization employs the person.
    ("employee", Predicate::EmployedBy),
    ("staffer", Predicate::EmployedBy),
    ("researcher", Predicate::EmployedBy),
    ("analyst", Predicate::EmployedBy),
    ("correspondent", Predicate::EmployedBy),
    ("reporter", Predicate::EmployedBy),
    ("journalist", Predicate::EmployedBy),
    ("editor", Predicate::EmployedBy),
    ("strategist", Predicate::EmployedBy),
    ("lawyer", Predicate::EmployedBy),
    ("professor", Predicate::EmployedBy),
    ("lecturer", Predicate::EmployedBy),
    ("economist", Predicate::EmployedBy),
    ("commentator", Predicate::EmployedBy),
    ("columnist", Predicate::EmployedBy),
    ("executive", Predicate::EmployedBy),
    ("counsel", Predicate::EmployedBy),
    ("attorney", Predicate::EmployedBy),
    ("consultant", Predicate::EmployedBy),
    ("engineer", Predicate::EmployedBy),
    ("scientist", Predicate::EmployedBy),
    ("writer", Predicate::EmployedBy),
    ("producer", Predicate::EmployedBy),
    ("associate", Predicate::EmployedBy),
    ("press secretary", Predicate::EmployedBy),
    // Founders.
    ("founder", Predicate::Founded),
    ("co-founder", Predicate::Founded),
    ("cofounder", Predicate::Founded),
];

/// The predicate a role phrase implies about its organization: its last two words when they
/// are a role noun of [`ROLE_NOUNS`], else its last word (case-insensitive).
pub fn role_predicate(phrase: &str) -> Option<&'static str> {
    role_noun_predicate(phrase).map(Predicate::as_str)
}

/// [`role_predicate`] as a [`Predicate`].
pub fn role_noun_predicate(phrase: &str) -> Option<Predicate> {
    let p = phrase.to_lowercase();
    let find = |w: &str| ROLE_NOUNS.iter().find(|(n, _)| *n == w).map(|(_, pr)| *pr);
    let words: Vec<&str> = p.split(' ').collect();
    if let [.., a, b] = words.as_slice()
        && let Some(k) = find(&format!("{a} {b}"))
    {
        return Some(k);
    }
    find(p.rsplit(' ').next().unwrap_or(""))
}

#[cfg(test)]
mod tests;

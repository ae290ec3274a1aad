//! Typed relation extraction between entity mentions: a small ontology aligned with
//! FollowTheMoney, lexical patterns over tokens and POS, polarity/hedge filtering, evidence and
//! time qualifiers.
//!
//! # Ontology
//!
//! Every relation has a subject and an object mention (indices into the entities layer), the
//! evidence sentence's byte range and a confidence in `[0, 1]`. See [`PREDICATES`] for the list
//! with its FollowTheMoney mapping. [`Relate`] is the one producer of the `relations` layer:
//! the verbal relations read from word patterns ([`extract_relations`]), the role relations
//! (`holds_role`, `leads`, `member_of`, `founded`, `description`, [`role_relations`]) made from
//! what coreference read titles, appositives and copulas to call each entity, taken off the
//! coreference layer the pipeline already added (`coref::role_readings_from_layer`:
//! coreference runs once and makes no facts), and
//! the patterns over the dependency layer ([`syntax`], a data table in
//! `data/dep_patterns.tsv`). [`merge`] combines lists without duplicates. The learned scorer
//! ([`scorer`]) adds pairs of one sentence; places chain through a place the rules state ("A in
//! B", "B in C" give "A in C", `scorer::doclevel::transitive_places`); and with
//! [`RelateOptions::doc_level`] a document-level model ([`scorer::doclevel`]) scores entity pairs
//! across sentences: by default only in documents that open by defining their subject (the
//! encyclopedic register of Re-DocRED, [`DocLevel::Definitional`]); on news most of what it
//! would add is unstated.
//! The caller chooses these with [`RelateOptions`] ([`Relate::with_options`]); nothing is read
//! from the environment.
//!
//! # Data
//!
//! The word lists and pattern tables are data files under `data/`, embedded and parsed once:
//! `words.tsv` (every word list the readers consult, by `words::List`), `patterns.tsv` (the
//! trigger patterns over the words between two mentions), `dep_patterns.tsv` (the patterns over
//! the dependency tree) and `redocred_map.tsv` (Wikidata properties to predicates). Predicates
//! are named by the `ontology` crate's [`ontology::Predicate`]; a data file naming an unknown
//! one fails the crate's tests.
//!
//! # Conventions
//!
//! * `designated` reads like the sentence "authority designated entity": **subject = the
//!   authority, object = the designated entity, `object_value` = the label** ("undesirable
//!   organization"). "Moscow designated the Forum an “undesirable organization”" and "The Forum
//!   was declared an “undesirable organization” by Moscow" both give `designated(Moscow, Forum,
//!   "undesirable organization")`; it exports as an FtM `Sanction` with entity = object and
//!   authority = subject.
//! * `recognizes` may carry the recognized status in `object_value` ("temporarily occupied").
//! * `located_in` also holds for a person and where they live or went ("decamped to Ukraine",
//!   "in exile, mostly in the United Kingdom"); `based_in` is for organizations.
//! * `participated_in` has the event as object, or the place or host where an event was held
//!   with the event in `object_value` ("The forum held its next round of meetings in Vilnius"
//!   gives `participated_in(Forum, Vilnius, "next round of meetings")`).
//! * `leads` is also read from a possessive ("his forum", "Magaletsky's group") when the same
//!   document says that person founded exactly one organization the noun can name.
//! * **Arguments.** Named mentions, the pronouns and nominals coreference ties to them ("the
//!   republic"), a clause-subject "it" after an introductory phrase, and adjacent fragments of
//!   one coreference chain joined into one argument ("Chechen" + "Republic of" + "Ichkeria").
//! * **Polarity and modality.** A negated ("not", "never", "no", "no longer"...) or hedged
//!   ("may", "might", "could", "reportedly", "allegedly", "is said to", "persuading … to"...)
//!   clause yields no relation at all: only positive, asserted facts are emitted. Questions and
//!   conditionals ("if") are skipped the same way.
//! * **Time.** With a dependency layer, a relation's `valid_from`/`valid_to` come from the
//!   dated time expressions of the clause that states it (the highest verb on the tree path
//!   between its arguments, relative/adverbial/conjoined clauses excluded; "until" gives an
//!   end). Without one, [`time_of`] reads the dated expression nearest after the arguments in
//!   the evidence sentence. Timeless facts (nationality, origin, a place in a place) get none.
//! * **Status.** "former", "ex-", "resigned", "was fired" end a role: `valid_to` when the
//!   clause dates it, else `status = "former"`.

mod cues;
mod extract;
mod patterns;
pub mod redocred;
mod roles;
pub mod scorer;
pub mod syntax;
mod words;

pub use extract::{TimeQualifier, TimexIndex, extract_relations, time_of, time_of_in};
pub use patterns::{PREDICATES, PredicateInfo};
pub use roles::role_relations;

use doc::{Annotator, Diagnostic, DocError, Document, Layer, LayerKind, Producer, Relation};
use ontology::Predicate;

/// Version recorded as the producer of the relations layer.
pub const VERSION: &str = "2";

/// A source of relations computed elsewhere, read in place of [`role_relations`] and merged
/// into this annotator's layer.
pub type Upstream = Box<dyn Fn(&Document) -> Vec<Relation> + Send + Sync>;

/// Which readers beyond the rules add relations. The defaults are what the pipeline runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelateOptions {
    /// The learned sentence scorer adds pairs the rules left unrelated (default on). Off, the
    /// rules alone (and no place chains, which join the scorer's output).
    pub scorer: bool,
    /// Places chain through a place the rules state: "A in B" and "B in C" give "A in C"
    /// (default on).
    pub place_chains: bool,
    /// Where the document-level model scores entity pairs across sentences (default: in
    /// documents that open by defining their subject, [`DocLevel::Definitional`]).
    pub doc_level: DocLevel,
}

impl Default for RelateOptions {
    fn default() -> Self {
        RelateOptions {
            scorer: true,
            place_chains: true,
            doc_level: DocLevel::Definitional,
        }
    }
}

/// Which documents the document-level model ([`scorer::doclevel`]) reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DocLevel {
    /// None.
    Off,
    /// Those that open by defining their first-named entity ("Springfield is a city in
    /// Illinois"), the encyclopedic register it is trained on
    /// ([`scorer::doclevel::opens_with_definition`]). A news report opens with an event, and
    /// what the model adds there is mostly unstated (on ten PolNeAR dev reports with it
    /// everywhere: 28 more facts, 1 of them listed), so news keeps the sentence readers alone.
    #[default]
    Definitional,
    /// Every document.
    On,
}

impl DocLevel {
    /// Whether the model reads `doc`.
    pub fn applies(self, doc: &Document) -> bool {
        match self {
            DocLevel::Off => false,
            DocLevel::Definitional => scorer::doclevel::opens_with_definition(doc),
            DocLevel::On => true,
        }
    }
}

/// The relation-extraction annotator: adds the `relations` layer.
#[derive(Default)]
pub struct Relate {
    upstream: Option<Upstream>,
    options: RelateOptions,
}

impl std::fmt::Debug for Relate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relate")
            .field("upstream", &self.upstream.is_some())
            .field("options", &self.options)
            .finish()
    }
}

impl Relate {
    pub fn new() -> Self {
        Relate::default()
    }

    /// Also runs `f` on each document and [`merge`]s its relations with this crate's, so one
    /// `relations` layer holds both (layers are append-only and there is one of each kind).
    pub fn with_upstream(f: Upstream) -> Self {
        Relate {
            upstream: Some(f),
            options: RelateOptions::default(),
        }
    }

    /// The same annotator with these options.
    pub fn with_options(self, options: RelateOptions) -> Self {
        Relate { options, ..self }
    }

    pub fn options(&self) -> RelateOptions {
        self.options
    }
}

impl Annotator for Relate {
    fn name(&self) -> &'static str {
        "relate"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Pos,
            LayerKind::Entities,
        ]
    }

    fn provides(&self) -> &'static [LayerKind] {
        &[LayerKind::Relations]
    }

    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
        for k in self.requires() {
            if !doc.has(*k) {
                return Err(DocError::Missing {
                    kind: LayerKind::Relations,
                    missing: *k,
                });
            }
        }
        let view = syntax::View::new(doc);
        let mut rels = extract_relations(doc);
        // The role, title and descriptor relations: made from coreference's readings off the
        // coreference layer the pipeline already has (coreference runs once), or from an
        // explicit upstream.
        let roles = match &self.upstream {
            Some(f) => f(doc),
            None => role_relations(doc),
        };
        let roles = roles::localize(doc, roles);
        rels.extend(roles.into_iter().map(roles::former_role).map(|mut r| {
            if r.predicate == Predicate::HoldsRole {
                r.object_value = r.object_value.as_deref().map(syntax::canonical_title);
            }
            r
        }));
        if let Some(v) = &view {
            // What the words between two names misread, the tree shows; then the patterns
            // over the tree itself.
            rels.retain(|r| !syntax::misread(v, r));
            rels.extend(syntax::relations_in(v, syntax::rows()));
        }
        let rels = merge(Vec::new(), settle(rels));
        // The learned scorer's relations for mention pairs the rules left unrelated.
        let mut rels = scorer::extend(doc, rels, &self.options);
        // Time qualifiers: from the clause that states the fact when the document is parsed,
        // else from the sentence's time expressions.
        let timexes = TimexIndex::new(doc);
        for r in &mut rels {
            if r.valid_from.is_some() || r.valid_to.is_some() {
                continue;
            }
            let t = match &view {
                Some(v) => syntax::time_of_clause(v, doc, r),
                None => time_of_in(doc, &timexes, r),
            };
            if let Some(t) = t {
                r.valid_from = t.valid_from;
                r.valid_to = t.valid_to;
                if r.valid_to.is_some() {
                    r.status = None;
                }
            }
        }
        doc.set_relations(Layer::new(Producer::new("relate", VERSION), rels))?;
        Ok(Vec::new())
    }
}

/// Drops a role that another relation of the same sentence and subject states more fully: the
/// same title with its organization or its ended status, or a longer title ending in it
/// ("secretary" beside "press secretary" of the White House).
fn settle(mut all: Vec<Relation>) -> Vec<Relation> {
    all.sort_by(|a, b| {
        (a.evidence.start, a.subject, &a.predicate).cmp(&(
            b.evidence.start,
            b.subject,
            &b.predicate,
        ))
    });
    let mut keep = vec![true; all.len()];
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while all.get(j).is_some_and(|r| {
            all.get(i).is_some_and(|f| {
                (r.evidence.start, r.subject, &r.predicate)
                    == (f.evidence.start, f.subject, &f.predicate)
            })
        }) {
            j += 1;
        }
        // One sentence's relations of one subject and predicate: a handful.
        for a in i..j {
            for b in i..j {
                let (Some(x), Some(y)) = (all.get(a), all.get(b)) else {
                    continue;
                };
                if a == b || x.predicate != Predicate::HoldsRole {
                    continue;
                }
                let (Some(xv), Some(yv)) = (x.object_value.as_deref(), y.object_value.as_deref())
                else {
                    continue;
                };
                let fuller = (xv == yv
                    && ((x.object.is_none() && y.object.is_some())
                        || (x.object == y.object && x.status.is_none() && y.status.is_some())))
                    || (yv.len() > xv.len()
                        && yv.ends_with(xv)
                        && yv.as_bytes().get(yv.len() - xv.len() - 1) == Some(&b' ')
                        && (x.object.is_none() || x.object == y.object));
                if fuller && let Some(k) = keep.get_mut(a) {
                    *k = false;
                }
            }
        }
        i = j.max(i + 1);
    }
    // A coreference "executive" reads as a member where the title reads "chief executive":
    // `leads` of the same sentence, subject and object wins over `member_of`.
    let leads: std::collections::HashSet<(u32, u32, Option<u32>)> = all
        .iter()
        .filter(|r| r.predicate == Predicate::Leads)
        .map(|r| (r.evidence.start, r.subject, r.object))
        .collect();
    for (r, k) in all.iter().zip(keep.iter_mut()) {
        if r.predicate == Predicate::MemberOf
            && leads.contains(&(r.evidence.start, r.subject, r.object))
        {
            *k = false;
        }
    }
    all.into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

/// Combines two relation lists: one relation per (subject, predicate, object, object value,
/// evidence), keeping the higher confidence; ordered by evidence, subject, predicate, object.
pub fn merge(a: Vec<Relation>, b: Vec<Relation>) -> Vec<Relation> {
    let mut all: Vec<Relation> = a.into_iter().chain(b).collect();
    all.sort_by(|x, y| {
        key(x)
            .cmp(&key(y))
            .then(y.confidence.total_cmp(&x.confidence))
    });
    all.dedup_by(|later, first| key(later) == key(first));
    all
}

type Key<'a> = (u32, u32, u32, &'a str, Option<u32>, Option<&'a str>);

fn key(r: &Relation) -> Key<'_> {
    (
        r.evidence.start,
        r.evidence.end,
        r.subject,
        r.predicate.as_str(),
        r.object,
        r.object_value.as_deref(),
    )
}

#[cfg(test)]
mod tests;

//! In-document coreference of entity mentions.
//!
//! [`Coref`] is a pipeline stage after NER. It groups the named mentions of the entities layer
//! into entities (full name → surname, acronyms, "Mr. X", contained organization names; two
//! people sharing a surname stay apart when their first names conflict), resolves third-person
//! pronouns by agreement and salience and resolves definite role nominals ("the prime minister",
//! "the forum"), reading what titles, appositives and copulas call each entity as it goes. It
//! adds the `coref` layer (one chain per named entity, with its canonical name) and nothing
//! else: the facts are the `relate` crate's, which takes the same readings off the layer
//! ([`role_readings_from_layer`], [`RoleReading`]). Pure: no IO, no clock.
//!
//! [`metrics`] implements the CoNLL-2012 scores (MUC, B³, CEAFe) and [`conll`] reads GUM's
//! coreference files, for evaluation.

pub mod conll;
mod lexicon;
pub mod metrics;
mod resolve;

pub use resolve::{
    Entity, Form, Resolution, RoleReading, Said, Salience, resolve, resolve_with,
    role_readings_from_layer,
};

use doc::{
    Annotator, CorefChain, Diagnostic, DocError, Document, EntityLabel, Layer, LayerKind, Producer,
    TextRange,
};

/// Version recorded as the producer of the coref layer.
pub const VERSION: &str = "1";

/// The coreference annotator: adds the `coref` layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Coref;

impl Coref {
    pub fn new() -> Self {
        Coref
    }
}

/// The predicate a role title implies about the organization it names ("ceo" → `leads`,
/// "co-founder" → `founded`, "spokesman" → `member_of`), if any.
pub fn role_predicate(title: &str) -> Option<&'static str> {
    lexicon::role(title)
}

/// True when the phrase's last word (or last two words) is a role noun ("prime minister",
/// "ceo", "ambassador").
pub fn is_role(title: &str) -> bool {
    lexicon::role(title).is_some()
}

/// True for a title that may stand before a name ("President", "Gov.", "press").
pub fn is_title_word(word: &str) -> bool {
    lexicon::title(word).is_some()
}

impl Annotator for Coref {
    fn name(&self) -> &'static str {
        "coref"
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
        &[LayerKind::Coref]
    }

    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
        for k in self.requires() {
            if !doc.has(*k) {
                return Err(DocError::Missing {
                    kind: LayerKind::Coref,
                    missing: *k,
                });
            }
        }
        for k in self.provides() {
            if doc.has(*k) {
                return Err(DocError::LayerExists(*k));
            }
        }
        let res = resolve(doc);
        let chains = chains(&res);
        doc.set_coref(Layer::new(Producer::new("coref", VERSION), chains))?;
        Ok(Vec::new())
    }
}

/// The chains of the named entities (unnamed ones, reached only by pronouns or nominals, are
/// left out: they have no name to carry).
fn chains(res: &Resolution) -> Vec<CorefChain> {
    res.entities
        .iter()
        .filter_map(|e| {
            Some(CorefChain {
                canonical: e.canonical.clone()?,
                label: e.label?,
                spans: e.spans.clone(),
            })
        })
        .collect()
}

/// The canonical name of each entities-layer mention's entity (one slot per mention), read from
/// the coref layer when present, else computed.
pub fn mention_entities(doc: &Document) -> Vec<Option<String>> {
    let mentions = doc.entity_items();
    match doc.coref() {
        Some(layer) => {
            let ix = doc::CorefIndex::from_chains(&layer.items);
            mentions
                .iter()
                .map(|m| {
                    ix.exact(m.range)
                        .and_then(|c| layer.items.get(c))
                        .map(|c| c.canonical.clone())
                })
                .collect()
        }
        None => {
            let res = resolve(doc);
            (0..mentions.len())
                .map(|i| {
                    res.mention_entity
                        .get(i)
                        .copied()
                        .flatten()
                        .and_then(|e| res.entities.get(e))
                        .and_then(|e| e.canonical.clone())
                })
                .collect()
        }
    }
}

/// The index (in the coref layer) of each entities-layer mention's chain (one slot per mention;
/// `None` without a coref layer or for a mention in no chain). Two mentions with the same index
/// are the same entity, even where two chains share a canonical string.
pub fn mention_chains(doc: &Document) -> Vec<Option<usize>> {
    let Some(layer) = doc.coref() else {
        return vec![None; doc.entity_items().len()];
    };
    let ix = doc::CorefIndex::from_chains(&layer.items);
    doc.entity_items()
        .iter()
        .map(|m| ix.exact(m.range))
        .collect()
}

/// The index (in the coref layer) of the chain that holds `range`: a span equal to it, else the
/// shortest span inside it, else a span containing it. `None` without a coref layer.
/// Builds the index for one look-up: for many, build a [`doc::CorefIndex`] once.
pub fn chain_of(doc: &Document, range: TextRange) -> Option<usize> {
    doc.coref()?;
    doc::CorefIndex::new(doc).chain_of(range)
}

/// The canonical name and label of the chain that holds `range` (see [`chain_of`]).
pub fn canonical_of(doc: &Document, range: TextRange) -> Option<(String, EntityLabel)> {
    let i = chain_of(doc, range)?;
    let c = doc.coref()?.items.get(i)?;
    Some((c.canonical.clone(), c.label))
}

#[cfg(test)]
mod tests;

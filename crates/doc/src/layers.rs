//! The closed set of annotation layers and their items. Items point at each other by index.

use crate::{TextRange, Upos, Xpos};
use serde::{Deserialize, Serialize};

/// Every kind of layer a document can carry. A grep for a variant finds every reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    Tokens,
    Sentences,
    Pos,
    Deps,
    Entities,
    Coref,
    Quotes,
    Timexes,
    Relations,
}

impl LayerKind {
    pub const ALL: [LayerKind; 9] = [
        LayerKind::Tokens,
        LayerKind::Sentences,
        LayerKind::Pos,
        LayerKind::Deps,
        LayerKind::Entities,
        LayerKind::Coref,
        LayerKind::Quotes,
        LayerKind::Timexes,
        LayerKind::Relations,
    ];

    pub fn name(self) -> &'static str {
        match self {
            LayerKind::Tokens => "tokens",
            LayerKind::Sentences => "sentences",
            LayerKind::Pos => "pos",
            LayerKind::Deps => "deps",
            LayerKind::Entities => "entities",
            LayerKind::Coref => "coref",
            LayerKind::Quotes => "quotes",
            LayerKind::Timexes => "timexes",
            LayerKind::Relations => "relations",
        }
    }
}

impl std::fmt::Display for LayerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Who made a layer: the annotator, its version and the model file (with its hash) it used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Producer {
    pub annotator: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

impl Producer {
    pub fn new(annotator: impl Into<String>, version: impl Into<String>) -> Self {
        Producer {
            annotator: annotator.into(),
            version: version.into(),
            model: None,
        }
    }

    pub fn with_model(mut self, model: impl Into<String>) -> Self {
        self.model = Some(model.into());
        self
    }

    /// `annotator@version[+model]`, the form stored with facts.
    pub fn label(&self) -> String {
        match &self.model {
            Some(m) => format!("{}@{}+{}", self.annotator, self.version, m),
            None => format!("{}@{}", self.annotator, self.version),
        }
    }
}

/// A layer: its items plus the producer that made them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layer<T> {
    pub producer: Producer,
    pub items: Vec<T>,
}

impl<T> Layer<T> {
    pub fn new(producer: Producer, items: Vec<T>) -> Self {
        Layer { producer, items }
    }
}

/// A token. Tokens plus the text between them give back the document text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub range: TextRange,
}

/// A sentence: a byte range and the half-open range of token indices it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub range: TextRange,
    pub tokens: (u32, u32),
}

/// Part of speech of the token with the same index: Universal POS and Penn Treebank tag, both
/// closed sets (serialized as their standard spellings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PosTag {
    pub upos: Upos,
    pub xpos: Xpos,
}

/// The syntactic head and Universal Dependencies relation (with subtype, e.g. `nmod:poss`) of
/// the token with the same index; `head` is the index of another token of the same sentence in
/// the tokens layer, `None` for the sentence's root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    pub head: Option<u32>,
    pub rel: String,
}

/// The CoNLL entity labels every layer maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Misc => "MISC",
        }
    }

    /// Parses the CoNLL spellings and common synonyms (PERSON, GPE, ORGANIZATION, ...).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_uppercase().as_str() {
            "PER" | "PERSON" => EntityLabel::Per,
            "ORG" | "ORGANIZATION" | "ORGANISATION" => EntityLabel::Org,
            "LOC" | "LOCATION" | "GPE" | "PLACE" | "FAC" => EntityLabel::Loc,
            "MISC" | "NORP" | "EVENT" | "OTH" => EntityLabel::Misc,
            _ => return None,
        })
    }
}

impl std::fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named-entity mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub range: TextRange,
    pub label: EntityLabel,
    /// A finer label (GPE, NORP, EVENT...) that maps back to `label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_label: Option<String>,
    pub confidence: f32,
    /// Canonical name or id of the entity this mention resolves to (coreference / resolution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// A quotation: its content, whether it stands in quotation marks, its speaker and cue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub range: TextRange,
    pub direct: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<TextRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<TextRange>,
    /// Canonical name of the entity the speaker resolves to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_entity: Option<String>,
    pub confidence: f32,
    /// The time the quote refers to, as a TimeML value (`2024-SP`, `2024-03`, `1994`), taken
    /// from a time expression of its own sentence or of its attribution ("told Foreign Policy
    /// … this spring"); `None` when they have none. Never the publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The evidence for `time`: the span of that time expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_evidence: Option<TextRange>,
    /// What kind of quotation this is; `None` when the producer did not say (older data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<QuoteKind>,
}

/// The kind of a quotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Every part of the content stands inside quotation marks.
    Direct,
    /// Reported speech or attribution without marks (`X said that …`, `X wants to …`).
    Indirect,
    /// Reported speech holding a quoted piece, or a quote not fully inside marks.
    Mixed,
    /// A scare quote, title or designation in marks (“undesirable organization”): not speech,
    /// never attributed.
    Designation,
}

impl QuoteKind {
    /// The lower-case name used in JSON and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Designation => "designation",
        }
    }

    /// Parses [`QuoteKind::as_str`]'s names; `None` for anything else.
    pub fn parse(s: &str) -> Option<QuoteKind> {
        match s {
            "direct" => Some(QuoteKind::Direct),
            "indirect" => Some(QuoteKind::Indirect),
            "mixed" => Some(QuoteKind::Mixed),
            "designation" => Some(QuoteKind::Designation),
            _ => None,
        }
    }
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "DATE" => TimexType::Date,
            "TIME" => TimexType::Time,
            "DURATION" => TimexType::Duration,
            "SET" => TimexType::Set,
            _ => return None,
        })
    }
}

/// A time expression with its TimeML-normalized value (`2024-03`, `P3D`, `PRESENT_REF`...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub range: TextRange,
    pub kind: TimexType,
    pub value: String,
    /// What the value was resolved against, when it depends on a reference time ("March" in a
    /// story about 1994, "that day", "last week"); `None` for a value written out in full
    /// ("March 3, 1994") or one that needs no reference (a duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<TimexAnchor>,
    /// On the first point of a range written as one expression ("1915-17", "March 3-5"): the
    /// range's second point and its duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span_to: Option<TimexRangeEnd>,
}

impl Timex {
    /// An expression with no anchor and no range.
    pub fn new(range: TextRange, kind: TimexType, value: impl Into<String>) -> Timex {
        Timex {
            range,
            kind,
            value: value.into(),
            anchor: None,
            span_to: None,
        }
    }
}

/// The reference time a time expression was resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimexAnchor {
    /// The document creation time (the publication date).
    Document,
    /// An earlier time expression of the same document, by its span.
    Expression(TextRange),
}

/// The second point of a range and the range's duration (TimeML value, `P3Y` for "1915-17").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimexRangeEnd {
    /// The span of the second point (itself a `Timex` of the layer).
    pub to: TextRange,
    pub duration: String,
}

/// A typed relation between two mentions (by index into the entities layer), with evidence.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub subject: u32,
    pub predicate: String,
    /// Object mention index, when the object is an entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<u32>,
    /// Object literal (a role title, a designation...), when it is not an entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_value: Option<String>,
    /// The evidence: usually the sentence that states the relation.
    pub evidence: TextRange,
    pub confidence: f32,
    /// When the relation holds, from the time expressions of its sentence (TimeML values such
    /// as `2023` or `2024-03`): from this time on …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// … or until this time ("until 2009").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// `"former"` when the text says the relation has ended ("former", "ex-", "resigned",
    /// "was fired") without saying when; `None` for a relation stated as current or timeless.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A coreference chain: every span (names, nominals, pronouns) that refers to one entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorefChain {
    /// The canonical (most informative) name of the entity.
    pub canonical: String,
    pub label: EntityLabel,
    pub spans: Vec<TextRange>,
}

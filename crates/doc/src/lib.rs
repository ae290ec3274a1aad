//! The Document: immutable text, source metadata and append-only annotation layers.
//!
//! Everything the pipeline learns about a text is a layer on one [`Document`]. Offsets inside
//! the engine are UTF-8 byte ranges ([`TextRange`]); code points appear only at the edges
//! (interchange JSONL, API, exports), converted through [`OffsetIndex`]. Every layer records the
//! [`Producer`] that made it. This crate does no IO and knows nothing of SQLite, HTML or models.

mod annotator;
mod coref_index;
mod document;
mod layers;
mod meta;
mod offsets;
mod pos;
mod range;
mod view;

pub use annotator::{Annotator, Diagnostic, Severity};
pub use coref_index::CorefIndex;
pub use document::{DocError, Document};
pub use layers::{
    CorefChain, Dependency, EntityLabel, Layer, LayerKind, Mention, PosTag, Producer, Quote,
    QuoteKind, Relation, Sentence, Timex, TimexType, Token,
};
pub use layers::{TimexAnchor, TimexRangeEnd};
pub use meta::DocMeta;
pub use offsets::OffsetIndex;
pub use pos::{Upos, Xpos};
pub use range::TextRange;
pub use view::{DepTree, TokenView};

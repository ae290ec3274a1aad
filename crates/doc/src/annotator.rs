//! The `Annotator` trait: a pure function from a document to one or more new layers.

use crate::{DocError, Document, LayerKind, TextRange};

/// How serious a diagnostic is. Odd input is data: annotators report it, they do not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
}

/// Something an annotator noticed about its input (not an error).
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub annotator: &'static str,
    pub message: String,
    pub range: Option<TextRange>,
}

/// A pipeline stage. It declares the layers it needs and the layers it adds; the pipeline checks
/// both before running. Implementations read no clock, do no IO and use no global RNG: the same
/// document in gives the same layers out.
pub trait Annotator: Send + Sync {
    /// Short stable name (`tokenize`, `ner`...), recorded as the layer producer.
    fn name(&self) -> &'static str;
    fn requires(&self) -> &'static [LayerKind];
    fn provides(&self) -> &'static [LayerKind];
    /// Adds the layers in `provides` to `doc`. `Err` only for a broken model or a missing
    /// prerequisite, never for odd text.
    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError>;
}

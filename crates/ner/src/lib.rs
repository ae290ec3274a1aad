//! Named-entity recognition: an averaged perceptron over BILOU tags with word, shape, affix,
//! context, POS, cluster, gazetteer and document features, decoded by beam search; PER, ORG, LOC
//! and MISC mentions with a confidence each; reproducible (self-)training from gold interchange
//! JSONL.

mod bilou;
pub mod clusters;
mod consistency;
mod docruns;
mod fast;
mod features;
pub mod gazetteer;
mod recognizer;
mod train;

pub use bilou::{LABELS, Scheme};
pub use recognizer::{MIN_CONFIDENCE, MODEL_KIND, NerTagger, SentenceInput};
pub use recognizer::{TokenMention, mentions_of};
pub use train::{
    EXTRA_SOURCES, Labeling, Source, TrainConfig, TrainError, place_gazetteer, prepare_document,
    prepare_document_as, silver_document, train, train_documents, training_files,
};

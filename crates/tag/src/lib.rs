//! Part-of-speech tagging: a greedy left-to-right averaged-perceptron tagger predicting joint
//! UPOS + PTB tags (optionally two-pass, with word clusters or beam decoding), its reproducible
//! training from CoNLL-U, and a small CoNLL-U reader.

mod clusters;
pub mod conllu;
mod fast;
mod features;
mod tagger;
mod train;

pub use clusters::{ClusterConfig, build as word_clusters};
pub use features::{lowercase_into, normalize, normalize_into};
pub use tagger::{MODEL_KIND, PosTagger};
pub use train::{
    TrainConfig, TrainError, collect_conllu, conll_tokens, train, train_sentences,
    train_sentences_with_text,
};

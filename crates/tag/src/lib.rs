//! Part-of-speech tagging: a greedy left-to-right averaged-perceptron tagger predicting joint
//! UPOS + PTB tags, its reproducible training from CoNLL-U, and a small CoNLL-U reader.

pub mod conllu;
mod features;
mod tagger;
mod train;

pub use features::normalize;
pub use tagger::{MODEL_KIND, PosTagger};
pub use train::{TrainConfig, TrainError, collect_conllu, train, train_sentences};

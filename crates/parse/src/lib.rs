//! Dependency parsing: a greedy arc-hybrid transition parser (Kuhlmann et al. 2011) trained with
//! the dynamic oracle of Goldberg & Nivre (2013) and averaged perceptrons over hashed
//! Zhang & Nivre (2011) style features; an unlabeled 3-way transition classifier and a separate
//! relation classifier run only on arcs. Relations are UD with subtypes (`nmod:poss`).

pub mod conllu;
mod features;
mod parser;
mod punct;
mod system;
mod table;
mod train;
mod trainer;

pub use parser::Scratch;
pub use parser::{DepParser, MODEL_KIND, Parse};
pub use train::{
    Snapshot, TrainConfig, TrainError, jackknife, read_trees, retag, train, train_trees,
    train_trees_monitored,
};

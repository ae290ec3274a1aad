//! Part-of-speech tagging: a greedy averaged-perceptron tagger (UPOS + PTB tags) and CoNLL-U IO.

pub mod conllu;

//! Learning primitives that know nothing of documents: deterministic feature hashing, a sparse
//! multiclass averaged perceptron with a compact quantized model, a small fixed-seed PRNG and the
//! versioned, checksummed model file container.

pub mod cluster;
pub mod file;
pub mod hash;
pub mod perceptron;
pub mod rng;
pub mod table;

pub use file::{ModelError, Reader, Writer};
pub use hash::{FeatureBuf, fnv1a};
pub use perceptron::{Model, Trainer};
pub use rng::SplitMix64;
pub use table::{IntTable, SparseTable};

//! Unit tests on hand-written sentences.

//! One module per `newsgraph` command.

pub mod annotate;
pub mod curate;
pub mod demo;
pub mod entities;
pub mod eval;
pub mod eval_facts;
pub mod eval_relations;
pub mod export;
pub mod extract;
pub mod graph;
pub mod ingest;
pub mod quotes;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod throughput;
pub mod timeline;
pub mod train;

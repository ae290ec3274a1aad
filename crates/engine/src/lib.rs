//! The façade the CLI (and later the server) use: open a store, ingest inputs through the
//! pipeline, annotate interchange JSONL, and query.
//!
//! The engine wires crates together and decides which annotators make up the default pipeline;
//! it holds no SQL (that is `store`) and no parsing of sources (that is `ingest`).

mod annotate;
mod flow;
mod intake;
mod resolution;

pub use annotate::{AnnotateReport, annotate_jsonl};
pub use ingest::{IngestOptions, Input};
pub use intake::{Failure, IngestEvent, IngestReport};
pub use relate::RelateOptions;
pub use store::{
    DocId, DocRef, EntityDetail, EntityId, EntitySummary, FactRow, QuoteRow, SearchHit, Stats,
    Store, StoreError, TimelineRow,
};

use pipeline::Pipeline;
use std::path::Path;

/// Errors of the engine. `User` errors (bad input, unknown entity) exit with 1 in the CLI.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{0}")]
    User(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pipeline(#[from] pipeline::PipelineError),
    #[error("loading a model: {0}")]
    Model(String),
    #[error("writing output: {0}")]
    Output(std::io::Error),
}

impl EngineError {
    pub fn is_user_error(&self) -> bool {
        match self {
            EngineError::User(_) => true,
            EngineError::Store(e) => e.is_user_error(),
            _ => false,
        }
    }
}

/// The default pipeline: every annotator this build has, in dependency order. Models are the
/// ones embedded from `models/`. The dependency parser runs after the tagger: relation extraction
/// reads its trees.
pub fn default_pipeline() -> Result<Pipeline, EngineError> {
    pipeline_with(&RelateOptions::default())
}

/// The default pipeline with these relation options (scorer, place chains, document-level
/// model).
pub fn pipeline_with(relate: &RelateOptions) -> Result<Pipeline, EngineError> {
    let pos = tag::PosTagger::embedded().map_err(|e| EngineError::Model(format!("pos: {e}")))?;
    let ner = ner::NerTagger::embedded().map_err(|e| EngineError::Model(format!("ner: {e}")))?;
    let deps =
        parse::DepParser::embedded().map_err(|e| EngineError::Model(format!("deps: {e}")))?;
    let stages: Vec<Box<dyn doc::Annotator>> = vec![
        Box::new(tokenize::Tokenizer::new()),
        Box::new(pos),
        Box::new(deps),
        Box::new(ner),
        Box::new(timex::TimexTagger::new()),
        // Coreference runs once and makes no facts: relate makes the role facts from its chains.
        Box::new(coref::Coref::new()),
        Box::new(relate::Relate::new().with_options(*relate)),
        Box::new(quotes::QuoteExtractor::new()),
    ];
    Ok(Pipeline::new(stages, &[])?)
}

/// An open store plus the pipeline that annotates what goes in. The pipeline's models are
/// loaded on first use, so the read-only commands (`stats`, `show`, `search`…) never decode
/// them.
pub struct Engine {
    store: Store,
    pipeline: std::sync::OnceLock<Pipeline>,
    /// The database file and its companions (`-wal`, `-shm`, `-journal`), canonicalized, so
    /// that ingesting the folder that holds the database never reads the database itself.
    own_files: Vec<std::path::PathBuf>,
    /// The relation options the pipeline is built with.
    relate: RelateOptions,
}

impl Engine {
    /// Opens (creating) the database at `path`; the models load when something is annotated.
    pub fn open(path: &Path) -> Result<Engine, EngineError> {
        let store = Store::open(path)?;
        let own_files = match path.canonicalize() {
            Ok(db) => ["", "-wal", "-shm", "-journal"]
                .iter()
                .map(|suffix| {
                    let mut p = db.clone().into_os_string();
                    p.push(suffix);
                    std::path::PathBuf::from(p)
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        Ok(Engine {
            store,
            pipeline: std::sync::OnceLock::new(),
            own_files,
            relate: RelateOptions::default(),
        })
    }

    /// An engine over an in-memory store (tests, throughput runs).
    pub fn in_memory() -> Result<Engine, EngineError> {
        Ok(Engine {
            store: Store::open_in_memory()?,
            pipeline: std::sync::OnceLock::new(),
            own_files: Vec::new(),
            relate: RelateOptions::default(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The same engine with these relation options (before anything is annotated: the
    /// pipeline is built once).
    pub fn with_relate_options(mut self, relate: RelateOptions) -> Self {
        self.relate = relate;
        self.pipeline = std::sync::OnceLock::new();
        self
    }

    /// The annotation pipeline, its models loaded on the first call.
    pub fn pipeline(&self) -> Result<&Pipeline, EngineError> {
        if let Some(p) = self.pipeline.get() {
            return Ok(p);
        }
        let p = pipeline_with(&self.relate)?;
        Ok(self.pipeline.get_or_init(move || p))
    }

    /// Resolves an entity by name (alias, then fuzzy), as a user error when nothing matches.
    pub fn entity_named(&self, name: &str) -> Result<EntityId, EngineError> {
        self.store.find_entity(name)?.ok_or_else(|| {
            EngineError::User(format!(
                "no entity named {name:?}; try `newsgraph entities` to list them"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Engine;

    #[test]
    fn opening_loads_no_models_until_something_is_annotated() {
        let dir = tempfile::tempdir().expect("tmp");
        let engine = Engine::open(&dir.path().join("g.db")).expect("opens");
        assert!(engine.pipeline.get().is_none());
        assert_eq!(engine.store().stats().expect("stats").documents, 0);
        assert!(engine.pipeline.get().is_none());
        let stages = engine.pipeline().expect("loads").stage_names();
        assert!(stages.contains(&"ner"), "{stages:?}");
        assert!(engine.pipeline.get().is_some());
    }
}

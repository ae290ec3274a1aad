//! Ingest orchestration: expand inputs into tasks and read each task, in order; the documents go
//! through [`crate::flow`] (parallel annotation, one writer in input order, batched
//! transactions). One bad file or entry is reported and skipped.

use crate::flow::{self, Feed};
use crate::{Engine, EngineError};
use ingest::{FetchCache, IngestOptions, Input, Task, Validators};
use pipeline::Timings;
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;
use store::{Store, Upsert};

/// One input that failed, named, with the reason.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Failure {
    pub source: String,
    pub error: String,
}

/// What an ingest run did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IngestReport {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub not_modified: u64,
    pub failed: Vec<Failure>,
    pub warnings: Vec<String>,
    /// Files, URLs or stdin read.
    pub sources: u64,
    /// Time in each annotation stage, summed over the annotation threads.
    #[serde(skip)]
    pub timings: Timings,
    /// Time on the reading and writing thread: `read` (sources), `wait` (for annotation),
    /// `resolve` (entity resolution), `write` (rows), `commit`.
    #[serde(skip)]
    pub writer: Timings,
}

impl IngestReport {
    pub fn documents(&self) -> u64 {
        self.inserted + self.updated + self.unchanged
    }
}

/// Progress events, for progress bars and verbose output.
#[derive(Debug)]
pub enum IngestEvent<'a> {
    /// A source (file, URL, stdin) is about to be read.
    Source(&'a str),
    /// A document was stored.
    Stored { source: &'a str, outcome: Upsert },
    /// A source or one of its documents failed.
    Failed(&'a Failure),
}

/// The store as a conditional-GET cache.
pub(crate) struct StoreCache<'a> {
    pub(crate) store: &'a mut Store,
    pub(crate) now: &'a str,
    pub(crate) errors: Vec<String>,
}

impl FetchCache for StoreCache<'_> {
    fn validators(&self, url: &str) -> Option<Validators> {
        self.store
            .get_validators(url)
            .ok()
            .flatten()
            .map(|v| Validators {
                etag: v.etag,
                last_modified: v.last_modified,
            })
    }

    fn store(&mut self, url: &str, v: &Validators) {
        if let Err(e) =
            self.store
                .put_validators(url, v.etag.as_deref(), v.last_modified.as_deref(), self.now)
        {
            self.errors.push(format!("{url}: saving validators: {e}"));
        }
    }
}

impl Engine {
    /// Ingests every input: files, folders (recursively), URLs, stdin; OPML lists add their
    /// feeds, within the run's limits (`max_opml_depth`, `max_feeds`; see
    /// [`ingest::ListLimits`]), and a URL a list names is fetched only from a public address
    /// unless `allow_private`. Documents are annotated in parallel and written by one writer in
    /// input order (see [`crate::flow`]), several documents per transaction, each document
    /// whole or not at all. Input failures and refusals are collected in the report; only a
    /// broken store is an `Err`.
    pub fn ingest(
        &mut self,
        inputs: &[Input],
        opts: &IngestOptions,
        on_event: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<IngestReport, EngineError> {
        self.pipeline()?;
        let Engine {
            store,
            pipeline,
            own_files,
            relate: _,
        } = self;
        let Some(pipeline) = pipeline.get() else {
            return Err(EngineError::Model(
                "the annotation models are not loaded".into(),
            ));
        };
        let threads = opts
            .threads
            .unwrap_or_else(rayon::current_num_threads)
            .max(1);
        flow::run(
            store,
            pipeline,
            threads,
            opts.batch_docs,
            on_event,
            |feed| read_inputs(feed, inputs, opts, own_files),
        )
    }
}

/// Expands the inputs into tasks and reads them in order, handing every document, failure and
/// task end to the flow. Each input carries its depth: 0 for what the user named, n for what n
/// lists down name.
fn read_inputs(
    feed: &mut Feed<'_, '_>,
    inputs: &[Input],
    opts: &IngestOptions,
    own_files: &[std::path::PathBuf],
) -> Result<(), EngineError> {
    let mut queue: Vec<(Input, u32)> = inputs.iter().map(|i| (i.clone(), 0)).collect();
    let mut seen: BTreeSet<Input> = BTreeSet::new();
    let mut limits = ingest::ListLimits::new(opts.max_opml_depth, opts.max_feeds);
    let now = feed.now().to_string();
    while !queue.is_empty() {
        let batch: Vec<(Input, u32)> = std::mem::take(&mut queue)
            .into_iter()
            .filter(|(i, _)| seen.insert(i.key()))
            .collect();
        for (input, depth) in batch {
            for task in ingest::expand(std::slice::from_ref(&input)) {
                let task = match task {
                    Ok(t) => t,
                    Err(e) => {
                        feed.fail(failure(&e))?;
                        continue;
                    }
                };
                let mut discovered = read_task(feed, &task, opts, &now, own_files)?;
                discovered.retain(|i| !seen.contains(&i.key()));
                let (admitted, refused) = limits.admit(&task.name(), depth, discovered);
                for e in &refused {
                    feed.fail(failure(e))?;
                }
                queue.extend(admitted);
            }
        }
    }
    Ok(())
}

/// Reads one task and hands its documents to the flow; returns what it lists.
fn read_task(
    feed: &mut Feed<'_, '_>,
    task: &Task,
    opts: &IngestOptions,
    now: &str,
    own_files: &[std::path::PathBuf],
) -> Result<Vec<Input>, EngineError> {
    let name = task.name();
    if let Task::File { path, .. } = task {
        let is_own = path.canonicalize().is_ok_and(|p| own_files.contains(&p));
        if is_own {
            return Ok(Vec::new());
        }
    }
    feed.source(&name);
    let started = std::time::Instant::now();
    let mut out = {
        let cache = StoreCache {
            store: feed.store(),
            now,
            errors: Vec::new(),
        };
        ingest::read_task(task, opts, &cache, now)
    };
    feed.add_time("read", started.elapsed());
    feed.note_read(&out);
    let source: Arc<str> = Arc::from(name.as_str());
    for d in std::mem::take(&mut out.docs) {
        match d {
            Ok(doc) => feed.document(&source, doc)?,
            Err(e) => feed.fail(failure(&e))?,
        }
    }
    let discovered = std::mem::take(&mut out.discovered);
    // Validators are saved only once the task's documents are written, in the same
    // transaction, so an interrupted run re-fetches instead of skipping content it never stored.
    feed.task_end(out)?;
    Ok(discovered)
}

/// Reports one failed source, named, with the reason.
fn failure(e: &ingest::IngestError) -> Failure {
    Failure {
        source: e.source_name().to_string(),
        error: e.to_string(),
    }
}

/// Records which date relative time expressions were resolved against: the metadata date, else
/// a dateline or URL date (which then also becomes the publication date, with its source noted),
/// else the document is marked undated. No date is invented.
pub(crate) fn date_document(doc: &mut doc::Document) {
    let anchor = timex::find_anchor(doc);
    if doc.meta.published.is_none()
        && let Some(v) = anchor.value()
    {
        doc.meta.published = Some(v);
        doc.meta
            .extra
            .insert("published_from".into(), anchor.source.as_str().into());
    }
    doc.meta
        .extra
        .insert("date_anchor".into(), anchor.describe());
}

//! Ingest orchestration: expand inputs into tasks, read each task, run the pipeline on each
//! document and store it in its own transaction. One bad file or entry is reported and skipped.

use crate::{Engine, EngineError};
use ingest::{FetchCache, IngestOptions, Input, Task, Validators};
use pipeline::Timings;
use serde::Serialize;
use std::collections::BTreeSet;
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
    #[serde(skip)]
    pub timings: Timings,
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
struct StoreCache<'a> {
    store: &'a mut Store,
    now: &'a str,
    errors: Vec<String>,
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
    /// unless `allow_private`. Each document goes through the pipeline and into the store in
    /// one transaction. Input failures and refusals are collected in the report; only a broken
    /// store is an `Err`.
    pub fn ingest(
        &mut self,
        inputs: &[Input],
        opts: &IngestOptions,
        on_event: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<IngestReport, EngineError> {
        self.pipeline()?;
        let mut report = IngestReport::default();
        // Each input with its depth: 0 for what the user named, n for what n lists down name.
        let mut queue: Vec<(Input, u32)> = inputs.iter().map(|i| (i.clone(), 0)).collect();
        let mut seen: BTreeSet<Input> = BTreeSet::new();
        let mut limits = ingest::ListLimits::new(opts.max_opml_depth, opts.max_feeds);
        let now = ingest::now_iso8601();
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
                            fail(&mut report, on_event, &e);
                            continue;
                        }
                    };
                    let mut discovered =
                        self.ingest_task(&task, opts, &now, &mut report, on_event)?;
                    discovered.retain(|i| !seen.contains(&i.key()));
                    let (admitted, refused) = limits.admit(&task.name(), depth, discovered);
                    for e in &refused {
                        fail(&mut report, on_event, e);
                    }
                    queue.extend(admitted);
                }
            }
        }
        Ok(report)
    }

    fn ingest_task(
        &mut self,
        task: &Task,
        opts: &IngestOptions,
        now: &str,
        report: &mut IngestReport,
        on_event: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<Vec<Input>, EngineError> {
        let name = task.name();
        if let Task::File { path, .. } = task {
            let is_own = path
                .canonicalize()
                .is_ok_and(|p| self.own_files.contains(&p));
            if is_own {
                return Ok(Vec::new());
            }
        }
        on_event(IngestEvent::Source(&name));
        report.sources += 1;
        let out = {
            let cache = StoreCache {
                store: &mut self.store,
                now,
                errors: Vec::new(),
            };
            ingest::read_task(task, opts, &cache, now)
        };
        report.warnings.extend(out.warnings.iter().cloned());
        if out.not_modified {
            report.not_modified += 1;
        }
        for d in &out.docs {
            let mut doc = match d {
                Ok(doc) => doc.clone(),
                Err(e) => {
                    fail(report, on_event, e);
                    continue;
                }
            };
            // `ingest` loaded the pipeline before the first task.
            let run = match self.pipeline.get() {
                Some(p) => p
                    .run(&mut doc, &mut report.timings)
                    .map_err(|e| e.to_string()),
                None => Err("the annotation models are not loaded".to_string()),
            };
            if let Err(e) = run {
                let f = Failure {
                    source: name.clone(),
                    error: format!("{}: {e}", doc.meta.id),
                };
                on_event(IngestEvent::Failed(&f));
                report.failed.push(f);
                continue;
            }
            date_document(&mut doc);
            let hash = ingest::normalized_text_hash(doc.text());
            let links = self.links_for(&doc)?;
            let outcome = self.store.upsert_document_with(&doc, &hash, &links)?;
            match outcome {
                Upsert::Inserted(_) => report.inserted += 1,
                Upsert::Updated(_) => report.updated += 1,
                Upsert::Unchanged(_) => report.unchanged += 1,
            }
            on_event(IngestEvent::Stored {
                source: &name,
                outcome,
            });
        }
        // Validators are saved only once the documents are stored, so an interrupted run
        // re-fetches instead of skipping content it never stored.
        let mut cache = StoreCache {
            store: &mut self.store,
            now,
            errors: Vec::new(),
        };
        out.save_validators(&mut cache);
        report.warnings.extend(cache.errors);
        Ok(out.discovered)
    }
}

/// Reports one failed source, named, with the reason.
fn fail(
    report: &mut IngestReport,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
    e: &ingest::IngestError,
) {
    let f = Failure {
        source: e.source_name().to_string(),
        error: e.to_string(),
    };
    on_event(IngestEvent::Failed(&f));
    report.failed.push(f);
}

/// Records which date relative time expressions were resolved against: the metadata date, else
/// a dateline or URL date (which then also becomes the publication date, with its source noted),
/// else the document is marked undated. No date is invented.
fn date_document(doc: &mut doc::Document) {
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

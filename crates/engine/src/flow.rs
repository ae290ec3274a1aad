//! The ingest flow: documents annotated in parallel, written by one writer in input order.
//!
//! The calling thread reads the sources (in order) and is the only writer. Every document read
//! gets a sequence number and goes to one of `threads` annotation threads, which run the
//! pipeline, date the document and compute its hashes ([`store::Prepared`]). Results come back
//! in any order; the writer holds them until every earlier item (document, failure, end of a
//! task) is written, so entity resolution sees the store exactly as a one-thread run would:
//! the same input gives the same store whatever the thread timing. At most `IN_FLIGHT_PER_THREAD`
//! documents per thread wait between reading and writing, which bounds memory.
//!
//! Writes are batched: one transaction ([`Store::begin_batch`]) takes up to `batch_docs`
//! documents ([`Store::upsert_prepared_in_batch`], no savepoint each: when a document fails,
//! the batch is rolled back and its earlier documents are written again, which gives the same
//! rows), and is committed when full, when it has been open for
//! [`BATCH_MAX_OPEN`] while the writer waits for annotation (so the write lock is never held
//! through a long document), and at the end. A crash rolls back the open batch: whole
//! documents only. The writer talks to the store through four calls (resolution reads,
//! `begin_batch`, `upsert_prepared_in_batch`, `commit_batch`), the seam where another backend
//! would go.

use crate::intake::{Failure, IngestEvent, IngestReport, StoreCache, date_document};
use crate::{EngineError, resolution};
use ingest::TaskOutput;
use pipeline::{Pipeline, Timings};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};
use store::{Prepared, Store, Upsert};

/// Documents per annotation thread that may wait between reading and writing.
const IN_FLIGHT_PER_THREAD: usize = 8;

/// Write-ahead log pages (4 KiB each) an ingest lets grow before a checkpoint
/// ([`Store::set_checkpoint_pages`]), and SQLite's default, restored at the end.
const INGEST_CHECKPOINT_PAGES: u32 = 16_000;
const DEFAULT_CHECKPOINT_PAGES: u32 = 1000;

/// How long a batch may stay open while the writer waits for an annotated document.
pub const BATCH_MAX_OPEN: Duration = Duration::from_millis(500);

/// A document for an annotation thread.
struct Job {
    seq: u64,
    doc: doc::Document,
}

/// An annotation thread's result.
struct Done {
    seq: u64,
    result: Result<Box<Ready>, String>,
}

/// A document ready for the writer: annotated, hashed, its resolution planned.
struct Ready {
    prepared: Prepared,
    plan: resolution::DocPlan,
}

/// One item of the input, in input order.
enum Slot {
    /// A document at an annotation thread.
    Waiting { source: Arc<str> },
    /// A document annotated (or failed there).
    Annotated {
        source: Arc<str>,
        result: Result<Box<Ready>, String>,
    },
    /// A source, entry or refusal that failed while reading.
    Failed(Failure),
    /// The end of a task's documents (its validators are saved then).
    TaskEnd(TaskOutput),
}

/// What the reading side hands documents to; it writes whatever is ready as it goes.
pub(crate) struct Feed<'a, 'e> {
    store: &'a mut Store,
    on_event: &'e mut dyn FnMut(IngestEvent<'_>),
    jobs: Option<mpsc::Sender<Job>>,
    done: mpsc::Receiver<Done>,
    /// Items not yet written, by sequence number; the first is the next to write.
    pending: BTreeMap<u64, Slot>,
    next_seq: u64,
    in_flight: usize,
    window: usize,
    batch_docs: usize,
    /// Documents in the open batch and when it was opened.
    batch: usize,
    /// The open batch's documents with their links, to write again when a later document of
    /// the batch fails (documents are written without a savepoint each, so a failure rolls
    /// the whole batch back).
    written: Vec<(Prepared, store::EntityLinks)>,
    opened: Option<Instant>,
    /// The run's clock reading (`retrieved_at`, `fetched_at`).
    now: String,
    cache: resolution::ResolutionCache,
    report: IngestReport,
}

impl Feed<'_, '_> {
    /// The run's time (ISO 8601), read once.
    pub(crate) fn now(&self) -> &str {
        &self.now
    }

    /// The store, for the conditional-GET cache of a fetch.
    pub(crate) fn store(&mut self) -> &mut Store {
        &mut *self.store
    }

    /// A source is about to be read.
    pub(crate) fn source(&mut self, name: &str) {
        (self.on_event)(IngestEvent::Source(name));
        self.report.sources += 1;
    }

    /// Notes what reading a task said (warnings, not modified).
    pub(crate) fn note_read(&mut self, out: &TaskOutput) {
        self.report.warnings.extend(out.warnings.iter().cloned());
        if out.not_modified {
            self.report.not_modified += 1;
        }
    }

    /// Adds reading time.
    pub(crate) fn add_time(&mut self, stage: &'static str, d: Duration) {
        add_time(&mut self.report.writer, stage, d);
    }

    /// A document read from `source`: annotated on a thread, written in its turn.
    pub(crate) fn document(
        &mut self,
        source: &Arc<str>,
        doc: doc::Document,
    ) -> Result<(), EngineError> {
        let seq = self.push(Slot::Waiting {
            source: Arc::clone(source),
        });
        let sent = match &self.jobs {
            Some(jobs) => jobs.send(Job { seq, doc }).is_ok(),
            None => false,
        };
        if sent {
            self.in_flight += 1;
        } else {
            self.pending.insert(
                seq,
                Slot::Annotated {
                    source: Arc::clone(source),
                    result: Err("the annotation threads have stopped".into()),
                },
            );
        }
        self.collect(false)?;
        while self.in_flight >= self.window {
            self.collect(true)?;
        }
        Ok(())
    }

    /// A failure while reading, reported in its turn.
    pub(crate) fn fail(&mut self, f: Failure) -> Result<(), EngineError> {
        self.push(Slot::Failed(f));
        self.write_ready()
    }

    /// The end of a task: its validators are saved once its documents are written.
    pub(crate) fn task_end(&mut self, out: TaskOutput) -> Result<(), EngineError> {
        self.push(Slot::TaskEnd(out));
        self.write_ready()
    }

    fn push(&mut self, slot: Slot) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.pending.insert(seq, slot);
        seq
    }

    /// Takes annotated documents (waiting for one when `block`) and writes what is ready.
    fn collect(&mut self, block: bool) -> Result<(), EngineError> {
        loop {
            let got = if block {
                self.receive()?
            } else {
                self.done.try_recv().ok()
            };
            let Some(done) = got else {
                break;
            };
            self.in_flight = self.in_flight.saturating_sub(1);
            if let Some(slot) = self.pending.get_mut(&done.seq)
                && let Slot::Waiting { source } = slot
            {
                *slot = Slot::Annotated {
                    source: Arc::clone(source),
                    result: done.result,
                };
            }
            if block {
                break;
            }
        }
        self.write_ready()
    }

    /// Waits for one annotated document. An open batch is committed first when it has been
    /// open for [`BATCH_MAX_OPEN`], so the write lock is not held through a long annotation.
    fn receive(&mut self) -> Result<Option<Done>, EngineError> {
        let started = Instant::now();
        if let Some(opened) = self.opened {
            let left = BATCH_MAX_OPEN.saturating_sub(opened.elapsed());
            match self.done.recv_timeout(left) {
                Ok(done) => {
                    add_time(&mut self.report.writer, "wait", started.elapsed());
                    return Ok(Some(done));
                }
                Err(mpsc::RecvTimeoutError::Timeout) => self.commit()?,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    self.threads_gone();
                    return Ok(None);
                }
            }
        }
        let got = self.done.recv().ok();
        add_time(&mut self.report.writer, "wait", started.elapsed());
        if got.is_none() {
            self.threads_gone();
        }
        Ok(got)
    }

    /// Every annotation thread has ended (they only end when told, so this is a bug): the
    /// documents they held fail, named, rather than the run hanging.
    fn threads_gone(&mut self) {
        self.in_flight = 0;
        for slot in self.pending.values_mut() {
            if let Slot::Waiting { source } = slot {
                *slot = Slot::Annotated {
                    source: Arc::clone(source),
                    result: Err("the annotation threads have stopped".into()),
                };
            }
        }
    }

    /// Writes every item whose turn has come.
    fn write_ready(&mut self) -> Result<(), EngineError> {
        while let Some(entry) = self.pending.first_entry() {
            if matches!(entry.get(), Slot::Waiting { .. }) {
                break;
            }
            match entry.remove() {
                Slot::Waiting { .. } => {}
                Slot::Annotated { source, result } => match result {
                    Ok(prepared) => self.write(&source, prepared)?,
                    Err(error) => self.failed(Failure {
                        source: source.to_string(),
                        error,
                    }),
                },
                Slot::Failed(f) => self.failed(f),
                Slot::TaskEnd(out) => {
                    let mut cache = StoreCache {
                        store: &mut *self.store,
                        now: &self.now,
                        errors: Vec::new(),
                    };
                    out.save_validators(&mut cache);
                    self.report.warnings.extend(cache.errors);
                }
            }
        }
        Ok(())
    }

    fn failed(&mut self, f: Failure) {
        (self.on_event)(IngestEvent::Failed(&f));
        self.report.failed.push(f);
    }

    /// Resolves and writes one document into the open batch (opening one if needed: the
    /// resolution then reads under the write lock, and the cache starts over if another
    /// connection has committed since).
    fn write(&mut self, source: &str, ready: Box<Ready>) -> Result<(), EngineError> {
        let Ready { prepared, plan } = *ready;
        let t = Instant::now();
        if !self.store.in_batch() {
            self.store.begin_batch()?;
            self.opened = Some(Instant::now());
            self.batch = 0;
            self.written.clear();
            self.cache.check(self.store)?;
        }
        let links =
            resolution::resolve_planned(self.store, prepared.doc(), &plan, &mut self.cache)?;
        let resolved = t.elapsed();
        add_time(&mut self.report.writer, "resolve", resolved);
        let outcome = match self.store.upsert_prepared_in_batch(&prepared, &links) {
            Ok(o) => o,
            Err(e) => {
                // The batch goes, then its earlier documents are written again (the same
                // rows: the store is as it was when they were first written) and stay.
                self.store.rollback_batch()?;
                if !self.written.is_empty() {
                    self.store.begin_batch()?;
                    for (p, l) in &self.written {
                        self.store.upsert_prepared_in_batch(p, l)?;
                    }
                }
                self.commit()?;
                return Err(e.into());
            }
        };
        match outcome {
            Upsert::Inserted(id) => {
                self.report.inserted += 1;
                let linked = self.store.document_entities(id)?;
                self.cache.inserted(&linked.iter().map(|e| e.0).collect());
            }
            Upsert::Updated(_) => {
                self.report.updated += 1;
                self.cache.clear();
            }
            Upsert::Unchanged(_) => self.report.unchanged += 1,
        }
        add_time(&mut self.report.writer, "write", t.elapsed() - resolved);
        (self.on_event)(IngestEvent::Stored { source, outcome });
        self.written.push((prepared, links));
        self.batch += 1;
        if self.batch >= self.batch_docs {
            self.commit()?;
        }
        Ok(())
    }

    /// Commits the open batch, if any.
    fn commit(&mut self) -> Result<(), EngineError> {
        let t = Instant::now();
        self.store.commit_batch()?;
        self.opened = None;
        self.batch = 0;
        self.written.clear();
        add_time(&mut self.report.writer, "commit", t.elapsed());
        Ok(())
    }

    /// Waits for every document, writes the rest and commits.
    fn finish(&mut self) -> Result<(), EngineError> {
        self.jobs = None;
        while self.in_flight > 0 {
            self.collect(true)?;
        }
        self.write_ready()?;
        self.commit()
    }
}

fn add_time(t: &mut Timings, stage: &'static str, d: Duration) {
    match t.stages.iter_mut().find(|(n, _)| *n == stage) {
        Some((_, total)) => *total += d,
        None => t.stages.push((stage, d)),
    }
}

/// One annotation thread: takes documents until the job channel closes.
fn work(
    pipeline: &Pipeline,
    jobs: &Mutex<mpsc::Receiver<Job>>,
    done: &mpsc::Sender<Done>,
) -> Timings {
    let mut timings = Timings::default();
    loop {
        let job = {
            let rx = jobs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            rx.recv()
        };
        let Ok(Job { seq, doc }) = job else {
            break;
        };
        let id = doc.meta.id.clone();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            annotate(pipeline, doc, &mut timings).map(Box::new)
        }))
        .unwrap_or_else(|_| Err(format!("{id}: annotation panicked")));
        if done.send(Done { seq, result }).is_err() {
            break;
        }
    }
    timings
}

/// Runs the pipeline on a document, records its date anchor, computes its hashes and what its
/// rows need, and plans its entity resolution.
fn annotate(
    pipeline: &Pipeline,
    mut doc: doc::Document,
    timings: &mut Timings,
) -> Result<Ready, String> {
    pipeline
        .run(&mut doc, timings)
        .map_err(|e| format!("{}: {e}", doc.meta.id))?;
    date_document(&mut doc);
    let t = Instant::now();
    let text_hash = ingest::normalized_text_hash(doc.text());
    let id = doc.meta.id.clone();
    let prepared = Prepared::new(doc, text_hash).map_err(|e| format!("{id}: {e}"))?;
    let plan = resolution::plan(prepared.doc()).map_err(|e| format!("{id}: {e}"))?;
    add_time(timings, "prepare", t.elapsed());
    Ok(Ready { prepared, plan })
}

/// Runs an ingest: `read` hands every item to the feed, in input order; the documents are
/// annotated on `threads` threads and written here, `batch_docs` per transaction.
pub(crate) fn run(
    store: &mut Store,
    pipeline: &Pipeline,
    threads: usize,
    batch_docs: usize,
    on_event: &mut dyn FnMut(IngestEvent<'_>),
    read: impl FnOnce(&mut Feed<'_, '_>) -> Result<(), EngineError>,
) -> Result<IngestReport, EngineError> {
    store.set_checkpoint_pages(INGEST_CHECKPOINT_PAGES)?;
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let result = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                let done = done_tx.clone();
                let jobs = &job_rx;
                s.spawn(move || work(pipeline, jobs, &done))
            })
            .collect();
        drop(done_tx);
        let mut feed = Feed {
            store,
            on_event,
            jobs: Some(job_tx),
            done: done_rx,
            pending: BTreeMap::new(),
            next_seq: 0,
            in_flight: 0,
            window: threads.max(1) * IN_FLIGHT_PER_THREAD,
            batch_docs: batch_docs.max(1),
            batch: 0,
            written: Vec::new(),
            opened: None,
            now: ingest::now_iso8601(),
            cache: resolution::ResolutionCache::default(),
            report: IngestReport::default(),
        };
        let result = read(&mut feed).and_then(|()| feed.finish());
        // Stop the threads (they finish the documents already queued) before joining them.
        feed.jobs = None;
        if result.is_err() {
            // What was written before the error stays: the batch holds whole documents.
            let _ = feed.store.commit_batch();
        }
        let mut report = std::mem::take(&mut feed.report);
        drop(feed);
        for w in workers {
            if let Ok(t) = w.join() {
                report.timings.add(&t);
            }
        }
        result.map(|()| report)
    });
    store.set_checkpoint_pages(DEFAULT_CHECKPOINT_PAGES)?;
    result
}

#[cfg(test)]
mod tests {
    use crate::{Engine, IngestOptions, Input};

    /// A folder of short reports whose names recur (surnames alone too, so resolution reads
    /// what earlier documents stored), one repeated text (dedup) and one binary file (failure).
    fn corpus(dir: &std::path::Path) {
        let people = [
            ("Maria Lopez", "Lopez"),
            ("Tomas Berg", "Berg"),
            ("Anna Lopez", "Lopez"),
        ];
        for i in 0..14 {
            let (a, a_short) = people[i % 3];
            let (b, _) = people[(i + 1) % 3];
            let text = format!(
                "Report {i}\n\n{a}, the director of the Harbor Council, met {b} in Oslo on \
                 Monday. \u{201c}We agreed on {i} points,\u{201d} {a_short} said. The Harbor \
                 Council was founded in 19{:02} by {b}.\n",
                i + 10
            );
            std::fs::write(dir.join(format!("{i:02}.txt")), text).unwrap();
        }
        std::fs::write(
            dir.join("14.txt"),
            std::fs::read(dir.join("03.txt")).unwrap(),
        )
        .unwrap();
        std::fs::write(dir.join("15.txt"), [0u8, 159, 146, 150, 0, 1, 2, 0]).unwrap();
    }

    type Run = (
        u64,
        u64,
        Vec<(String, String)>,
        store::Stats,
        Vec<(i64, String, u64)>,
    );

    fn ingest(dir: &std::path::Path, threads: usize, batch: usize) -> Run {
        let mut engine = Engine::in_memory().unwrap();
        let opts = IngestOptions {
            threads: Some(threads),
            batch_docs: batch,
            ..IngestOptions::default()
        };
        let mut stored = Vec::new();
        let report = engine
            .ingest(
                &[Input::parse(&dir.display().to_string())],
                &opts,
                &mut |ev| {
                    if let crate::IngestEvent::Stored { source, .. } = ev {
                        stored.push(source.to_string());
                    }
                },
            )
            .unwrap();
        // Stored events come in input order.
        let mut sorted = stored.clone();
        sorted.sort();
        assert_eq!(stored, sorted);
        let failed = report
            .failed
            .iter()
            .map(|f| (f.source.clone(), f.error.clone()))
            .collect();
        let entities = engine
            .store()
            .entities(1000, None)
            .unwrap()
            .into_iter()
            .map(|e| (e.id.0, e.name, e.mention_count))
            .collect();
        (
            report.inserted,
            report.unchanged,
            failed,
            engine.store().stats().unwrap(),
            entities,
        )
    }

    #[test]
    fn the_store_does_not_depend_on_threads_or_batch_size() {
        let dir = tempfile::tempdir().unwrap();
        corpus(dir.path());
        let one = ingest(dir.path(), 1, 1);
        assert_eq!(one.0, 14, "{one:?}");
        assert_eq!(one.1, 1, "the repeated text is one document");
        assert_eq!(one.2.len(), 1, "the binary file fails, named: {:?}", one.2);
        assert!(one.2[0].0.ends_with("15.txt"), "{:?}", one.2);
        assert!(
            one.3.entities > 0 && one.3.mentions > one.3.entities,
            "{:?}",
            one.3
        );
        for (threads, batch) in [(3, 4), (2, 64)] {
            assert_eq!(
                ingest(dir.path(), threads, batch),
                one,
                "{threads} threads, batch {batch}"
            );
        }
    }
}

//! Integration tests of the ingest crate: formats, the hostile-input corpus, folder expansion and
//! HTTP against a local server.

mod expand;
mod formats;
mod hostile;
mod http;
mod sources;

use ingest::{IngestOptions, NoCache, Task, TaskOutput};
use std::path::{Path, PathBuf};

/// A fixed clock for deterministic `retrieved_at`.
pub const NOW: &str = "2026-01-02T03:04:05Z";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile")
}

/// Reads one file as the engine would.
pub fn read_file(path: &Path, opts: &IngestOptions) -> TaskOutput {
    let task = Task::File {
        path: path.to_path_buf(),
        id: ingest::file_id(path),
    };
    ingest::read_task(&task, opts, &NoCache, NOW)
}

/// Runs `f` on a thread with a normal 2 MiB stack, so a stack overflow would fail the test.
pub fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

//! End-to-end tests of the `newsgraph` binary: one integration binary, one module per area.

mod annotate;
mod curate;
mod exit_codes;
mod facts;
mod ingest;
mod sources;
mod tidy;
mod when;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `newsgraph` binary with its database in `dir`.
pub fn ng(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("newsgraph").expect("binary built");
    c.current_dir(dir).env_remove("NEWSGRAPH_DB");
    c
}

/// The repository root (for `examples/` and `tests/fixtures/`).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `stats --json` of the database in `dir`.
pub fn stats(dir: &Path) -> serde_json::Value {
    let out = ng(dir).args(["stats", "--json"]).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

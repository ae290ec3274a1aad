//! Tidy checks that keep the codebase navigable (as rust-analyzer's tidy test does).

use super::repo;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_library_and_module_file_says_what_it_is_for() {
    let mut files = Vec::new();
    for e in std::fs::read_dir(repo().join("crates")).unwrap().flatten() {
        rust_files(&e.path().join("src"), &mut files);
    }
    assert!(files.len() > 10, "found only {} source files", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` header:\n{}",
        missing.join("\n")
    );
}

#[test]
fn architecture_md_mentions_every_crate() {
    let arch = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).unwrap();
    for e in std::fs::read_dir(repo().join("crates")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        assert!(
            arch.contains(&format!("`{name}`")),
            "ARCHITECTURE.md has no section on `{name}`"
        );
    }
}

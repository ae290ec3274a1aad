//! Shared output helpers: global settings, plain-text tables, JSON printing, exit codes.

use serde::Serialize;
use std::path::PathBuf;

/// Settings every command sees, resolved from the global flags.
#[derive(Clone, Debug)]
pub struct Global {
    pub db: PathBuf,
    pub json: bool,
    pub quiet: bool,
}

/// How a command that did not hit an internal error ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Some inputs failed (each reported); the rest were processed. Exit code 1.
    InputFailures,
}

/// A user-facing failure (bad argument, missing file, unknown entity): exit code 1.
#[derive(Debug)]
pub struct UserError(pub String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

pub fn user_error(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError(msg.into()))
}

/// 1 for user/input errors, 2 for internal ones.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    let user = e.chain().any(|c| {
        c.is::<UserError>()
            || c.is::<std::io::Error>()
            || c.downcast_ref::<engine::EngineError>()
                .is_some_and(engine::EngineError::is_user_error)
            || c.downcast_ref::<store::StoreError>()
                .is_some_and(store::StoreError::is_user_error)
    });
    if user { 1 } else { 2 }
}

pub fn print_json<T: Serialize + ?Sized>(v: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// A plain-text table with left-aligned columns, truncating long cells.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) {
    const MAX: usize = 60;
    let cell = |s: &str| -> String {
        let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() > MAX {
            let mut t: String = one_line.chars().take(MAX - 1).collect();
            t.push('…');
            t
        } else {
            one_line
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<String>| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let w = widths.get(i).copied().unwrap_or(0);
                format!("{c:<w$}")
            })
            .collect();
        println!("{}", parts.join("  ").trim_end());
    };
    line(header.iter().map(|h| h.to_string()).collect());
    line(widths.iter().map(|w| "-".repeat(*w)).collect());
    for r in rows {
        line(r);
    }
}

/// Shortens text to `n` characters with an ellipsis.
pub fn shorten(s: &str, n: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

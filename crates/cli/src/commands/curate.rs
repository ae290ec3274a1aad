//! Curation commands (`merge`, `split`, `rename`, `alias`, `suppress`): hand corrections to the
//! entity graph, stored as events and re-applied after re-ingestion.

use crate::output::{Global, Outcome};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CurateCommand {
    /// Merge entity B into entity A.
    Merge { a: String, b: String },
}

pub fn run(g: &Global, cmd: CurateCommand) -> anyhow::Result<Outcome> {
    let _ = g;
    match cmd {
        CurateCommand::Merge { a, b } => anyhow::bail!(crate::output::UserError(format!(
            "merging {a:?} and {b:?} is not available in this build yet"
        ))),
    }
}

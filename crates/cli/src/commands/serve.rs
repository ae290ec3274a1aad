//! `newsgraph serve`: the JSON HTTP API and the web explorer. (Owned by the explorer work of issue 9.)

use crate::output::{Global, Outcome};
use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. A non-loopback address requires --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Bearer token required for curation, and for any non-loopback bind.
    #[arg(long, env = "NEWSGRAPH_TOKEN")]
    pub token: Option<String>,
}

pub fn run(g: &Global, args: ServeArgs) -> anyhow::Result<Outcome> {
    let _ = g;
    anyhow::bail!(crate::output::UserError(format!(
        "the server is not available in this build yet (bind {})",
        args.bind
    )))
}

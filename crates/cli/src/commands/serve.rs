//! `newsgraph serve`: the JSON HTTP API and the web explorer over the database (crate `server`).

use crate::output::{Global, Outcome, user_error};
use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. A non-loopback address requires --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Bearer token required for curation, and for any non-loopback bind.
    #[arg(long, env = "NEWSGRAPH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

pub fn run(g: &Global, args: ServeArgs) -> anyhow::Result<Outcome> {
    let config = server::Config {
        db: g.db.clone(),
        bind: args.bind,
        token: args.token,
    };
    let quiet = g.quiet;
    let result = server::serve_blocking(config, |addr| {
        if !quiet {
            eprintln!("newsgraph explorer on http://{addr}/ (API under /api, Ctrl-C to stop)");
        }
    });
    match result {
        Ok(()) => Ok(Outcome::Ok),
        Err(e) if e.is_user_error() => Err(user_error(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

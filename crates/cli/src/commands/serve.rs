//! `newsgraph serve`: the JSON HTTP API and the web explorer over the database (crate `server`).

use crate::output::{Global, Outcome, user_error};
use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. A non-loopback address requires --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Bearer token: every API request must then send `Authorization: Bearer TOKEN` (the web
    /// explorer asks for it once per tab), and curation is allowed. Required for a non-loopback
    /// bind.
    #[arg(long, env = "NEWSGRAPH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Also answer requests whose Host header names NAME (repeatable), e.g. the public name of
    /// a reverse proxy. Otherwise a loopback bind answers only localhost, 127.0.0.1 and [::1],
    /// and another bind only its own name and addresses; other hosts get 421.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
    /// Most connections open at once. When all are taken, the oldest idle one is closed to
    /// make room; with none idle, new ones wait until one closes.
    #[arg(long, default_value_t = server::Limits::default().max_connections)]
    pub max_connections: usize,
}

pub fn run(g: &Global, args: ServeArgs) -> anyhow::Result<Outcome> {
    let config = server::Config {
        db: g.db.clone(),
        bind: args.bind,
        token: args.token,
        allow_hosts: args.allow_hosts,
        limits: server::Limits {
            max_connections: args.max_connections.max(1),
            ..server::Limits::default()
        },
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

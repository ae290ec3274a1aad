//! `newsgraph`: turn news reporting into a sourced knowledge graph.
//!
//! Raw arguments (clap) are parsed here, resolved into settings, and handed to one file per
//! command under `commands/`. Only this crate prints. Exit codes: 0 ok, 1 user or input failure,
//! 2 internal error.

mod commands;
mod output;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "newsgraph",
    version,
    about = "Turn news reporting into a sourced knowledge graph"
)]
pub struct Cli {
    /// SQLite database file, or a PostgreSQL database as `postgres://user@host:port/db`.
    #[arg(
        long,
        global = true,
        default_value = "newsgraph.db",
        env = "NEWSGRAPH_DB"
    )]
    pub db: PathBuf,
    /// Machine-readable JSON output (stable; documented in the README).
    #[arg(long, global = true)]
    pub json: bool,
    /// No progress bars or informational messages.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest text files, HTML pages, feeds (RSS/Atom/JSON Feed), OPML, JSONL, folders, URLs or `-` (stdin).
    Ingest(commands::ingest::IngestArgs),
    /// Annotate interchange JSONL (no store): read IN (or stdin), write every layer to OUT (or stdout).
    Annotate(commands::annotate::AnnotateArgs),
    /// List entities, most mentioned first.
    Entities(commands::entities::EntitiesArgs),
    /// Everything known about one entity: type, aliases, roles, affiliations, quotes, timeline, sources.
    Show(commands::show::ShowArgs),
    /// Quotes with their speakers.
    Quotes(commands::quotes::QuotesArgs),
    /// Dated events, for one entity or for everything.
    Timeline(commands::timeline::TimelineArgs),
    /// Full-text search over documents.
    Search(commands::search::SearchArgs),
    /// Export the store.
    Export(commands::export::ExportArgs),
    /// Counts of documents, entities, quotes and facts.
    Stats,
    /// Ingest the bundled example articles into a fresh database and show what was found.
    Demo(commands::demo::DemoArgs),
    /// Train a model (reproducible: same data and seed, same bytes).
    Train(commands::train::TrainArgs),
    /// Evaluate against a gold interchange file.
    Eval(commands::eval::EvalArgs),
    /// Extract main text and metadata from HTML pages.
    Extract(commands::extract::ExtractArgs),
    /// Measure throughput: ingest documents/s into a store and pipeline words/s.
    Throughput(commands::throughput::ThroughputArgs),
    /// The network around an entity, with evidence for every edge.
    Graph(commands::graph::GraphArgs),
    /// How two entities are connected, and through which documents.
    Path(commands::graph::PathArgs),
    /// Serve the JSON API and the web explorer.
    Serve(commands::serve::ServeArgs),
    /// Hand corrections to entities (merge, split, rename, alias, suppress); they survive re-ingestion.
    #[command(flatten)]
    Curate(commands::curate::CurateCommand),
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let g = output::Global {
        db: cli.db.clone(),
        json: cli.json,
        quiet: cli.quiet,
    };
    let result = match cli.command {
        Command::Ingest(a) => commands::ingest::run(&g, a),
        Command::Annotate(a) => commands::annotate::run(&g, a),
        Command::Entities(a) => commands::entities::run(&g, a),
        Command::Show(a) => commands::show::run(&g, a),
        Command::Quotes(a) => commands::quotes::run(&g, a),
        Command::Timeline(a) => commands::timeline::run(&g, a),
        Command::Search(a) => commands::search::run(&g, a),
        Command::Export(a) => commands::export::run(&g, a),
        Command::Stats => commands::stats::run(&g),
        Command::Demo(a) => commands::demo::run(&g, a),
        Command::Train(a) => commands::train::run(a).map(|()| output::Outcome::Ok),
        Command::Eval(a) => commands::eval::run(&g, a).map(|()| output::Outcome::Ok),
        Command::Extract(a) => commands::extract::run(a).map(|()| output::Outcome::Ok),
        Command::Throughput(a) => commands::throughput::run(&g, a),
        Command::Graph(a) => commands::graph::run_graph(&g, a),
        Command::Path(a) => commands::graph::run_path(&g, a),
        Command::Serve(a) => commands::serve::run(&g, a),
        Command::Curate(c) => commands::curate::run(&g, c),
    };
    match result {
        Ok(output::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(output::Outcome::InputFailures) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(output::exit_code(&e))
        }
    }
}

/// Dies quietly on a closed pipe (`newsgraph stats | head`), as command-line tools do, instead
/// of panicking in `println!`.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; SIG_DFL is always a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

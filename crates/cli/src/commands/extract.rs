//! `newsgraph extract`: main text and metadata of HTML pages.

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// An HTML page.
    pub page: Option<PathBuf>,
    /// A JSONL file of pages ({"id","html","url"?} per line).
    #[arg(long, conflicts_with = "page")]
    pub jsonl: Option<PathBuf>,
    /// Output file for --jsonl (default: stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print metadata as JSON too.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<()> {
    let Some(page) = args.page else {
        anyhow::bail!("`extract --jsonl` is not available in this build yet");
    };
    let html = std::fs::read_to_string(&page)?;
    let a = extract::extract_article(&html, None);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&a)?);
    } else {
        println!("{}", a.text);
    }
    Ok(())
}

//! Developer driver for the measurements: `measure tokens EWT.conllu`, `measure sents FILES...`.

use eval::sentences::{Join, conllu_files, score_conllu};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("tokens") => {
            for p in &args[1..] {
                println!("tokens {p}: {}", eval::tokens::score_ewt(Path::new(p))?);
            }
        }
        Some("sents") => {
            let mut files: Vec<PathBuf> = Vec::new();
            for p in &args[1..] {
                let p = PathBuf::from(p);
                if p.is_dir() {
                    files.extend(conllu_files(&p, "GUM_reddit")?);
                } else {
                    files.push(p);
                }
            }
            let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
            let n: usize = std::env::var("ERRORS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let j = if std::env::var("JOIN").is_ok_and(|v| v == "par") {
                Join::Paragraphs
            } else {
                Join::Lines
            };
            let (prf, errs) = eval::sentences::score_with_errors(&refs, j, n)?;
            for e in errs {
                eprintln!("{e}");
            }
            println!("sentences lines: {prf}");
            println!(
                "sentences paragraphs: {}",
                score_conllu(&refs, Join::Paragraphs)?
            );
        }
        _ => eprintln!("usage: measure tokens FILE | sents FILE|DIR..."),
    }
    Ok(())
}

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
        Some("train-pos") => {
            let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
            let epochs: usize = std::env::var("EPOCHS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(tag::TrainConfig::default().epochs);
            let mut cfg = tag::TrainConfig {
                seed,
                epochs,
                ..Default::default()
            };
            if let Some(v) = std::env::var("MINW").ok().and_then(|v| v.parse().ok()) {
                cfg.min_weight = v;
            }
            if let Some(v) = std::env::var("DICT").ok().and_then(|v| v.parse().ok()) {
                cfg.dict_min_count = v;
            }
            let bytes = tag::train(Path::new(&args[1]), &cfg)?;
            std::fs::write(&args[2], &bytes)?;
            println!("wrote {} ({} bytes)", args[2], bytes.len());
        }
        Some("pos") => {
            let t0 = std::time::Instant::now();
            let t = tag::PosTagger::load(Path::new(&args[1]))?;
            println!("load {:?} stats {:?}", t0.elapsed(), t.stats());
            let t0 = std::time::Instant::now();
            println!(
                "pos {}: {}",
                args[2],
                eval::pos::score_conllu(&t, Path::new(&args[2]))?
            );
            println!("tag time {:?}", t0.elapsed());
        }
        Some("train-ner") => {
            let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
            let mut cfg = ner::TrainConfig {
                seed,
                ..Default::default()
            };
            if let Some(v) = std::env::var("EPOCHS").ok().and_then(|v| v.parse().ok()) {
                cfg.epochs = v;
            }
            cfg.use_gum = std::env::var("GUM").is_ok();
            if let Some(v) = std::env::var("LOWER").ok().and_then(|v| v.parse().ok()) {
                cfg.lowercase_per_mille = v;
            }
            if let Some(v) = std::env::var("MINW").ok().and_then(|v| v.parse().ok()) {
                cfg.min_weight = v;
            }
            if let Some(v) = std::env::var("FINE").ok().and_then(|v| v.parse().ok()) {
                cfg.clusters.fine = v;
            }
            if let Some(v) = std::env::var("COARSE").ok().and_then(|v| v.parse().ok()) {
                cfg.clusters.coarse = v;
            }
            let pos = tag::PosTagger::embedded()?;
            let bytes = ner::train(Path::new(&args[1]), &cfg, &pos)?;
            std::fs::write(&args[2], &bytes)?;
            println!("wrote {} ({} bytes)", args[2], bytes.len());
        }
        Some("ner") => {
            let t0 = std::time::Instant::now();
            let n = ner::NerTagger::load(Path::new(&args[1]))?;
            println!("load {:?}", t0.elapsed());
            let pos = tag::PosTagger::embedded()?;
            let mut out = std::io::BufWriter::new(std::fs::File::create(&args[3])?);
            let t0 = std::time::Instant::now();
            let docs = eval::ner::predict_jsonl(Path::new(&args[2]), &pos, &n, &mut out)?;
            drop(out);
            println!("annotated {docs} docs in {:?}", t0.elapsed());
            let labels: Option<Vec<&str>> = args.get(4).map(|l| l.split(',').collect());
            let s = eval::ner::score_files(
                Path::new(&args[2]),
                Path::new(&args[3]),
                labels.as_deref(),
            )?;
            print!("{s}");
            println!("{}", s.to_json());
        }
        Some("speed") => {
            use doc::Annotator;
            let f = std::io::BufReader::new(std::fs::File::open(&args[1])?);
            let docs: Vec<doc::Document> = interchange::read_records(f)
                .filter_map(|r| r.ok().and_then(|r| r.to_document().ok()))
                .collect();
            let words: usize = docs
                .iter()
                .map(|d| d.text().split_whitespace().count())
                .sum();
            let t0 = std::time::Instant::now();
            let pos = tag::PosTagger::embedded()?;
            let nt = ner::NerTagger::embedded()?;
            println!("load pos+ner {:?}", t0.elapsed());
            let tk = tokenize::Tokenizer::new();
            let mut times = [0f64; 3];
            let mut tokens = 0usize;
            let mut mentions = 0usize;
            for mut d in docs {
                let t = std::time::Instant::now();
                tk.annotate(&mut d)?;
                times[0] += t.elapsed().as_secs_f64();
                let t = std::time::Instant::now();
                pos.annotate(&mut d)?;
                times[1] += t.elapsed().as_secs_f64();
                let t = std::time::Instant::now();
                nt.annotate(&mut d)?;
                times[2] += t.elapsed().as_secs_f64();
                tokens += d.token_items().len();
                mentions += d.entity_items().len();
            }
            let total: f64 = times.iter().sum();
            println!(
                "words={words} tokens={tokens} mentions={mentions} tokenize={:.3}s pos={:.3}s ner={:.3}s total={:.3}s -> {:.0} words/s (tokenize {:.0}, pos {:.0}, ner {:.0})",
                times[0],
                times[1],
                times[2],
                total,
                words as f64 / total,
                words as f64 / times[0],
                words as f64 / times[1],
                words as f64 / times[2]
            );
        }
        Some("text") => {
            use doc::Annotator;
            let text = std::fs::read_to_string(&args[1])?;
            let mut d = doc::Document::new(doc::DocMeta::new("x"), text)?;
            tokenize::Tokenizer::new().annotate(&mut d)?;
            tag::PosTagger::embedded()?.annotate(&mut d)?;
            ner::NerTagger::embedded()?.annotate(&mut d)?;
            for m in d.entity_items() {
                println!("{}\t{}\t{:.2}", d.slice(m.range), m.label, m.confidence);
            }
        }
        _ => eprintln!("usage: measure tokens FILE | sents FILE|DIR..."),
    }
    Ok(())
}

//! Trains (or loads) a dependency model and scores it on a dev CoNLL-U file with tags from the
//! committed tagger; prints UAS/LAS and the parser's words/s. A tuning tool, not part of CI.
//!
//! usage: cargo run --release -p parse --example deps_dev -- --dev FILE
//!        [--data DIR --out FILE [--epochs N] [--min-weight W] [--label-min-weight W]
//!        [--explore-from E] [--explore-p P] | --model FILE]

use parse::{DepParser, Scratch, TrainConfig, conllu};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let tagger = tag::PosTagger::embedded().expect("pos model");
    let dev = PathBuf::from(arg("--dev").expect("--dev FILE"));
    let dev_trees = conllu::read_path(&dev).expect("dev");
    let mut tagged: Vec<(Vec<&str>, Vec<String>, Vec<String>)> = Vec::new();
    for t in &dev_trees {
        let words: Vec<&str> = t.words.iter().map(|w| w.form.as_str()).collect();
        let (u, x): (Vec<String>, Vec<String>) = tagger
            .tag(&words)
            .into_iter()
            .map(|(u, x)| (u.to_string(), x.to_string()))
            .unzip();
        tagged.push((words, u, x));
    }
    let curve = args.iter().any(|a| a == "--curve");
    let parser = if let Some(m) = arg("--model") {
        DepParser::load(m.as_ref()).expect("model")
    } else {
        let mut cfg = TrainConfig::default();
        if let Some(v) = arg("--epochs") {
            cfg.epochs = v.parse().expect("epochs");
        }
        if let Some(v) = arg("--min-weight") {
            cfg.min_weight = v.parse().expect("min-weight");
        }
        if let Some(v) = arg("--label-min-weight") {
            cfg.label_min_weight = v.parse().expect("label-min-weight");
        }
        if let Some(v) = arg("--explore-from") {
            cfg.explore_from = v.parse().expect("explore-from");
        }
        if let Some(v) = arg("--min-word-count") {
            cfg.min_word_count = v.parse().expect("min-word-count");
        }
        if let Some(v) = arg("--explore-p") {
            cfg.explore_p = v.parse().expect("explore-p");
        }
        let data = PathBuf::from(arg("--data").expect("--data DIR"));
        let t0 = Instant::now();
        if let Some(v) = arg("--jackknife") {
            cfg.jackknife = v.parse().expect("jackknife");
        }
        if args.iter().any(|a| a == "--extra") {
            cfg.extra_features = true;
        }
        if args.iter().any(|a| a == "--joint") {
            cfg.joint = true;
        }
        if args.iter().any(|a| a == "--no-clusters") {
            cfg.clusters = None;
        }
        if args.iter().any(|a| a == "--clusters") {
            cfg.clusters = Some(tag::ClusterConfig::default());
        }
        if args.iter().any(|a| a == "--split") {
            cfg.joint = false;
        }
        // `--tagged FILE`: the training trees with their (jackknifed) tags, cached as CoNLL-U;
        // written on the first run, read on later ones (same data, folds and seed assumed).
        let cache = arg("--tagged").map(PathBuf::from);
        let mut trees = match cache.as_ref().filter(|c| c.exists()) {
            Some(c) => conllu::read_path(c).expect("tagged cache"),
            None => {
                let mut trees = parse::read_trees(&data).expect("training data");
                if cfg.jackknife > 1 {
                    parse::jackknife(&mut trees, cfg.jackknife, cfg.seed).expect("jackknife");
                } else {
                    parse::retag(&mut trees, &tagger);
                }
                if let Some(c) = &cache {
                    std::fs::write(c, to_conllu(&trees)).expect("write tagged cache");
                }
                trees
            }
        };
        trees.retain(conllu::Tree::is_well_formed);
        let t1 = Instant::now();
        let sweep: Vec<(f32, f32)> = arg("--sweep")
            .map(|v| {
                v.split(',')
                    .map(|p| {
                        let (a, b) = p.split_once('/').expect("T/R");
                        (a.parse().expect("T"), b.parse().expect("R"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let epochs = cfg.epochs;
        let bytes = parse::train_trees_monitored(&trees, &cfg, |e, snap| {
            if curve && e + 1 < epochs {
                let p = DepParser::from_bytes(&snap(cfg.min_weight, cfg.label_min_weight))
                    .expect("model");
                println!("epoch {}: {}", e + 1, score(&p, &dev_trees, &tagged, 1));
            }
            if e + 1 == epochs {
                for &(tw, rw) in &sweep {
                    let b = snap(tw, rw);
                    let _ = std::fs::write(format!("/tmp/deps_sweep_{tw}_{rw}.model"), &b);
                    let p = DepParser::from_bytes(&b).expect("model");
                    println!(
                        "prune {tw}/{rw}: {} bytes {:?} {}",
                        b.len(),
                        p.stats(),
                        score(&p, &dev_trees, &tagged, 2)
                    );
                }
            }
        });
        eprintln!(
            "{} trees read+tagged in {:.1}s, trained in {:.1}s ({:?}); {} bytes",
            trees.len(),
            (t1 - t0).as_secs_f64(),
            t1.elapsed().as_secs_f64(),
            cfg,
            bytes.len()
        );
        if let Some(out) = arg("--out") {
            std::fs::write(&out, &bytes).expect("write model");
        }
        DepParser::from_bytes(&bytes).expect("model")
    };
    let mut parser = parser;
    if args.iter().any(|a| a == "--no-fix-punct") {
        parser.set_fix_punct(false);
    }
    eprintln!("features/weights: {:?}", parser.stats());
    // The tagger over the same words, timed the same way, as a yardstick on a busy machine.
    let c0 = cpu_ns();
    let mut n_tagged = 0usize;
    for _ in 0..3 {
        for (words, _, _) in &tagged {
            n_tagged += tagger.tag(words).len();
        }
    }
    println!(
        "tagger (yardstick): {:.0} words/cpu-s",
        n_tagged as f64 / ((cpu_ns() - c0) as f64 / 1e9)
    );
    if let Some(path) = arg("--dump") {
        let mut sc = Scratch::default();
        let mut out = Vec::new();
        for (words, u, x) in &tagged {
            let uu: Vec<&str> = u.iter().map(String::as_str).collect();
            let xx: Vec<&str> = x.iter().map(String::as_str).collect();
            let p = parser.parse_with(&mut sc, words, &uu, &xx);
            out.push(conllu::Tree {
                words: (0..words.len())
                    .map(|i| conllu::Word {
                        form: words[i].to_string(),
                        upos: u[i].clone(),
                        xpos: x[i].clone(),
                        head: p.heads[i],
                        deprel: parser.label(p.labels[i]).to_string(),
                    })
                    .collect(),
            });
        }
        std::fs::write(path, to_conllu(&out)).expect("dump");
    }
    if args.iter().any(|a| a == "--breakdown") {
        breakdown(&parser, &dev_trees, &tagged);
    }
    println!(
        "final dev {}: {}",
        dev.display(),
        score(
            &parser,
            &dev_trees,
            &tagged,
            arg("--reps").map_or(3, |r| r.parse().expect("reps"))
        )
    );
}

/// Trees as CoNLL-U (form, UPOS, XPOS, head, relation; other columns `_`).
fn to_conllu(trees: &[conllu::Tree]) -> String {
    let mut out = String::new();
    for t in trees {
        for (i, w) in t.words.iter().enumerate() {
            out.push_str(&format!(
                "{}\t{}\t_\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                i + 1,
                w.form,
                w.upos,
                w.xpos,
                w.head,
                w.deprel
            ));
        }
        out.push('\n');
    }
    out
}

/// Head errors by gold relation (universal part) and by predicted UPOS of the dependent.
fn breakdown(parser: &DepParser, trees: &[conllu::Tree], tagged: &Tagged<'_>) {
    use std::collections::BTreeMap;
    let mut by_rel: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut sc = Scratch::default();
    for (t, (words, u, x)) in trees.iter().zip(tagged) {
        let uu: Vec<&str> = u.iter().map(String::as_str).collect();
        let xx: Vec<&str> = x.iter().map(String::as_str).collect();
        let p = parser.parse_with(&mut sc, words, &uu, &xx);
        for (i, w) in t.words.iter().enumerate() {
            let r = w.deprel.split(':').next().unwrap_or("").to_string();
            let e = by_rel.entry(r).or_default();
            e.0 += 1;
            e.1 += usize::from(p.heads[i] != w.head);
            e.2 += usize::from(p.heads[i] == w.head && parser.label(p.labels[i]) != w.deprel);
        }
    }
    let mut v: Vec<_> = by_rel.into_iter().collect();
    v.sort_by_key(|(_, (_, e, l))| std::cmp::Reverse(e + l));
    for (r, (n, e, l)) in v.iter().take(25) {
        println!(
            "{r:12} n={n:6} head_err={e:5} ({:.3}) label_err={l:5}",
            *e as f64 / *n as f64
        );
    }
}

type Tagged<'a> = [(Vec<&'a str>, Vec<String>, Vec<String>)];

fn score(parser: &DepParser, trees: &[conllu::Tree], tagged: &Tagged<'_>, reps: usize) -> String {
    let (mut n, mut uas, mut las, mut lasu) = (0usize, 0usize, 0usize, 0usize);
    let (mut n_np, mut uas_np) = (0usize, 0usize);
    let mut sc = Scratch::default();
    let mut parses = Vec::new();
    let t0 = Instant::now();
    let c0 = cpu_ns();
    for _ in 0..reps {
        parses.clear();
        for (words, u, x) in tagged {
            let u: Vec<&str> = u.iter().map(String::as_str).collect();
            let x: Vec<&str> = x.iter().map(String::as_str).collect();
            parses.push(parser.parse_with(&mut sc, words, &u, &x));
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = (cpu_ns() - c0) as f64 / 1e9;
    for (t, p) in trees.iter().zip(&parses) {
        for (i, w) in t.words.iter().enumerate() {
            n += 1;
            let ok = p.heads[i] == w.head;
            let rel = parser.label(p.labels[i]);
            uas += usize::from(ok);
            las += usize::from(ok && rel == w.deprel);
            let univ = |r: &str| r.split(':').next().unwrap_or("").to_string();
            lasu += usize::from(ok && univ(rel) == univ(&w.deprel));
            if w.upos != "PUNCT" {
                n_np += 1;
                uas_np += usize::from(ok);
            }
        }
    }
    format!(
        "UAS={:.4} LAS={:.4} LAS(universal)={:.4} UAS(no punct)={:.4} words={} parse {:.0} words/s wall, {:.0} words/cpu-s",
        uas as f64 / n as f64,
        las as f64 / n as f64,
        lasu as f64 / n as f64,
        uas_np as f64 / n_np as f64,
        n,
        (n * reps) as f64 / secs,
        (n * reps) as f64 / cpu
    )
}

/// CPU time of this thread in nanoseconds (Linux schedstat), so a busy machine does not skew the
/// speed figure; 0 elsewhere.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

//! The native side of scripts/bench: medians of the same calls as benches/js/bench.mjs
//! (count_terms, analyze) on the demo letter and target/bench-1mb.txt (written by the Node
//! script), plus `tokenize::tokenize` alone (tokens and sentences, the first stage of analyze).
//! `cargo bench --bench native -- [runs] [tagger]`; with `tagger`, only the tagger's lines
//! (quicker, and what `valgrind --tool=callgrind` of the bench binary should count).

use std::time::Instant;

use tekstlens::entities::{Doc, Recognize};
use tekstlens::{Analyzer, Options};

fn median(runs: usize, f: impl Fn()) -> f64 {
    f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let runs: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(7).max(1);
    let analyzer = Analyzer::new(Options::default()).unwrap();
    let letter = include_str!("texts/kamerbrief-2015-11-17-aanslagen-parijs.txt").to_string();
    let mut texts = vec![("kamerbrief", letter)];
    match std::fs::read_to_string("target/bench-1mb.txt") {
        Ok(t) => texts.push(("1 MB", t)),
        Err(_) => eprintln!("target/bench-1mb.txt missing: run scripts/bench (it writes it)"),
    }
    let tagger_only = std::env::args().any(|a| a == "tagger");
    println!("native, medians of {runs} runs");
    println!("text        bytes   count_terms ms (MB/s)   analyze ms (MB/s)   tokenize ms (MB/s)");
    for (name, text) in texts.iter().filter(|_| !tagger_only) {
        let mb = text.len() as f64 / 1e6;
        let count = median(runs, || drop(analyzer.count_terms(text)));
        let full = median(runs, || drop(analyzer.analyze(text)));
        let tok = median(runs, || drop(tekstlens::tokenize::tokenize(text)));
        println!(
            "{name:<10} {:>8}  {count:>8.1} ({:>6.1})     {full:>8.1} ({:>6.1})    {tok:>8.1} ({:>6.1})",
            text.len(),
            mb / (count / 1000.0),
            mb / (full / 1000.0),
            mb / (tok / 1000.0)
        );
    }
    // The entity tagger alone (features and Viterbi with the built-in model), on tokens,
    // list matches and rule proposals computed once: the part of `analyze` it costs.
    let Ok(Some(model)) = tekstlens::tagger::builtin() else {
        println!("no built-in model: tagger not timed");
        return;
    };
    println!("text        tokens    tagger ms (M tokens/s)");
    for (name, text) in &texts {
        let analysis = analyzer.analyze(text);
        let doc = Doc::new(text, &analysis.tokens);
        let evidence = analyzer.recognizer().evidence(&doc);
        let n = analysis.tokens.len();
        let ms = median(runs, || drop(model.recognize(&doc, &evidence)));
        println!("{name:<10} {n:>8}  {ms:>8.1} ({:>6.2})", n as f64 / (ms / 1000.0) / 1e6);
    }
}

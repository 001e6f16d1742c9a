//! The `tekstlens` command-line tool.

use std::io::{Read, Write};
use std::process::ExitCode;

use tekstlens::tagger::train::{Corpus, TrainOptions};
use tekstlens::tagger::Tagger;
use tekstlens::{conll, Analysis, Analyzer, Options, StopWords};

const USAGE: &str = "\
tekstlens: Dutch text analysis

Usage:
  tekstlens analyze [FILE|-] [--json]   summary of a text (or the full analysis as JSON)
  tekstlens stem [FILE|-]               one word per line in, one stem per line out
  tekstlens ner --conll [FILE|-] [--model MODEL|--no-model]
                                        append a predicted IOB2 tag to each CoNLL token line
  tekstlens eval --conll GOLD [--model MODEL|--no-model]
                                        conlleval-style P/R/F1 per type against GOLD
  tekstlens train --conll FILE... [--dev FILE] --out MODEL [--epochs N] [--seed S]
                                        train an entity tagger on CoNLL files (last column
                                        the IOB1/IOB2 tag); progress and dev F1 on stderr
  tekstlens help                        this text

Options for analyze:
  --json                 print the analysis as JSON
  --include-stop-words   count stop words as terms
  --include-numbers      count numbers as terms
  --top N                terms and entities to list (default 20)
  --stop-words FILE      replace the stop words (one per line, `|` starts a comment)
  --extra-stop-words FILE  add stop words to the default list

Options for analyze, ner and eval:
  --model MODEL          use this tagger model (from `tekstlens train`)
  --no-model             gazetteers and rules only, without the built-in model

Options for train:
  --dev FILE             CoNLL file scored after every epoch
  --epochs N             passes over the data (default 10)
  --seed S               sentence order; the same seed gives the same model (default 1)
  --bits B               2^B feature buckets (default 20)
  --width 1|2            bytes per stored weight (default 1)
  --prune F              drop weights below F times the largest (default 0)
  --outrank-lists        the model's entities outrank list matches (default: lists first)
  --info TEXT            provenance recorded in the model (default: the file names)

Reads standard input when FILE is `-` or absent.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("tekstlens: {msg}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    input: Option<String>,
    flags: Vec<String>,
    top: usize,
    stop_words: Option<String>,
    extra_stop_words: Option<String>,
    model: Option<String>,
}

fn parse_args(args: &[String], known: &[&str]) -> Result<Args, String> {
    let mut out = Args { input: None, flags: Vec::new(), top: 20, stop_words: None, extra_stop_words: None, model: None };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if matches!(a.as_str(), "--stop-words" | "--extra-stop-words") && known.contains(&a.as_str()) {
            let v = args.get(i + 1).ok_or_else(|| format!("{a} needs a file"))?.clone();
            if a == "--stop-words" { out.stop_words = Some(v) } else { out.extra_stop_words = Some(v) }
            i += 2;
            continue;
        }
        if a == "--model" && known.contains(&"--model") {
            out.model = Some(args.get(i + 1).ok_or("--model needs a model file")?.clone());
            i += 2;
            continue;
        }
        if a == "--top" && known.contains(&"--top") {
            let v = args.get(i + 1).ok_or("--top needs a number")?;
            out.top = v.parse().map_err(|_| format!("--top needs a number, not {v:?}"))?;
            i += 2;
            continue;
        }
        if a.starts_with("--") {
            if !known.contains(&a.as_str()) {
                return Err(format!("unknown option {a:?} (see `tekstlens help`)"));
            }
            out.flags.push(a.clone());
        } else if out.input.is_none() {
            out.input = Some(a.clone());
        } else {
            return Err(format!("unexpected argument {a:?} (see `tekstlens help`)"));
        }
        i += 1;
    }
    Ok(out)
}

fn read_input(path: Option<&str>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match path {
        None | Some("-") => std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?,
        Some(p) => {
            bytes = std::fs::read(p).map_err(|e| format!("cannot read {p}: {e}"))?;
            bytes.len()
        }
    };
    let name = path.filter(|p| *p != "-").unwrap_or("standard input");
    String::from_utf8(bytes).map_err(|e| {
        format!("{name} is not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to())
    })
}

fn run(args: &[String]) -> Result<(), String> {
    let Some(cmd) = args.first() else {
        return Err(format!("no command given\n\n{USAGE}"));
    };
    let rest = &args[1..];
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let result = match cmd.as_str() {
        "analyze" => {
            let a = parse_args(
                rest,
                &[
                    "--json",
                    "--include-stop-words",
                    "--include-numbers",
                    "--top",
                    "--stop-words",
                    "--extra-stop-words",
                    "--model",
                    "--no-model",
                ],
            )?;
            let text = read_input(a.input.as_deref())?;
            let mut stop_words = match &a.stop_words {
                Some(path) => StopWords::parse(&read_input(Some(path))?),
                None => StopWords::snowball(),
            };
            if let Some(path) = &a.extra_stop_words {
                stop_words.extend(StopWords::parse(&read_input(Some(path))?).iter());
            }
            let opts = Options {
                stop_words: Some(stop_words),
                include_stop_words: a.flags.iter().any(|f| f == "--include-stop-words"),
                include_numbers: a.flags.iter().any(|f| f == "--include-numbers"),
            };
            let mut analyzer = Analyzer::new(opts).map_err(|e| e.to_string())?;
            set_model(&mut analyzer, &a)?;
            // Natively the built-in general-Dutch list costs nothing to carry: keywords on.
            analyzer.set_reference_list(Some(tekstlens::keyness::WORDFREQ_NL.into()));
            let analysis = analyzer.analyze(&text);
            if a.flags.iter().any(|f| f == "--json") {
                serde_json::to_writer_pretty(&mut out, &analysis).map_err(|e| e.to_string())?;
                writeln!(out)
            } else {
                summary(&mut out, &analysis, a.top)
            }
        }
        "stem" => {
            let a = parse_args(rest, &[])?;
            let text = read_input(a.input.as_deref())?;
            let analyzer = Analyzer::new(Options::default()).map_err(|e| e.to_string())?;
            let stemmer = analyzer.stemmer();
            text.lines().try_for_each(|w| {
                let norm = tekstlens::normalize::normalize(w.trim());
                writeln!(out, "{}", stemmer.stem(&norm))
            })
        }
        "ner" => {
            let a = parse_args(rest, &["--conll", "--model", "--no-model"])?;
            if !a.flags.iter().any(|f| f == "--conll") {
                return Err("ner needs --conll (CoNLL token-per-line input)".into());
            }
            let text = read_input(a.input.as_deref())?;
            let analyzer = analyzer_with_model(&a)?;
            let lines = conll::parse(&text);
            let tags = conll::tag(&analyzer, &lines);
            let mut tags = tags.iter();
            lines.iter().try_for_each(|l| match l {
                conll::Line::DocStart(s) => writeln!(out, "{s}"),
                conll::Line::Blank => writeln!(out),
                conll::Line::Token { line, .. } => writeln!(out, "{line} {}", tags.next().map_or("O", |t| t)),
            })
        }
        "eval" => {
            let a = parse_args(rest, &["--conll", "--model", "--no-model"])?;
            let path = a.input.as_deref().ok_or("eval needs a gold CoNLL file: tekstlens eval --conll GOLD")?;
            let text = read_input(Some(path))?;
            let analyzer = analyzer_with_model(&a)?;
            let lines = conll::parse(&text);
            write!(out, "{}", conll::evaluate_lines(&analyzer, &lines))
        }
        "train" => train(rest)?,
        "help" | "--help" | "-h" => writeln!(out, "{USAGE}"),
        other => return Err(format!("unknown command {other:?} (see `tekstlens help`)")),
    };
    result.and_then(|_| out.flush()).or_else(|e| {
        // A closed pipe (`tekstlens analyze | head`) is not an error.
        if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(format!("cannot write output: {e}")) }
    })
}

/// An analyzer with the model of `--model`, none with `--no-model`, else the built-in default.
fn analyzer_with_model(a: &Args) -> Result<Analyzer, String> {
    let mut analyzer = Analyzer::new(Options::default()).map_err(|e| e.to_string())?;
    set_model(&mut analyzer, a)?;
    Ok(analyzer)
}

fn set_model(analyzer: &mut Analyzer, a: &Args) -> Result<(), String> {
    if a.flags.iter().any(|f| f == "--no-model") {
        if a.model.is_some() {
            return Err("--model and --no-model exclude each other".into());
        }
        analyzer.set_model(None);
    }
    if let Some(path) = &a.model {
        analyzer.set_model(Some(Box::new(load_model(path)?)));
    }
    Ok(())
}

fn load_model(path: &str) -> Result<Tagger, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Tagger::from_bytes(&bytes).map_err(|e| format!("{path}: {e}"))
}

fn file_name(path: &str) -> &str {
    std::path::Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path)
}

/// `tekstlens train --conll FILE... [--dev FILE] --out MODEL [--epochs N] [--seed S] ...`
fn train(args: &[String]) -> Result<std::io::Result<()>, String> {
    let mut files: Vec<String> = Vec::new();
    let mut dev: Option<String> = None;
    let mut out: Option<String> = None;
    let mut o = TrainOptions::default();
    let mut info: Option<String> = None;
    let mut in_conll = false;
    let value = |i: usize, name: &str| -> Result<String, String> {
        args.get(i + 1).filter(|v| !v.starts_with("--")).cloned().ok_or_else(|| format!("{name} needs a value"))
    };
    fn number<T: std::str::FromStr>(v: &str, name: &str) -> Result<T, String> {
        v.parse().map_err(|_| format!("{name} needs a number, not {v:?}"))
    }
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut step = 2;
        match a {
            "--conll" => {
                in_conll = true;
                step = 1;
            }
            "--outrank-lists" => {
                o.outranks_lists = true;
                in_conll = false;
                step = 1;
            }
            "--dev" => dev = Some(value(i, a)?),
            "--out" => out = Some(value(i, a)?),
            "--epochs" => o.epochs = number(&value(i, a)?, a)?,
            "--seed" => o.seed = number(&value(i, a)?, a)?,
            "--bits" => o.bits = number(&value(i, a)?, a)?,
            "--width" => o.width = number(&value(i, a)?, a)?,
            "--prune" => o.prune = number(&value(i, a)?, a)?,
            "--info" => info = Some(value(i, a)?),
            _ if a.starts_with("--") => return Err(format!("unknown option {a:?} (see `tekstlens help`)")),
            _ if in_conll => {
                files.push(a.to_string());
                step = 1;
            }
            _ => return Err(format!("unexpected argument {a:?}: training files follow --conll")),
        }
        if step == 2 {
            in_conll = false;
        }
        i += step;
    }
    if files.is_empty() {
        return Err("train needs training files: tekstlens train --conll FILE... --out MODEL".into());
    }
    let out = out.ok_or("train needs --out MODEL")?;
    if !(8..=24).contains(&o.bits) {
        return Err("--bits must be 8 to 24".into());
    }
    if o.width != 1 && o.width != 2 {
        return Err("--width must be 1 or 2 (bytes per weight)".into());
    }
    if o.epochs == 0 {
        return Err("--epochs must be at least 1".into());
    }
    o.info = info.unwrap_or_else(|| {
        let names: Vec<&str> = files.iter().map(|f| file_name(f)).collect();
        format!("trained on {}", names.join(", "))
    });
    let started = std::time::Instant::now();
    let mut analyzer = Analyzer::new(Options::default()).map_err(|e| e.to_string())?;
    analyzer.set_model(None);
    let mut corpus = Corpus::new(o.bits);
    for f in &files {
        let text = read_input(Some(f))?;
        corpus.add_conll(&analyzer, &text).map_err(|e| format!("{f}: {e}"))?;
        let (s, t) = corpus.len();
        eprintln!("read {f}: {s} sentences, {t} tokens so far ({:.1} s)", started.elapsed().as_secs_f64());
    }
    let dev_text = dev.as_deref().map(|d| read_input(Some(d))).transpose()?;
    let dev_lines = dev_text.as_deref().map(conll::parse);
    if let Some(lines) = &dev_lines {
        conll::gold_tags(lines).map_err(|e| format!("{}: {e}", dev.as_deref().unwrap_or("")))?;
    }
    let mut last_report = None;
    let mut epoch_start = std::time::Instant::now();
    let model = tekstlens::tagger::train::train(&corpus, &o, &mut |e, m| {
        let mut line = format!(
            "epoch {}/{}: {} of {} sentences wrong, token error {:.2}%",
            e.epoch,
            o.epochs,
            e.wrong_sentences,
            e.sentences,
            100.0 * e.wrong_tokens as f64 / e.tokens.max(1) as f64
        );
        if let Some(lines) = &dev_lines {
            analyzer.set_model(Some(Box::new(m.clone())));
            let r = conll::evaluate_lines(&analyzer, lines);
            line += &format!("; dev P {:.2} R {:.2} F1 {:.2}", r.overall.precision(), r.overall.recall(), r.overall.f1());
            last_report = Some(r);
        }
        eprintln!("{line} ({:.1} s)", epoch_start.elapsed().as_secs_f64());
        epoch_start = std::time::Instant::now();
    })
    .map_err(|e| e.to_string())?;
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {out}: {e}"))?;
    eprintln!("wrote {out}: {} bytes; {} ({:.1} s in all)", bytes.len(), model.describe(), started.elapsed().as_secs_f64());
    if let Some(r) = last_report {
        eprint!("dev {}:\n{r}", dev.as_deref().unwrap_or(""));
    }
    Ok(Ok(()))
}

fn summary(out: &mut impl Write, a: &Analysis, top: usize) -> std::io::Result<()> {
    let s = &a.stats;
    writeln!(out, "Statistics")?;
    writeln!(out, "  sentences {}, words {}, distinct words {}, type-token ratio {:.3}", s.sentences, s.words, s.distinct_words, s.type_token_ratio)?;
    writeln!(out, "  mean sentence length {:.1} words, {:.2} syllables per word", s.mean_sentence_length, s.mean_syllables_per_word)?;
    match s.flesch_douma {
        Some(f) => writeln!(out, "  Flesch-Douma {f:.1}")?,
        None => writeln!(out, "  Flesch-Douma -")?,
    }
    writeln!(out, "\nTop terms (stem: count, forms)")?;
    for t in a.terms.iter().take(top) {
        let forms: Vec<String> = t.forms.iter().map(|f| format!("{} {}", f.form, f.count)).collect();
        writeln!(out, "  {:<24} {:<20} {:>4}  {}", t.display, t.stem, t.count, forms.join(", "))?;
    }
    if !a.keywords.is_empty() {
        writeln!(out, "\nDistinctive words (against general Dutch)")?;
        for k in a.keywords.iter().take(top.min(10)) {
            writeln!(out, "  {:<24} {:>4}  {}", k.display, k.count, k.explanation)?;
        }
    }
    writeln!(out, "\nEntities")?;
    for label in tekstlens::Label::ALL {
        // Distinct texts with their counts, in first-seen order before sorting.
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut seen: Vec<(String, usize, Option<&str>)> = Vec::new();
        for e in a.entities.iter().filter(|e| e.label == label) {
            let text = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
            match index.get(&text) {
                Some(&k) => seen[k].1 += 1,
                None => {
                    index.insert(text.clone(), seen.len());
                    seen.push((text, 1, e.canonical.as_deref()));
                }
            }
        }
        if seen.is_empty() {
            continue;
        }
        seen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let list: Vec<String> = seen
            .iter()
            .take(top)
            .map(|(t, n, c)| match c {
                Some(c) if c != t => format!("{t} ({c}) ×{n}"),
                _ => format!("{t} ×{n}"),
            })
            .collect();
        writeln!(out, "  {label:<5} {}", list.join("; "))?;
    }
    Ok(())
}

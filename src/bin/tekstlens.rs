//! The `tekstlens` command-line tool.

use std::io::{Read, Write};
use std::process::ExitCode;

use tekstlens::{conll, Analysis, Analyzer, Options, StopWords};

const USAGE: &str = "\
tekstlens: Dutch text analysis

Usage:
  tekstlens analyze [FILE|-] [--json]   summary of a text (or the full analysis as JSON)
  tekstlens stem [FILE|-]               one word per line in, one stem per line out
  tekstlens ner --conll [FILE|-]        append a predicted IOB2 tag to each CoNLL token line
  tekstlens eval --conll GOLD           conlleval-style P/R/F1 of the tagger against GOLD
  tekstlens help                        this text

Options for analyze:
  --json                 print the analysis as JSON
  --include-stop-words   count stop words as terms
  --include-numbers      count numbers as terms
  --top N                terms and entities to list (default 20)
  --stop-words FILE      replace the stop words (one per line, `|` starts a comment)
  --extra-stop-words FILE  add stop words to the default list

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
}

fn parse_args(args: &[String], known: &[&str]) -> Result<Args, String> {
    let mut out = Args { input: None, flags: Vec::new(), top: 20, stop_words: None, extra_stop_words: None };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if matches!(a.as_str(), "--stop-words" | "--extra-stop-words") && known.contains(&a.as_str()) {
            let v = args.get(i + 1).ok_or_else(|| format!("{a} needs a file"))?.clone();
            if a == "--stop-words" { out.stop_words = Some(v) } else { out.extra_stop_words = Some(v) }
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
                &["--json", "--include-stop-words", "--include-numbers", "--top", "--stop-words", "--extra-stop-words"],
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
            let analyzer = Analyzer::new(opts).map_err(|e| e.to_string())?;
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
            let a = parse_args(rest, &["--conll"])?;
            if !a.flags.iter().any(|f| f == "--conll") {
                return Err("ner needs --conll (CoNLL token-per-line input)".into());
            }
            let text = read_input(a.input.as_deref())?;
            let analyzer = Analyzer::new(Options::default()).map_err(|e| e.to_string())?;
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
            let a = parse_args(rest, &["--conll"])?;
            let path = a.input.as_deref().ok_or("eval needs a gold CoNLL file: tekstlens eval --conll GOLD")?;
            let text = read_input(Some(path))?;
            let analyzer = Analyzer::new(Options::default()).map_err(|e| e.to_string())?;
            let lines = conll::parse(&text);
            let predicted = conll::tag(&analyzer, &lines);
            // Gold = last column; sentence ends become O so chunks never cross them.
            let mut gold = Vec::new();
            let mut pred = Vec::new();
            let mut p = predicted.iter();
            for l in &lines {
                match l {
                    conll::Line::Token { line, .. } => {
                        gold.push(line.rsplit([' ', '\t']).next().unwrap_or("O"));
                        pred.push(p.next().map_or("O", |s| s.as_str()));
                    }
                    _ => {
                        gold.push("O");
                        pred.push("O");
                    }
                }
            }
            let mut report = conll::evaluate(&gold, &pred);
            report.tokens = lines.iter().filter(|l| matches!(l, conll::Line::Token { .. })).count();
            write!(out, "{report}")
        }
        "help" | "--help" | "-h" => writeln!(out, "{USAGE}"),
        other => return Err(format!("unknown command {other:?} (see `tekstlens help`)")),
    };
    result.and_then(|_| out.flush()).or_else(|e| {
        // A closed pipe (`tekstlens analyze | head`) is not an error.
        if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(format!("cannot write output: {e}")) }
    })
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
    writeln!(out, "\nEntities")?;
    for label in tekstlens::Label::ALL {
        let mut seen: Vec<(String, usize, Option<&str>)> = Vec::new();
        for e in a.entities.iter().filter(|e| e.label == label) {
            let text = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
            match seen.iter_mut().find(|(t, _, _)| *t == text) {
                Some(x) => x.1 += 1,
                None => seen.push((text, 1, e.canonical.as_deref())),
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

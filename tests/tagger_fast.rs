//! Differential tests of the tagger's fast scoring (src/tagger/score.rs) against the
//! straightforward one: the weights of every bucket [`tekstlens::tagger::features::extract`]
//! gives a token (the features training sees), summed. Emission scores must be equal token
//! by token and tag by tag, and so the tags and entities, on real texts and random strings.

use std::sync::OnceLock;

use proptest::prelude::*;
use tekstlens::entities::{Doc, Recognize};
use tekstlens::tagger::Tagger;
use tekstlens::tagger::train::{Corpus, TrainOptions, train};
use tekstlens::{AnalyzedToken, Analyzer, Options};

/// The built-in model, or (in a build without one) a model trained on the project's
/// annotations, so that the comparison always has real weights.
fn model() -> &'static Tagger {
    static M: OnceLock<Tagger> = OnceLock::new();
    M.get_or_init(|| {
        if let Ok(Some(m)) = tekstlens::tagger::builtin() {
            return m;
        }
        let mut a = Analyzer::new(Options::default()).unwrap();
        a.set_model(None);
        let mut corpus = Corpus::new(20);
        let text = std::fs::read_to_string("data/annotations/ud-alpino-dev.conll").unwrap();
        corpus.add_conll(&a, &text).unwrap();
        let o = TrainOptions {
            epochs: 3,
            ..TrainOptions::default()
        };
        train(&corpus, &o, &mut |_, _| {}).unwrap()
    })
}

/// A small model with 16-bit buckets and i16 weights: other bucket collisions, other widths.
fn small_model() -> &'static Tagger {
    static M: OnceLock<Tagger> = OnceLock::new();
    M.get_or_init(|| train_on_sgd_letters(16, 2, 2))
}

/// A model trained on the project's SGD letter annotations with `bits`-bit buckets, weights
/// `width` bytes wide and `epochs` passes.
fn train_on_sgd_letters(bits: u8, width: u8, epochs: u16) -> Tagger {
    let mut a = Analyzer::new(Options::default()).unwrap();
    a.set_model(None);
    let mut corpus = Corpus::new(bits);
    let text = std::fs::read_to_string("data/annotations/sgd-letters.conll").unwrap();
    corpus.add_conll(&a, &text).unwrap();
    let o = TrainOptions { epochs, bits, width, ..TrainOptions::default() };
    train(&corpus, &o, &mut |_, _| {}).unwrap()
}

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::new(Options::default()).unwrap())
}

/// Compares fast and reference scoring of `tokens` of `text` under `model`.
fn check_tokens(model: &Tagger, text: &str, tokens: &[AnalyzedToken]) -> Result<(), String> {
    let doc = Doc::new(text, tokens);
    let evidence = analyzer().recognizer().evidence(&doc);
    let (emit_ref, tags_ref) = model.scores(&doc, &evidence, true);
    let (emit, tags) = model.scores(&doc, &evidence, false);
    let width = emit_ref.len() / tokens.len().max(1);
    if emit != emit_ref {
        let i = emit
            .iter()
            .zip(&emit_ref)
            .position(|(a, b)| a != b)
            .unwrap_or(0)
            / width.max(1);
        return Err(format!(
            "emission scores differ (lengths {} and {}), first at token {i} {:?}: {:?} against {:?}",
            emit.len(),
            emit_ref.len(),
            tokens.get(i).map(|t| &text[t.start..t.end]),
            emit.get(i * width..(i + 1) * width),
            emit_ref.get(i * width..(i + 1) * width),
        ));
    }
    if tags != tags_ref {
        return Err("tags differ".into());
    }
    check_pruned(model, &doc, &evidence, &emit, &tags)?;
    // The entities recognize() returns are the chunks of the tags with pruning.
    let (_, tags_pruned, _) = model.scores_pruned(&doc, &evidence);
    let found: Vec<(usize, usize, usize)> = model
        .recognize(&doc, &evidence)
        .iter()
        .map(|c| {
            (
                c.start,
                c.end,
                model.labels().iter().position(|&l| l == c.label).unwrap(),
            )
        })
        .collect();
    let tags_ref = tags_pruned;
    let mut want = Vec::new();
    let mut i = 0;
    while i < tags_ref.len() {
        let t = tags_ref[i] as usize;
        if t == 0 {
            i += 1;
            continue;
        }
        let k = (t - 1) / 2;
        let mut end = i + 1;
        while end < tags_ref.len() && tags_ref[end] as usize == 2 + 2 * k {
            end += 1;
        }
        want.push((i, end, k));
        i = end;
    }
    if found != want {
        return Err(format!("entities differ: {found:?} against {want:?}"));
    }
    Ok(())
}

/// Checks tagging with pruning against tagging without (`emit`, `tags`): a candidate token's
/// scores are the same; the others are O; and the tags are those of decoding each sentence
/// whole with the other tokens held to O (O scores 0, every other tag far below), so that in
/// a sentence where every token is a candidate they are the tags without pruning.
fn check_pruned(
    model: &Tagger,
    doc: &Doc<'_>,
    evidence: &tekstlens::entities::Evidence<'_>,
    emit: &[i64],
    tags: &[u8],
) -> Result<(), String> {
    let n = doc.tokens.len();
    let (emit_p, tags_p, cand) = model.scores_pruned(doc, evidence);
    if emit_p.len() != emit.len() || tags_p.len() != n || cand.len() != n {
        return Err(format!(
            "pruned: lengths {} {} {} against {} {n}",
            emit_p.len(),
            tags_p.len(),
            cand.len(),
            emit.len()
        ));
    }
    let width = emit.len() / n.max(1);
    let mut forced = emit.to_vec();
    for i in 0..n {
        let (row, row_p) = (&emit[i * width..(i + 1) * width], &emit_p[i * width..(i + 1) * width]);
        if cand[i] {
            if row != row_p {
                return Err(format!(
                    "pruned: scores of candidate token {i} differ: {row_p:?} against {row:?}"
                ));
            }
        } else {
            if tags_p[i] != 0 {
                let t = tags_p[i];
                return Err(format!("pruned: token {i} is not a candidate but tagged {t}"));
            }
            for (t, x) in forced[i * width..(i + 1) * width].iter_mut().enumerate() {
                *x = if t == 0 { 0 } else { -(1 << 40) };
            }
        }
    }
    let want = model.decode(doc, &forced);
    if tags_p != want {
        let i = tags_p.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(0);
        return Err(format!(
            "pruned: tags differ from decoding with the others held to O, \
             first at token {i}: {} against {}",
            tags_p[i], want[i]
        ));
    }
    // Sentences without a pruned token: the same tags as without pruning.
    let mut start = 0;
    while start < n {
        let sentence = doc.tokens[start].sentence;
        let end = (start..n).find(|&j| doc.tokens[j].sentence != sentence).unwrap_or(n);
        if cand[start..end].iter().all(|&c| c) && tags_p[start..end] != tags[start..end] {
            return Err(format!("pruned: tags of the unpruned sentence at token {start} differ"));
        }
        start = end;
    }
    Ok(())
}

fn check(model: &Tagger, text: &str) -> Result<(), String> {
    let analysis = analyzer().analyze(text);
    check_tokens(model, text, &analysis.tokens)
}

fn check_both(name: &str, text: &str) {
    for (which, m) in [("default", model()), ("small", small_model())] {
        if let Err(e) = check(m, text) {
            panic!("{name}, {which} model: {e}");
        }
    }
}

#[test]
fn demo_letter() {
    check_both(
        "demo letter",
        include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"),
    );
}

#[test]
fn sgd_letters_sample() {
    check_both(
        "sgd sample",
        include_str!("../benches/texts/sgd-letters-sample.txt"),
    );
}

/// On the bench texts, pruning changes no tag of the model, while it leaves out a good part of
/// the tokens (on the 1 MB text it changes 13 of 12 007 entities, see src/tagger/mod.rs).
#[test]
fn pruning_keeps_the_tags_of_real_texts() {
    for (name, text, pruned_at_least) in [
        (
            "demo letter",
            include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"),
            0.4,
        ),
        (
            "sgd sample",
            include_str!("../benches/texts/sgd-letters-sample.txt"),
            0.25,
        ),
    ] {
        let analysis = analyzer().analyze(text);
        let doc = Doc::new(text, &analysis.tokens);
        let evidence = analyzer().recognizer().evidence(&doc);
        let (_, full) = model().scores(&doc, &evidence, false);
        let (_, pruned, cand) = model().scores_pruned(&doc, &evidence);
        assert_eq!(pruned, full, "{name}");
        let share = cand.iter().filter(|&&c| !c).count() as f64 / cand.len() as f64;
        assert!(share >= pruned_at_least, "{name}: {share:.2} of the tokens pruned");
    }
}

/// Every 10th letter of the SGD collection, when ../shared is there.
#[test]
fn sgd_letters() {
    let Ok(jsonl) = std::fs::read_to_string("../shared/texts/sgd-ministerial-letters.jsonl") else {
        eprintln!("no ../shared/texts/sgd-ministerial-letters.jsonl: skipped");
        return;
    };
    for (n, line) in jsonl.lines().enumerate().step_by(10) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap_or_default();
        check_both(&format!("SGD letter on line {}", n + 1), text);
    }
}

/// The project's annotations, as the trainer joins them: tokens by spaces, sentences by blank
/// lines, one text per document.
#[test]
fn annotations() {
    let mut files: Vec<_> = std::fs::read_dir("data/annotations")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conll"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let data = std::fs::read_to_string(&f).unwrap();
        let mut docs = vec![String::new()];
        let mut sentence_start = true;
        for line in data.lines() {
            let token = line.split_whitespace().next();
            match token {
                None => sentence_start = true,
                Some("-DOCSTART-") => {
                    docs.push(String::new());
                    sentence_start = true;
                }
                Some(t) => {
                    let d = docs.last_mut().unwrap();
                    if !d.is_empty() {
                        d.push_str(if sentence_start { "\n\n" } else { " " });
                    }
                    d.push_str(t);
                    sentence_start = false;
                }
            }
        }
        for (k, d) in docs.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
            check_both(&format!("{} document {k}", f.display()), d);
        }
    }
}

/// The 1 MB benchmark text, when scripts/bench has written it (long: release builds only).
#[test]
#[cfg_attr(debug_assertions, ignore)]
fn bench_text() {
    match std::fs::read_to_string("target/bench-1mb.txt") {
        Ok(t) => check_both("target/bench-1mb.txt", &t),
        Err(_) => eprintln!("no target/bench-1mb.txt: skipped"),
    }
}

/// Tokens whose sentence numbers leave a sentence and come back (no tokenizer does this, but
/// a `Doc` is public): the window follows `extract`'s rules there too.
#[test]
fn odd_sentence_numbers() {
    let text = "Jan de Vries woont in Zwolle";
    let mut tokens = analyzer().analyze(text).tokens;
    for (i, t) in tokens.iter_mut().enumerate() {
        t.sentence = [0, 1, 0, 2, 2, 3][i % 6];
    }
    check_tokens(model(), text, &tokens).unwrap();
    check_tokens(small_model(), text, &tokens).unwrap();
}

#[test]
fn empty_and_tiny() {
    for text in [
        "",
        " ",
        ".",
        "A",
        "Parijs",
        "\n\n",
        "<s> </s>",
        "PARIJS PARIJS.",
    ] {
        check_both(&format!("{text:?}"), text);
    }
}

/// Words, names, capitals, punctuation, quotes, line breaks and boundary look-alikes, so that
/// random strings hit list matches, rule proposals, first names, headings and line starts.
fn pieces() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "de",
        "het",
        "van",
        "minister",
        "Minister",
        "Plasterk",
        "Jan",
        "Vries",
        "Utrecht",
        "Parijs",
        "PARIJS",
        "AIVD",
        "EU",
        "Europese",
        "Commissie",
        "Tweede",
        "Kamer",
        "Rutte",
        "Mark",
        "in",
        "Den",
        "Haag",
        "'s-Gravenhage",
        "Nederland",
        "Nederlandse",
        "VN",
        "NAVO",
        "<s>",
        "</s>",
        "Ĳsselmeer",
        "ĳs",
        "ÉÉN",
        "één",
        "2015",
        "17",
        "november",
        "Kamerstuk",
        "29",
        "754",
        "nr.",
        ".",
        ",",
        ":",
        ";",
        "(",
        ")",
        "\"",
        "‘",
        "’",
        "“",
        "-",
        "–",
        "•",
        "*",
        "?",
        "!",
        "\n",
        "\n\n",
        " ",
        "J.",
        "P.",
        "H.",
        "Sharon",
        "Likoed-leider",
        "Knesset-leden",
        "ver-\nkeer",
        "€",
        "%",
        "&",
        "DT&V",
        "JBZ-Raad",
        "Hoge",
        "Vertegenwoordiger",
        "Mogherini",
        "bedrijf",
    ]);
    prop::collection::vec(
        prop_oneof![
            4 => words.prop_map(|w| w.to_string()),
            1 => "[A-Za-zÀ-ÿ0-9.,'\\- \n]{1,8}",
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    )
    .prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_texts(text in pieces()) {
        for m in [model(), small_model()] {
            if let Err(e) = check(m, &text) {
                prop_assert!(false, "{}", e);
            }
        }
    }

    #[test]
    fn random_unicode(text in "\\PC{0,200}") {
        for m in [model(), small_model()] {
            if let Err(e) = check(m, &text) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}

/// Tagging speed over target/bench-1mb.txt, median of 9 runs:
/// `cargo test --release --test tagger_fast -- --ignored --nocapture speed`. Also times the
/// reference scoring (features of `extract`, summed bucket by bucket) for comparison.
#[test]
#[ignore]
fn speed() {
    let Ok(text) = std::fs::read_to_string("target/bench-1mb.txt") else {
        eprintln!("no target/bench-1mb.txt (scripts/bench writes it)");
        return;
    };
    let analysis = analyzer().analyze(&text);
    let doc = Doc::new(&text, &analysis.tokens);
    let evidence = analyzer().recognizer().evidence(&doc);
    let n = analysis.tokens.len();
    // Time on the CPU of this thread (Linux), besides wall time: the machine is shared, and
    // waiting for a core is no part of the tagger's cost.
    let cpu = || {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |ns| ns / 1e9)
    };
    let median = |f: &dyn Fn()| {
        f();
        let (mut wall, mut on_cpu): (Vec<f64>, Vec<f64>) = (0..9)
            .map(|_| {
                let (s, c) = (std::time::Instant::now(), cpu());
                f();
                (s.elapsed().as_secs_f64(), cpu() - c)
            })
            .unzip();
        wall.sort_by(f64::total_cmp);
        on_cpu.sort_by(f64::total_cmp);
        (wall[wall.len() / 2], on_cpu[on_cpu.len() / 2])
    };
    let line = |what: &str, (wall, cpu): (f64, f64)| {
        eprintln!(
            "{what}: {n} tokens in {:.1} ms ({:.2} M tokens/s), on the CPU {:.1} ms ({:.2} M tokens/s)",
            wall * 1e3,
            n as f64 / wall / 1e6,
            cpu * 1e3,
            n as f64 / cpu / 1e6
        )
    };
    line(
        "tagging",
        median(&|| drop(std::hint::black_box(model().recognize(&doc, &evidence)))),
    );
    // TAGGER_SPEED=fast: the tagger alone (for profiling).
    if std::env::var("TAGGER_SPEED").is_ok_and(|v| v == "fast") {
        return;
    }
    line(
        "reference scoring",
        median(&|| drop(std::hint::black_box(model().scores(&doc, &evidence, true)))),
    );
}

/// Weights are kept one byte wide in memory when they all fit (the shipped i8 model) and two
/// bytes otherwise: either way a model writes back the bytes it was read from, and a model
/// of width 2 whose weights happen to fit in a byte keeps its width.
#[test]
fn weights_write_back_at_both_widths() {
    let shipped = std::fs::read("data/model/tekstlens-nl.model").unwrap();
    let m = Tagger::from_bytes(&shipped).unwrap();
    assert_eq!(m.to_bytes(), shipped);
    for m in [model(), small_model()] {
        let bytes = m.to_bytes();
        let back = Tagger::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert!(back == *m);
    }
    let m = train_on_sgd_letters(12, 2, 1);
    let bytes = m.to_bytes();
    assert_eq!(Tagger::from_bytes(&bytes).unwrap().to_bytes(), bytes);
    // The same text tags the same with the model read back.
    let text = std::fs::read_to_string("benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt")
        .unwrap();
    let analysis = analyzer().analyze(&text);
    let doc = Doc::new(&text, &analysis.tokens);
    let evidence = analyzer().recognizer().evidence(&doc);
    let back = Tagger::from_bytes(&bytes).unwrap();
    assert_eq!(back.recognize(&doc, &evidence), m.recognize(&doc, &evidence));
}

//! The entity tagger on its own data: training is deterministic, the model file round-trips,
//! loading never panics and says what is wrong, and the tagger plugs into the analyzer.

use std::sync::OnceLock;

use proptest::prelude::*;
use tekstlens::tagger::Tagger;
use tekstlens::tagger::format::{MAGIC, crc32};
use tekstlens::tagger::train::{Corpus, TrainOptions, train};
use tekstlens::{Analyzer, Label, Options, Source};

/// A small training text in the CoNLL-2002 layout (token, POS, IOB2 tag).
const TRAIN: &str = "\
-DOCSTART- -DOCSTART- O
Minister N O
Plasterk N B-PER
sprak V O
in Prep O
Utrecht N B-LOC
met Prep O
de Art O
AIVD N B-ORG
over Prep O
de Art O
Nederlandse Adj B-MISC
aanpak N O
. Punc O

Jan N B-PER
de Art I-PER
Vries N I-PER
woont V O
in Prep O
Zwolle N B-LOC
en Conj O
werkt V O
bij Prep O
Philips N B-ORG
. Punc O

De Art O
Europese Adj B-MISC
Commissie N I-MISC
en Conj O
Karel N B-PER
Appel N I-PER
bezochten V O
Amsterdam N B-LOC
. Punc O
";

fn analyzer() -> Analyzer {
    let mut a = Analyzer::new(Options::default()).unwrap();
    a.set_model(None);
    a
}

fn options() -> TrainOptions {
    TrainOptions {
        epochs: 5,
        seed: 7,
        bits: 16,
        info: "test".into(),
        ..TrainOptions::default()
    }
}

fn small_model() -> &'static Tagger {
    static M: OnceLock<Tagger> = OnceLock::new();
    M.get_or_init(|| {
        let mut corpus = Corpus::new(16);
        corpus.add_conll(&analyzer(), TRAIN).unwrap();
        train(&corpus, &options(), &mut |_, _| {}).unwrap()
    })
}

fn bytes() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| small_model().to_bytes())
}

/// `bytes` with the checksum recomputed, so that the structure behind it is what gets checked.
fn with_checksum(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len() - 4;
    let crc = crc32(&bytes[..n]);
    bytes[n..].copy_from_slice(&crc.to_le_bytes());
    bytes
}

fn error(bytes: &[u8]) -> String {
    Tagger::from_bytes(bytes).expect_err("an error").to_string()
}

#[test]
fn round_trip_and_determinism() {
    let m = small_model();
    assert_eq!(
        m.labels(),
        [Label::Per, Label::Org, Label::Loc, Label::Misc]
    );
    assert_eq!(&Tagger::from_bytes(bytes()).unwrap(), m);
    assert_eq!(Tagger::from_bytes(bytes()).unwrap().to_bytes(), bytes());
    // The same data and seed give the same bytes.
    let mut corpus = Corpus::new(16);
    corpus.add_conll(&analyzer(), TRAIN).unwrap();
    assert_eq!(
        train(&corpus, &options(), &mut |_, _| {})
            .unwrap()
            .to_bytes(),
        bytes()
    );
}

#[test]
fn wrong_magic() {
    let mut b = bytes().to_vec();
    b[0] = b'X';
    assert!(error(&b).contains("not a tekstlens model"), "{}", error(&b));
    assert!(error(b"").contains("not a tekstlens model"));
    assert!(error(b"{\"json\": true}").contains("not a tekstlens model"));
}

#[test]
fn unsupported_version() {
    let mut b = bytes().to_vec();
    b[8..10].copy_from_slice(&2u16.to_le_bytes());
    let e = error(&b);
    assert!(e.contains("unsupported model version 2"), "{e}");
}

#[test]
fn truncated_and_trailing() {
    for n in [
        MAGIC.len(),
        MAGIC.len() + 3,
        bytes().len() / 2,
        bytes().len() - 1,
    ] {
        let e = error(&bytes()[..n]);
        assert!(e.contains("truncated"), "{n} bytes: {e}");
    }
    let mut b = bytes().to_vec();
    b.push(0);
    assert!(error(&b).contains("after its end"), "{}", error(&b));
}

#[test]
fn checksum_mismatch() {
    let mut b = bytes().to_vec();
    let mid = b.len() / 2;
    b[mid] ^= 0x40;
    let e = error(&b);
    assert!(e.contains("checksum mismatch"), "{e}");
}

#[test]
fn other_feature_set() {
    // The body starts after magic, version and length with the feature set.
    let mut b = bytes().to_vec();
    b[14..16].copy_from_slice(&999u16.to_le_bytes());
    let e = error(&with_checksum(b));
    assert!(
        e.contains("feature set 999") && e.contains("retrain"),
        "{e}"
    );
}

#[test]
fn every_prefix_is_an_error() {
    for n in 0..bytes().len() {
        assert!(
            Tagger::from_bytes(&bytes()[..n]).is_err(),
            "prefix of {n} bytes"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = Tagger::from_bytes(&b);
        // Behind a valid header too.
        let mut v = MAGIC.to_vec();
        v.extend_from_slice(&1u16.to_le_bytes());
        v.extend_from_slice(&(b.len() as u32).to_le_bytes());
        v.extend_from_slice(&b);
        v.extend_from_slice(&[0; 4]);
        let _ = Tagger::from_bytes(&with_checksum(v));
    }

    #[test]
    fn damaged_models_never_panic(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut b = bytes().to_vec();
        for (i, v) in edits {
            let i = i.index(b.len() - 4);
            b[i] = v;
        }
        // With the checksum repaired the parser sees the damage; whatever it decides, it must not
        // panic, and a model it accepts must tag text without panicking.
        if let Ok(m) = Tagger::from_bytes(&with_checksum(b)) {
            static A: std::sync::Mutex<Option<Analyzer>> = std::sync::Mutex::new(None);
            let mut guard = A.lock().unwrap_or_else(|e| e.into_inner());
            let a = guard.get_or_insert_with(analyzer);
            a.set_model(Some(Box::new(m)));
            let _ = a.analyze("Minister Plasterk sprak in Utrecht met de AIVD.");
        }
    }
}

#[test]
fn model_entities_in_the_analysis() {
    let mut a = analyzer();
    a.set_model(Some(Box::new(
        small_model().clone().with_outranks_lists(true),
    )));
    let r = a.analyze("Karel de Vries woont in Zwolle.");
    assert!(
        r.entities.iter().any(|e| e.source == Source::Model),
        "{:?}",
        r.entities
            .iter()
            .map(|e| (&e.text, e.label, e.source))
            .collect::<Vec<_>>()
    );
    for e in &r.entities {
        assert_eq!(&"Karel de Vries woont in Zwolle."[e.start..e.end], e.text);
    }
}

#[test]
fn iob1_and_glued_punctuation_are_read() {
    // Europeana's layout: token and tag, IOB1 (I- starts a chunk), punctuation glued to words,
    // no blank lines.
    let text = "Indien O\nmen O\nItalië, I-LOC\nin O\nhet O\nNoorden O\nvan O\nEuropa I-LOC\nhield O\nDe I-PER\nVries I-PER\n. O\n";
    let mut corpus = Corpus::new(16);
    corpus.add_conll(&analyzer(), text).unwrap();
    assert_eq!(corpus.labels(), [Label::Per, Label::Loc]);
    let lines = tekstlens::conll::parse(text);
    let tags = tekstlens::conll::gold_tags(&lines).unwrap();
    use tekstlens::conll::Iob;
    assert_eq!(tags[2], Iob::B(Label::Loc));
    assert_eq!(tags[9], Iob::B(Label::Per));
    assert_eq!(tags[10], Iob::I(Label::Per));
}

#[test]
fn bad_training_files_are_errors() {
    let mut corpus = Corpus::new(16);
    let e = corpus
        .add_conll(&analyzer(), "Jan B-PER\nwoont\n")
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("line 2") && e.contains("no tag column"), "{e}");
    let e = corpus
        .add_conll(&analyzer(), "Jan B-PERSON\n")
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("line 1") && e.contains("unknown entity type"),
        "{e}"
    );
    let e = corpus
        .add_conll(&analyzer(), "Jan X-PER\n")
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("unknown tag"), "{e}");
    assert!(train(&Corpus::new(16), &options(), &mut |_, _| {}).is_err());
}

mod cli {
    use std::process::Command;

    fn run(args: &[&str]) -> (bool, String, String) {
        let o = Command::new(env!("CARGO_BIN_EXE_tekstlens"))
            .args(args)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }

    #[test]
    fn train_then_eval_and_ner() {
        let dir = std::env::temp_dir().join(format!("tekstlens-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let data = dir.join("train.conll");
        std::fs::write(&data, super::TRAIN).unwrap();
        let model = dir.join("m.model");
        let (d, m) = (data.to_str().unwrap(), model.to_str().unwrap());
        let (ok, _, err) = run(&[
            "train", "--conll", d, "--dev", d, "--out", m, "--epochs", "3", "--seed", "5",
            "--bits", "16",
        ]);
        assert!(ok, "{err}");
        assert!(err.contains("epoch 3/3") && err.contains("dev P"), "{err}");
        let first = std::fs::read(&model).unwrap();
        let (ok, _, err) = run(&[
            "train", "--conll", d, "--out", m, "--epochs", "3", "--seed", "5", "--bits", "16",
        ]);
        assert!(ok, "{err}");
        assert_eq!(
            std::fs::read(&model).unwrap(),
            first,
            "same data and seed, same model"
        );

        let (ok, out, err) = run(&["eval", "--conll", d, "--model", m]);
        assert!(ok, "{err}");
        assert!(out.contains("overall") && out.contains("PER"), "{out}");
        let (ok, out, _) = run(&["ner", "--conll", d, "--model", m]);
        assert!(ok);
        assert_eq!(out.lines().count(), super::TRAIN.lines().count());

        // A file that is not a model: one line on stderr, non-zero exit.
        let (ok, _, err) = run(&["eval", "--conll", d, "--model", d]);
        assert!(!ok);
        assert!(
            err.contains("not a tekstlens model") && err.lines().count() == 1,
            "{err}"
        );
        let (ok, _, err) = run(&["train", "--conll", "--out", m]);
        assert!(!ok && err.contains("training files"), "{err}");
        let (ok, _, err) = run(&["train", "--conll", d]);
        assert!(!ok && err.contains("--out"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn custom_model_api() {
    let mut a = Analyzer::new(Options::default()).unwrap();
    let default = a.model_description();
    assert_eq!(default.is_some(), Analyzer::has_default_model());

    // A custom model replaces the built-in one.
    a.load_model(bytes()).unwrap();
    let d = a.model_description().expect("a model");
    assert!(d.contains("test"), "{d}");
    let text = "Karel de Vries woont in Zwolle.";
    let _ = a.analyze(text);

    // Bad bytes: a clear error, and the model in use stays.
    let mut truncated = bytes().to_vec();
    truncated.truncate(truncated.len() / 2);
    let mut flipped = bytes().to_vec();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    let cases: [(&[u8], &str); 5] = [
        (b"", "not a tekstlens model"),
        (b"{\"weights\": []}", "not a tekstlens model"),
        (&truncated, "truncated"),
        (&flipped, "checksum"),
        (&bytes()[..12], "truncated"),
    ];
    for (b, want) in cases {
        let e = a.load_model(b).expect_err("bad bytes").to_string();
        assert!(e.contains(want), "{want:?} not in {e:?}");
        assert_eq!(a.model_description().as_deref(), Some(d.as_str()));
    }

    // Lists and rules only, then the built-in model again.
    a.clear_model();
    assert!(a.model_description().is_none());
    let rules = a.analyze(text);
    assert!(rules.entities.iter().all(|e| e.source != Source::Model));
    assert_eq!(a.use_default_model().unwrap(), Analyzer::has_default_model());
    assert_eq!(a.model_description(), default);
}

/// Tagging speed of the built-in model, natively: `cargo test --release --test tagger --
/// --ignored --nocapture tagging_speed` (the numbers are in the docs of `tekstlens::tagger`).
#[test]
#[ignore]
fn tagging_speed() {
    use tekstlens::entities::{Doc, Recognize};
    let text = include_str!("../benches/texts/sgd-letters-sample.txt");
    let mut a = Analyzer::new(Options::default()).unwrap();
    if !Analyzer::has_default_model() {
        eprintln!("no built-in model in this build: measuring the test model");
        a.load_model(bytes()).unwrap();
    }
    let model = tekstlens::tagger::builtin().unwrap().unwrap_or_else(|| small_model().clone());
    let analysis = a.analyze(text);
    let n = analysis.tokens.len();
    let doc = Doc::new(text, &analysis.tokens);
    let evidence = a.recognizer().evidence(&doc);
    let time = |f: &mut dyn FnMut()| {
        f();
        let t = std::time::Instant::now();
        let mut runs = 0;
        while t.elapsed().as_secs_f64() < 2.0 {
            f();
            runs += 1;
        }
        (n * runs) as f64 / t.elapsed().as_secs_f64()
    };
    let tagger = time(&mut || {
        std::hint::black_box(model.recognize(&doc, &evidence));
    });
    let evidence_too = time(&mut || {
        let d = Doc::new(text, &analysis.tokens);
        let e = a.recognizer().evidence(&d);
        std::hint::black_box(model.recognize(&d, &e));
    });
    let with = time(&mut || {
        std::hint::black_box(a.analyze(text));
    });
    a.clear_model();
    let without = time(&mut || {
        std::hint::black_box(a.analyze(text));
    });
    eprintln!(
        "{n} tokens: features and Viterbi {:.2} M tokens/s; with the lists' and rules' evidence {:.2} M/s; \
         full analysis {:.2} M/s with the model, {:.2} M/s without",
        tagger / 1e6,
        evidence_too / 1e6,
        with / 1e6,
        without / 1e6
    );
}

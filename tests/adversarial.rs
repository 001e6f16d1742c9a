//! Adversarial inputs: no panic, valid spans, time linear in input size, a clear error over the
//! maximum input size. Timing checks compare the same input at n and 4n (best of 3 runs) and
//! allow 12× for 4× the input: a quadratic path gives 16×, so they catch it without depending
//! on machine speed.

use std::time::{Duration, Instant};

use tekstlens::{Analysis, Analyzer, Options};

fn analyzer() -> Analyzer {
    Analyzer::new(Options::default()).unwrap()
}

/// Checks the invariants every analysis must hold.
fn check(text: &str, a: &Analysis) {
    for t in &a.tokens {
        assert!(t.start < t.end && t.end <= text.len(), "token span {}..{}", t.start, t.end);
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(t.sentence < a.sentences.len().max(1));
    }
    for s in &a.sentences {
        assert!(s.start <= s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    let mut last_end = 0;
    for e in &a.entities {
        assert!(e.start < e.end && e.end <= text.len(), "entity span {}..{}", e.start, e.end);
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        assert!(e.start >= last_end, "entities overlap at {}", e.start);
        last_end = e.end;
    }
}

fn best_of_3(f: impl Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// The test harness runs tests in parallel threads; timing runs one at a time so that another
/// test's 10 MB input does not land on one side of a ratio.
static TIMING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Asserts that analysing `make(4 * n)` takes less than 12× as long as `make(n)`.
fn assert_linear(name: &str, n: usize, make: impl Fn(usize) -> String) {
    let _one_at_a_time = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    let a = analyzer();
    let small = make(n);
    let large = make(4 * n);
    check(&small, &a.analyze(&small));
    check(&large, &a.analyze(&large));
    let ts = best_of_3(|| drop(a.analyze(&small)));
    let tl = best_of_3(|| drop(a.analyze(&large)));
    let ratio = tl.as_secs_f64() / ts.as_secs_f64().max(1e-6);
    eprintln!(
        "{name}: {} bytes {:?}, {} bytes {:?}, ratio {ratio:.1}",
        small.len(),
        ts,
        large.len(),
        tl
    );
    assert!(ratio < 12.0, "{name}: 4× input took {ratio:.1}× the time");
}

#[test]
fn empty_and_whitespace() {
    let a = analyzer();
    for text in ["", " ", "\n", "\t\r\n \u{a0}\u{2028}\u{3000}", &" ".repeat(100_000)] {
        let r = a.analyze(text);
        check(text, &r);
        assert!(r.tokens.is_empty() && r.terms.is_empty() && r.entities.is_empty());
        assert_eq!(r.stats.flesch_douma, None);
    }
}

#[test]
fn odd_characters() {
    let a = analyzer();
    let texts = [
        "De\0AIVD\0sprak\0\0met\0Parijs.\0".to_string(),
        "\0".repeat(10_000),
        // Right-to-left: Arabic and Hebrew, with marks and isolates, mixed with Dutch.
        "De minister sprak \u{202E}شكرا جزيلا\u{202C} en שלום עולם in \u{2067}Parijs\u{2069}.".to_string(),
        // Zero-width joiners and non-joiners inside words and emoji sequences.
        "De AI\u{200D}VD en de Ko\u{200C}ninklijke Marechaussee 👨\u{200D}👩\u{200D}👧 in Parijs.".to_string(),
        "\u{200D}".repeat(50_000),
        "\u{FEFF}Rutte\u{200B}sprak\u{2060}met\u{FEFF}Macron.".to_string(),
        // Long combining sequences: one base letter with 100,000 marks, and Zalgo text.
        format!("Parijs e{} AIVD", "\u{301}".repeat(100_000)),
        "a\u{300}\u{301}\u{302}\u{303}\u{308}".repeat(20_000),
        "\u{FFFD}".repeat(1000) + " Parijs \u{FFFD}",
    ];
    for text in &texts {
        let r = a.analyze(text);
        check(text, &r);
    }
}

#[test]
fn one_ten_megabyte_token() {
    let _one_at_a_time = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    let a = analyzer();
    let text = "a".repeat(10_000_000);
    let r = a.analyze(&text);
    check(&text, &r);
    assert_eq!(r.tokens.len(), 1);
    let text = "Ë".repeat(5_000_000);
    check(&text, &a.analyze(&text));
}

#[test]
fn a_million_newlines() {
    let _one_at_a_time = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    let a = analyzer();
    let text = "\n".repeat(1_000_000);
    let r = a.analyze(&text);
    check(&text, &r);
    assert!(r.tokens.is_empty());
    let text = "x\n".repeat(500_000);
    check(&text, &a.analyze(&text));
}

#[test]
fn linear_one_token() {
    assert_linear("one token", 500_000, |n| "a".repeat(n));
    assert_linear("one hyphenated token", 100_000, |n| "ab-".repeat(n / 3) + "ab");
    assert_linear("one dotted token", 100_000, |n| "a.".repeat(n / 2));
    assert_linear("combining", 100_000, |n| format!("e{}", "\u{301}".repeat(n / 2)));
}

#[test]
fn linear_newlines_and_space() {
    assert_linear("newlines", 250_000, |n| "\n".repeat(n));
    assert_linear("x newline", 100_000, |n| "x\n".repeat(n / 2));
    assert_linear("spaces", 250_000, |n| " ".repeat(n));
    assert_linear("NUL", 100_000, |n| "\0".repeat(n));
    assert_linear("ZWJ", 100_000, |n| "\u{200D}".repeat(n / 3));
}

#[test]
fn linear_entities() {
    // 100,000 entities at the large size.
    assert_linear("entities", 25_000, |n| "De AIVD sprak in Parijs met M. Rutte. ".repeat(n / 4));
    assert_linear("acronym", 25_000, |n| "AIVD ".repeat(n));
    assert_linear("acronym no space", 25_000, |n| "AIVD".repeat(n));
    assert_linear("capitalised words", 25_000, |n| "Jan ".repeat(n));
    assert_linear("initials", 25_000, |n| "A. ".repeat(n));
    assert_linear("definitions", 10_000, |n| "Koninklijke Marechaussee (Kmar) ".repeat(n / 4));
    assert_linear("numbers", 25_000, |n| "29 754 ".repeat(n / 2));
    assert_linear("one sentence", 25_000, |n| "de man ".repeat(n / 2));
}

#[test]
fn a_hundred_thousand_entities() {
    let _one_at_a_time = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    let a = analyzer();
    let text = "De AIVD sprak in Parijs met M. Rutte. ".repeat(34_000);
    let r = a.analyze(&text);
    check(&text, &r);
    assert!(r.entities.len() >= 100_000, "{} entities", r.entities.len());
    let text = "AIVD ".repeat(100_000);
    let r = a.analyze(&text);
    check(&text, &r);
    assert!(r.entities.len() >= 50_000, "{} entities", r.entities.len());
}

#[test]
fn linear_non_ascii_token() {
    assert_linear("one non-ascii token", 20_000, |n| "Ë".repeat(n / 2));
    assert_linear("one mixed token", 20_000, |n| "aË".repeat(n / 3));
}

#[test]
fn maximum_input_size() {
    let mut a = analyzer();
    assert_eq!(a.max_input_bytes(), tekstlens::analysis::DEFAULT_MAX_INPUT_BYTES);
    a.set_max_input_bytes(1000);
    assert!(a.try_analyze(&"x".repeat(1000)).is_ok());
    let err = a.try_analyze(&"x".repeat(1001)).unwrap_err().to_string();
    assert!(err.contains("text too long: 1001 bytes"), "{err}");
    // analyze itself has no limit.
    assert_eq!(a.analyze(&"x ".repeat(1000)).tokens.len(), 1000);
}

#[test]
fn count_terms_matches_terms() {
    let a = analyzer();
    for text in [
        include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"),
        include_str!("../benches/texts/sgd-letters-sample.txt"),
        "", "Ë".repeat(1000).as_str(), "De –handel en ’s-Gravenhage, politie-\napparaat; z’n DT&V.",
    ] {
        let mut from_terms: Vec<(String, usize)> = a.analyze(text).terms.iter().map(|t| (t.stem.clone(), t.count)).collect();
        from_terms.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        assert_eq!(a.count_terms(text), from_terms);
    }
}

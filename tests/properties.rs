//! Properties that hold for any input: spans slice the text on char boundaries, entities never
//! overlap, analysis is deterministic, and nothing panics.

use proptest::prelude::*;
use std::sync::OnceLock;
use tekstlens::{Analysis, Analyzer, Options};

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::new(Options::default()).unwrap())
}

/// A second, independently built analyzer: results must not depend on the instance.
fn other_analyzer() -> &'static Analyzer {
    static B: OnceLock<Analyzer> = OnceLock::new();
    B.get_or_init(|| Analyzer::new(Options::default()).unwrap())
}

/// Text built from pieces that exercise the Dutch rules, mixed with arbitrary strings.
fn dutch_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("M. ".to_string()),
        Just("Rutte".to_string()),
        Just("’s-Hertogenbosch".to_string()),
        Just("'s ".to_string()),
        Just("België".to_string()),
        Just("e\u{301}".to_string()),
        Just("👍🏽".to_string()),
        Just("DT&V".to_string()),
        Just("JBZ-Raad".to_string()),
        Just("Kamerstuk 29 754, nr. 325".to_string()),
        Just("17 november 2015".to_string()),
        Just(" (Kmar) ".to_string()),
        Just("Koninklijke Marechaussee".to_string()),
        Just("politie-\napparaat".to_string()),
        Just(" en –handel".to_string()),
        Just("o.a.".to_string()),
        Just("12.00u".to_string()),
        Just("5,75%".to_string()),
        Just("artikel 42 lid 7 VEU".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        "[a-zA-Z]{1,8}",
        "[A-Z]{2,5}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(text: &str, a: &Analysis) -> Result<(), TestCaseError> {
    for t in &a.tokens {
        prop_assert!(t.start < t.end && t.end <= text.len());
        prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        prop_assert!(!text[t.start..t.end].trim().is_empty(), "whitespace token");
    }
    for w in a.tokens.windows(2) {
        prop_assert!(w[0].end <= w[1].start, "tokens overlap or are out of order");
        prop_assert!(w[0].sentence <= w[1].sentence);
    }
    for s in &a.sentences {
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end) && s.start < s.end);
    }
    for e in &a.entities {
        prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end) && e.start < e.end);
        prop_assert_eq!(&text[e.start..e.end], e.text.as_str());
    }
    for w in a.entities.windows(2) {
        prop_assert!(w[0].end <= w[1].start, "entities overlap: {:?} {:?}", w[0], w[1]);
    }
    for t in &a.terms {
        prop_assert_eq!(t.count, t.positions.len());
        prop_assert_eq!(t.count, t.forms.iter().map(|f| f.count).sum::<usize>());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn spans_and_entities_are_sound(text in dutch_like()) {
        let a = analyzer().analyze(&text);
        check(&text, &a)?;
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let a = analyzer().analyze(&text);
        check(&text, &a)?;
    }

    #[test]
    fn analysis_is_deterministic(text in dutch_like()) {
        let a = analyzer().analyze(&text);
        let b = other_analyzer().analyze(&text);
        let c = analyzer().analyze(&text);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(&a, &c);
    }
}

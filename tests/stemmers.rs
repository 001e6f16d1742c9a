//! Both Dutch stemmers against Snowball's reference (snowball-data, BSD-3, see
//! `tests/data/snowball-dutch/COPYING`): all 45,670 words of `voc.txt` must stem to
//! `output-porter.txt` (Porter, what rust-stemmers implements) and to
//! `output-kraaij-pohlmann.txt` (Kraaij-Pohlmann, frostem); and the step-by-step explanation
//! must agree with rust-stemmers on every word. Words go through the public API: normalise,
//! then stem.

use tekstlens::normalize::normalize;
use tekstlens::stem::{explain, Stemmer, StemmerKind};

const VOC: &str = include_str!("data/snowball-dutch/voc.txt");

/// Stems every word with `kind` and compares with `expected`, line by line.
fn check(kind: StemmerKind, expected: &str) {
    let stemmer = Stemmer::new(kind);
    let mut n = 0;
    let mut wrong = Vec::new();
    for (word, want) in VOC.lines().zip(expected.lines()) {
        n += 1;
        let norm = normalize(word);
        let got = stemmer.stem(&norm);
        if got != want {
            wrong.push(format!("{word} -> {got} (want {want})"));
        }
    }
    assert_eq!(n, 45_670, "word count of the reference");
    assert_eq!(VOC.lines().count(), expected.lines().count());
    assert!(wrong.is_empty(), "{kind:?}: {} of {n} differ, e.g. {:?}", wrong.len(), &wrong[..wrong.len().min(20)]);
}

#[test]
fn porter_reproduces_the_snowball_reference() {
    check(StemmerKind::Porter, include_str!("data/snowball-dutch/output-porter.txt"));
}

#[test]
fn analysis_uses_the_same_stems() {
    let analyzer = tekstlens::Analyzer::new(Default::default()).unwrap();
    let a = analyzer.analyze("Aanslagen, maatregelen en dreigingen.");
    let stems: Vec<&str> = a.tokens.iter().filter_map(|t| t.stem.as_deref()).collect();
    assert_eq!(stems, ["aanslag", "maatregel", "en", "dreiging"]);
}

#[test]
fn kraaij_pohlmann_reproduces_the_snowball_reference() {
    check(StemmerKind::KraaijPohlmann, include_str!("data/snowball-dutch/output-kraaij-pohlmann.txt"));
}

#[test]
fn explanation_agrees_with_rust_stemmers_on_every_word() {
    let porter = Stemmer::dutch();
    let mut n = 0;
    let mut wrong = Vec::new();
    for word in VOC.lines() {
        n += 1;
        let norm = normalize(word);
        let e = explain(&norm);
        let want = porter.stem(&norm);
        // The steps chain: each starts where the previous one stopped and ends at the stem.
        let chained = e.steps.windows(2).all(|w| w[0].after == w[1].before)
            && e.steps.first().is_some_and(|s| s.before == norm)
            && e.steps.last().is_some_and(|s| s.after == e.stem);
        if e.stem != want || !chained {
            wrong.push(format!("{word} -> {} (want {want}, chained {chained})", e.stem));
        }
    }
    assert_eq!(n, 45_670);
    assert!(wrong.is_empty(), "{} of {n} differ, e.g. {:?}", wrong.len(), &wrong[..wrong.len().min(20)]);
}

#[test]
fn the_stemmers_group_differently() {
    let (p, kp) = (Stemmer::dutch(), Stemmer::kraaij_pohlmann());
    // Kraaij-Pohlmann removes diminutives, so "huisje" and "huis" meet.
    assert_eq!(kp.stem("huisje"), kp.stem("huis"));
    assert_ne!(p.stem("huisje"), p.stem("huis"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Any string, not only dictionary words: the explanation never panics and still agrees.
    #[test]
    fn explanation_agrees_on_any_string(s in "\\PC{0,14}") {
        proptest::prop_assert_eq!(explain(&s).stem, Stemmer::dutch().stem(&s).into_owned());
    }

    /// Letter soup rich in the cases the algorithm treats specially (y, i, è, accents, doubles).
    #[test]
    fn explanation_agrees_on_dutch_like_strings(s in "[aeioudgkmnstjyèéëïöüàê-]{0,16}") {
        proptest::prop_assert_eq!(explain(&s).stem, Stemmer::dutch().stem(&s).into_owned());
    }

    /// Neither stemmer panics on any string.
    #[test]
    fn stemmers_never_panic(s in "\\PC{0,20}") {
        let _ = Stemmer::new(StemmerKind::KraaijPohlmann).stem(&s);
        let _ = Stemmer::new(StemmerKind::Porter).stem(&s);
    }
}

//! `Analyzer::analyze` derives norms, stems, stop flags, syllables and terms once per distinct
//! spelling, and groups terms without hashing per token. These tests check it against the
//! per-token definitions: the public `terms::term_frequencies`, `stats::text_stats` and
//! `stats::readability` on the same tokens, a straightforward reference grouping, and
//! `normalize`/`Stemmer::stem`/`StopWords::contains` per token.

use std::collections::HashMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use tekstlens::normalize::normalize;
use tekstlens::stem::StemmerKind;
use tekstlens::terms::{self, Form, Term, TermOptions};
use tekstlens::tokenize::TokenKind;
use tekstlens::{stats, Analyzer, AnalyzedToken, Options};

const LETTER: &str = include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt");
const SGD: &str = include_str!("../benches/texts/sgd-letters-sample.txt");
const TRICKY: &str = "De de DE dé De\u{301} politie-\napparaat politie-\n  apparaat Politie-\napparaat \
    -handel handel- in- en -handel 2015 2015 29 754 29 754 'S-Gravenhage ’s-Gravenhage ĳs IJs \
    een Een EEN aanslag aanslagen Aanslagen 12.00u 5,75% 3e 3E x";

/// Per term: its token positions, and per normalised form the count of each spelling.
type Groups<'a> = HashMap<&'a str, (Vec<usize>, HashMap<&'a str, HashMap<&'a str, usize>>)>;

/// The grouping as first written: nested maps per token.
fn reference_terms(text: &str, tokens: &[AnalyzedToken], opts: TermOptions) -> Vec<Term> {
    let total = tokens.iter().filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number)).count();
    let mut groups: Groups<'_> = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        let key = match (t.kind, &t.stem) {
            (TokenKind::Word, Some(stem)) if opts.include_stop_words || !t.stop => stem.as_str(),
            (TokenKind::Number, _) if opts.include_numbers => t.norm.as_str(),
            _ => continue,
        };
        if key.is_empty() {
            continue;
        }
        let g = groups.entry(key).or_default();
        g.0.push(i);
        *g.1.entry(t.norm.as_str()).or_default().entry(&text[t.start..t.end]).or_default() += 1;
    }
    let mut out: Vec<Term> = groups
        .into_iter()
        .map(|(stem, (positions, norms))| {
            let mut forms: Vec<Form> = norms
                .into_values()
                .map(|spellings| {
                    let count = spellings.values().sum();
                    let best = spellings
                        .into_iter()
                        .max_by(|(a, ca), (b, cb)| {
                            ca.cmp(cb)
                                .then_with(|| {
                                    b.chars().next().map(char::is_uppercase).cmp(&a.chars().next().map(char::is_uppercase))
                                })
                                .then_with(|| b.cmp(a))
                        })
                        .map(|(s, _)| s)
                        .unwrap_or_default();
                    Form { form: join_line_breaks(best), count }
                })
                .collect();
            forms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.form.cmp(&b.form)));
            let count = positions.len();
            Term {
                display: forms[0].form.clone(),
                stem: stem.to_owned(),
                count,
                frequency: count as f64 / total.max(1) as f64,
                forms,
                positions,
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.display.cmp(&b.display)).then_with(|| a.stem.cmp(&b.stem)));
    out
}

/// normalize's line-break join (crate-private), as the terms use it for display forms.
fn join_line_breaks(s: &str) -> String {
    if !s.contains('\n') && !s.contains('\r') {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find(|c: char| c.is_whitespace()) {
        let (head, tail) = rest.split_at(pos);
        let after = tail.trim_start();
        let next_upper = after.chars().next().is_some_and(char::is_uppercase);
        match head.strip_suffix(['-', '\u{2010}', '\u{00AD}']) {
            Some(h) if !next_upper => out.push_str(h),
            _ => out.push_str(head),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Analyzers for every combination of the term options and the stemmers, built once.
fn analyzers() -> &'static [(bool, bool, Analyzer)] {
    static A: OnceLock<Vec<(bool, bool, Analyzer)>> = OnceLock::new();
    A.get_or_init(|| {
        let mut out = Vec::new();
        for (stop, numbers) in [(false, false), (true, false), (false, true), (true, true)] {
            for kind in [StemmerKind::Porter, StemmerKind::KraaijPohlmann] {
                let opts = Options { include_stop_words: stop, include_numbers: numbers, ..Options::default() };
                let mut analyzer = Analyzer::new(opts).unwrap();
                analyzer.set_stemmer(kind);
                // The model is not what these tests are about; without it they run faster.
                analyzer.clear_model();
                out.push((stop, numbers, analyzer));
            }
        }
        out
    })
}

fn check(text: &str) {
    for (stop, numbers, analyzer) in analyzers() {
        let (stop, numbers) = (*stop, *numbers);
        {
            let a = analyzer.analyze(text);
            let topts = TermOptions { include_stop_words: stop, include_numbers: numbers };
            for t in &a.tokens {
                let raw = &text[t.start..t.end];
                assert_eq!(t.norm, normalize(raw), "{raw:?}");
                let word = t.kind == TokenKind::Word;
                let stem = word.then(|| analyzer.stemmer().stem(t.norm.trim_matches('-')).into_owned());
                assert_eq!(t.stem.as_deref(), stem.as_deref(), "{raw:?}");
                assert_eq!(t.stop, word && analyzer.stop_words().contains(&t.norm), "{raw:?}");
            }
            assert_eq!(a.terms, terms::term_frequencies(text, &a.tokens, topts));
            assert_eq!(a.terms, reference_terms(text, &a.tokens, topts));
            assert_eq!(a.stats, stats::text_stats(text, &a.tokens, a.sentences.len()));
            assert_eq!(a.readability, stats::readability(&a.tokens, a.sentences.len()));
            // analyze hands the recognizer its numbering of the normalised forms.
            assert_eq!(a.entities, analyzer.recognizer().recognize(text, &a.tokens));
            let words: Vec<&AnalyzedToken> = a.tokens.iter().filter(|t| t.kind == TokenKind::Word).collect();
            let syllables: usize = words.iter().map(|t| stats::syllables(&t.norm)).sum();
            let per_word = if words.is_empty() { 0.0 } else { syllables as f64 / words.len() as f64 };
            assert_eq!(a.stats.mean_syllables_per_word, per_word);
        }
    }
}

#[test]
fn demo_letter() {
    check(LETTER);
    // With the built-in model (if this build has one) too.
    let analyzer = Analyzer::new(Options::default()).unwrap();
    let a = analyzer.analyze(LETTER);
    assert_eq!(a.entities, analyzer.recognizer().recognize(LETTER, &a.tokens));
}

#[test]
fn sgd_letters() {
    check(SGD);
}

#[test]
fn tricky_spellings() {
    check(TRICKY);
    check("");
    check("   \n ");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn any_text(pieces in proptest::collection::vec(prop_oneof![
        Just("De"), Just("de"), Just("DE"), Just("politie-\napparaat"), Just("-handel"), Just("2015"),
        Just("29 754"), Just("’s-Gravenhage"), Just("Aanslagen"), Just("aanslag"), Just("e\u{301}"),
        Just(". "), Just(", "), Just("\n"), Just(" "), Just("(Kmar)"), Just("Koninklijke Marechaussee"),
    ], 0..40), noise in "\\PC{0,20}") {
        let text = pieces.concat() + &noise;
        check(&text);
    }
}

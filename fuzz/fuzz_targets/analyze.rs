//! `analyze` on arbitrary text: no panic, spans valid and on char boundaries, entities in
//! order and non-overlapping, deterministic output. Invalid UTF-8 is replaced lossily (as
//! wasm-bindgen does with lone surrogates).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;
use tekstlens::{Analyzer, Options};

fuzz_target!(|data: &[u8]| {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    let analyzer = ANALYZER.get_or_init(|| Analyzer::new(Options::default()).unwrap());
    let text = String::from_utf8_lossy(data);
    let a = analyzer.analyze(&text);
    check::check_analysis(&text, &a);
    assert_eq!(a, analyzer.analyze(&text), "not deterministic");
    let counts = analyzer.count_terms(&text);
    let mut from_terms: Vec<(String, usize)> = a.terms.iter().map(|t| (t.stem.clone(), t.count)).collect();
    from_terms.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    assert_eq!(counts, from_terms, "count_terms differs from analyze's terms");
});

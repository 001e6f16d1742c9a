//! Differential tests: the fast tokenizer (ASCII fast paths for UAX #29 word and sentence
//! boundaries) and the fast `count_terms` must give exactly what the reference implementation
//! gives: the tokenizer as it was before them, kept verbatim in `tests/reference/tokenize_v1.rs`
//! (it calls unicode-segmentation for every word and sentence boundary).
//!
//! Texts: the demo letter, the OCR'd ministerial letters (`../shared/texts/`), the UD Dutch
//! sentences (`../shared/data/ud-dutch/`), the table cases, and proptest strings that mix ASCII,
//! Dutch letters, digits, punctuation, odd whitespace, emoji and combining marks. The shared
//! corpora live outside the repository; a missing one is reported and skipped.

#[path = "reference/tokenize_v1.rs"]
mod reference;

use proptest::prelude::*;
use std::sync::OnceLock;
use tekstlens::tokenize;
use tekstlens::{Analyzer, Options};

type Tok = (usize, usize, String, usize);

fn new_tokens(ts: &[tokenize::Token]) -> Vec<Tok> {
    ts.iter().map(|t| (t.start, t.end, format!("{:?}", t.kind), t.sentence)).collect()
}

fn old_tokens(ts: &[reference::Token]) -> Vec<Tok> {
    ts.iter().map(|t| (t.start, t.end, format!("{:?}", t.kind), t.sentence)).collect()
}

/// Asserts that the new tokenizer agrees with the reference on `text`, token for token.
fn same_tokens(name: &str, text: &str) {
    let new = tokenize::tokenize(text);
    let old = reference::tokenize(text);
    let (n, o) = (new_tokens(&new.tokens), old_tokens(&old.tokens));
    if n != o {
        let i = n.iter().zip(&o).position(|(a, b)| a != b).unwrap_or(n.len().min(o.len()));
        let show = |v: &[Tok]| {
            v.iter().skip(i.saturating_sub(3)).take(7).map(|t| (&text[t.0..t.1], t.2.clone(), t.3)).collect::<Vec<_>>()
        };
        panic!("{name}: tokens differ at {i} ({} vs {} tokens)\n new: {:?}\n old: {:?}", n.len(), o.len(), show(&n), show(&o));
    }
    let ns: Vec<(usize, usize)> = new.sentences.iter().map(|s| (s.start, s.end)).collect();
    let os: Vec<(usize, usize)> = old.sentences.iter().map(|s| (s.start, s.end)).collect();
    if ns != os {
        let i = ns.iter().zip(&os).position(|(a, b)| a != b).unwrap_or(ns.len().min(os.len()));
        let show = |v: &[(usize, usize)]| v.iter().skip(i.saturating_sub(1)).take(3).map(|s| &text[s.0..s.1]).collect::<Vec<_>>();
        panic!("{name}: sentences differ at {i}\n new: {:?}\n old: {:?}", show(&ns), show(&os));
    }
    // `tokens()` (no sentences) gives the same spans and kinds with every sentence 0.
    let t = new_tokens(&tokenize::tokens(text));
    let o0: Vec<Tok> = o.iter().map(|(s, e, k, _)| (*s, *e, k.clone(), 0)).collect();
    assert_eq!(t, o0, "{name}: tokens() differs");
}

/// `count_terms` as it was: reference tokens, `normalize_cow`, the analyzer's stop words and
/// stemmer.
fn old_count_terms(a: &Analyzer, opts: &Options, text: &str) -> Vec<(String, usize)> {
    use std::collections::HashMap;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in reference::tokens(text) {
        let norm = tekstlens::normalize::normalize_cow(&text[t.start..t.end]);
        match t.kind {
            reference::TokenKind::Word => {
                let stop = !opts.include_stop_words && a.stop_words().contains(&norm);
                if !stop {
                    let stem = a.stemmer().stem(norm.trim_matches('-')).into_owned();
                    if !stem.is_empty() {
                        *counts.entry(stem).or_default() += 1;
                    }
                }
            }
            reference::TokenKind::Number if opts.include_numbers && !norm.is_empty() => {
                *counts.entry(norm.into_owned()).or_default() += 1;
            }
            _ => {}
        }
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn analyzers() -> &'static [(Analyzer, Options)] {
    static A: OnceLock<Vec<(Analyzer, Options)>> = OnceLock::new();
    A.get_or_init(|| {
        [(false, false), (true, true), (true, false), (false, true)]
            .into_iter()
            .map(|(include_stop_words, include_numbers)| {
                let o = Options { include_stop_words, include_numbers, ..Default::default() };
                (Analyzer::new(o.clone()).unwrap(), o)
            })
            .collect()
    })
}

fn same_counts(name: &str, text: &str) {
    for (a, o) in analyzers() {
        assert_eq!(a.count_terms(text), old_count_terms(a, o, text), "{name}: count_terms differs ({o:?})");
    }
}

fn same(name: &str, text: &str) {
    same_tokens(name, text);
    same_counts(name, text);
}

fn shared(path: &str) -> Option<String> {
    let p = format!("{}/../shared/{path}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&p) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("SKIPPED {p}: {e}");
            None
        }
    }
}

#[test]
fn demo_letter_and_bench_texts() {
    same("kamerbrief", include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"));
    same("sgd sample", include_str!("../benches/texts/sgd-letters-sample.txt"));
    if let Some(t) = shared("texts/kamerbrief-2015-11-17-aanslagen-parijs.txt") {
        same("shared kamerbrief", &t);
    }
}

#[test]
fn ministerial_letters() {
    let Some(jsonl) = shared("texts/sgd-ministerial-letters.jsonl") else { return };
    let mut n = 0;
    let mut all = String::new();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        same(&format!("letter {}", v["id"]), text);
        all.push_str(text);
        all.push_str("\n\n");
        n += 1;
    }
    assert!(n > 10, "only {n} letters");
    same_tokens("all letters", &all);
}

#[test]
fn ud_dutch_sentences() {
    for file in ["data/ud-dutch/nl_alpino-ud-dev.conllu", "data/ud-dutch/nl_lassysmall-ud-dev.conllu"] {
        let Some(conllu) = shared(file) else { continue };
        let sents: Vec<&str> = conllu.lines().filter_map(|l| l.strip_prefix("# text = ")).collect();
        assert!(sents.len() > 100, "{file}: {} sentences", sents.len());
        for s in &sents {
            same_tokens(file, s);
        }
        same(&format!("{file} (space-joined)"), &sents.join(" "));
        same(&format!("{file} (line-joined)"), &sents.join("\n"));
        same_tokens(&format!("{file} (crlf-joined)"), &sents.join("\r\n"));
    }
}

#[test]
fn table_cases() {
    for text in [
        "Zoals ook aangegeven in DTN40  (Kamerstuk 29 754, nr. 325) zijn er zorgen",
        "Op vrijdag 20 november a.s. is er een extra EU JBZ-Raad (Justitie en Binnenlandse Zaken) bijeen geroepen.",
        "dat illegaal wapenbezit en –handel gezamenlijk moet worden bestreden",
        "de huidige mogelijkheden van immigratie- en veiligheidsdiensten in Europa",
        "waaronder COA, DT&V, IND).  Binnen",
        "Op vele locaties werd op maandag om 12.00u door een minuut stilte respect getoond",
        "als risico’s zich voordoen en zijn een Exit-faciliteit opgericht",
        "hierbij gesteund door o.a. de versterkingsgelden",
        "'s-Gravenhage, 4 October 1951.",
        "in ’s-Hertogenbosch en z’n auto's, ’s avonds",
        "de rente steeg tot 5,75% in 1 000 000 gevallen",
        "het politie-\napparaat en de veiligheids-\n   diensten",
        "„Het is ‘substantieel’,” zei hij.",
        "Het politieke proces en het staakt-het-vuren zijn nauw verbonden",
        "het I&R-proces verder te verbeteren",
        "Meer dan 300 personen, 100% veiligheid (Kamerstuk 29 754) 👍🏽",
        "Hierbij gesteund door o.a. de versterkingsgelden. Het kabinet zal dit steunen.",
        "De besprekingen in Wenen van 14 november jl. Het politieke proces gaat door.",
        "DE MINISTER-PRESIDENT,\nMinister van Algemene Zaken,\nM. Rutte",
        "Zie Kamerstuk 29 754, nr. 325. Daarin staat meer.",
        "Dreigingsbeeld\nDe ontwikkelingen in Parijs worden gevolgd.",
        "Ter voldoening aan het bepaalde in artikel 60 van de\nGrondwet, heb ik de eer U hiernevens\nte doen toekomen.",
        "Tot slot\n\nWe houden rekening met de mogelijkheid.",
        "Wat nu? Niemand weet het! Zo is het.",
        "In Belgie\u{308} en België, ’s-Hertogenbosch 👍🏽 en cafe\u{301}.",
        "Zie o.a. Kamerstuk 29 754, nr. 325. M. Rutte sprak met de DT&V.",
        "Dat gold voor groep B. Daarna niet. Het werkte voor C. Het is zo.",
        "Het gold voor de U.S.A. Daarna niet.",
        "de U.S.A. en de K.N.I.L. waren er",
        "Gesprek met A.J.M. van der Laan.",
        "In 2015 was 5,75% 👍🏽 ok!",
        "zei hij.” Daarna ging hij. (Zie ook bijlage 2.) En verder…  Nog iets?! ‘Ja.’ \u{201C}Nee.\u{201D}",
        "a.b.c 1.2,3 a1.2 1a.b a:b 1:2 a,b 1;2 a'b 1'2 a_b _a __ a_.b x.\u{301}y 3.\u{301}4",
        "Einde.\r\nVolgende regel\rlone CR\n\rLF CR\u{2028}LS\u{2029}PS\u{85}NEL \u{b}VT\u{c}FF",
        "bedrag € 1.000,- en 12,5 %; 3/4 deel & meer.\u{a0}Daarna\u{a0}\u{a0}niet. a.\u{a0}b",
        "soft\u{ad}hyphen zw\u{200d}j \u{feff}bom 👨\u{200d}👩\u{200d}👧 e\u{301}\u{302}",
        "", " ", "\n", "\r", "\r\n", ".", ". A", "a. b", "A. B", "1. 2", "…", "?!", "\u{301}", " \u{301}", ".\u{301} A",
    ] {
        same(text, text);
    }
}

/// Spans the fast paths hand over: sentence windows wider than their bound (the whole text is
/// then segmented once), long fallback chunks without ASCII whitespace, chunks that start or end
/// the text.
#[test]
fn wide_windows_and_long_fallbacks() {
    let emoji = "👍".repeat(300);
    let closes = "\u{201D}".repeat(300);
    let cases = [
        format!("Einde. {emoji} daarna. En toen? {emoji}\nNog een regel."),
        format!("Hij zei{closes}. Daarna ging hij. {closes} Ja."),
        format!("Zie nr. {} en verder. Klaar.", "1".repeat(600)),
        format!("{}. Dan.", "é".repeat(400)),
        format!("{} en {}", "ë\u{301}".repeat(500), "a.b".repeat(200)),
        "。1".repeat(400),
        ". 1".repeat(400),
        format!("\u{301}begin en {}", "x\u{a0}".repeat(300)),
    ];
    for (i, text) in cases.iter().enumerate() {
        same(&format!("wide case {i}"), text);
    }
}

/// Text mixing the characters the fast paths treat specially with ones they hand to
/// unicode-segmentation.
fn mixed() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z]{1,6}",
        2 => "[0-9]{1,4}",
        3 => prop::sample::select(vec![
            " ", " ", " ", "  ", ".", ". ", ",", "'", "-", "&", "%", "/", "\n", "\n\n", "\r", "\r\n",
            "\t", ":", ";", "_", "!", "?", "(", ")", "\"", "[", "]", "{", "}", "*", "\u{b}", "\u{c}",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "ë", "é", "ï", "ö", "ü", "à", "Ë", "É", "×", "÷", "ß", "ÿ", "’", "‘", "“", "”", "„", "–",
            "—", "…", "\u{a0}", "\u{202f}", "👍🏽", "👍", "\u{301}", "\u{308}", "\u{200d}", "\u{ad}",
            "\u{2028}", "\u{85}", "«", "»", "·", "€", "ĳ", "\u{3000}", "。",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "o.a.", "M. ", "nr. ", "enz. ", "a.s. ", "Rutte", "de", "en", "U.S.A.", "DT&V", "12.00u",
            "5,75%", "29 754", "’s-Hertogenbosch", "'s ", "politie-\napparaat", " en –handel",
            "immigratie- en ", "z’n", "auto's", "jl. ", "Dhr. ", "A.J.M. ", "e\u{301}e\u{301}n",
        ]).prop_map(str::to_string),
        1 => "\\PC{0,3}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn mixed_strings_tokenize_the_same(text in mixed()) {
        same_tokens("proptest", &text);
    }

    #[test]
    fn mixed_strings_count_the_same(text in mixed()) {
        same_counts("proptest", &text);
    }

    #[test]
    fn arbitrary_strings_tokenize_the_same(text in "\\PC{0,80}") {
        same_tokens("proptest", &text);
    }
}

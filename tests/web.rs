//! The wasm bindings in headless Chromium (wasm-bindgen-test):
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver \
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//! cargo test --target wasm32-unknown-unknown --test web
//! ```
//!
//! The tests go through the JavaScript class `Analyzer` exactly as a page sees it (the generated
//! bindings module, imported again by URL), so thrown errors are real JavaScript exceptions and
//! offsets are checked with JavaScript's own `String.prototype.slice`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function importBindings() {
  // wasm-bindgen-test-runner's page imports the generated bindings from './wasm-bindgen-test';
  // the same URL gives the same, already initialised module instance.
  return import(new URL('wasm-bindgen-test', document.baseURI).href);
}
export function newAnalyzer(m, options) { return new m.Analyzer(options); }
export function newAnalyzerError(m, options) {
  try { new m.Analyzer(options); return null; } catch (e) { return e; }
}
export function newAnalyzerNoArgs(m) { return new m.Analyzer(); }
export function analyze(analyzer, text) { return analyzer.analyze(text); }
export function analyzeWithoutTokens(analyzer, text) { return analyzer.analyze(text, { tokens: false }); }
export function analyzeError(analyzer, text) {
  try { analyzer.analyze(text); return null; } catch (e) { return e; }
}
export function isError(e) { return e instanceof Error; }
export function errorMessage(e) { return String(e && e.message); }
export function measureCount(name) { return performance.getEntriesByName(name, 'measure').length; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = importBindings)]
    fn import_bindings() -> js_sys::Promise;
    #[wasm_bindgen(js_name = newAnalyzer)]
    fn new_analyzer(m: &JsValue, options: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = newAnalyzerError)]
    fn new_analyzer_error(m: &JsValue, options: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = newAnalyzerNoArgs)]
    fn new_analyzer_no_args(m: &JsValue) -> JsValue;
    fn analyze(analyzer: &JsValue, text: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = analyzeWithoutTokens)]
    fn analyze_without_tokens(analyzer: &JsValue, text: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = analyzeError)]
    fn analyze_error(analyzer: &JsValue, text: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = isError)]
    fn is_error(e: &JsValue) -> bool;
    #[wasm_bindgen(js_name = errorMessage)]
    fn error_message(e: &JsValue) -> String;
    #[wasm_bindgen(js_name = measureCount)]
    fn measure_count(name: &str) -> u32;
}

/// The generated bindings module (its `Analyzer` is the class under test).
async fn bindings() -> JsValue {
    let m = JsFuture::from(import_bindings()).await.expect("import the bindings module");
    let class = Reflect::get(&m, &"Analyzer".into()).unwrap();
    assert!(class.is_function(), "the bindings module exports no Analyzer class");
    m
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Analysis {
    tokens: Vec<Token>,
    sentences: Vec<Span>,
    terms: Vec<Term>,
    entities: Vec<Entity>,
    stats: Stats,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Token {
    start: u32,
    end: u32,
    kind: String,
    sentence: usize,
    norm: String,
    stem: Option<String>,
    stop: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Span {
    start: u32,
    end: u32,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Term {
    display: String,
    stem: String,
    count: usize,
    frequency: f64,
    forms: Vec<Form>,
    positions: Vec<usize>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Form {
    form: String,
    count: usize,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Entity {
    text: String,
    label: String,
    start: u32,
    end: u32,
    token_start: usize,
    token_end: usize,
    source: String,
    canonical: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct Stats {
    sentences: usize,
    words: usize,
    distinct_words: usize,
    type_token_ratio: f64,
    mean_sentence_length: f64,
    mean_syllables_per_word: f64,
    flesch_douma: Option<f64>,
}

/// Analyses `text` through the JavaScript class; checks it is a plain object and parses it.
fn run(analyzer: &JsValue, text: &str) -> Analysis {
    let value = analyze(analyzer, &JsValue::from_str(text));
    let proto = Object::get_prototype_of(&value);
    assert!(proto == Object::get_prototype_of(&Object::new()), "analyze() must return a plain object");
    // `json_compatible`: no Maps, no undefined; a JSON round trip keeps everything.
    let json = js_sys::JSON::stringify(&value).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&js_sys::JSON::parse(&String::from(json.clone())).unwrap()).unwrap(),
        json
    );
    serde_wasm_bindgen::from_value(value).expect("result has the documented shape")
}

/// JavaScript's `text.slice(start, end)`.
fn slice(text: &str, start: u32, end: u32) -> String {
    JsString::from(text).slice(start, end).into()
}

/// Checks every UTF-16 offset in `a` against the core's byte offsets for the same text.
fn assert_offsets_match_core(text: &str, a: &Analysis) {
    let core = tekstlens::Analyzer::new(Default::default()).unwrap().analyze(text);
    assert_eq!(a.tokens.len(), core.tokens.len());
    for (t, c) in a.tokens.iter().zip(&core.tokens) {
        assert_eq!(slice(text, t.start, t.end), &text[c.start..c.end], "token {t:?}");
        assert_eq!(t.norm, c.norm);
    }
    assert_eq!(a.sentences.len(), core.sentences.len());
    for (s, c) in a.sentences.iter().zip(&core.sentences) {
        assert_eq!(slice(text, s.start, s.end), &text[c.start..c.end]);
    }
    assert_eq!(a.entities.len(), core.entities.len());
    for (e, c) in a.entities.iter().zip(&core.entities) {
        assert_eq!(slice(text, e.start, e.end), e.text, "entity {e:?}");
        assert_eq!(e.text, c.text);
        assert_eq!((e.token_start, e.token_end), (c.token_start, c.token_end));
        assert_eq!(e.label, c.label.as_str());
    }
}

const LETTER: &str = "Den Haag, 17 november 2015\n\
Afgelopen vrijdag werd Parijs getroffen door een serie terroristische aanslagen. \
Aanslagen op onschuldige mensen die aan het genieten waren van een vrije avond. \
Nederland staat pal naast Frankrijk in de bescherming en verdediging van wat ons lief is: \
onze vrijheid en onze veiligheid voorop.\n\
De AIVD en de MIVD volgen de ontwikkelingen nauwgezet. ISIS heeft de aanslagen opgeëist. \
De Koninklijke Marechaussee (Kmar) voert extra controles uit aan de grens met België; \
de Kmar werkt daarbij samen met de politie. Zie ook Kamerstuk 29 754, nr. 325.\n\
M. Rutte, minister van Algemene Zaken";

#[wasm_bindgen_test]
async fn analyses_the_demo_letter() {
    let m = bindings().await;
    let analyzer = new_analyzer(&m, &Object::new().into());
    let a = run(&analyzer, LETTER);

    let org = |name: &str| a.entities.iter().any(|e| e.text == name && e.label == "ORG");
    for name in ["AIVD", "MIVD", "ISIS", "Kmar"] {
        assert!(org(name), "{name} should be an ORG entity: {:?}", a.entities);
    }
    let kmar = a.entities.iter().find(|e| e.text == "Kmar").unwrap();
    assert_eq!(kmar.canonical.as_deref(), Some("Koninklijke Marechaussee"));
    assert!(a.entities.iter().any(|e| e.text == "Parijs" && e.label == "LOC"));
    assert!(a.entities.iter().any(|e| e.label == "DATE" && e.text.contains("17 november 2015")));
    assert!(a.entities.iter().all(|e| ["gazetteer", "rule", "model"].contains(&e.source.as_str())));

    let top = &a.terms[0];
    assert_eq!(top.stem, "aanslag");
    assert_eq!(top.count, 3);
    assert_eq!(top.forms.iter().map(|f| f.count).sum::<usize>(), top.count);
    assert!(top.forms.iter().any(|f| f.form == "aanslagen"), "{:?}", top.forms);
    assert!(top.frequency > 0.0 && top.frequency < 1.0);
    for p in &top.positions {
        let t = &a.tokens[*p];
        assert_eq!(t.stem.as_deref(), Some("aanslag"));
        assert!(slice(LETTER, t.start, t.end).to_lowercase().starts_with("aanslag"));
    }
    assert!(!a.terms.iter().any(|t| t.display == "de"), "stop words are not terms by default");
    assert!(a.tokens.iter().all(|t| ["word", "number", "punct", "symbol"].contains(&t.kind.as_str())));
    assert!(a.tokens.iter().any(|t| t.stop));
    assert!(a.tokens.iter().all(|t| t.sentence < a.sentences.len()));
    assert!(a.stats.words > 50 && a.stats.sentences >= 6);
    assert!(a.stats.flesch_douma.is_some());
    assert_offsets_match_core(LETTER, &a);
}

#[wasm_bindgen_test]
async fn analyses_without_tokens_on_request() {
    let m = bindings().await;
    let analyzer = new_analyzer_no_args(&m);
    let full = run(&analyzer, LETTER);
    let lean: Analysis =
        serde_wasm_bindgen::from_value(analyze_without_tokens(&analyzer, &JsValue::from_str(LETTER))).unwrap();
    assert!(lean.tokens.is_empty());
    assert!(lean.terms.iter().all(|t| t.positions.is_empty()));
    assert_eq!(lean.terms.len(), full.terms.len());
    assert_eq!(lean.entities.len(), full.entities.len());
    for (a, b) in lean.entities.iter().zip(&full.entities) {
        assert_eq!((a.start, a.end, &a.text, &a.label), (b.start, b.end, &b.text, &b.label));
    }
    assert_eq!(lean.stats.words, full.stats.words);
}

#[wasm_bindgen_test]
async fn offsets_are_utf16_code_units() {
    let m = bindings().await;
    let analyzer = new_analyzer_no_args(&m);
    // "België" (ë is one code unit but two UTF-8 bytes), an emoji with a skin-tone modifier
    // (four code units, eight bytes), a combining accent (e + U+0301) and a character outside
    // the BMP inside a word.
    let text = "Goed nieuws uit België 👍🏽! De cafe\u{301} in Brussel en de AIVD 𝒳 in Parijs. \
                Daarna: België, Frankrijk en de Kmar.";
    let a = run(&analyzer, text);
    assert_offsets_match_core(text, &a);

    let js = JsString::from(text);
    let belgie: Vec<&Entity> = a.entities.iter().filter(|e| e.text == "België").collect();
    assert_eq!(belgie.len(), 2, "{:?}", a.entities);
    assert_eq!(belgie[0].start, js.index_of("België", 0) as u32);
    assert_eq!(belgie[0].end, belgie[0].start + 6);
    let aivd = a.entities.iter().find(|e| e.text == "AIVD").expect("AIVD");
    assert_eq!(aivd.start, js.index_of("AIVD", 0) as u32);
    let parijs = a.entities.iter().find(|e| e.text == "Parijs").expect("Parijs");
    assert_eq!(parijs.start, js.index_of("Parijs", 0) as u32);
    assert_eq!(slice(text, parijs.start, parijs.end), "Parijs");

    // The combining mark stays inside its token.
    let cafe = a.tokens.iter().find(|t| t.norm.starts_with("caf")).expect("café token");
    assert_eq!(slice(text, cafe.start, cafe.end), "cafe\u{301}");
    // The emoji's code units are covered by tokens or left between them, never split.
    let thumbs = js.index_of("👍🏽", 0) as u32;
    for t in &a.tokens {
        assert!(!(t.start > thumbs && t.start < thumbs + 4), "token starts inside the emoji: {t:?}");
        assert!(!(t.end > thumbs && t.end < thumbs + 4), "token ends inside the emoji: {t:?}");
    }
    let last = a.tokens.last().unwrap();
    assert_eq!(last.end, js.length(), "the final '.' ends at the UTF-16 length");
}

#[wasm_bindgen_test]
async fn long_text_offsets_stay_exact() {
    let m = bindings().await;
    let analyzer = new_analyzer(&m, &JsValue::UNDEFINED);
    let mut text = String::new();
    for i in 0..60 {
        text.push_str(&format!("{i}. Ça va, België 👍🏽? "));
        text.push_str(LETTER);
        text.push('\n');
    }
    let a = run(&analyzer, &text);
    assert_offsets_match_core(&text, &a);
    assert_eq!(a.entities.iter().filter(|e| e.text == "Kmar").count(), 120);
}

#[wasm_bindgen_test]
async fn options_change_the_terms() {
    let m = bindings().await;
    let text = "De aanslagen in Parijs. De aanslag was in 2015, en 2015 was zwaar.";
    let with_stop = new_analyzer(&m, &options(r#"{"includeStopWords": true, "includeNumbers": true}"#));
    let a = run(&with_stop, text);
    assert!(a.terms.iter().any(|t| t.stem == "de"));
    assert!(a.terms.iter().any(|t| t.display == "2015"));

    let extra = new_analyzer(&m, &options(r#"{"extraStopWords": ["Parijs"]}"#));
    let a = run(&extra, text);
    assert!(!a.terms.iter().any(|t| t.display == "Parijs"));
    assert!(!a.terms.iter().any(|t| t.stem == "de"), "extra words add to the default list");

    let replaced =
        new_analyzer(&m, &options(r#"{"stopWords": ["aanslag", "aanslagen"], "includeStopWords": false}"#));
    let a = run(&replaced, text);
    assert!(!a.terms.iter().any(|t| t.stem == "aanslag"));
    assert!(a.terms.iter().any(|t| t.stem == "de"), "the default list is replaced");
    assert_eq!(Reflect::get(&replaced, &"stopWordCount".into()).unwrap().as_f64(), Some(2.0));

    // Explicit undefined means "not given".
    let a = run(&new_analyzer(&m, &options("{}")), text);
    assert_eq!(a.terms[0].stem, "aanslag");
}

#[wasm_bindgen_test]
async fn errors_are_javascript_exceptions() {
    let m = bindings().await;
    let bad: [(JsValue, &str); 6] = [
        (JsValue::from_str("includeStopWords"), "must be an object"),
        (JsValue::from_f64(42.0), "must be an object"),
        (JsValue::TRUE, "must be an object"),
        (Array::of1(&JsValue::TRUE).into(), "must be an object"),
        (options(r#"{"includeStopWords": "ja"}"#), "invalid Analyzer options"),
        (options(r#"{"includeStopword": true}"#), "includeStopword"),
    ];
    for (value, expected) in bad {
        let err = new_analyzer_error(&m, &value);
        assert!(is_error(&err), "options {value:?} should throw an Error, got {err:?}");
        let msg = error_message(&err);
        assert!(msg.contains(expected), "message {msg:?} should mention {expected:?}");
        assert!(msg.starts_with("tekstlens: "), "{msg}");
    }
    let err = new_analyzer_error(&m, &options(r#"{"stopWords": "de het een"}"#));
    assert!(is_error(&err), "stopWords must be an array");

    for ok in [JsValue::UNDEFINED, JsValue::NULL, options(r#"{"stopWords": null}"#)] {
        assert!(new_analyzer_error(&m, &ok).is_null(), "{ok:?} is a valid options value");
    }

    let analyzer = new_analyzer(&m, &JsValue::UNDEFINED);
    for value in [JsValue::from_f64(1.0), JsValue::NULL, JsValue::UNDEFINED, Object::new().into()] {
        let err = analyze_error(&analyzer, &value);
        assert!(is_error(&err), "analyze({value:?}) should throw");
        assert!(error_message(&err).contains("expects a string"), "{}", error_message(&err));
    }
    // The analyzer still works after an error.
    assert!(analyze_error(&analyzer, &JsValue::from_str("")).is_null());
    let a = run(&analyzer, "");
    assert!(a.tokens.is_empty() && a.entities.is_empty() && a.terms.is_empty());
    assert_eq!(a.stats.flesch_douma, None);
}

#[wasm_bindgen_test]
async fn records_user_timing_measures() {
    let m = bindings().await;
    let analyzer = new_analyzer(&m, &JsValue::UNDEFINED);
    run(&analyzer, LETTER);
    run(&analyzer, LETTER);
    assert_eq!(measure_count("tekstlens:analyze"), 1, "only the latest measure is kept");
    assert_eq!(measure_count("tekstlens:convert"), 1);
}

#[wasm_bindgen_test]
async fn exports_a_version() {
    let m = bindings().await;
    let f: js_sys::Function = Reflect::get(&m, &"version".into()).unwrap().into();
    assert_eq!(f.call0(&JsValue::NULL).unwrap().as_string().as_deref(), Some(env!("CARGO_PKG_VERSION")));
}

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
export function call(obj, name, args) {
  try { return { ok: obj[name](...args) }; } catch (e) { return { err: e }; }
}
export function moduleCall(m, name, args) { return m[name](...args); }
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
    /// `obj[name](...args)` as `{ ok: result }` or `{ err: thrown }`.
    fn call(obj: &JsValue, name: &str, args: Array) -> JsValue;
    #[wasm_bindgen(js_name = moduleCall)]
    fn module_call(m: &JsValue, name: &str, args: Array) -> JsValue;
}

/// `obj[name](...args)`, expecting it not to throw.
fn call_ok(obj: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let r = call(obj, name, args.iter().collect());
    let err = Reflect::get(&r, &"err".into()).unwrap();
    assert!(err.is_undefined(), "{name} threw: {}", error_message(&err));
    Reflect::get(&r, &"ok".into()).unwrap()
}

/// `obj[name](...args)`, expecting it to throw an Error; returns its message.
fn call_err(obj: &JsValue, name: &str, args: &[JsValue]) -> String {
    let r = call(obj, name, args.iter().collect());
    let err = Reflect::get(&r, &"err".into()).unwrap();
    assert!(is_error(&err), "{name} should throw an Error");
    error_message(&err)
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
    readability: Readability,
    keywords: Vec<Keyword>,
    stemmer: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Readability {
    brouwer: Option<f64>,
    sentences: Vec<SentenceReadability>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct SentenceReadability {
    sentence: usize,
    words: usize,
    syllables: usize,
    flesch_douma: Option<f64>,
    brouwer: Option<f64>,
    hard: bool,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct Keyword {
    stem: String,
    display: String,
    count: usize,
    per_million: f64,
    reference_per_million: f64,
    in_reference: bool,
    log_likelihood: f64,
    log_ratio: f64,
    explanation: String,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct KwicLine {
    token_start: usize,
    token_end: usize,
    start: u32,
    end: u32,
    left_start: u32,
    right_end: u32,
    left: String,
    keyword: String,
    right: String,
    sentence: usize,
    left_word: Option<String>,
    right_word: Option<String>,
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
    // the BMP (a letter: a capital next to "AIVD" the model reads as part of the name).
    let text = "Goed nieuws uit België 👍🏽! De cafe\u{301} in Brussel en de AIVD in Parijs (formule 𝒳). \
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

#[wasm_bindgen_test]
async fn readability_keywords_and_stemmer_fields() {
    let m = bindings().await;
    let analyzer = new_analyzer_no_args(&m);
    let a = run(&analyzer, LETTER);
    assert_eq!(a.stemmer, "porter");
    assert!(a.keywords.is_empty(), "keywords are off without a reference list");
    assert_eq!(a.readability.sentences.len(), a.sentences.len());
    assert!(a.readability.brouwer.is_some());
    assert!(a.readability.sentences.iter().enumerate().all(|(i, r)| r.sentence == i));

    call_ok(&analyzer, "setReferenceList", &[JsValue::from_str(tekstlens::keyness::WORDFREQ_NL)]);
    let a = run(&analyzer, LETTER);
    let k = a.keywords.iter().find(|k| k.stem == "aanslag").expect("aanslag is a keyword");
    assert!(k.log_likelihood >= 6.63 && k.log_ratio > 0.0 && k.explanation.contains("vaker"), "{k:?}");
    call_ok(&analyzer, "setReferenceList", &[JsValue::NULL]);
    assert!(run(&analyzer, LETTER).keywords.is_empty());

    let kp = new_analyzer(&m, &options(r#"{"stemmer": "kraaijPohlmann"}"#));
    assert_eq!(Reflect::get(&kp, &"stemmer".into()).unwrap().as_string().as_deref(), Some("kraaijPohlmann"));
    let a = run(&kp, "Het huisje en de huizen.");
    assert_eq!(a.stemmer, "kraaijPohlmann");
    assert_eq!((a.terms[0].stem.as_str(), a.terms[0].count), ("huis", 2));
    call_ok(&kp, "setStemmer", &[JsValue::from_str("porter")]);
    let a = run(&kp, "Het huisje en de huizen.");
    assert_eq!(a.stemmer, "porter");
    assert!(a.terms.iter().all(|t| t.count == 1), "Porter keeps huisje and huizen apart: {:?}", a.terms);
    assert!(call_err(&kp, "setStemmer", &[JsValue::from_str("lovins")]).contains("porter"));
    assert!(new_analyzer_error(&m, &options(r#"{"stemmer": "snowball"}"#)).is_truthy());
}

#[wasm_bindgen_test]
async fn kwic_offsets_are_utf16_code_units() {
    let m = bindings().await;
    let analyzer = new_analyzer_no_args(&m);
    let text = "In België 👍🏽 vielen aanslagen. Na de aanslag in België sprak 𝒳 de Kmar, en België rouwde.";
    let analysis = run(&analyzer, text);
    let js = JsString::from(text);
    let target = options(r#"{"term": "aanslag"}"#);
    let lines: Vec<KwicLine> =
        serde_wasm_bindgen::from_value(call_ok(&analyzer, "kwic", &[text.into(), target, options(r#"{"width": 3}"#)]))
            .unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].start, js.index_of("aanslagen", 0) as u32);
    for l in &lines {
        assert_eq!(slice(text, l.start, l.end), l.keyword);
        assert!(l.left_start <= l.start && l.end <= l.right_end && l.right_end <= js.length());
        assert!(l.token_start < l.token_end);
        let s = &analysis.sentences[l.sentence];
        assert!(s.start <= l.start && l.end <= s.end, "{l:?} in {s:?}");
    }
    assert_eq!(lines[0].left, "In België 👍🏽 vielen");
    assert_eq!(lines[1].right, "in België sprak");
    assert_eq!(slice(text, lines[0].left_start, lines[0].start), "In België 👍🏽 vielen ");

    // An entity, sorted by the word to its right: "rouwde" < "sprak" < "vielen" ... ("👍🏽" is no word).
    let lines: Vec<KwicLine> = serde_wasm_bindgen::from_value(call_ok(
        &analyzer,
        "kwic",
        &[text.into(), options(r#"{"entity": "België"}"#), options(r#"{"sort": "right", "width": 1}"#)],
    ))
    .unwrap();
    assert_eq!(lines.len(), 3);
    let rights: Vec<&str> = lines.iter().map(|l| l.right_word.as_deref().unwrap_or("")).collect();
    assert_eq!(rights, ["rouwde", "sprak", "vielen"]);
    assert_eq!(lines[0].left_word.as_deref(), Some("en"));
    for l in &lines {
        assert_eq!(slice(text, l.start, l.end), "België");
    }
    // A text other than the latest one is analysed anew; a bad target throws.
    let other = "Eén aanslag.";
    let lines: Vec<KwicLine> =
        serde_wasm_bindgen::from_value(call_ok(&analyzer, "kwic", &[other.into(), options(r#"{"term": "aanslag"}"#)]))
            .unwrap();
    assert_eq!((lines.len(), lines[0].start), (1, 4));
    assert!(call_err(&analyzer, "kwic", &[other.into(), options(r#"{"woord": "x"}"#)]).starts_with("tekstlens: "));
    assert!(call_err(&analyzer, "kwic", &[other.into(), options(r#"{"term": "x"}"#), options(r#"{"sort": "up"}"#)])
        .contains("kwic options"));
}

#[wasm_bindgen_test]
async fn compare_explain_stem_and_csv() {
    let m = bindings().await;
    let analyzer = new_analyzer_no_args(&m);
    let c = call_ok(&analyzer, "compare", &["De aanslag in Parijs. De aanslagen.".into(), "Het water in Zeeland. Water.".into()]);
    let json: serde_json::Value = serde_wasm_bindgen::from_value(c).unwrap();
    assert_eq!(json["termsA"][0]["stem"], "aanslag");
    assert_eq!(json["termsB"][0]["stem"], "water");
    assert!(json["entitiesA"].as_array().unwrap().iter().any(|e| e["name"] == "Parijs" && e["label"] == "LOC"));

    let e: serde_json::Value =
        serde_wasm_bindgen::from_value(module_call(&m, "explainStem", Array::of1(&"Aanslagen".into()))).unwrap();
    assert_eq!(e["stem"], "aanslag");
    assert_eq!(e["r1"], "slagen");
    assert!(e["steps"].as_array().unwrap().iter().any(|s| s["kind"] == "step1" && s["applied"] == true && s["suffix"] == "en"));
    let stem = |w: &str, k: JsValue| module_call(&m, "stemWord", Array::of2(&w.into(), &k)).as_string().unwrap();
    assert_eq!(stem("huisje", JsValue::UNDEFINED), "huisj");
    assert_eq!(stem("Huisje", "kraaijPohlmann".into()), "huis");

    let text = "Aanslagen, aanslagen en de aanslag in België. De AIVD.";
    run(&analyzer, text);
    let csv = call_ok(&analyzer, "termsCsv", &[text.into()]).as_string().unwrap();
    assert!(csv.starts_with("term,stem,count,frequency,forms\r\n"), "{csv}");
    assert!(csv.contains("aanslagen,aanslag,3,"), "{csv}");
    let csv = call_ok(&analyzer, "entitiesCsv", &[text.into(), options(r#"{"delimiter": ";", "bom": true}"#)])
        .as_string()
        .unwrap();
    assert!(csv.starts_with("\u{FEFF}text;label;canonical;source;sentence;start;end\r\n"), "{csv}");
    assert!(csv.contains("België;LOC;"), "{csv}");
    assert!(call_err(&analyzer, "termsCsv", &[text.into(), options(r#"{"delimiter": ";;"}"#)]).contains("one character"));

    // The maximum input size holds for every method that analyses.
    call_ok(&analyzer, "setMaxInputBytes", &[JsValue::from_f64(20.0)]);
    let long = "Een tekst die langer is dan twintig bytes.";
    assert!(call_err(&analyzer, "kwic", &[long.into(), options(r#"{"term": "tekst"}"#)]).contains("too long"));
    assert!(call_err(&analyzer, "compare", &[long.into(), "Kort.".into()]).contains("too long"));
    assert!(call_err(&analyzer, "termsCsv", &[long.into()]).contains("too long"));
    assert!(call_ok(&analyzer, "termsCsv", &["Kort.".into()]).is_string());
}

#[wasm_bindgen_test]
async fn load_model_rejects_a_bad_file_and_keeps_working() {
    let m = bindings().await;
    let analyzer = new_analyzer_no_args(&m);
    let bad = js_sys::Uint8Array::from(&b"dit is geen model"[..]);
    let msg = call_err(&analyzer, "loadModel", &[bad.into()]);
    assert!(msg.starts_with("tekstlens: not a usable model"), "{msg}");
    let a = run(&analyzer, LETTER);
    assert!(a.entities.iter().any(|e| e.text == "AIVD"));
    assert!(call_ok(&analyzer, "useDefaultModel", &[]).as_bool().is_some());
}

/// The entity data as the wasm package ships it beside the wasm (scripts/build writes the same
/// gazetteer file). This test build compiles the data in (feature `embedded-data`, the default);
/// loading the files must give exactly the entities of the compiled-in data.
#[wasm_bindgen_test]
async fn entity_data_loads_from_the_shipped_files() {
    let m = bindings().await;
    let call_module = |name: &str, args: &[JsValue]| module_call(&m, name, args.iter().collect());
    let embedded = call_module("hasEntityData", &[]).as_bool().unwrap();
    let before = run(&new_analyzer_no_args(&m), LETTER);

    let mut bundle = String::from("#@tekstlens-gazetteers 1\n");
    for (name, data) in [
        ("curated.tsv", include_str!("../data/gazetteers/curated.tsv")),
        ("organisations.tsv", include_str!("../data/gazetteers/organisations.tsv")),
        ("people.tsv", include_str!("../data/gazetteers/people.tsv")),
        ("places-nl.tsv", include_str!("../data/gazetteers/places-nl.tsv")),
        ("places-cldr.tsv", include_str!("../data/gazetteers/places-cldr.tsv")),
        ("nationalities.tsv", include_str!("../data/gazetteers/nationalities.tsv")),
    ] {
        bundle.push_str(&format!("#@list {name}\n{data}"));
    }
    bundle.push_str(&format!("#@first-names\n{}", include_str!("../data/gazetteers/first-names.txt")));
    let model = js_sys::Uint8Array::from(&include_bytes!("../data/model/tekstlens-nl.model")[..]);

    // Bad files: clear errors, nothing changes.
    let throws = |name: &str, arg: JsValue| {
        let r = call(&m, name, [arg].iter().collect());
        let err = Reflect::get(&r, &"err".into()).unwrap();
        assert!(is_error(&err), "{name} should throw an Error");
        error_message(&err)
    };
    let msg = throws("loadGazetteers", "ORG\texact\tOM\t".into());
    assert!(msg.contains("could not load the gazetteers: not a tekstlens gazetteer file"), "{msg}");
    let msg = throws("loadGazetteers", "#@tekstlens-gazetteers 1\n#@list x.tsv\nXYZ\tcap\tFoo\n".into());
    assert!(msg.contains("x.tsv, line 1"), "{msg}");
    let msg = throws("loadEntityModel", js_sys::Uint8Array::from(&b"geen model"[..]).into());
    assert!(msg.starts_with("tekstlens: could not load the entity model"), "{msg}");

    assert!(call_module("loadGazetteers", &[bundle.into()]).as_f64().unwrap() > 5000.0);
    assert!(call_module("loadEntityModel", &[model.into()]).as_string().unwrap().starts_with("labels "));
    assert!(call_module("hasEntityData", &[]).as_bool().unwrap());
    let after = run(&new_analyzer_no_args(&m), LETTER);
    assert!(after.entities.iter().any(|e| e.text == "AIVD" && e.label == "ORG"));
    if embedded {
        let key = |a: &Analysis| a.entities.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>();
        assert_eq!(key(&before), key(&after), "the shipped files give the compiled-in entities");
    }
}

/// Adversarial inputs through the JavaScript API (issue 7; the native set is tests/adversarial.rs).
mod adversarial {
    use super::*;

    #[wasm_bindgen(inline_js = r#"
export function loneSurrogateCheck(analyzer) {
  // Lone surrogates become U+FFFD in Rust (one UTF-16 unit each, like the surrogate), so
  // offsets still slice the original JS string.
  const text = 'De \uD800AIVD\uDC00 sprak met M. Rutte \uDBFF in Parijs.\uD83D Einde \uDE00';
  const a = analyzer.analyze(text);
  const bad = [];
  for (const e of a.entities) if (text.slice(e.start, e.end) !== e.text) bad.push(`${e.text}@${e.start}`);
  for (const t of a.tokens) if (!(t.start < t.end && t.end <= text.length)) bad.push(`token ${t.start}..${t.end}`);
  const names = a.entities.map((e) => e.text);
  for (const want of ['AIVD', 'M. Rutte', 'Parijs']) if (!names.includes(want)) bad.push(`missing ${want}`);
  return bad.join(', ');
}
export function bigInputs(analyzer) {
  const out = [];
  for (const text of ['', '   \n\t ', '\n'.repeat(1_000_000), 'a'.repeat(10_000_000), '\0'.repeat(100_000),
                      'AIVD '.repeat(100_000), 'e' + '\u0301'.repeat(100_000), 'مرحبا \u200D\u200F שלום',
                      'De AIVD sprak in Parijs met M. Rutte. '.repeat(34_000)]) {
    const a = analyzer.analyze(text, { tokens: false });
    let last = 0;
    for (const e of a.entities) {
      if (e.start < last || e.end > text.length || text.slice(e.start, e.end) !== e.text) { out.push(`bad entity in text of ${text.length}`); break; }
      last = e.end;
    }
  }
  return out.join(', ');
}
export function tooLong(analyzer) {
  analyzer.setMaxInputBytes(1000);
  try { analyzer.analyze('x'.repeat(1001)); return 'no error'; }
  catch (e) { return e instanceof Error ? e.message : 'not an Error'; }
  finally { analyzer.setMaxInputBytes(20_000_000); }
}
export function countTermsCheck(analyzer) {
  // Stems outside ASCII and outside the BMP too: the Map's keys are cut from one string by
  // UTF-16 lengths.
  const text = 'De aanslagen en de aanslag in Parijs. Aanslagen! België, belgië en ’s-Hertogenbosch; ' +
    'café cafe\u0301 naïef naïeve 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 x😀y 東京 東京 東京.';
  const counts = analyzer.countTerms(text);
  const terms = analyzer.analyze(text).terms;
  if (!(counts instanceof Map)) return 'not a Map';
  for (const t of terms) if (counts.get(t.stem) !== t.count) return `count of ${t.stem}: ${counts.get(t.stem)} != ${t.count}`;
  if (counts.size !== terms.length) return 'sizes differ';
  if (counts.get('belgie') !== 2 || counts.get('東') !== 3 || counts.get('𝔘𝔫𝔦𝔠𝔬𝔡𝔢') !== 2) return `non-ASCII stems: ${[...counts.keys()]}`;
  const values = [...counts.values()];
  return values.every((c, i) => i === 0 || values[i - 1] >= c) ? '' : 'not count descending';
}
"#)]
    extern "C" {
        #[wasm_bindgen(js_name = loneSurrogateCheck)]
        fn lone_surrogate_check(analyzer: &JsValue) -> String;
        #[wasm_bindgen(js_name = bigInputs)]
        fn big_inputs(analyzer: &JsValue) -> String;
        #[wasm_bindgen(js_name = tooLong)]
        fn too_long(analyzer: &JsValue) -> String;
        #[wasm_bindgen(js_name = countTermsCheck)]
        fn count_terms_check(analyzer: &JsValue) -> String;
    }

    #[wasm_bindgen_test]
    async fn lone_surrogates_keep_offsets() {
        let m = bindings().await;
        assert_eq!(lone_surrogate_check(&new_analyzer_no_args(&m)), "");
    }

    #[wasm_bindgen_test]
    async fn huge_and_odd_inputs_do_not_throw() {
        let m = bindings().await;
        assert_eq!(big_inputs(&new_analyzer_no_args(&m)), "");
    }

    #[wasm_bindgen_test]
    async fn over_the_maximum_is_a_clear_error() {
        let m = bindings().await;
        let msg = too_long(&new_analyzer_no_args(&m));
        assert!(msg.contains("text too long: 1001 bytes"), "{msg}");
    }

    #[wasm_bindgen_test]
    async fn count_terms_matches_the_terms() {
        let m = bindings().await;
        assert_eq!(count_terms_check(&new_analyzer_no_args(&m)), "");
    }
}

// ---------------------------------------------------------------------------------------------
// analyze's bulk conversion (src/bindings/convert.rs + convert.js) against serde-wasm-bindgen

#[wasm_bindgen(inline_js = r#"
// The path of the first difference between two JavaScript values, or "" when they are the same:
// same types, same prototypes, same own keys in the same order (an absent key is not an
// undefined one), primitives equal by Object.is (so -0 is not 0 and NaN is NaN).
export function firstDifference(a, b, path = '$') {
  if (typeof a !== typeof b) return `${path}: ${typeof a} vs ${typeof b}`;
  if (a === null || b === null || typeof a !== 'object') {
    return Object.is(a, b) ? '' : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      if (!(i in a) || !(i in b)) return `${path}[${i}]: a hole`;
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return '';
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.join() !== kb.join()) return `${path}: keys ${ka} vs ${kb}`;
  for (const k of ka) {
    const d = firstDifference(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return '';
}

// A deep copy of `value` with one change that firstDifference must notice.
export function tampered(value, how) {
  const v = structuredClone(value);
  const plain = v.entities.find((e) => !('canonical' in e));
  switch (how) {
    case 'undefined canonical': plain.canonical = undefined; break;
    case 'dropped canonical': delete v.entities.find((e) => 'canonical' in e).canonical; break;
    case 'key order': { const { start, ...rest } = v.sentences[0]; v.sentences[0] = { ...rest, start }; break; }
    case 'offset': v.entities[v.entities.length - 1].end += 1; break;
    case 'null score': v.readability.sentences.find((s) => s.fleschDouma !== null).fleschDouma = null; break;
    case 'string': v.terms[v.terms.length - 1].forms[0].form += 'x'; break;
    case 'number as string': v.terms[0].count = String(v.terms[0].count); break;
    default: throw new Error(how);
  }
  return v;
}

// The entities whose text is not text.slice(start, end), as a message ("" when none).
export function entitySliceErrors(text, analysis) {
  return analysis.entities
    .filter((e) => text.slice(e.start, e.end) !== e.text)
    .map((e) => `${JSON.stringify(e)} slices to ${JSON.stringify(text.slice(e.start, e.end))}`)
    .join('\n');
}
export function analyzeWith(analyzer, text, options) { return analyzer.analyze(text, options); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = firstDifference)]
    fn first_difference(a: &JsValue, b: &JsValue) -> String;
    fn tampered(value: &JsValue, how: &str) -> JsValue;
    #[wasm_bindgen(js_name = entitySliceErrors)]
    fn entity_slice_errors(text: &str, analysis: &JsValue) -> String;
    #[wasm_bindgen(js_name = analyzeWith)]
    fn analyze_with(analyzer: &JsValue, text: &str, options: &JsValue) -> JsValue;
}

/// The reference: the analysis as `analyze` converted it before the bulk conversion, field by
/// field through serde-wasm-bindgen, with UTF-16 offsets counted here the slow, obvious way.
mod reference {
    use serde::Serialize;
    use tekstlens::stats::{Readability, TextStats};
    use tekstlens::tokenize::TokenKind;
    use tekstlens::{Analysis, Label, Source, StemmerKind};
    use wasm_bindgen::JsValue;

    #[derive(Serialize)]
    struct JsAnalysis<'a> {
        tokens: Vec<Token<'a>>,
        sentences: Vec<Span>,
        terms: Vec<Term<'a>>,
        entities: Vec<Entity<'a>>,
        stats: &'a TextStats,
        readability: &'a Readability,
        keywords: &'a [tekstlens::keyness::Keyword],
        stemmer: StemmerKind,
    }

    #[derive(Serialize)]
    struct Token<'a> {
        start: usize,
        end: usize,
        kind: TokenKind,
        sentence: usize,
        norm: &'a str,
        stem: Option<&'a str>,
        stop: bool,
    }

    #[derive(Serialize)]
    struct Span {
        start: usize,
        end: usize,
    }

    #[derive(Serialize)]
    struct Term<'a> {
        display: &'a str,
        stem: &'a str,
        count: usize,
        frequency: f64,
        forms: &'a [tekstlens::terms::Form],
        positions: &'a [usize],
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Entity<'a> {
        text: &'a str,
        label: Label,
        start: usize,
        end: usize,
        token_start: usize,
        token_end: usize,
        source: Source,
        #[serde(skip_serializing_if = "Option::is_none")]
        canonical: Option<&'a str>,
    }

    pub fn to_js(text: &str, a: &Analysis, with_tokens: bool) -> JsValue {
        let u16 = |byte: usize| text[..byte].encode_utf16().count();
        let tokens = if with_tokens { &a.tokens[..] } else { &[] };
        let out = JsAnalysis {
            tokens: tokens
                .iter()
                .map(|t| Token {
                    start: u16(t.start),
                    end: u16(t.end),
                    kind: t.kind,
                    sentence: t.sentence,
                    norm: &t.norm,
                    stem: t.stem.as_deref(),
                    stop: t.stop,
                })
                .collect(),
            sentences: a.sentences.iter().map(|s| Span { start: u16(s.start), end: u16(s.end) }).collect(),
            terms: a
                .terms
                .iter()
                .map(|t| Term {
                    display: &t.display,
                    stem: &t.stem,
                    count: t.count,
                    frequency: t.frequency,
                    forms: &t.forms,
                    positions: if with_tokens { &t.positions } else { &[] },
                })
                .collect(),
            entities: a
                .entities
                .iter()
                .map(|e| Entity {
                    text: &e.text,
                    label: e.label,
                    start: u16(e.start),
                    end: u16(e.end),
                    token_start: e.token_start,
                    token_end: e.token_end,
                    source: e.source,
                    canonical: e.canonical.as_deref(),
                })
                .collect(),
            stats: &a.stats,
            readability: &a.readability,
            keywords: &a.keywords,
            stemmer: a.stemmer,
        };
        out.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
    }
}

#[wasm_bindgen_test]
async fn bulk_conversion_equals_serde_conversion() {
    // Real text with what offsets and string cutting get wrong: a byte-order mark first (a
    // decoder that strips it would shift every string), "België", "’s-Hertogenbosch", emoji
    // outside the BMP (with a skin tone and a ZWJ family), combining marks, NUL bytes, CJK, an
    // abbreviation with a full name (canonical) next to names without, repeated names; then
    // 3,000 distinct words so that the tables of shared strings grow.
    let mut text = String::from("\u{FEFF}");
    text.push_str(LETTER);
    text.push_str(
        "\n\nIn ’s-Hertogenbosch en België 👍🏽 vierden 👨\u{200D}👩\u{200D}👧 de burgemeester van \
         ’s-Hertogenbosch en Ahmed Aboutaleb feest; de cafe\u{301} aan de Maas\u{0}en de Schelde \
         (Z\u{308}eeland) bleef open.\u{0}\u{0} De Tweede Kamer sprak met de AIVD over 東京 en 𝒳.\n\n\
         12345\n\n— ! —\n\n",
    );
    for i in 0..3000 {
        text.push_str(&format!("woord{i} "));
        if i % 12 == 11 {
            text.push_str("België 🇧🇪 Amsterdam.\n");
        }
    }

    let m = bindings().await;
    let js = new_analyzer_no_args(&m);
    call_ok(&js, "setReferenceList", &[JsValue::from_str(tekstlens::keyness::WORDFREQ_NL)]);
    let mut core = tekstlens::Analyzer::new(Default::default()).unwrap();
    core.set_reference_list(Some(tekstlens::keyness::WORDFREQ_NL.into()));
    let a = core.analyze(&text);
    assert!(a.entities.iter().any(|e| e.canonical.is_some()) && a.entities.iter().any(|e| e.canonical.is_none()));
    assert!(a.entities.iter().any(|e| e.text == "’s-Hertogenbosch"), "{:?}", a.entities);
    assert!(!a.keywords.is_empty() && a.tokens.iter().any(|t| t.stem.is_none()));
    assert!(a.readability.sentences.iter().any(|s| s.flesch_douma.is_none()));

    for with_tokens in [true, false] {
        let options = options(&format!(r#"{{"tokens": {with_tokens}}}"#));
        let got = analyze_with(&js, &text, &options);
        let want = reference::to_js(&text, &a, with_tokens);
        assert_eq!(first_difference(&got, &want), "", "tokens: {with_tokens}");
        assert_eq!(entity_slice_errors(&text, &got), "");
        // The comparison does see a difference.
        for how in [
            "undefined canonical",
            "dropped canonical",
            "key order",
            "offset",
            "null score",
            "string",
            "number as string",
        ] {
            assert_ne!(first_difference(&tampered(&got, how), &want), "", "{how} went unnoticed");
        }
    }
    // The offsets against the core's byte offsets, token by token.
    assert_offsets_match_core(&text, &run(&new_analyzer_no_args(&m), &text));
}

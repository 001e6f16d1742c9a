//! WebAssembly bindings (wasm32 only): a thin `#[wasm_bindgen]` layer over [`crate::Analyzer`].
//!
//! JavaScript sees a class `Analyzer` whose `analyze(text)` returns a plain object mirroring
//! [`crate::Analysis`], with one difference: every `start`/`end` (tokens, sentences, entities)
//! is a **UTF-16 code-unit offset**, so `text.slice(start, end)` in JavaScript is exactly the
//! token or entity. Byte offsets are converted with one linear pass over the text.
//!
//! `analyze`'s result crosses in bulk (typed arrays and one string, built into objects by
//! `bindings/convert.js`, see [`convert`]): field by field through serde-wasm-bindgen it took
//! longer than the analysis of a long text. The other results are small and use
//! serde-wasm-bindgen.
//!
//! Errors (bad options, a non-string text) are thrown as JavaScript `Error`s. The core never
//! panics on input; in debug builds a panic hook logs any panic to the console.

mod convert;

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::export::CsvOptions;
use crate::kwic::{KwicLine, KwicOptions, KwicTarget};
use crate::stem::StemmerKind;
use crate::{Analysis, Options, StopWords};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options for `new Analyzer(options)`. Every field is optional. */
export interface AnalyzerOptions {
  /** Count stop words as terms (default false). */
  includeStopWords?: boolean;
  /** Count numbers as terms (default false). */
  includeNumbers?: boolean;
  /** Replaces the built-in Dutch stop word list (Snowball). */
  stopWords?: string[];
  /** Added to the stop word list in use. */
  extraStopWords?: string[];
  /** The Dutch stemmer (default "porter"; "kraaijPohlmann" is Snowball 3's default). */
  stemmer?: StemmerKind;
}

export type StemmerKind = "porter" | "kraaijPohlmann";

/** Options for `analyzer.analyze(text, options)`. */
export interface AnalyzeOptions {
  /**
   * Convert the tokens (default true). With `false`, `tokens` and every `term.positions` come
   * back empty: entities, terms and statistics only, which is about twice as fast for long
   * texts and far smaller (the embeddable widget analyses this way).
   */
  tokens?: boolean;
}

export type TokenKind = "word" | "number" | "punct" | "symbol";
export type EntityLabel = "PER" | "ORG" | "LOC" | "MISC" | "DATE" | "REF";
export type EntitySource = "gazetteer" | "rule" | "model";

/** Offsets are UTF-16 code units: `text.slice(start, end)` is the token. */
export interface Token {
  start: number;
  end: number;
  kind: TokenKind;
  /** Index into `Analysis.sentences`. */
  sentence: number;
  /** Normalised form (NFC, lowercase). */
  norm: string;
  /** Snowball Dutch stem; null for tokens that are not words. */
  stem: string | null;
  /** Whether `norm` is a stop word. */
  stop: boolean;
}

/** UTF-16 code-unit span of a sentence. */
export interface Sentence {
  start: number;
  end: number;
}

export interface TermForm {
  form: string;
  count: number;
}

/** All words sharing a stem. */
export interface Term {
  /** The most frequent surface form. */
  display: string;
  stem: string;
  count: number;
  /** `count` divided by the number of word and number tokens. */
  frequency: number;
  /** Surface forms, most frequent first. */
  forms: TermForm[];
  /** Indices into `Analysis.tokens`, ascending. */
  positions: number[];
}

/** Offsets are UTF-16 code units: `text.slice(start, end) === entity.text`. */
export interface Entity {
  text: string;
  label: EntityLabel;
  start: number;
  end: number;
  /** Index of the first token and one past the last, into `Analysis.tokens`. */
  tokenStart: number;
  tokenEnd: number;
  source: EntitySource;
  /** Full name, for a known organisation or person or an abbreviation defined in the text. */
  canonical?: string;
}

export interface TextStats {
  sentences: number;
  words: number;
  distinctWords: number;
  typeTokenRatio: number;
  meanSentenceLength: number;
  meanSyllablesPerWord: number;
  /** Flesch–Douma readability (higher is easier); null for a text without words. */
  fleschDouma: number | null;
}

/** Readability of one sentence. */
export interface SentenceReadability {
  /** Index into `Analysis.sentences`. */
  sentence: number;
  words: number;
  syllables: number;
  /** null for a sentence without words. */
  fleschDouma: number | null;
  brouwer: number | null;
  /** One of the hardest sentences of the text (at most a tenth, Flesch–Douma below 30). */
  hard: boolean;
}

export interface Readability {
  /** Brouwer's Leesindex A for the whole text; null without words. */
  brouwer: number | null;
  /** One per sentence, in text order. */
  sentences: SentenceReadability[];
}

/** A term used far more often than in general Dutch ("Kenmerkende woorden"). */
export interface Keyword {
  stem: string;
  display: string;
  count: number;
  perMillion: number;
  referencePerMillion: number;
  /** Whether the reference list has the stem (otherwise it counts as rare there). */
  inReference: boolean;
  /** Rayson's log-likelihood: how sure the difference is (6.63 is p < 0.01). */
  logLikelihood: number;
  /** Hardie's Log Ratio: log2 of how many times more frequent. */
  logRatio: number;
  /** Plain Dutch: "komt 40× vaker voor dan in gewoon Nederlands". */
  explanation: string;
}

export interface Analysis {
  tokens: Token[];
  sentences: Sentence[];
  /** Count descending, then display form. */
  terms: Term[];
  /** In text order, never overlapping. */
  entities: Entity[];
  stats: TextStats;
  /** Flesch–Douma and Brouwer per sentence, the hardest sentences flagged. */
  readability: Readability;
  /** Empty until `setReferenceList` has been called. Highest log-likelihood first. */
  keywords: Keyword[];
  /** The stemmer that made the stems and so the terms. */
  stemmer: StemmerKind;
}

/** What `kwic` looks for: a term by its stem, or an entity by its text or full name. */
export type KwicTarget = { term: string } | { entity: string };

export interface KwicOptions {
  /** Words of context on each side (default 6). */
  width?: number;
  /** "text" (default), or by the word just "left" or "right" of the keyword. */
  sort?: "text" | "left" | "right";
  /** Keep the context inside the keyword's sentence (default false). */
  withinSentence?: boolean;
}

/** One occurrence with its context. Offsets are UTF-16 code units. */
export interface KwicLine {
  tokenStart: number;
  tokenEnd: number;
  /** `text.slice(start, end)` is the keyword. */
  start: number;
  end: number;
  /** The left context is `text.slice(leftStart, start)`, the right one `text.slice(end, rightEnd)`. */
  leftStart: number;
  rightEnd: number;
  /** Display strings, whitespace collapsed. */
  left: string;
  keyword: string;
  right: string;
  sentence: number;
  leftWord?: string;
  rightWord?: string;
}

export interface TermDifference {
  stem: string;
  display: string;
  countA: number;
  countB: number;
  perThousandA: number;
  perThousandB: number;
  logLikelihood: number;
  /** Positive: more in A. */
  logRatio: number;
  explanation: string;
}

export interface EntityDifference {
  name: string;
  label: EntityLabel;
  countA: number;
  countB: number;
  perThousandA: number;
  perThousandB: number;
  logLikelihood: number;
  logRatio: number;
  explanation: string;
}

/** What differs between texts A and B; each list highest log-likelihood first. */
export interface Comparison {
  wordsA: number;
  wordsB: number;
  termsA: TermDifference[];
  termsB: TermDifference[];
  entitiesA: EntityDifference[];
  entitiesB: EntityDifference[];
}

export type StemStepKind =
  | "accentRemoval" | "markVowels" | "regions" | "step1" | "step2" | "step3a" | "step3b"
  | "undoubleConsonant" | "step4" | "restore";

export interface StemStep {
  kind: StemStepKind;
  applied: boolean;
  before: string;
  after: string;
  suffix?: string;
  /** What happened and why, in Dutch. */
  nl: string;
  en: string;
}

/** The steps of the Porter-style Dutch stemmer for one word. */
export interface StemExplanation {
  word: string;
  prepared: string;
  r1Start: number;
  r2Start: number;
  r1: string;
  r2: string;
  steps: StemStep[];
  stem: string;
}

/** Options of the CSV exports. */
export interface CsvOptions {
  /** "," (default) or ";" (what Excel expects in Dutch locales). */
  delimiter?: string;
  /** Start with a byte-order mark (default false). */
  bom?: boolean;
}
"#;

const OPTION_KEYS: [&str; 5] = ["includeStopWords", "includeNumbers", "stopWords", "extraStopWords", "stemmer"];

/// The options object as JavaScript passes it.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsOptions {
    #[serde(default)]
    include_stop_words: bool,
    #[serde(default)]
    include_numbers: bool,
    #[serde(default)]
    stop_words: Option<Vec<String>>,
    #[serde(default)]
    extra_stop_words: Option<Vec<String>>,
    #[serde(default)]
    stemmer: Option<StemmerKind>,
}

#[wasm_bindgen]
extern "C" {
    /// The options object (unchecked: [`parse_options`] validates it).
    #[wasm_bindgen(typescript_type = "AnalyzerOptions")]
    pub type AnalyzerOptions;

    /// The options of `analyze` (unchecked: [`parse_analyze_options`] validates them).
    #[wasm_bindgen(typescript_type = "AnalyzeOptions")]
    pub type AnalyzeOptions;

    #[wasm_bindgen(typescript_type = "KwicTarget")]
    pub type JsKwicTarget;

    #[wasm_bindgen(typescript_type = "KwicOptions")]
    pub type JsKwicOptions;

    #[wasm_bindgen(typescript_type = "CsvOptions")]
    pub type JsCsvOptions;

    #[wasm_bindgen(typescript_type = "StemmerKind")]
    pub type JsStemmerKind;
}

/// Dutch text analysis: build once, then call `analyze(text)` for each text.
#[wasm_bindgen(js_name = Analyzer)]
pub struct JsAnalyzer {
    inner: crate::Analyzer,
    timing: Timing,
    /// The latest text analysed with tokens and its analysis, so that `kwic` and the CSV
    /// exports of that text do not analyse it again.
    last: RefCell<Option<(String, Analysis)>>,
}

#[wasm_bindgen(js_class = Analyzer)]
impl JsAnalyzer {
    /// Builds an analyzer (loads the gazetteers and the stemmer).
    ///
    /// Throws an `Error` if `options` is not an object or has an unknown or mistyped field.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<AnalyzerOptions>) -> Result<JsAnalyzer, JsError> {
        #[cfg(debug_assertions)]
        console_error_panic_hook::set_once();

        let opts = parse_options(options.map(JsValue::from))?;
        let mut stop_words = match opts.stop_words {
            Some(words) => StopWords::from_words(words),
            None => StopWords::snowball(),
        };
        if let Some(extra) = opts.extra_stop_words {
            stop_words.extend(extra);
        }
        let mut inner = crate::Analyzer::new(Options {
            stop_words: Some(stop_words),
            include_stop_words: opts.include_stop_words,
            include_numbers: opts.include_numbers,
        })
        .map_err(|e| JsError::new(&format!("tekstlens: could not build the analyzer: {e}")))?;
        inner.set_stemmer(opts.stemmer.unwrap_or_default());
        Ok(JsAnalyzer { inner, timing: Timing::new(), last: RefCell::new(None) })
    }

    /// Analyses `text`. Offsets in the result are UTF-16 code units.
    ///
    /// `options.tokens === false` leaves out the tokens and the term positions.
    ///
    /// Records the User Timing measures `tekstlens:analyze` (the Rust core) and
    /// `tekstlens:convert` (offsets and conversion to JavaScript) for the latest call.
    #[wasm_bindgen(unchecked_return_type = "Analysis")]
    pub fn analyze(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        options: Option<AnalyzeOptions>,
    ) -> Result<JsValue, JsError> {
        let with_tokens = parse_analyze_options(options.map(JsValue::from))?;
        let Some(text) = text.as_string() else {
            return Err(JsError::new(&format!(
                "tekstlens: analyze(text) expects a string, got {}",
                js_type_name(&text)
            )));
        };
        self.timing.mark("tekstlens:analyze:start");
        let analysis = self.inner.try_analyze(&text).map_err(|e| JsError::new(&format!("tekstlens: {e}")))?;
        self.timing.mark("tekstlens:analyze:end");
        let result = convert::analysis_to_js(&text, &analysis, with_tokens);
        self.timing.mark("tekstlens:convert:end");
        self.timing.measure("tekstlens:analyze", "tekstlens:analyze:start", "tekstlens:analyze:end");
        self.timing.measure("tekstlens:convert", "tekstlens:analyze:end", "tekstlens:convert:end");
        // Kept for `kwic` and the CSV exports (not for `{ tokens: false }`, the widget's large
        // texts, whose memory should go back at once).
        *self.last.borrow_mut() = with_tokens.then_some((text, analysis));
        result
    }

    /// Sets the longest text `analyze` accepts, in UTF-8 bytes (default 20,000,000); a longer
    /// one throws an `Error` ("text too long") instead of freezing the tab.
    #[wasm_bindgen(js_name = setMaxInputBytes)]
    pub fn set_max_input_bytes(&mut self, max: u32) {
        self.inner.set_max_input_bytes(max as usize);
    }

    /// Term counts only, the fast path: a `Map` from stem to count for the terms `analyze`
    /// would report, count descending. No tokens, entities or statistics are computed.
    #[wasm_bindgen(js_name = countTerms, unchecked_return_type = "Map<string, number>")]
    pub fn count_terms(&self, text: &str) -> Result<JsValue, JsError> {
        if text.len() > self.inner.max_input_bytes() {
            return Err(JsError::new(&format!("tekstlens: text too long: {} bytes (UTF-8), the maximum is {} bytes", text.len(), self.inner.max_input_bytes())));
        }
        convert::counts_to_js(&self.inner.count_terms(text))
    }

    /// Chooses the stemmer for later analyses: "porter" (default) or "kraaijPohlmann".
    #[wasm_bindgen(js_name = setStemmer)]
    pub fn set_stemmer(&mut self, #[wasm_bindgen(unchecked_param_type = "StemmerKind")] kind: JsValue) -> Result<(), JsError> {
        let kind: StemmerKind = serde_wasm_bindgen::from_value(kind).map_err(|_| {
            JsError::new("tekstlens: setStemmer expects \"porter\" or \"kraaijPohlmann\"")
        })?;
        self.inner.set_stemmer(kind);
        self.last.replace(None);
        Ok(())
    }

    /// The stemmer in use: "porter" or "kraaijPohlmann".
    #[wasm_bindgen(getter, unchecked_return_type = "StemmerKind")]
    pub fn stemmer(&self) -> JsValue {
        JsValue::from_str(match self.inner.stemmer().kind() {
            StemmerKind::Porter => "porter",
            StemmerKind::KraaijPohlmann => "kraaijPohlmann",
        })
    }

    /// Turns the keywords ("Kenmerkende woorden") on with a general-Dutch word list in the
    /// format of `data/wordfreq/nl-forms.txt` (the page fetches it as a separate file), or off
    /// with `null`. The list is stemmed on the next analysis.
    #[wasm_bindgen(js_name = setReferenceList)]
    pub fn set_reference_list(&mut self, list: Option<String>) {
        self.inner.set_reference_list(list.map(std::borrow::Cow::Owned));
        self.last.replace(None);
    }

    /// Loads an entity model trained with `tekstlens train` (replacing the built-in one) and
    /// returns its one-line description. Throws an `Error` with a clear message for anything
    /// that is not a usable model (wrong format or version, truncated, damaged); the analyzer
    /// then keeps its current model.
    #[wasm_bindgen(js_name = loadModel)]
    pub fn load_model(&mut self, bytes: &[u8]) -> Result<String, JsError> {
        self.inner
            .load_model(bytes)
            .map_err(|e| JsError::new(&format!("tekstlens: not a usable model: {e}")))?;
        self.last.replace(None);
        Ok(self.inner.model_description().unwrap_or_default())
    }

    /// Goes back to the built-in entity model (after `loadModel`). Returns whether this build
    /// has one (false: gazetteers and rules only).
    #[wasm_bindgen(js_name = useDefaultModel)]
    pub fn use_default_model(&mut self) -> Result<bool, JsError> {
        self.last.replace(None);
        self.inner
            .use_default_model()
            .map_err(|e| JsError::new(&format!("tekstlens: could not load the built-in model: {e}")))
    }

    /// Keyword-in-context lines for a term (`{ term: stem }`) or an entity (`{ entity: name }`)
    /// in `text`. Offsets are UTF-16 code units, like `analyze`'s.
    #[wasm_bindgen(unchecked_return_type = "KwicLine[]")]
    pub fn kwic(&self, text: &str, target: JsKwicTarget, options: Option<JsKwicOptions>) -> Result<JsValue, JsError> {
        let target: KwicTarget = serde_wasm_bindgen::from_value(target.into()).map_err(|e| {
            JsError::new(&format!("tekstlens: kwic target must be {{ term: \"stem\" }} or {{ entity: \"name\" }}: {e}"))
        })?;
        let options: KwicOptions = match options.map(JsValue::from).filter(|v| !v.is_undefined() && !v.is_null()) {
            Some(v) => serde_wasm_bindgen::from_value(v)
                .map_err(|e| JsError::new(&format!("tekstlens: invalid kwic options: {e}")))?,
            None => KwicOptions::default(),
        };
        let lines = self.with_analysis(text, |a| a.kwic(text, &target, &options))?;
        kwic_to_js(text, &lines)
    }

    /// Analyses texts A and B and returns the terms and entities that differ most.
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn compare(&self, a: &str, b: &str) -> Result<JsValue, JsError> {
        let too_long = |e: crate::Error| JsError::new(&format!("tekstlens: {e}"));
        let a = self.inner.try_analyze(a).map_err(too_long)?;
        let b = self.inner.try_analyze(b).map_err(too_long)?;
        serialize(&a.compare(&b))
    }

    /// The terms of `text` as CSV: `term,stem,count,frequency,forms` (RFC 4180, CRLF).
    #[wasm_bindgen(js_name = termsCsv)]
    pub fn terms_csv(&self, text: &str, options: Option<JsCsvOptions>) -> Result<String, JsError> {
        let options = parse_csv_options(options.map(JsValue::from))?;
        self.with_analysis(text, |a| crate::export::terms_csv(a, options))
    }

    /// The entities of `text` as CSV: `text,label,canonical,source,sentence,start,end`
    /// (start and end in characters).
    #[wasm_bindgen(js_name = entitiesCsv)]
    pub fn entities_csv(&self, text: &str, options: Option<JsCsvOptions>) -> Result<String, JsError> {
        let options = parse_csv_options(options.map(JsValue::from))?;
        self.with_analysis(text, |a| crate::export::entities_csv(text, a, options))
    }

    /// The number of stop words in use.
    #[wasm_bindgen(getter, js_name = stopWordCount)]
    pub fn stop_word_count(&self) -> usize {
        self.inner.stop_words().len()
    }
}

impl JsAnalyzer {
    /// Runs `f` on the analysis of `text`: the kept one if it is of that text, else a new one
    /// (which fails for a text over the maximum input size, as `analyze` does).
    fn with_analysis<R>(&self, text: &str, f: impl FnOnce(&Analysis) -> R) -> Result<R, JsError> {
        let mut last = self.last.borrow_mut();
        match &*last {
            Some((t, a)) if t == text => Ok(f(a)),
            _ => {
                let a = self.inner.try_analyze(text).map_err(|e| JsError::new(&format!("tekstlens: {e}")))?;
                let r = f(&a);
                *last = Some((text.to_owned(), a));
                Ok(r)
            }
        }
    }
}

/// The steps of the Porter-style Dutch stemmer for `word` (lowercased and normalised first).
#[wasm_bindgen(js_name = explainStem, unchecked_return_type = "StemExplanation")]
pub fn explain_stem(word: &str) -> Result<JsValue, JsError> {
    serialize(&crate::stem::explain(&crate::normalize::normalize(word.trim())))
}

/// The stem of `word` (lowercased and normalised first) by `stemmer` (default "porter").
#[wasm_bindgen(js_name = stemWord)]
pub fn stem_word(word: &str, stemmer: Option<JsStemmerKind>) -> Result<String, JsError> {
    let kind: StemmerKind = match stemmer.map(JsValue::from).filter(|v| !v.is_undefined() && !v.is_null()) {
        None => StemmerKind::Porter,
        Some(v) => serde_wasm_bindgen::from_value(v)
            .map_err(|_| JsError::new("tekstlens: stemWord expects \"porter\" or \"kraaijPohlmann\""))?,
    };
    let norm = crate::normalize::normalize(word.trim());
    Ok(crate::stem::Stemmer::new(kind).stem(&norm).into_owned())
}

/// Loads the built-in gazetteers (the known names of people, organisations and places) from
/// the text of `tekstlens-gazetteers.txt`, which the wasm package ships beside
/// `tekstlens_bg.wasm` instead of compiling it in. Analyzers created afterwards (`new
/// Analyzer()`) use them; an analyzer created before keeps what it had (rules only). Returns
/// the number of names. Throws an `Error` saying what is wrong with a damaged or foreign file,
/// and the lists in use stay as they were.
#[wasm_bindgen(js_name = loadGazetteers)]
pub fn load_gazetteers(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<usize, JsError> {
    let Some(text) = text.as_string() else {
        return Err(JsError::new(&format!(
            "tekstlens: loadGazetteers(text) expects the text of tekstlens-gazetteers.txt, got {}",
            js_type_name(&text)
        )));
    };
    crate::entities::gazetteer::set_builtin_bundle(&text)
        .map_err(|e| JsError::new(&format!("tekstlens: could not load the gazetteers: {e}")))
}

/// Loads the built-in entity model from the bytes of `tekstlens-nl.model`, which the wasm
/// package ships beside `tekstlens_bg.wasm` instead of compiling it in. Analyzers created
/// afterwards use it, as does `useDefaultModel()`. Returns the model's one-line description.
/// Throws an `Error` for anything that is not a usable model; the built-in model (if any)
/// stays as it was.
#[wasm_bindgen(js_name = loadEntityModel)]
pub fn load_entity_model(bytes: &[u8]) -> Result<String, JsError> {
    crate::tagger::set_builtin(bytes)
        .map(|t| t.describe())
        .map_err(|e| JsError::new(&format!("tekstlens: could not load the entity model: {e}")))
}

/// Whether new analyzers get the full entity recognition: the gazetteers and the model are
/// loaded (`loadGazetteers`, `loadEntityModel`) or compiled in.
#[wasm_bindgen(js_name = hasEntityData)]
pub fn has_entity_data() -> bool {
    crate::entities::gazetteer::has_builtin() && crate::tagger::has_builtin()
}

/// The crate version, e.g. "0.1.0".
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

fn parse_options(options: Option<JsValue>) -> Result<JsOptions, JsError> {
    let Some(value) = options.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(JsOptions::default());
    };
    if !value.is_object() || Array::is_array(&value) || value.is_function() {
        return Err(JsError::new(&format!(
            "tekstlens: Analyzer options must be an object such as {{ includeStopWords: true }}, got {}",
            js_type_name(&value)
        )));
    }
    // Reject unknown keys (a typo would otherwise be ignored silently) and drop keys whose value
    // is undefined ({ stopWords: undefined } means "not given").
    let obj: &Object = value.unchecked_ref();
    let clean = Object::new();
    for key in Object::keys(obj).iter() {
        let name = key.as_string().unwrap_or_default();
        if !OPTION_KEYS.contains(&name.as_str()) {
            return Err(JsError::new(&format!(
                "tekstlens: unknown Analyzer option {name:?}; known options: {}",
                OPTION_KEYS.join(", ")
            )));
        }
        let v = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
        if !v.is_undefined() {
            let _ = Reflect::set(&clean, &key, &v);
        }
    }
    serde_wasm_bindgen::from_value(clean.into())
        .map_err(|e| JsError::new(&format!("tekstlens: invalid Analyzer options: {e}")))
}

/// `analyze`'s options: returns whether to convert the tokens.
fn parse_analyze_options(options: Option<JsValue>) -> Result<bool, JsError> {
    let Some(value) = options.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(true);
    };
    if !value.is_object() || Array::is_array(&value) || value.is_function() {
        return Err(JsError::new(&format!(
            "tekstlens: analyze options must be an object such as {{ tokens: false }}, got {}",
            js_type_name(&value)
        )));
    }
    let obj: &Object = value.unchecked_ref();
    let mut tokens = true;
    for key in Object::keys(obj).iter() {
        let name = key.as_string().unwrap_or_default();
        let v = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
        match name.as_str() {
            "tokens" if v.is_undefined() => {}
            "tokens" => {
                tokens = v.as_bool().ok_or_else(|| {
                    JsError::new(&format!(
                        "tekstlens: analyze option \"tokens\" must be a boolean, got {}",
                        js_type_name(&v)
                    ))
                })?
            }
            _ => {
                return Err(JsError::new(&format!(
                    "tekstlens: unknown analyze option {name:?}; known options: tokens"
                )));
            }
        }
    }
    Ok(tokens)
}

fn parse_csv_options(options: Option<JsValue>) -> Result<CsvOptions, JsError> {
    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    struct Js {
        delimiter: Option<String>,
        bom: Option<bool>,
    }
    let js: Js = match options.filter(|v| !v.is_undefined() && !v.is_null()) {
        Some(v) => serde_wasm_bindgen::from_value(v)
            .map_err(|e| JsError::new(&format!("tekstlens: invalid CSV options: {e}")))?,
        None => Js::default(),
    };
    let delimiter = match js.delimiter.as_deref() {
        None => ',',
        Some(d) => {
            let mut cs = d.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => return Err(JsError::new("tekstlens: CSV delimiter must be one character, such as \";\"")),
            }
        }
    };
    Ok(CsvOptions { delimiter, bom: js.bom.unwrap_or(false) })
}

fn serialize<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("tekstlens: could not convert the result: {e}")))
}

fn js_type_name(v: &JsValue) -> String {
    if v.is_null() {
        "null".to_owned()
    } else if Array::is_array(v) {
        "an array".to_owned()
    } else {
        v.js_typeof().as_string().unwrap_or_else(|| "an unknown value".to_owned())
    }
}

// ---------------------------------------------------------------------------------------------
// Byte offsets -> UTF-16 offsets

/// Maps the byte offsets used in one analysis to UTF-16 code-unit offsets. Built from the
/// sorted, deduplicated offsets with a single pass over the text; looked up by binary search.
struct Utf16Offsets {
    bytes: Vec<usize>,
    units: Vec<usize>,
}

impl Utf16Offsets {
    fn new(text: &str, mut offsets: Vec<usize>) -> Utf16Offsets {
        crate::sort::sort_numbers(&mut offsets);
        offsets.dedup();
        let bytes = text.as_bytes();
        let mut units = Vec::with_capacity(offsets.len());
        let (mut pos, mut count) = (0usize, 0usize);
        for &off in &offsets {
            let off = off.min(bytes.len());
            if off > pos {
                count += convert::utf16_len(&bytes[pos..off]);
                pos = off;
            }
            units.push(count);
        }
        Utf16Offsets { bytes: offsets, units }
    }

    fn get(&self, byte: usize) -> usize {
        match self.bytes.binary_search(&byte) {
            Ok(i) => self.units[i],
            // Not registered (cannot happen: every offset is registered); stay in range.
            Err(i) => self.units.get(i).or(self.units.last()).copied().unwrap_or(0),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The result as JavaScript sees it

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsKwicLine<'a> {
    token_start: usize,
    token_end: usize,
    start: usize,
    end: usize,
    left_start: usize,
    right_end: usize,
    left: &'a str,
    keyword: &'a str,
    right: &'a str,
    sentence: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    left_word: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    right_word: Option<&'a str>,
}

fn kwic_to_js(text: &str, lines: &[KwicLine]) -> Result<JsValue, JsError> {
    let offsets = lines.iter().flat_map(|l| [l.start, l.end, l.left_start, l.right_end]).collect();
    let map = Utf16Offsets::new(text, offsets);
    let out: Vec<JsKwicLine> = lines
        .iter()
        .map(|l| JsKwicLine {
            token_start: l.token_start,
            token_end: l.token_end,
            start: map.get(l.start),
            end: map.get(l.end),
            left_start: map.get(l.left_start),
            right_end: map.get(l.right_end),
            left: &l.left,
            keyword: &l.keyword,
            right: &l.right,
            sentence: l.sentence,
            left_word: l.left_word.as_deref(),
            right_word: l.right_word.as_deref(),
        })
        .collect();
    serialize(&out)
}

// ---------------------------------------------------------------------------------------------
// User Timing (performance.mark / measure), where the host has it

struct Timing {
    performance: Option<web_sys::Performance>,
}

impl Timing {
    fn new() -> Timing {
        let performance = Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
        Timing { performance }
    }

    fn mark(&self, name: &str) {
        if let Some(p) = &self.performance {
            p.clear_marks_with_mark_name(name);
            let _ = p.mark(name);
        }
    }

    /// Keeps only the latest measure of each name, so repeated analyses do not pile up entries.
    fn measure(&self, name: &str, start: &str, end: &str) {
        if let Some(p) = &self.performance {
            p.clear_measures_with_measure_name(name);
            let _ = p.measure_with_start_mark_and_end_mark(name, start, end);
        }
    }
}

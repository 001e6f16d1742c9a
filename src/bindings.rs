//! WebAssembly bindings (wasm32 only): a thin `#[wasm_bindgen]` layer over [`crate::Analyzer`].
//!
//! JavaScript sees a class `Analyzer` whose `analyze(text)` returns a plain object mirroring
//! [`crate::Analysis`], with one difference: every `start`/`end` (tokens, sentences, entities)
//! is a **UTF-16 code-unit offset**, so `text.slice(start, end)` in JavaScript is exactly the
//! token or entity. Byte offsets are converted with one linear pass over the text.
//!
//! Errors (bad options, a non-string text) are thrown as JavaScript `Error`s. The core never
//! panics on input; in debug builds a panic hook logs any panic to the console.

use js_sys::{Array, Object, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::entities::{Label, Source};
use crate::stats::TextStats;
use crate::terms::Term;
use crate::tokenize::TokenKind;
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
}

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

export interface Analysis {
  tokens: Token[];
  sentences: Sentence[];
  /** Count descending, then display form. */
  terms: Term[];
  /** In text order, never overlapping. */
  entities: Entity[];
  stats: TextStats;
}
"#;

const OPTION_KEYS: [&str; 4] = ["includeStopWords", "includeNumbers", "stopWords", "extraStopWords"];

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
}

#[wasm_bindgen]
extern "C" {
    /// The options object (unchecked: [`parse_options`] validates it).
    #[wasm_bindgen(typescript_type = "AnalyzerOptions")]
    pub type AnalyzerOptions;

    /// The options of `analyze` (unchecked: [`parse_analyze_options`] validates them).
    #[wasm_bindgen(typescript_type = "AnalyzeOptions")]
    pub type AnalyzeOptions;
}

/// Dutch text analysis: build once, then call `analyze(text)` for each text.
#[wasm_bindgen(js_name = Analyzer)]
pub struct JsAnalyzer {
    inner: crate::Analyzer,
    timing: Timing,
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
        let inner = crate::Analyzer::new(Options {
            stop_words: Some(stop_words),
            include_stop_words: opts.include_stop_words,
            include_numbers: opts.include_numbers,
        })
        .map_err(|e| JsError::new(&format!("tekstlens: could not build the analyzer: {e}")))?;
        Ok(JsAnalyzer { inner, timing: Timing::new() })
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
        let analysis = self.inner.analyze(&text);
        self.timing.mark("tekstlens:analyze:end");
        let result = to_js(&text, &analysis, with_tokens);
        self.timing.mark("tekstlens:convert:end");
        self.timing.measure("tekstlens:analyze", "tekstlens:analyze:start", "tekstlens:analyze:end");
        self.timing.measure("tekstlens:convert", "tekstlens:analyze:end", "tekstlens:convert:end");
        result
    }

    /// The number of stop words in use.
    #[wasm_bindgen(getter, js_name = stopWordCount)]
    pub fn stop_word_count(&self) -> usize {
        self.inner.stop_words().len()
    }
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
        offsets.sort_unstable();
        offsets.dedup();
        let bytes = text.as_bytes();
        let mut units = Vec::with_capacity(offsets.len());
        let (mut pos, mut count) = (0usize, 0usize);
        for &off in &offsets {
            let off = off.min(bytes.len());
            if off > pos {
                count += utf16_len(&bytes[pos..off]);
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

/// UTF-16 length of valid UTF-8 bytes: one unit per character, two for those above U+FFFF
/// (the ones encoded with four bytes).
fn utf16_len(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
}

// ---------------------------------------------------------------------------------------------
// The result as JavaScript sees it

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsAnalysis<'a> {
    tokens: Vec<JsToken<'a>>,
    sentences: Vec<JsSpan>,
    terms: JsTerms<'a>,
    entities: Vec<JsEntity<'a>>,
    stats: &'a TextStats,
}

/// The terms as the core has them, or without their positions (`{ tokens: false }`).
#[derive(Serialize)]
#[serde(untagged)]
enum JsTerms<'a> {
    Full(&'a [Term]),
    NoPositions(Vec<JsTermNoPositions<'a>>),
}

#[derive(Serialize)]
struct JsTermNoPositions<'a> {
    display: &'a str,
    stem: &'a str,
    count: usize,
    frequency: f64,
    forms: &'a [crate::terms::Form],
    positions: [usize; 0],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsToken<'a> {
    start: usize,
    end: usize,
    kind: TokenKind,
    sentence: usize,
    norm: &'a str,
    stem: Option<&'a str>,
    stop: bool,
}

#[derive(Serialize)]
struct JsSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsEntity<'a> {
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

fn to_js(text: &str, a: &Analysis, with_tokens: bool) -> Result<JsValue, JsError> {
    let tokens = if with_tokens { &a.tokens[..] } else { &[] };
    let mut offsets = Vec::with_capacity(2 * (tokens.len() + a.sentences.len() + a.entities.len()));
    offsets.extend(tokens.iter().flat_map(|t| [t.start, t.end]));
    offsets.extend(a.sentences.iter().flat_map(|s| [s.start, s.end]));
    offsets.extend(a.entities.iter().flat_map(|e| [e.start, e.end]));
    let map = Utf16Offsets::new(text, offsets);

    let out = JsAnalysis {
        tokens: tokens
            .iter()
            .map(|t| JsToken {
                start: map.get(t.start),
                end: map.get(t.end),
                kind: t.kind,
                sentence: t.sentence,
                norm: &t.norm,
                stem: t.stem.as_deref(),
                stop: t.stop,
            })
            .collect(),
        sentences: a
            .sentences
            .iter()
            .map(|s| JsSpan { start: map.get(s.start), end: map.get(s.end) })
            .collect(),
        terms: if with_tokens {
            JsTerms::Full(&a.terms)
        } else {
            JsTerms::NoPositions(
                a.terms
                    .iter()
                    .map(|t| JsTermNoPositions {
                        display: &t.display,
                        stem: &t.stem,
                        count: t.count,
                        frequency: t.frequency,
                        forms: &t.forms,
                        positions: [],
                    })
                    .collect(),
            )
        },
        entities: a
            .entities
            .iter()
            .map(|e| JsEntity {
                text: &e.text,
                label: e.label,
                start: map.get(e.start),
                end: map.get(e.end),
                token_start: e.token_start,
                token_end: e.token_end,
                source: e.source,
                canonical: e.canonical.as_deref(),
            })
            .collect(),
        stats: &a.stats,
    };
    out.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("tekstlens: could not convert the analysis: {e}")))
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

//! The result of one analysis and the [`Analyzer`] that produces it.
//!
//! Data flows one way: text → [`tokenize`](crate::tokenize) → [`normalize`](crate::normalize)
//! → [`stem`](crate::stem) → [`terms`](crate::terms) and [`entities`](crate::entities) →
//! [`stats`](crate::stats) → [`Analysis`].

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Serialize;

use crate::compare::{self, Comparison};
use crate::entities::{Entity, EntityRecognizer, Recognize};
use crate::keyness::{self, Keyword, Reference};
use crate::kwic::{self, KwicLine, KwicOptions, KwicTarget};
use crate::stats::{self, Readability, TextStats};
use crate::stem::{Stemmer, StemmerKind};
use crate::stopwords::StopWords;
use crate::terms::{self, FxMap, Term};
use crate::tokenize::{self, Sentence, TokenKind};
use crate::Error;

/// Options for building an [`Analyzer`]. The stemmer is chosen afterwards with
/// [`Analyzer::set_stemmer`] (default Porter).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Stop words to use; `None` means Snowball's Dutch list.
    pub stop_words: Option<StopWords>,
    /// Count stop words as terms (default: excluded).
    pub include_stop_words: bool,
    /// Count numbers as terms (default: excluded).
    pub include_numbers: bool,
}

/// An immutable string shared by every token with the same form: a text of 170,000 tokens has
/// about 17,000 distinct forms, and one allocation per form instead of two per token took
/// about a third off the memory of an analysis (issue 7: 10 MB of text under 200 MB of wasm
/// memory). Derefs to `str` and serialises as a plain string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SharedStr(std::sync::Arc<str>);

impl SharedStr {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(s.into())
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(s.into())
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == *other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// One token as reported in an [`Analysis`]: the span plus the forms derived from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyzedToken {
    /// Half-open UTF-8 byte offsets into the analysed text.
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Index into [`Analysis::sentences`].
    pub sentence: usize,
    /// Normalised form (NFC, lowercase, "ĳ" → "ij", OCR line-break hyphen removed).
    pub norm: SharedStr,
    /// Stem of `norm` by the analyzer's stemmer ([`Analysis::stemmer`], Snowball Dutch Porter by
    /// default); `None` for tokens that are not words.
    pub stem: Option<SharedStr>,
    /// Whether `norm` is a stop word.
    pub stop: bool,
}

/// Everything tekstlens computes for one text. Serialises with serde (camelCase keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    pub tokens: Vec<AnalyzedToken>,
    pub sentences: Vec<Sentence>,
    /// Terms grouped by stem, count descending then display form.
    pub terms: Vec<Term>,
    /// Named entities, dates and references, in text order, never overlapping.
    pub entities: Vec<Entity>,
    pub stats: TextStats,
    /// Brouwer for the text, and Flesch–Douma and Brouwer per sentence with the hardest
    /// sentences flagged.
    pub readability: Readability,
    /// The distinctive words against general Dutch ("Kenmerkende woorden"): see
    /// [`keyness::keywords`]. Highest log-likelihood first. Empty unless the analyzer has a
    /// reference list ([`Analyzer::set_reference_list`]).
    pub keywords: Vec<Keyword>,
    /// The stemmer that made the stems (and so the terms).
    pub stemmer: StemmerKind,
}

impl Analysis {
    /// Keyword-in-context lines for a term or an entity in `text` (the analysed text). See
    /// [`kwic::kwic`].
    pub fn kwic(&self, text: &str, target: &KwicTarget, options: &KwicOptions) -> Vec<KwicLine> {
        kwic::kwic(text, self, target, options)
    }

    /// The terms and entities that differ most between this text (A) and `other` (B). See
    /// [`compare::compare`].
    pub fn compare(&self, other: &Analysis) -> Comparison {
        compare::compare(self, other)
    }
}

/// Built once (loads the gazetteers and the stemmer), then analyses any number of texts.
///
/// ```
/// let analyzer = tekstlens::Analyzer::new(Default::default()).unwrap();
/// let a = analyzer.analyze("Het kabinet sprak met de AIVD over de aanslagen in Parijs.");
/// assert!(a.entities.iter().any(|e| e.text == "AIVD" && e.label == tekstlens::Label::Org));
/// ```
pub struct Analyzer {
    options: Options,
    stop_words: StopWords,
    stemmer: Stemmer,
    recognizer: EntityRecognizer,
    /// The general-Dutch word list for the keywords (`keyness::parse_word_list` format), if
    /// keywords are on. Off by default: the list is 138 KB that the wasm build should not carry
    /// unless a page asks for it, and stemming it costs time on the first analysis.
    reference_list: Option<std::borrow::Cow<'static, str>>,
    /// That list by stem; built on first use (it stems every form) and again after
    /// [`Analyzer::set_stemmer`].
    reference: OnceLock<Reference>,
    /// Texts longer than this (in UTF-8 bytes) are refused by [`Analyzer::try_analyze`].
    max_input_bytes: usize,
}

/// The default for [`Analyzer::set_max_input_bytes`]: 20 MB, about 6,000 pages of text. The
/// analysis is linear in the text (about 5 MB/s natively), and a 10 MB text peaks at about
/// 150 MB of memory; a larger paste is far more likely a mistake than a document.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 20_000_000;

impl Analyzer {
    /// Builds the analyzer. Fails only if built-in data cannot be loaded.
    pub fn new(options: Options) -> Result<Analyzer, Error> {
        let stop_words = match &options.stop_words {
            Some(s) => s.clone(),
            None => StopWords::snowball(),
        };
        Ok(Analyzer {
            stop_words,
            stemmer: Stemmer::dutch(),
            recognizer: EntityRecognizer::new()?,
            reference_list: None,
            reference: OnceLock::new(),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            options,
        })
    }

    /// Chooses the stemmer (default [`StemmerKind::Porter`]); later analyses use it.
    ///
    /// ```
    /// use tekstlens::{Analyzer, stem::StemmerKind};
    /// let mut analyzer = Analyzer::new(Default::default()).unwrap();
    /// analyzer.set_stemmer(StemmerKind::KraaijPohlmann);
    /// let a = analyzer.analyze("Het huisje en de huizen.");
    /// assert_eq!(a.stemmer, StemmerKind::KraaijPohlmann);
    /// assert_eq!(a.terms[0].stem, "huis");
    /// assert_eq!(a.terms[0].count, 2);
    /// ```
    pub fn set_stemmer(&mut self, kind: StemmerKind) {
        if self.stemmer.kind() != kind {
            self.stemmer = Stemmer::new(kind);
            self.reference = OnceLock::new();
        }
    }

    /// Turns the keywords ("Kenmerkende woorden") on with a general-Dutch word list, or off
    /// with `None`. The list is in the format of `data/wordfreq/nl-forms.txt` (see
    /// [`keyness::parse_word_list`]); [`keyness::WORDFREQ_NL`] is the built-in one.
    ///
    /// ```
    /// let mut analyzer = tekstlens::Analyzer::new(Default::default()).unwrap();
    /// assert!(analyzer.analyze("De aanslagen en de aanslag.").keywords.is_empty());
    /// analyzer.set_reference_list(Some(tekstlens::keyness::WORDFREQ_NL.into()));
    /// assert_eq!(analyzer.analyze("De aanslagen en de aanslag.").keywords[0].stem, "aanslag");
    /// ```
    pub fn set_reference_list(&mut self, list: Option<std::borrow::Cow<'static, str>>) {
        self.reference_list = list;
        self.reference = OnceLock::new();
    }

    /// General Dutch word frequencies by stem, with this analyzer's stemmer, when keywords are on.
    pub fn reference(&self) -> Option<&Reference> {
        let list = self.reference_list.as_deref()?;
        Some(self.reference.get_or_init(|| Reference::from_list(list, &self.stemmer)))
    }

    /// Analyses both texts and compares them (A = `a`, B = `b`). See [`compare::compare`].
    pub fn compare(&self, a: &str, b: &str) -> Comparison {
        compare::compare(&self.analyze(a), &self.analyze(b))
    }

    /// The stop words in use.
    pub fn stop_words(&self) -> &StopWords {
        &self.stop_words
    }

    /// The stemmer in use.
    pub fn stemmer(&self) -> &Stemmer {
        &self.stemmer
    }

    /// Sets the entity model (`None`: gazetteers and rules only), replacing the built-in one; see
    /// [`EntityRecognizer::recognize`] for how it combines with the lists and rules.
    pub fn set_model(&mut self, model: Option<Box<dyn Recognize>>) {
        self.recognizer.set_model(model);
    }

    /// Uses a custom entity model: the bytes of a model file written by `tekstlens train` (for
    /// the page, the contents of a file the user picked). The model replaces the current one
    /// for later analyses and combines with the gazetteers and rules as the built-in one does.
    /// Bad bytes (not a model, another format version, truncated or damaged, a feature set this
    /// build does not compute) give an [`Error`] with a message fit to show, and leave the
    /// current model in place; this never panics.
    ///
    /// ```
    /// # fn main() -> Result<(), tekstlens::Error> {
    /// use tekstlens::tagger::train::{train, Corpus, TrainOptions};
    ///
    /// // A model trained on the user's own annotations (CoNLL: token and IOB tag per line).
    /// let mut analyzer = tekstlens::Analyzer::new(Default::default())?;
    /// let options = TrainOptions { epochs: 2, ..Default::default() };
    /// let mut corpus = Corpus::new(options.bits);
    /// corpus.add_conll(&analyzer, "Jan B-PER\nPietersen I-PER\nwerkt O\nin O\nUtrecht B-LOC\n. O\n")?;
    /// let bytes = train(&corpus, &options, &mut |_, _| {})?.to_bytes();
    ///
    /// analyzer.load_model(&bytes)?;
    /// assert!(analyzer.model_description().is_some());
    /// let err = analyzer.load_model(b"not a model").unwrap_err();
    /// assert!(err.to_string().contains("not a tekstlens model"));
    /// analyzer.clear_model(); // gazetteers and rules only
    /// assert!(analyzer.model_description().is_none());
    /// analyzer.use_default_model()?; // back to the built-in model, if this build has one
    /// # Ok(())
    /// # }
    /// ```
    pub fn load_model(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let tagger = crate::tagger::Tagger::from_bytes(bytes)?;
        self.recognizer.set_model(Some(Box::new(tagger)));
        Ok(())
    }

    /// Drops the entity model: later analyses use the gazetteers and rules only.
    pub fn clear_model(&mut self) {
        self.recognizer.set_model(None);
    }

    /// Goes back to the built-in entity model, as after [`Analyzer::new`]. Returns whether
    /// this build has one (`false`: gazetteers and rules only, see
    /// [`Analyzer::has_default_model`]).
    pub fn use_default_model(&mut self) -> Result<bool, Error> {
        let model = crate::tagger::builtin()?;
        let has = model.is_some();
        self.recognizer.set_model(model.map(|t| Box::new(t) as Box<dyn Recognize>));
        Ok(has)
    }

    /// Whether this build carries a built-in entity model (`data/model/tekstlens-nl.model`).
    pub fn has_default_model() -> bool {
        crate::tagger::has_builtin()
    }

    /// A one-line description of the entity model in use (labels, size, what it was trained
    /// on), or `None` with gazetteers and rules only.
    pub fn model_description(&self) -> Option<String> {
        self.recognizer.model_description()
    }

    /// The entity recognizer in use (gazetteers, rules and a model, if any).
    pub fn recognizer(&self) -> &EntityRecognizer {
        &self.recognizer
    }

    /// Sets the largest text [`Analyzer::try_analyze`] accepts, in UTF-8 bytes (default
    /// [`DEFAULT_MAX_INPUT_BYTES`]). [`Analyzer::analyze`] has no limit.
    pub fn set_max_input_bytes(&mut self, max: usize) {
        self.max_input_bytes = max;
    }

    /// The largest text [`Analyzer::try_analyze`] accepts, in UTF-8 bytes.
    pub fn max_input_bytes(&self) -> usize {
        self.max_input_bytes
    }

    /// Analyses `text`, or fails with a clear message if it is longer than
    /// [`Analyzer::max_input_bytes`]. Never panics.
    ///
    /// ```
    /// let mut analyzer = tekstlens::Analyzer::new(Default::default()).unwrap();
    /// analyzer.set_max_input_bytes(10);
    /// assert!(analyzer.try_analyze("Kort.").is_ok());
    /// let err = analyzer.try_analyze("Een tekst van meer dan tien bytes.").unwrap_err();
    /// assert!(err.to_string().contains("too long"));
    /// ```
    pub fn try_analyze(&self, text: &str) -> Result<Analysis, Error> {
        if text.len() > self.max_input_bytes {
            return Err(Error::new(format!(
                "text too long: {} bytes (UTF-8), the maximum is {} bytes",
                text.len(),
                self.max_input_bytes
            )));
        }
        Ok(self.analyze(text))
    }

    /// Term counts only: `(stem, count)` for the terms [`Analyzer::analyze`] would report (same
    /// stems, counts and options), count descending then stem. Skips sentences, entities,
    /// statistics and per-token results: the fast path for word clouds and the benchmark.
    ///
    /// ```
    /// let analyzer = tekstlens::Analyzer::new(Default::default()).unwrap();
    /// let counts = analyzer.count_terms("De aanslagen en de aanslag in Parijs.");
    /// assert_eq!(counts[0], ("aanslag".to_string(), 2));
    /// ```
    pub fn count_terms(&self, text: &str) -> Vec<(String, usize)> {
        use std::borrow::Cow;
        use std::collections::HashMap;
        type Fx = std::hash::BuildHasherDefault<crate::terms::FxHasher>;
        /// The slot of tokens that count for nothing (stop words, empty stems).
        const NONE: usize = usize::MAX;
        // Term (stem, or a number's normalised form) -> slot, and the count of each slot.
        // `len / 64` asks for 15,600 entries per MB, which hashbrown rounds up to 32,768 buckets:
        // room for a 1 MB letter's ~17,000 distinct forms without growing (growing was a tenth
        // of the time), in a table small enough to stay in cache.
        let distinct = text.len() / 64 + 16;
        let mut slot_of: HashMap<String, usize, Fx> = HashMap::with_capacity_and_hasher(distinct, Fx::default());
        let mut counts: Vec<usize> = Vec::with_capacity(distinct);
        // Memo: normalised form -> slot, per kind (a word's slot is its stem's, a number's its
        // own form's): one hash lookup per token once its form has been seen. Forms longer
        // than 23 bytes (rare) have their own maps.
        let mut words: HashMap<ShortKey, usize, Fx> = HashMap::with_capacity_and_hasher(distinct, Fx::default());
        let mut numbers: HashMap<ShortKey, usize, Fx> = HashMap::default();
        let mut long_words: HashMap<String, usize, Fx> = HashMap::default();
        let mut long_numbers: HashMap<String, usize, Fx> = HashMap::default();
        // Tokens are streamed, not collected: a 1 MB text has ~190,000.
        tokenize::for_each_token(text, |t| {
            let is_word = match t.kind {
                TokenKind::Word => true,
                TokenKind::Number if self.options.include_numbers => false,
                _ => return,
            };
            let raw = &text[t.start..t.end];
            let mut key = [0u8; 24];
            // The normalised form. ASCII without line breaks: what `normalize_cow` does
            // (lowercase, backtick to apostrophe), written straight into the key. Anything else
            // goes through `normalize_cow`.
            let owned: Cow<'_, str>;
            let len;
            // One pass checks and copies (most forms are short ASCII words).
            let in_key = raw.len() < key.len() && lower_ascii_into(raw.as_bytes(), &mut key);
            if in_key {
                owned = Cow::Borrowed("");
                len = raw.len();
            } else {
                owned = crate::normalize::normalize_cow(raw);
                len = owned.len();
                // Zero-padded again: the pass above may have written part of `raw`.
                key = [0u8; 24];
                if len < key.len() {
                    key[..len].copy_from_slice(owned.as_bytes());
                }
            }
            let short = len < key.len();
            key[23] = len.min(255) as u8;
            let (memo, long) = if is_word { (&mut words, &mut long_words) } else { (&mut numbers, &mut long_numbers) };
            let found = if short { memo.get(&ShortKey(key)) } else { long.get(owned.as_ref()) };
            let slot = match found {
                Some(&slot) => slot,
                None => {
                    let norm: &str = if in_key {
                        match std::str::from_utf8(&key[..len]) {
                            Ok(s) => s,
                            Err(_) => return, // unreachable: ASCII
                        }
                    } else {
                        owned.as_ref()
                    };
                    let term: Option<Cow<'_, str>> = if is_word {
                        let stop = !self.options.include_stop_words && self.stop_words.contains(norm);
                        (!stop).then(|| self.stemmer.stem_word(norm)).filter(|s| !s.is_empty())
                    } else {
                        (!norm.is_empty()).then_some(Cow::Borrowed(norm))
                    };
                    let slot = match term {
                        None => NONE,
                        Some(term) => match slot_of.get(term.as_ref()) {
                            Some(&slot) => slot,
                            None => {
                                let slot = counts.len();
                                counts.push(0);
                                slot_of.insert(term.into_owned(), slot);
                                slot
                            }
                        },
                    };
                    if short {
                        memo.insert(ShortKey(key), slot);
                    } else {
                        long.insert(norm.to_owned(), slot);
                    }
                    slot
                }
            };
            if let Some(n) = counts.get_mut(slot) {
                *n += 1;
            }
        });
        // Count descending, then stem. Most terms share their count with thousands of others,
        // so the keys are the count and the stem's first 8 bytes (as terms::group sorts),
        // compared inline; only equal prefixes compare the strings.
        let mut terms: Vec<(String, usize)> =
            slot_of.into_iter().map(|(term, slot)| (term, counts.get(slot).copied().unwrap_or(0))).collect();
        crate::sort::sort_by_keys(
            &mut terms,
            |t| (u64::MAX - t.1 as u64, crate::terms::order_prefix(&t.0)),
            |a, b| a.0.cmp(&b.0),
        );
        terms
    }

    /// Analyses `text`. Never panics; any `&str` is valid input, of any length (see
    /// [`Analyzer::try_analyze`] for a size limit).
    pub fn analyze(&self, text: &str) -> Analysis {
        let tokenize::Tokenized { tokens: raw, sentences: sentence_spans } = tokenize::tokenize(text);
        let mut forms = Forms::with_capacity(self, raw.len());
        let sentences = sentence_spans.len();
        // One pass over the tokens derives each token's forms and gathers what the terms and
        // statistics count: per token the term-form id (its spelling, and whether it is a word
        // or a number), and the word counts.
        let mut term_ids: Vec<u32> = Vec::with_capacity(raw.len());
        let mut norm_ids: Vec<u32> = Vec::with_capacity(raw.len());
        let mut counts = stats::WordCounts::new(sentences);
        let mut seen_norm: Vec<bool> = Vec::new();
        let tokens: Vec<AnalyzedToken> = raw
            .iter()
            .map(|t| {
                let id = forms.id(&text[t.start..t.end]);
                norm_ids.push(forms.norm_id(id));
                let (norm, stem, stop) = match t.kind {
                    TokenKind::Word => {
                        let (norm_id, norm, w) = forms.word(id);
                        if seen_norm.len() <= norm_id {
                            seen_norm.resize(norm_id + 1, false);
                        }
                        if !std::mem::replace(&mut seen_norm[norm_id], true) {
                            counts.distinct += 1;
                        }
                        counts.add(t.sentence, w.syllables);
                        term_ids.push(2 * id);
                        (norm.clone(), Some(w.stem.clone()), w.stop)
                    }
                    kind => {
                        term_ids.push(if kind == TokenKind::Number { 2 * id + 1 } else { terms::NO_TERM });
                        (forms.norm(id).shared.clone(), None, false)
                    }
                };
                AnalyzedToken { start: t.start, end: t.end, kind: t.kind, sentence: t.sentence, norm, stem, stop }
            })
            .collect();
        // The tokenizer's tokens, the per-form tables and the seen flags are not read again:
        // freed now, before the entity stage allocates, they lower the peak of a large text
        // (wasm memory never shrinks back).
        drop(raw);
        drop(seen_norm);
        let terms = terms::term_frequencies_by_form(
            text,
            &tokens,
            terms::TermOptions {
                include_stop_words: self.options.include_stop_words,
                include_numbers: self.options.include_numbers,
            },
            &term_ids,
            2 * forms.len(),
        );
        drop(forms);
        // A word's term id is twice its spelling's index.
        let entities = self.recognizer.recognize_with_form_ids(text, &tokens, &norm_ids, &term_ids);
        let stats = stats::text_stats_from(&counts, sentences);
        let readability = stats::readability_from(counts, sentences);
        let keywords = self
            .reference()
            .map(|r| keyness::keywords(&terms, stats.words, r))
            .unwrap_or_default();
        Analysis {
            tokens,
            sentences: sentence_spans,
            terms,
            entities,
            stats,
            readability,
            keywords,
            stemmer: self.stemmer.kind(),
        }
    }
}
/// What [`Analyzer::analyze`] derives from one normalised form: computed once per distinct
/// form rather than once per token. A 1 MB text has some 170,000 tokens but only about 17,000
/// forms, and normalising, stemming, the stop-word lookup and counting syllables per token
/// were most of the time of the analysis outside the tokenizer and the model.
struct NormInfo {
    /// The form, shared by the tokens that have it.
    shared: SharedStr,
    /// Filled in when a word token first has this form (a number is never stemmed).
    word: Option<WordInfo>,
}

struct WordInfo {
    stem: SharedStr,
    stop: bool,
    syllables: usize,
}

/// A string of up to 23 bytes held in a map entry itself, zero-padded, its length in the last
/// byte: equal keys are equal strings (the length tells "a" from "a\0"), and comparing two is
/// a fixed 24-byte compare, with no pointer to chase into the text or the heap and no `memcmp`
/// call (those were a third of the counting in `count_terms`, which fills the bytes itself).
#[derive(Clone, Copy, PartialEq, Eq)]
struct ShortKey([u8; 24]);

impl ShortKey {
    #[inline]
    fn new(s: &str) -> Option<ShortKey> {
        if s.len() >= 24 {
            return None;
        }
        let mut key = [0u8; 24];
        key[..s.len()].copy_from_slice(s.as_bytes());
        key[23] = s.len() as u8;
        Some(ShortKey(key))
    }
}

impl std::hash::Hash for ShortKey {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write(&self.0);
    }
}

/// [`crate::normalize::normalize`] of an ASCII spelling without line breaks that fits `buf`,
/// written into `buf`: lowercase, the backtick an apostrophe (ASCII is already NFC). `None`
/// for anything else. (Tested against `normalize`.)
#[inline]
fn normalize_ascii<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let out = buf.get_mut(..s.len())?;
    if !lower_ascii_into(s.as_bytes(), out) {
        return None;
    }
    std::str::from_utf8(out).ok()
}

/// The step of [`normalize_ascii`] that `count_terms` writes straight into its key: `s`
/// lowercased, the backtick an apostrophe, into the start of `out`. False (with `out` partly
/// written) for a byte outside ASCII, a line break, or an `s` longer than `out`.
#[inline]
fn lower_ascii_into(s: &[u8], out: &mut [u8]) -> bool {
    if s.len() > out.len() {
        return false;
    }
    for (d, &b) in out.iter_mut().zip(s) {
        if !b.is_ascii() || b == b'\n' || b == b'\r' {
            return false;
        }
        *d = if b == b'`' { b'\'' } else { b.to_ascii_lowercase() };
    }
    true
}

/// The distinct spellings (tokens as written) and normalised forms of one text.
struct Forms<'t, 'a> {
    analyzer: &'a Analyzer,
    /// Spelling to its index; per spelling, the index of its normalised form. Spellings that
    /// differ only in case ("De", "de") share a form and so its stem.
    by_spelling: FxMap<&'t str, u32>,
    /// The same for spellings shorter than 24 bytes (nearly all), keyed by the bytes held in
    /// the key itself: looking one up is a fixed 24-byte compare, with no `memcmp` call and no
    /// pointer into the text to chase. This lookup runs once per token.
    by_short: FxMap<ShortKey, u32>,
    spelling_norm: Vec<u32>,
    by_norm: FxMap<SharedStr, u32>,
    norms: Vec<NormInfo>,
}

impl<'t, 'a> Forms<'t, 'a> {
    /// Sized for the forms of `tokens` tokens: prose has about one new spelling per nine
    /// tokens, and growing the maps rehashed every key several times (1% of the analysis).
    /// Capped, so that a long repetitive text reserves at most about 3 MB it may not use.
    fn with_capacity(analyzer: &'a Analyzer, tokens: usize) -> Self {
        // (28,672 entries fill a table of 32,768 buckets, where the maps of a 1 MB text grow
        // to anyway; past that they grow as before.)
        let n = (tokens / 8).min(28_672);
        Forms {
            analyzer,
            by_spelling: FxMap::default(),
            by_short: FxMap::with_capacity_and_hasher(n, Default::default()),
            spelling_norm: Vec::with_capacity(n),
            by_norm: FxMap::with_capacity_and_hasher(n, Default::default()),
            norms: Vec::with_capacity(n),
        }
    }

    /// Number of distinct spellings.
    fn len(&self) -> usize {
        self.spelling_norm.len()
    }

    /// The index of `spelling`, normalising it the first time it is seen.
    #[inline]
    fn id(&mut self, spelling: &'t str) -> u32 {
        let short = ShortKey::new(spelling);
        let found = match &short {
            Some(k) => self.by_short.get(k),
            None => self.by_spelling.get(spelling),
        };
        if let Some(&id) = found {
            return id;
        }
        // A new spelling of a known form ("De" after "de") allocates nothing: short ASCII is
        // normalised on the stack (`normalize_ascii`), and a form is stored once, as the string
        // its tokens share.
        let mut buf = [0u8; 32];
        let norm = match normalize_ascii(spelling, &mut buf) {
            Some(n) => Cow::Borrowed(n),
            None => crate::normalize::normalize_cow(spelling),
        };
        let norm_id = match self.by_norm.get(norm.as_ref()) {
            Some(&n) => n,
            None => {
                let n = self.norms.len() as u32;
                let shared = SharedStr::from(norm.as_ref());
                self.by_norm.insert(shared.clone(), n);
                self.norms.push(NormInfo { shared, word: None });
                n
            }
        };
        let id = self.spelling_norm.len() as u32;
        self.spelling_norm.push(norm_id);
        match short {
            Some(k) => self.by_short.insert(k, id),
            None => self.by_spelling.insert(spelling, id),
        };
        id
    }

    /// The index of the normalised form of spelling `id`.
    #[inline]
    fn norm_id(&self, id: u32) -> u32 {
        self.spelling_norm[id as usize]
    }

    /// The normalised form of spelling `id`.
    #[inline]
    fn norm(&self, id: u32) -> &NormInfo {
        &self.norms[self.spelling_norm[id as usize] as usize]
    }

    /// The normalised form of spelling `id` with its stem, stop flag and syllables.
    #[inline]
    fn word(&mut self, id: u32) -> (usize, &SharedStr, &WordInfo) {
        let norm_id = self.spelling_norm[id as usize] as usize;
        let info = &mut self.norms[norm_id];
        let analyzer = self.analyzer;
        let word = info.word.get_or_insert_with(|| {
            let norm = info.shared.as_str();
            let stem = analyzer.stemmer.stem_word(norm);
            WordInfo {
                // A form that is its own stem shares its string (no second allocation).
                stem: if stem == norm { info.shared.clone() } else { SharedStr::from(stem.as_ref()) },
                stop: analyzer.stop_words.contains(norm),
                syllables: stats::syllables(norm),
            }
        });
        (norm_id, &info.shared, word)
    }
}

#[cfg(test)]
mod tests {
    use super::ShortKey;

    /// `normalize_ascii` is `normalize` where it answers: every string of up to three
    /// characters over letters, digits, the backtick, line breaks and a non-ASCII letter.
    #[test]
    fn normalize_ascii_is_normalize() {
        let alphabet = ["a", "Z", "7", "`", "'", "-", "\n", "\r", " ", "\u{e9}", "\u{c9}"];
        let n = alphabet.len();
        let mut answered = 0;
        for len in 0..=3u32 {
            for mut k in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push_str(alphabet[k % n]);
                    k /= n;
                }
                let mut buf = [0u8; 32];
                if let Some(norm) = super::normalize_ascii(&s, &mut buf) {
                    answered += 1;
                    assert_eq!(norm, crate::normalize::normalize(&s), "{s:?}");
                }
            }
        }
        assert!(answered >= 400);
        let long = "A".repeat(33);
        assert_eq!(super::normalize_ascii(&long, &mut [0u8; 32]), None);
        assert_eq!(super::normalize_ascii("MiNiStEr`S", &mut [0u8; 32]), Some("minister's"));
    }

    /// Short keys are equal exactly when the strings are; 24 bytes and more have none.
    #[test]
    fn short_keys() {
        let words = ["", "a", "a\0", "\0", "de", "De", "ë", "aanslagen", "23-bytes-long-spelling!", "24-bytes-long-spelling!!", "x".repeat(300).leak()];
        for a in words {
            assert_eq!(ShortKey::new(a).is_some(), a.len() < 24, "{a:?}");
            for b in words {
                if let (Some(x), Some(y)) = (ShortKey::new(a), ShortKey::new(b)) {
                    assert_eq!(x == y, a == b, "{a:?} {b:?}");
                }
            }
        }
    }
}

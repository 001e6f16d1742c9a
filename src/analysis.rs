//! The result of one analysis and the [`Analyzer`] that produces it.
//!
//! Data flows one way: text → [`tokenize`](crate::tokenize) → [`normalize`](crate::normalize)
//! → [`stem`](crate::stem) → [`terms`](crate::terms) and [`entities`](crate::entities) →
//! [`stats`](crate::stats) → [`Analysis`].

use std::sync::OnceLock;

use serde::Serialize;

use crate::compare::{self, Comparison};
use crate::entities::{Entity, EntityRecognizer, Recognize};
use crate::keyness::{self, Keyword, Reference};
use crate::kwic::{self, KwicLine, KwicOptions, KwicTarget};
use crate::stats::{self, Readability, TextStats};
use crate::stem::{Stemmer, StemmerKind};
use crate::stopwords::StopWords;
use crate::terms::{self, Term};
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
    pub norm: String,
    /// Stem of `norm` by the analyzer's stemmer ([`Analysis::stemmer`], Snowball Dutch Porter by
    /// default); `None` for tokens that are not words.
    pub stem: Option<String>,
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
}

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

    /// The entity recognizer in use (gazetteers, rules and a model, if any).
    pub fn recognizer(&self) -> &EntityRecognizer {
        &self.recognizer
    }

    /// Analyses `text`. Never panics; any `&str` is valid input.
    pub fn analyze(&self, text: &str) -> Analysis {
        let tokenized = tokenize::tokenize(text);
        let norms: Vec<String> = tokenized.tokens.iter().map(|t| t.norm(text)).collect();
        let stems = self.stemmer.stem_tokens(tokenized.tokens.iter().map(|t| t.kind), &norms);
        let tokens: Vec<AnalyzedToken> = tokenized
            .tokens
            .iter()
            .zip(norms)
            .zip(stems)
            .map(|((t, norm), stem)| AnalyzedToken {
                start: t.start,
                end: t.end,
                kind: t.kind,
                sentence: t.sentence,
                stop: t.kind == TokenKind::Word && self.stop_words.contains(&norm),
                norm,
                stem,
            })
            .collect();
        let terms = terms::term_frequencies(
            text,
            &tokens,
            terms::TermOptions {
                include_stop_words: self.options.include_stop_words,
                include_numbers: self.options.include_numbers,
            },
        );
        let entities = self.recognizer.recognize(text, &tokens);
        let stats = stats::text_stats(text, &tokens, tokenized.sentences.len());
        let readability = stats::readability(&tokens, tokenized.sentences.len());
        let keywords = self
            .reference()
            .map(|r| keyness::keywords(&terms, stats.words, r))
            .unwrap_or_default();
        Analysis {
            tokens,
            sentences: tokenized.sentences,
            terms,
            entities,
            stats,
            readability,
            keywords,
            stemmer: self.stemmer.kind(),
        }
    }
}

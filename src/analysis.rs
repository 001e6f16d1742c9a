//! The result of one analysis and the [`Analyzer`] that produces it.
//!
//! Data flows one way: text → [`tokenize`](crate::tokenize) → [`normalize`](crate::normalize)
//! → [`stem`](crate::stem) → [`terms`](crate::terms) and [`entities`](crate::entities) →
//! [`stats`](crate::stats) → [`Analysis`].

use serde::Serialize;

use crate::entities::{Entity, EntityRecognizer, Recognize};
use crate::stats::{self, TextStats};
use crate::stem::Stemmer;
use crate::stopwords::StopWords;
use crate::terms::{self, Term};
use crate::tokenize::{self, Sentence, TokenKind};
use crate::Error;

/// Options for building an [`Analyzer`].
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
    /// Snowball Dutch stem of `norm`; `None` for tokens that are not words.
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
            options,
        })
    }

    /// The stop words in use.
    pub fn stop_words(&self) -> &StopWords {
        &self.stop_words
    }

    /// The stemmer in use.
    pub fn stemmer(&self) -> &Stemmer {
        &self.stemmer
    }

    /// Sets a model that proposes entities (after the patterns and gazetteers, before the rules).
    pub fn set_model(&mut self, model: Option<Box<dyn Recognize>>) {
        self.recognizer.set_model(model);
    }

    /// The entity recognizer in use (gazetteers, rules and, later, a model).
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
        Analysis { tokens, sentences: tokenized.sentences, terms, entities, stats }
    }
}

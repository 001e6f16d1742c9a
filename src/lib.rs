//! # tekstlens
//!
//! Dutch text analysis that runs anywhere Rust does, including the browser (see the wasm
//! bindings in `bindings`). One pipeline, data flowing one way:
//!
//! text → [`tokenize`] (tokens with byte spans and sentences) → [`normalize`] (forms for
//! matching) → [`stopwords`] and [`stem`] → [`terms`] and [`entities`] → [`stats`] and
//! [`keyness`] → [`Analysis`].
//!
//! On top of an analysis: [`kwic`] (keyword in context), [`compare`] (two texts side by side),
//! [`export`] (CSV and JSON); and for teaching, [`stem::explain()`] (the Porter stemmer step by
//! step).
//!
//! ```
//! use tekstlens::{Analyzer, Label, Options};
//!
//! let analyzer = Analyzer::new(Options::default())?;
//! let text = "Den Haag, 17 november 2015. De AIVD en de Koninklijke Marechaussee (Kmar) \
//!             volgen de aanslagen in Parijs. Aanslagen treffen ons allen.";
//! let analysis = analyzer.analyze(text);
//!
//! // Entities carry byte spans into the text.
//! let kmar = analysis.entities.iter().find(|e| e.text == "Kmar").unwrap();
//! assert_eq!(&text[kmar.start..kmar.end], "Kmar");
//! assert_eq!(kmar.label, Label::Org);
//! assert_eq!(kmar.canonical.as_deref(), Some("Koninklijke Marechaussee"));
//!
//! // Terms are grouped by stem: "aanslagen" and "Aanslagen" are one term.
//! assert_eq!(analysis.terms[0].stem, "aanslag");
//! assert_eq!(analysis.terms[0].count, 2);
//! # Ok::<(), tekstlens::Error>(())
//! ```
//!
//! Offsets are half-open UTF-8 byte ranges on `char` boundaries, and no stage changes them.
//! Nothing in the core panics on input: every `&str` is valid.

pub mod analysis;
pub mod compare;
pub mod conll;
pub mod entities;
pub mod export;
pub mod keyness;
pub mod kwic;
pub mod normalize;
pub mod sort;
pub mod stats;
pub mod stem;
pub mod stopwords;
pub mod tagger;
pub mod terms;
pub mod tokenize;

/// One step of Marsaglia's xorshift64 on `x`: the pseudo-random inputs of the randomised
/// tests, from one definition.
#[cfg(test)]
pub(crate) fn xorshift(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

#[cfg(target_arch = "wasm32")] mod bindings;

pub use analysis::{Analysis, AnalyzedToken, Analyzer, Options, SharedStr};
pub use stem::StemmerKind;
pub use entities::{Entity, Label, Source};
pub use stopwords::StopWords;
pub use terms::Term;

/// An error from building an analyzer or reading input. Its message says what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Error {
        Error { message: message.into() }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

//! Stemming with one of two Snowball Dutch stemmers (see [`StemmerKind`]):
//!
//! - **Porter** (default): the classic Porter-style Dutch algorithm that rust-stemmers
//!   implements (Snowball 2's `dutch`, now called `dutch_porter`). [`explain()`] shows its steps
//!   for any word.
//! - **Kraaij-Pohlmann**: Snowball 3's default `dutch` stemmer, based on the algorithm of
//!   Kraaij and Pohlmann (1994), from the crate frostem. It removes more suffixes (diminutives,
//!   "-iteit", "-isme", ...) and so groups more forms.
//!
//! Precondition: the input is a normalised form (see [`crate::normalize`]): lowercase, NFC.
//! Both stemmers are case-sensitive and would leave "Aanslagen" unstemmed.

pub mod explain;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};


pub use explain::{explain, StemExplanation, StemStep, StepKind};

/// Which Dutch stemmer an [`crate::Analyzer`] uses. Serialises as `"porter"` or
/// `"kraaijPohlmann"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StemmerKind {
    /// Snowball's classic Porter-style Dutch stemmer (rust-stemmers).
    #[default]
    Porter,
    /// Snowball 3's default Dutch stemmer, after Kraaij and Pohlmann (frostem).
    KraaijPohlmann,
}

impl StemmerKind {
    /// "porter" or "kraaij-pohlmann" (for command lines and file names).
    pub fn as_str(self) -> &'static str {
        match self {
            StemmerKind::Porter => "porter",
            StemmerKind::KraaijPohlmann => "kraaij-pohlmann",
        }
    }

    /// Parses "porter" or "kraaij-pohlmann" (also "kp", "kraaijPohlmann"), any case.
    pub fn parse(s: &str) -> Option<StemmerKind> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "porter" | "dutchporter" => Some(StemmerKind::Porter),
            "kraaijpohlmann" | "kp" | "dutch" => Some(StemmerKind::KraaijPohlmann),
            _ => None,
        }
    }
}

enum Inner {
    Porter(rust_stemmers::Stemmer),
    KraaijPohlmann(frostem::Stemmer),
}

/// Longer words are not stemmed (see [`Stemmer::stem`]).
pub const MAX_STEM_BYTES: usize = 256;

/// A Dutch stemmer.
pub struct Stemmer {
    inner: Inner,
}

impl Stemmer {
    /// Snowball's classic (Porter-style) Dutch stemmer, the default.
    pub fn dutch() -> Stemmer {
        Stemmer::new(StemmerKind::Porter)
    }

    /// Snowball 3's Kraaij-Pohlmann based Dutch stemmer.
    ///
    /// ```
    /// let s = tekstlens::stem::Stemmer::kraaij_pohlmann();
    /// assert_eq!(s.stem("huizen"), "huis"); // Porter: "huiz"
    /// assert_eq!(s.stem("huisjes"), "huis"); // diminutive removed (Porter keeps "huisjes")
    /// // It restores the long vowel of an open syllable, and so does not group these two:
    /// assert_eq!(s.stem("aanslagen"), "aanslaag");
    /// assert_eq!(s.stem("aanslag"), "aanslag");
    /// ```
    pub fn kraaij_pohlmann() -> Stemmer {
        Stemmer::new(StemmerKind::KraaijPohlmann)
    }

    /// The stemmer of the given kind.
    pub fn new(kind: StemmerKind) -> Stemmer {
        let inner = match kind {
            StemmerKind::Porter => {
                Inner::Porter(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Dutch))
            }
            StemmerKind::KraaijPohlmann => {
                Inner::KraaijPohlmann(frostem::Stemmer::new(frostem::Algorithm::Dutch))
            }
        };
        Stemmer { inner }
    }

    /// Which algorithm this is.
    pub fn kind(&self) -> StemmerKind {
        match self.inner {
            Inner::Porter(_) => StemmerKind::Porter,
            Inner::KraaijPohlmann(_) => StemmerKind::KraaijPohlmann,
        }
    }

    /// Stems one normalised word.
    ///
    /// ```
    /// let s = tekstlens::stem::Stemmer::dutch();
    /// assert_eq!(s.stem("aanslagen"), "aanslag");
    /// assert_eq!(s.stem("maatregelen"), "maatregel");
    /// ```
    ///
    /// Words longer than [`MAX_STEM_BYTES`] are returned unchanged: no Dutch word is that long,
    /// and both Snowball implementations copy the whole word on every replacement, which is
    /// quadratic in its length (a 10 MB token of "ë" would take hours).
    pub fn stem<'a>(&self, norm: &'a str) -> Cow<'a, str> {
        if norm.len() > MAX_STEM_BYTES {
            return Cow::Borrowed(norm);
        }
        match &self.inner {
            Inner::Porter(s) => s.stem(norm),
            Inner::KraaijPohlmann(s) => s.stem(norm),
        }
    }

    /// Stems the normalised form of a word token. Hyphens at the edges of elided forms
    /// ("-handel", "immigratie-") are not part of the stem. The analysis, the term counts and
    /// the keyness reference all stem words through this, once per distinct form.
    pub(crate) fn stem_word<'a>(&self, norm: &'a str) -> Cow<'a, str> {
        self.stem(norm.trim_matches('-'))
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind() {
            StemmerKind::Porter => f.write_str("Stemmer(Dutch)"),
            StemmerKind::KraaijPohlmann => f.write_str("Stemmer(Dutch, Kraaij-Pohlmann)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let s = Stemmer::dutch();
        for (w, want) in [
            ("aanslag", "aanslag"),
            ("aanslagen", "aanslag"),
            ("maatregelen", "maatregel"),
            ("dreiging", "dreiging"),
            ("dreigingen", "dreiging"),
            ("nederlanders", "nederlander"),
        ] {
            assert_eq!(s.stem(w), want, "{w}");
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(Stemmer::dutch().kind(), StemmerKind::Porter);
        assert_eq!(StemmerKind::default(), StemmerKind::Porter);
        let kp = Stemmer::new(StemmerKind::KraaijPohlmann);
        assert_eq!(kp.kind(), StemmerKind::KraaijPohlmann);
        // Kraaij-Pohlmann removes diminutives; Porter does not.
        assert_eq!(kp.stem("huisjes"), "huis");
        assert_eq!(Stemmer::dutch().stem("huisjes"), "huisjes");
        for k in [StemmerKind::Porter, StemmerKind::KraaijPohlmann] {
            assert_eq!(StemmerKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::json!(match k {
                StemmerKind::Porter => "porter",
                StemmerKind::KraaijPohlmann => "kraaijPohlmann",
            }));
        }
        assert_eq!(StemmerKind::parse("KP"), Some(StemmerKind::KraaijPohlmann));
        assert_eq!(StemmerKind::parse("snowball"), None);
        // Neither stemmer panics on odd input.
        for w in ["", "-", "ë", "yyy", "iii", "\u{0}", "🙂en", "ĳs", "aaaaaaaaaaaaaaaaaaaaaaaaa"] {
            let _ = kp.stem(w);
            let _ = Stemmer::dutch().stem(w);
        }
    }

    #[test]
    fn elided_forms_stem_like_the_word() {
        let s = Stemmer::dutch();
        assert_eq!(s.stem_word("-handel"), s.stem_word("handel"));
        assert_eq!(s.stem_word("immigratie-"), s.stem("immigratie"));
        let a = crate::Analyzer::new(Default::default()).unwrap().analyze("in- en -handel 29");
        let stems: Vec<Option<&str>> = a.tokens.iter().map(|t| t.stem.as_deref()).collect();
        assert_eq!(stems, [Some("in"), Some("en"), Some("handel"), None]);
    }
}

//! Stemming with Snowball's Dutch stemmer (the classic Porter-style algorithm that
//! rust-stemmers implements).
//!
//! Precondition: the input is a normalised form (see [`crate::normalize`]): lowercase, NFC.
//! The stemmer is case-sensitive and would leave "Aanslagen" unstemmed.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::tokenize::TokenKind;

/// A Dutch stemmer.
pub struct Stemmer {
    inner: rust_stemmers::Stemmer,
}

impl Stemmer {
    /// Snowball's Dutch stemmer.
    pub fn dutch() -> Stemmer {
        Stemmer { inner: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Dutch) }
    }

    /// Stems one normalised word.
    ///
    /// ```
    /// let s = tekstlens::stem::Stemmer::dutch();
    /// assert_eq!(s.stem("aanslagen"), "aanslag");
    /// assert_eq!(s.stem("maatregelen"), "maatregel");
    /// ```
    pub fn stem<'a>(&self, norm: &'a str) -> Cow<'a, str> {
        self.inner.stem(norm)
    }

    /// Stems every word token, each distinct form once. Returns `None` for non-words.
    /// Hyphens at the edges of elided forms ("-handel", "immigratie-") are not part of the stem.
    pub(crate) fn stem_tokens<'t>(
        &self,
        kinds: impl Iterator<Item = TokenKind>,
        norms: &'t [String],
    ) -> Vec<Option<String>> {
        let mut cache: HashMap<&'t str, String> = HashMap::new();
        kinds
            .zip(norms)
            .map(|(kind, norm)| {
                (kind == TokenKind::Word).then(|| {
                    cache
                        .entry(norm.as_str())
                        .or_insert_with(|| self.stem(norm.trim_matches('-')).into_owned())
                        .clone()
                })
            })
            .collect()
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmer(Dutch)")
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
    fn elided_forms_stem_like_the_word() {
        let s = Stemmer::dutch();
        let norms = vec!["-handel".to_string(), "handel".to_string(), "29".to_string()];
        let kinds = [TokenKind::Word, TokenKind::Word, TokenKind::Number];
        let stems = s.stem_tokens(kinds.into_iter(), &norms);
        assert_eq!(stems[0], stems[1]);
        assert_eq!(stems[2], None);
    }
}

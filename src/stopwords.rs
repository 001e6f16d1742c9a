//! Stop words: Snowball's Dutch list by default (BSD-3, `data/stopwords/`), replaceable or
//! extensible by users.

use std::collections::HashSet;

use crate::normalize::normalize;

const SNOWBALL_DUTCH: &str = include_str!("../data/stopwords/snowball-dutch.txt");

/// FxHash: [`StopWords::contains`] runs once per token in an analysis, and SipHash made it a
/// noticeable part of it. The words are the user's own list, not attacker-chosen keys.
type Fx = std::hash::BuildHasherDefault<crate::terms::FxHasher>;

/// A set of stop words, stored normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StopWords {
    words: HashSet<String, Fx>,
}

impl StopWords {
    /// Snowball's 101 Dutch stop words.
    pub fn snowball() -> StopWords {
        StopWords::parse(SNOWBALL_DUTCH)
    }

    /// An empty list (nothing is a stop word).
    pub fn none() -> StopWords {
        StopWords::default()
    }

    /// Parses a list in Snowball's format: one word per line, `|` starts a comment.
    pub fn parse(list: &str) -> StopWords {
        let words = list
            .lines()
            .map(|l| l.split('|').next().unwrap_or("").trim())
            .flat_map(|l| l.split_whitespace())
            .map(normalize)
            .collect();
        StopWords { words }
    }

    /// Builds a list from words.
    pub fn from_words<I: IntoIterator<Item = S>, S: AsRef<str>>(words: I) -> StopWords {
        StopWords { words: words.into_iter().map(|w| normalize(w.as_ref())).collect() }
    }

    /// Adds words to the list.
    pub fn extend<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, words: I) {
        self.words.extend(words.into_iter().map(|w| normalize(w.as_ref())));
    }

    /// Whether the normalised form `norm` is a stop word.
    pub fn contains(&self, norm: &str) -> bool {
        self.words.contains(norm)
    }

    /// The words, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowball_list() {
        let s = StopWords::snowball();
        assert_eq!(s.len(), 101);
        for w in ["de", "en", "van", "het", "een", "zijn", "uw"] {
            assert!(s.contains(w), "{w}");
        }
        assert!(!s.contains("aanslag"));
    }

    #[test]
    fn replace_and_extend() {
        let mut s = StopWords::from_words(["Kabinet"]);
        assert!(s.contains("kabinet"));
        s.extend(["maatregel"]);
        assert!(s.contains("maatregel"));
        assert!(!s.contains("de"));
    }
}

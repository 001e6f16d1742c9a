//! Text statistics and Flesch–Douma readability.

use std::collections::HashSet;

use serde::Serialize;

use crate::analysis::AnalyzedToken;
use crate::tokenize::TokenKind;

/// Counts and readability of one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextStats {
    pub sentences: usize,
    /// Word tokens (numbers, punctuation and symbols are not words).
    pub words: usize,
    /// Distinct normalised word forms.
    pub distinct_words: usize,
    /// `distinct_words / words` (0 for a text without words).
    pub type_token_ratio: f64,
    /// Words per sentence.
    pub mean_sentence_length: f64,
    pub mean_syllables_per_word: f64,
    /// 206.835 − 0.93 × words per sentence − 77 × syllables per word; `None` without words.
    /// Higher is easier; most adult prose scores 30 to 70.
    pub flesch_douma: Option<f64>,
}

/// Computes the statistics of an analysed text.
pub fn text_stats(_text: &str, tokens: &[AnalyzedToken], sentences: usize) -> TextStats {
    let words: Vec<&AnalyzedToken> = tokens.iter().filter(|t| t.kind == TokenKind::Word).collect();
    let n = words.len();
    let distinct = words.iter().map(|t| t.norm.as_str()).collect::<HashSet<_>>().len();
    let syllables: usize = words.iter().map(|t| syllables(&t.norm)).sum();
    let per = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let wps = per(n, sentences);
    let spw = per(syllables, n);
    TextStats {
        sentences,
        words: n,
        distinct_words: distinct,
        type_token_ratio: per(distinct, n),
        mean_sentence_length: wps,
        mean_syllables_per_word: spw,
        flesch_douma: (n > 0).then(|| 206.835 - 0.93 * wps - 77.0 * spw),
    }
}

/// Vowel sequences that are one syllable in Dutch, longest first.
const NUCLEI: &[&str] = &[
    "aai", "ooi", "oei", "eeu", "ieu", "uie", "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei",
    "ij", "ou", "au", "ai", "oi", "ey", "uy", "ay", "oy",
];

/// Counts the syllables of a normalised (lowercase) Dutch word: its vowel nuclei, where a
/// diaeresis starts a new one ("reëel" = 2, "geïnteresseerd" = 5) and vowel pairs that are no
/// Dutch diphthong split ("ideaal" = 3). A word with letters but no vowel ("AIVD" spelled out
/// aside) counts as one syllable.
///
/// ```
/// use tekstlens::stats::syllables;
/// assert_eq!(syllables("aanslagen"), 3);
/// assert_eq!(syllables("nederlanders"), 4);
/// assert_eq!(syllables("reëel"), 2);
/// ```
pub fn syllables(word: &str) -> usize {
    // Fold accents; remember where a diaeresis forces a break.
    let mut letters: Vec<(char, bool)> = Vec::with_capacity(word.len());
    for c in word.chars() {
        let (base, brk) = match c {
            'ä' => ('a', true),
            'ë' => ('e', true),
            'ï' => ('i', true),
            'ö' => ('o', true),
            'ü' => ('u', true),
            'á' | 'à' | 'â' => ('a', false),
            'é' | 'è' | 'ê' => ('e', false),
            'í' | 'ì' | 'î' => ('i', false),
            'ó' | 'ò' | 'ô' => ('o', false),
            'ú' | 'ù' | 'û' => ('u', false),
            'ý' | 'ÿ' => ('y', false),
            c => (c, false),
        };
        letters.push((base, brk));
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut i = 0;
    let mut has_letter = false;
    while i < letters.len() {
        let (c, _) = letters[i];
        has_letter |= c.is_alphabetic();
        if !is_vowel(c) {
            i += 1;
            continue;
        }
        // A vowel run, cut before each diaeresis; within a piece match nuclei greedily.
        let mut j = i + 1;
        while j < letters.len() && is_vowel(letters[j].0) && !letters[j].1 {
            j += 1;
        }
        let run: String = letters[i..j].iter().map(|l| l.0).collect();
        let mut k = 0;
        while k < run.len() {
            let len = NUCLEI
                .iter()
                .find(|n| run[k..].starts_with(*n))
                .map_or(1, |n| n.len());
            count += 1;
            k += len;
        }
        i = j;
    }
    if count == 0 && has_letter { 1 } else { count }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Options};

    #[test]
    fn syllable_table() {
        for (w, n) in [
            ("de", 1),
            ("aanslag", 2),
            ("maatregelen", 4),
            ("dreiging", 2),
            ("ideaal", 3),
            ("geïnteresseerd", 5),
            ("italiaans", 4),
            ("leeuw", 1),
            ("nieuws", 1),
            ("kmar", 1),
            ("syrië", 3),
            ("een", 1),
            ("politie", 3),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn flesch_douma() {
        let a = Analyzer::new(Options::default()).unwrap();
        let s = a.analyze("De kat zit op de mat. Het is koud.").stats;
        assert_eq!((s.sentences, s.words, s.distinct_words), (2, 9, 8));
        // 9 words, 2 sentences, 9 syllables.
        let want = 206.835 - 0.93 * 4.5 - 77.0 * 1.0;
        assert!((s.flesch_douma.unwrap() - want).abs() < 1e-9);
        assert!(a.analyze("").stats.flesch_douma.is_none());
    }
}

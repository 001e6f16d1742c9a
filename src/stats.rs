//! Text statistics and readability: Flesch–Douma and Brouwer for the text and per sentence,
//! with the hardest sentences flagged.
//!
//! Both formulas weigh sentence length (words per sentence) and word length (syllables per
//! word); higher is easier:
//! - Flesch–Douma (Douma 1960): 206.835 − 0.93 × words/sentence − 77 × syllables/word;
//! - Brouwer's Leesindex A (Brouwer 1963): 195 − 2 × words/sentence − ⅔ × syllables per 100
//!   words, i.e. 195 − 2 × words/sentence − 66.67 × syllables/word (often rounded to 67).
//!
//! On both scales scores below 30 are "zeer moeilijk" (university level). Per sentence the
//! words per sentence is simply the sentence's word count.

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

/// Below this Flesch–Douma score a sentence counts as "zeer moeilijk" (Douma's lowest band).
pub const HARD_SCORE: f64 = 30.0;
/// At most this share of a text's scored sentences (rounded up, at least one) is flagged hard.
pub const HARD_SHARE: f64 = 0.10;
/// Sentences with fewer words are never flagged: headings and list items ("Nr. 66",
/// "Afsluiting van de Oosterschelde") score by word length alone.
pub const HARD_MIN_WORDS: usize = 5;

/// Readability of the text and of each sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Readability {
    /// Brouwer's Leesindex A for the whole text; `None` without words. (Flesch–Douma for the
    /// whole text is [`TextStats::flesch_douma`].)
    pub brouwer: Option<f64>,
    /// One entry per sentence, in text order (index = [`crate::Analysis::sentences`] index).
    pub sentences: Vec<SentenceReadability>,
}

/// Readability of one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentenceReadability {
    /// Index into [`crate::Analysis::sentences`].
    pub sentence: usize,
    pub words: usize,
    pub syllables: usize,
    /// `None` for a sentence without words (a number or punctuation only).
    pub flesch_douma: Option<f64>,
    pub brouwer: Option<f64>,
    /// One of the hardest sentences of the text: among the sentences of at least
    /// [`HARD_MIN_WORDS`] words, one of the lowest-scoring [`HARD_SHARE`] (rounded up, at least
    /// one) on Flesch–Douma, and scoring below [`HARD_SCORE`] ("zeer moeilijk"). An easy text
    /// has none; a hard text has only its worst tenth flagged, so the flags point somewhere.
    pub hard: bool,
}

/// Flesch–Douma for `words` words in `sentences` sentences with `syllables` syllables.
pub fn flesch_douma(words: usize, sentences: usize, syllables: usize) -> Option<f64> {
    (words > 0 && sentences > 0).then(|| {
        206.835 - 0.93 * (words as f64 / sentences as f64) - 77.0 * (syllables as f64 / words as f64)
    })
}

/// Brouwer's Leesindex A for `words` words in `sentences` sentences with `syllables` syllables.
///
/// ```
/// // 10 words, 1 sentence, 15 syllables: 195 − 2 × 10 − 66.67 × 1.5 = 75
/// let b = tekstlens::stats::brouwer(10, 1, 15).unwrap();
/// assert!((b - 75.0).abs() < 1e-9);
/// ```
pub fn brouwer(words: usize, sentences: usize, syllables: usize) -> Option<f64> {
    (words > 0 && sentences > 0).then(|| {
        195.0 - 2.0 * (words as f64 / sentences as f64) - (200.0 / 3.0) * (syllables as f64 / words as f64)
    })
}

/// The word counts behind [`text_stats`] and [`readability`], gathered in one pass over the
/// words (by [`crate::Analyzer::analyze`] from syllables it computed once per distinct form).
#[derive(Debug, Clone, Default)]
pub(crate) struct WordCounts {
    /// Word tokens.
    pub words: usize,
    /// Distinct normalised word forms.
    pub distinct: usize,
    /// Syllables of all word tokens.
    pub syllables: usize,
    /// Per sentence: words and syllables.
    pub per_sentence: Vec<(usize, usize)>,
}

impl WordCounts {
    pub fn new(sentences: usize) -> WordCounts {
        WordCounts { per_sentence: vec![(0, 0); sentences], ..WordCounts::default() }
    }

    /// Counts one word of `syllables` syllables in sentence `sentence`.
    #[inline]
    pub fn add(&mut self, sentence: usize, syllables: usize) {
        self.words += 1;
        self.syllables += syllables;
        // A token's sentence index is always in range; `get_mut` keeps a bad index harmless.
        if let Some(p) = self.per_sentence.get_mut(sentence) {
            p.0 += 1;
            p.1 += syllables;
        }
    }

    /// The counts of the word tokens of `tokens`, each distinct normalised form's syllables
    /// counted once.
    fn of(tokens: &[AnalyzedToken], sentences: usize) -> WordCounts {
        let mut counts = WordCounts::new(sentences);
        let mut syllables_of: crate::terms::FxMap<&str, usize> = Default::default();
        for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            let n = match syllables_of.get(t.norm.as_str()) {
                Some(&n) => n,
                None => {
                    let n = syllables(&t.norm);
                    syllables_of.insert(&t.norm, n);
                    n
                }
            };
            counts.add(t.sentence, n);
        }
        counts.distinct = syllables_of.len();
        counts
    }
}

/// Readability of the text and of each of its `sentences` sentences.
pub fn readability(tokens: &[AnalyzedToken], sentences: usize) -> Readability {
    readability_from(WordCounts::of(tokens, sentences), sentences)
}

/// [`readability`] from the word counts.
pub(crate) fn readability_from(counts: WordCounts, sentences: usize) -> Readability {
    let per = counts.per_sentence;
    let (words, syl) = per.iter().fold((0, 0), |(w, s), p| (w + p.0, s + p.1));
    let mut out: Vec<SentenceReadability> = per
        .iter()
        .enumerate()
        .map(|(i, &(w, s))| SentenceReadability {
            sentence: i,
            words: w,
            syllables: s,
            flesch_douma: flesch_douma(w, 1, s),
            brouwer: brouwer(w, 1, s),
            hard: false,
        })
        .collect();
    // The hardest tenth of the long-enough sentences (short ones are headings, whose scores
    // say little), then only those that are "zeer moeilijk".
    let mut scored: Vec<(f64, usize)> = out
        .iter()
        .filter(|r| r.words >= HARD_MIN_WORDS)
        .filter_map(|r| r.flesch_douma.map(|f| (f, r.sentence)))
        .collect();
    // f64::total_cmp's order as integers: flip the sign bit of positives, all bits of negatives.
    let total_key = |f: f64| {
        let b = f.to_bits();
        if b >> 63 == 1 { !b } else { b | 1 << 63 }
    };
    crate::sort::sort_by_keys(&mut scored, |a| (total_key(a.0), a.1 as u64), |_, _| std::cmp::Ordering::Equal);
    let quota = ((scored.len() as f64 * HARD_SHARE).ceil() as usize).max(1);
    for &(score, i) in scored.iter().take(quota) {
        if score < HARD_SCORE {
            out[i].hard = true;
        }
    }
    Readability { brouwer: brouwer(words, sentences, syl), sentences: out }
}

/// Computes the statistics of an analysed text.
pub fn text_stats(_text: &str, tokens: &[AnalyzedToken], sentences: usize) -> TextStats {
    text_stats_from(&WordCounts::of(tokens, sentences), sentences)
}

/// [`text_stats`] from the word counts.
pub(crate) fn text_stats_from(counts: &WordCounts, sentences: usize) -> TextStats {
    let (n, distinct, syllables) = (counts.words, counts.distinct, counts.syllables);
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
        flesch_douma: (n > 0).then_some(206.835 - 0.93 * wps - 77.0 * spw),
    }
}

/// Vowel sequences that are one syllable in Dutch, longest first.
const NUCLEI: &[&str] = &[
    "aai", "ooi", "oei", "eeu", "ieu", "uie", "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei",
    "ij", "ou", "au", "ai", "oi", "ey", "uy", "ay", "oy",
];

/// A letter without its accent, and whether the accent is a diaeresis (which starts a new
/// syllable: "reëel").
fn fold_accent(c: char) -> (char, bool) {
    match c {
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
    }
}

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
    if word.is_ascii() {
        return syllables_ascii(word.as_bytes());
    }
    // Fold accents; remember where a diaeresis forces a break.
    let mut letters: Vec<(char, bool)> = Vec::with_capacity(word.len());
    letters.extend(word.chars().map(fold_accent));
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
        // The run is ASCII vowels, one byte each: matched in place (a string per run and a
        // `starts_with` call per nucleus were most of the time of counting).
        let run = &letters[i..j];
        let mut k = 0;
        while k < run.len() {
            let rest = &run[k..];
            let len = NUCLEI
                .iter()
                .find(|n| n.len() <= rest.len() && n.bytes().zip(rest).all(|(b, l)| l.0 == char::from(b)))
                .map_or(1, |n| n.len());
            count += 1;
            k += len;
        }
        i = j;
    }
    if count == 0 && has_letter { 1 } else { count }
}

/// [`syllables`] for ASCII words (nearly all): no accents to fold, no diaeresis, one byte per
/// letter, so the bytes are read in place.
fn syllables_ascii(b: &[u8]) -> usize {
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut count = 0;
    let mut i = 0;
    let mut has_letter = false;
    while i < b.len() {
        let c = b[i];
        has_letter |= c.is_ascii_alphabetic();
        if !is_vowel(c) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && is_vowel(b[j]) {
            j += 1;
        }
        let mut k = i;
        while k < j {
            let rest = &b[k..j];
            k += NUCLEI.iter().find(|n| rest.starts_with(n.as_bytes())).map_or(1, |n| n.len());
            count += 1;
        }
        i = j;
    }
    if count == 0 && has_letter { 1 } else { count }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Options};

    /// The nucleus matching as it was written before (a string per vowel run), as a reference.
    fn syllables_reference(word: &str) -> usize {
        let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        let letters: Vec<(char, bool)> = word.chars().map(fold_accent).collect();
        let (mut count, mut i, mut has_letter) = (0, 0, false);
        while i < letters.len() {
            let (c, _) = letters[i];
            has_letter |= c.is_alphabetic();
            if !is_vowel(c) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < letters.len() && is_vowel(letters[j].0) && !letters[j].1 {
                j += 1;
            }
            let run: String = letters[i..j].iter().map(|l| l.0).collect();
            let mut k = 0;
            while k < run.len() {
                k += NUCLEI.iter().find(|n| run[k..].starts_with(*n)).map_or(1, |n| n.len());
                count += 1;
            }
            i = j;
        }
        if count == 0 && has_letter { 1 } else { count }
    }

    #[test]
    fn syllables_match_the_reference() {
        let text = include_str!("../benches/texts/sgd-letters-sample.txt");
        let extra = ["", "aaieuoeiy", "ooieeuuie", "reëel", "geïnteresseerd", "ideaal", "ÿaëaï", "zwzw", "uiaaiaoi", "AIVD", "x2", "-", "ijsjes", "ooiaaieeuieuuie"];
        for w in text.split_whitespace().map(crate::normalize::normalize).chain(extra.map(String::from)) {
            assert_eq!(syllables(&w), syllables_reference(&w), "{w:?}");
        }
    }

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

    #[test]
    fn per_sentence() {
        let a = Analyzer::new(Options::default()).unwrap();
        let r = a.analyze("De kat zit op de mat. Het is koud. 12.").readability;
        assert_eq!(r.sentences.len(), 3);
        let s0 = &r.sentences[0];
        // 6 words, 6 syllables.
        assert_eq!((s0.words, s0.syllables), (6, 6));
        assert!((s0.flesch_douma.unwrap() - (206.835 - 0.93 * 6.0 - 77.0)).abs() < 1e-9);
        assert!((s0.brouwer.unwrap() - (195.0 - 12.0 - 200.0 / 3.0)).abs() < 1e-9);
        // A sentence without words has no score.
        assert_eq!((r.sentences[2].words, r.sentences[2].flesch_douma), (0, None));
        // Text level: 9 words in 3 sentences, 9 syllables.
        assert!((r.brouwer.unwrap() - (195.0 - 6.0 - 200.0 / 3.0)).abs() < 1e-9);
        // Easy sentences are never flagged.
        assert!(r.sentences.iter().all(|s| !s.hard));
        assert!(a.analyze("").readability.sentences.is_empty());
        assert_eq!(a.analyze("").readability.brouwer, None);
    }

    #[test]
    fn hardest_sentences_on_the_demo_letter() {
        let text = include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt");
        let a = Analyzer::new(Options::default()).unwrap().analyze(text);
        let r = &a.readability;
        assert_eq!(r.sentences.len(), a.sentences.len());
        let hard: Vec<&SentenceReadability> = r.sentences.iter().filter(|s| s.hard).collect();
        let scored = r.sentences.iter().filter(|s| s.words >= HARD_MIN_WORDS).count();
        assert!(!hard.is_empty(), "a government letter has hard sentences");
        assert!(hard.len() <= (scored as f64 * HARD_SHARE).ceil() as usize);
        // Every flagged sentence scores below every unflagged long sentence outside the quota,
        // is long enough and "zeer moeilijk".
        for h in &hard {
            assert!(h.words >= HARD_MIN_WORDS && h.flesch_douma.unwrap() < HARD_SCORE);
        }
        let worst_unflagged = r
            .sentences
            .iter()
            .filter(|s| !s.hard && s.words >= HARD_MIN_WORDS)
            .filter_map(|s| s.flesch_douma)
            .fold(f64::INFINITY, f64::min);
        let best_flagged = hard.iter().filter_map(|s| s.flesch_douma).fold(f64::NEG_INFINITY, f64::max);
        assert!(best_flagged <= worst_unflagged, "{best_flagged} > {worst_unflagged}");
    }
}

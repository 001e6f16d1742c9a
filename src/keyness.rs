//! Distinctive words: which terms a text uses far more often than general Dutch does
//! ("Kenmerkende woorden"), and the two keyness measures behind it.
//!
//! # The reference
//! General Dutch is wordfreq's `small_nl` list (Robyn Speer; CC BY-SA 4.0, see
//! `data/wordfreq/README.md`): 28,729 word forms with a frequency of at least one per million,
//! built into the crate as `data/wordfreq/nl-forms.txt` by `scripts/build-wordfreq`. The list
//! holds word forms, not stems, so it serves either stemmer: [`Reference::wordfreq`] stems every
//! form with the analyzer's stemmer and adds up the frequencies of forms sharing a stem
//! ("aanslag" + "aanslagen" → "aanslag").
//!
//! A stem missing from the list is rarer than one per million in general Dutch; it gets
//! [`FLOOR_FREQUENCY`] (half the list's smallest frequency) so that it still has a finite,
//! modest ratio instead of an infinite one.
//!
//! # The measures
//! For a term with `a` occurrences in a text of `c` words, and `b` occurrences in a reference of
//! `d` words:
//! - **log-likelihood** (G², Rayson and Garside 2000): how sure we are that the difference is
//!   not chance. With `E1 = c·(a+b)/(c+d)` and `E2 = d·(a+b)/(c+d)`,
//!   `LL = 2·(a·ln(a/E1) + b·ln(b/E2))` (a zero count contributes 0). 3.84 is p < 0.05,
//!   6.63 p < 0.01, 10.83 p < 0.001, 15.13 p < 0.0001.
//! - **Log Ratio** (Hardie 2014): how big the difference is. `log2((a/c) / (b/d))`; +1 is twice
//!   as frequent, +3 eight times. A zero count is replaced by 0.5.
//!
//! wordfreq gives frequencies, not counts: the reference is taken to be [`REFERENCE_WORDS`]
//! (10⁹, the unit of the Zipf scale) words, so `b = frequency × 10⁹`. That large a reference makes
//! LL practically the one-sample G² against known frequencies, which is what a reference
//! frequency list is.

use std::collections::HashMap;

use serde::Serialize;

use crate::stem::{Stemmer, StemmerKind};
use crate::terms::Term;

/// The built-in reference list (see the module documentation for the format).
pub const WORDFREQ_NL: &str = include_str!("../data/wordfreq/nl-forms.txt");

/// The size the reference is taken to have, in words.
pub const REFERENCE_WORDS: f64 = 1e9;

/// Frequency (per word) given to stems missing from the reference: half of the list's smallest
/// (Zipf 3.0, one per million).
pub const FLOOR_FREQUENCY: f64 = 0.5e-6;

/// Log-likelihood at or above which a difference counts as significant in the keyword list
/// (p < 0.01).
pub const MIN_LOG_LIKELIHOOD: f64 = 6.63;

/// A term must occur at least this often to be a keyword.
pub const MIN_COUNT: usize = 2;

/// Characters that encode the shared-prefix length in the list: 0-9 then A-Z.
const PREFIX_CHARS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Reads the front-coded word list: `(word form, Zipf frequency)` pairs. Malformed entries end
/// the list early instead of panicking (the built-in list is checked by a test).
pub fn parse_word_list(data: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let body = data
        .split_inclusive('\n')
        .skip_while(|l| l.starts_with('#'))
        .collect::<String>();
    let mut chars = body.chars().filter(|c| *c != '\n' && *c != '\r').peekable();
    let mut prev: Vec<char> = Vec::new();
    while let Some(p) = chars.next() {
        let Some(shared) = PREFIX_CHARS.find(p) else { break };
        let Some(f) = chars.next() else { break };
        let zipf = (f as u32).saturating_sub(3) as f64 / 10.0;
        let mut word: Vec<char> = prev.get(..shared).map(<[char]>::to_vec).unwrap_or_default();
        while let Some(&c) = chars.peek() {
            if PREFIX_CHARS.contains(c) {
                break;
            }
            word.push(c);
            chars.next();
        }
        out.push((word.iter().collect(), zipf));
        prev = word;
    }
    out
}

/// General Dutch word frequencies by stem.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Stem → frequency per word of running text.
    stems: HashMap<String, f64>,
    kind: StemmerKind,
    forms: usize,
}

impl Reference {
    /// wordfreq's Dutch list, stemmed with `stemmer`.
    pub fn wordfreq(stemmer: &Stemmer) -> Reference {
        Reference::from_list(WORDFREQ_NL, stemmer)
    }

    /// A word list in the format of [`WORDFREQ_NL`] (see [`parse_word_list`]), stemmed with
    /// `stemmer`.
    pub fn from_list(list: &str, stemmer: &Stemmer) -> Reference {
        Reference::from_forms(
            parse_word_list(list).into_iter().map(|(w, z)| (w, 10f64.powf(z - 9.0))),
            stemmer,
        )
    }

    /// A reference from `(word form, frequency per word)` pairs; forms are normalised and
    /// stemmed with `stemmer`, and forms sharing a stem add up.
    pub fn from_forms(forms: impl IntoIterator<Item = (String, f64)>, stemmer: &Stemmer) -> Reference {
        let mut stems: HashMap<String, f64> = HashMap::new();
        let mut n = 0;
        for (form, freq) in forms {
            let norm = crate::normalize::normalize(&form);
            let stem = stemmer.stem_word(&norm).into_owned();
            if !stem.is_empty() && freq.is_finite() && freq > 0.0 {
                *stems.entry(stem).or_default() += freq;
                n += 1;
            }
        }
        Reference { stems, kind: stemmer.kind(), forms: n }
    }

    /// The frequency per word of a stem in general Dutch, if the list has it.
    pub fn frequency(&self, stem: &str) -> Option<f64> {
        self.stems.get(stem).copied()
    }

    /// The stemmer the stems were made with.
    pub fn stemmer(&self) -> StemmerKind {
        self.kind
    }

    /// Number of word forms read and of distinct stems.
    pub fn len(&self) -> (usize, usize) {
        (self.forms, self.stems.len())
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }
}

/// Rayson's log-likelihood (G²) for `a` of `c` words against `b` of `d` words. Never NaN:
/// 0 when either corpus is empty.
///
/// ```
/// // 10 in 1,000 words against 100 in 100,000: 27.27
/// let ll = tekstlens::keyness::log_likelihood(10.0, 100.0, 1000.0, 100_000.0);
/// assert!((ll - 27.2725).abs() < 1e-3);
/// ```
pub fn log_likelihood(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if !(c > 0.0 && d > 0.0) || a + b <= 0.0 {
        return 0.0;
    }
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let part = |o: f64, e: f64| if o > 0.0 && e > 0.0 { o * (o / e).ln() } else { 0.0 };
    (2.0 * (part(a, e1) + part(b, e2))).max(0.0)
}

/// Hardie's Log Ratio: `log2((a/c) / (b/d))`, with a zero count replaced by 0.5. 0 when either
/// corpus is empty.
///
/// ```
/// let lr = tekstlens::keyness::log_ratio(10.0, 100.0, 1000.0, 100_000.0);
/// assert!((lr - 10f64.log2()).abs() < 1e-12);
/// ```
pub fn log_ratio(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if !(c > 0.0 && d > 0.0) {
        return 0.0;
    }
    let a = if a > 0.0 { a } else { 0.5 };
    let b = if b > 0.0 { b } else { 0.5 };
    ((a / c) / (b / d)).log2()
}

/// How a term's frequency in the text compares with general Dutch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Keyword {
    pub stem: String,
    /// The term's display form (see [`Term::display`]).
    pub display: String,
    /// Occurrences in the text.
    pub count: usize,
    /// Occurrences per million words, in the text and in general Dutch.
    pub per_million: f64,
    pub reference_per_million: f64,
    /// Whether the reference list has the stem (otherwise it got [`FLOOR_FREQUENCY`]).
    pub in_reference: bool,
    pub log_likelihood: f64,
    pub log_ratio: f64,
    /// One line of plain Dutch: "komt 40× vaker voor dan in gewoon Nederlands".
    pub explanation: String,
}

/// Keyness of every term against `reference`, for a text of `words` words (all word tokens,
/// stop words included, as in the reference). Sorted by log-likelihood, highest first (ties:
/// Log Ratio, then stem).
pub fn keyness(terms: &[Term], words: usize, reference: &Reference) -> Vec<Keyword> {
    let c = words as f64;
    let mut out: Vec<Keyword> = terms
        .iter()
        .filter(|t| t.count > 0)
        .map(|t| {
            let found = reference.frequency(&t.stem);
            let f = found.unwrap_or(FLOOR_FREQUENCY);
            let a = t.count as f64;
            let b = f * REFERENCE_WORDS;
            let lr = log_ratio(a, b, c, REFERENCE_WORDS);
            Keyword {
                stem: t.stem.clone(),
                display: t.display.clone(),
                count: t.count,
                per_million: if c > 0.0 { a / c * 1e6 } else { 0.0 },
                reference_per_million: f * 1e6,
                in_reference: found.is_some(),
                log_likelihood: log_likelihood(a, b, c, REFERENCE_WORDS),
                log_ratio: lr,
                explanation: explain_ratio(lr, "in gewoon Nederlands", found.is_none()),
            }
        })
        .collect();
    crate::sort::sort_by(&mut out, |x, y| {
        y.log_likelihood
            .total_cmp(&x.log_likelihood)
            .then(y.log_ratio.total_cmp(&x.log_ratio))
            .then_with(|| x.stem.cmp(&y.stem))
    });
    out
}

/// The distinctive words of a text: terms occurring at least [`MIN_COUNT`] times, more often
/// than in general Dutch, with log-likelihood at least [`MIN_LOG_LIKELIHOOD`] (p < 0.01).
/// Numbers (counted as terms with `include_numbers`) are left out: the reference has none.
/// Highest log-likelihood first.
pub fn keywords(terms: &[Term], words: usize, reference: &Reference) -> Vec<Keyword> {
    let mut k = keyness(terms, words, reference);
    k.retain(|k| {
        k.count >= MIN_COUNT
            && k.log_ratio > 0.0
            && k.log_likelihood >= MIN_LOG_LIKELIHOOD
            && !k.stem.starts_with(|c: char| c.is_ascii_digit())
    });
    k
}

/// "komt 40× vaker voor dan {than}" from a Log Ratio. `rare` adds that general Dutch hardly
/// has the word (its frequency there is an estimate).
pub(crate) fn explain_ratio(log_ratio: f64, than: &str, rare: bool) -> String {
    let ratio = log_ratio.abs().exp2();
    let tail = if rare { ", waar het zeldzaam is" } else { "" };
    if !ratio.is_finite() || ratio < 1.05 {
        return format!("komt ongeveer even vaak voor als {than}");
    }
    let times = format_times(ratio);
    if log_ratio > 0.0 {
        if rare {
            format!("komt naar schatting {times} vaker voor dan {than}{tail}")
        } else {
            format!("komt {times} vaker voor dan {than}")
        }
    } else {
        format!("komt {times} minder vaak voor dan {than}")
    }
}

/// "2,5×", "40×", "1.200×": one decimal (with a comma) below 10, whole numbers above, groups of
/// thousands with a period, as Dutch writes them.
pub(crate) fn format_times(ratio: f64) -> String {
    if ratio < 9.95 {
        let r = (ratio * 10.0).round() / 10.0;
        if (r - r.round()).abs() < 1e-9 {
            format!("{}×", r.round() as u64)
        } else {
            format!("{}×", format!("{r:.1}").replace('.', ","))
        }
    } else {
        // Saturating cast: an absurd ratio stays a (large) number.
        let n = ratio.round().min(u64::MAX as f64) as u64;
        let digits = n.to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(ch);
        }
        format!("{out}×")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Options};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn log_likelihood_by_hand() {
        // a=10, b=100, c=1000, d=100000: E1 = 1000·110/101000 = 1.089109, E2 = 108.910891.
        // LL = 2·(10·ln(10/1.089109) + 100·ln(100/108.910891)) = 2·(22.17225 − 8.53598)
        //    = 27.27254.
        assert!(close(log_likelihood(10.0, 100.0, 1000.0, 100_000.0), 27.27254));
        // Equal relative frequencies: no evidence of a difference.
        assert!(close(log_likelihood(5.0, 500.0, 1000.0, 100_000.0), 0.0));
        // b = 0: LL = 2·a·ln((c+d)/c) = 2·5·ln(101) = 46.15121.
        assert!(close(log_likelihood(5.0, 0.0, 1000.0, 100_000.0), 46.15121));
        // Symmetric in the two corpora.
        assert!(close(log_likelihood(3.0, 20.0, 500.0, 2000.0), log_likelihood(20.0, 3.0, 2000.0, 500.0)));
        // a=3 of 500 against b=20 of 2000: E1 = 500·23/2500 = 4.6, E2 = 18.4;
        // LL = 2·(3·ln(3/4.6) + 20·ln(20/18.4)) = 2·(−1.28233 + 1.66763) = 0.77060.
        assert!(close(log_likelihood(3.0, 20.0, 500.0, 2000.0), 0.77060));
        assert_eq!(log_likelihood(0.0, 0.0, 10.0, 10.0), 0.0);
        assert_eq!(log_likelihood(1.0, 1.0, 0.0, 10.0), 0.0);
    }

    #[test]
    fn log_ratio_by_hand() {
        assert!(close(log_ratio(10.0, 100.0, 1000.0, 100_000.0), 10f64.log2())); // 3.32193
        assert!(close(log_ratio(1.0, 8.0, 100.0, 100.0), -3.0));
        // A zero count is 0.5: log2((4/100) / (0.5/100)) = log2(8) = 3.
        assert!(close(log_ratio(4.0, 0.0, 100.0, 100.0), 3.0));
        assert_eq!(log_ratio(1.0, 1.0, 0.0, 1.0), 0.0);
    }

    #[test]
    fn explanations() {
        assert_eq!(explain_ratio(40f64.log2(), "in gewoon Nederlands", false), "komt 40× vaker voor dan in gewoon Nederlands");
        assert_eq!(explain_ratio(2.5f64.log2(), "in gewoon Nederlands", false), "komt 2,5× vaker voor dan in gewoon Nederlands");
        assert_eq!(explain_ratio(-(5f64.log2()), "in tekst B", false), "komt 5× minder vaak voor dan in tekst B");
        assert_eq!(explain_ratio(0.01, "in tekst B", false), "komt ongeveer even vaak voor als in tekst B");
        assert!(explain_ratio(1200f64.log2(), "x", true).contains("naar schatting 1.200× vaker"));
        assert_eq!(format_times(2.0), "2×");
        assert_eq!(format_times(1234567.0), "1.234.567×");
        assert_eq!(format_times(f64::INFINITY), "18.446.744.073.709.551.615×");
    }

    #[test]
    fn the_built_in_list() {
        assert!(WORDFREQ_NL.len() <= 150 * 1024, "the shipped list is at most 150 KB");
        let words = parse_word_list(WORDFREQ_NL);
        assert_eq!(words.len(), 28_729);
        let get = |w: &str| words.iter().find(|(x, _)| x == w).map(|(_, z)| *z);
        // "de" is the most frequent Dutch word (Zipf 7.7); every entry is within the list's range.
        assert_eq!(get("de"), Some(7.7));
        assert!(words.iter().all(|(w, z)| !w.is_empty() && (3.0..=7.7).contains(z)));
        assert!(words.windows(2).all(|p| p[0].0 < p[1].0), "sorted, no duplicates");
        assert!(get("aanslagen").is_some());
        // Malformed input never panics.
        for bad in ["", "#x\n", "0", "Z!abc", "0!a5!b", "!!!", "0\u{0}a"] {
            let _ = parse_word_list(bad);
        }
    }

    #[test]
    fn reference_aggregates_forms_by_stem() {
        let s = Stemmer::dutch();
        let r = Reference::from_forms(
            [("aanslag".to_string(), 2e-6), ("aanslagen".to_string(), 3e-6), ("de".to_string(), 0.05)],
            &s,
        );
        assert!(close(r.frequency("aanslag").unwrap(), 5e-6));
        assert_eq!(r.len(), (3, 2));
        let full = Reference::wordfreq(&s);
        let kp = Reference::wordfreq(&Stemmer::kraaij_pohlmann());
        assert_eq!(full.stemmer(), StemmerKind::Porter);
        assert_eq!(kp.stemmer(), StemmerKind::KraaijPohlmann);
        // Both stemmers group the same forms into fewer stems.
        assert!(full.len().1 < full.len().0 && kp.len().1 < kp.len().0);
        assert!(full.frequency("de").unwrap() > 0.01);
    }

    #[test]
    fn keyness_by_hand() {
        let s = Stemmer::dutch();
        // "aanslag" at 10 per million in general Dutch; 5 times in a text of 1000 words.
        let r = Reference::from_forms([("aanslag".to_string(), 1e-5)], &s);
        let term = |stem: &str, count: usize| Term {
            display: stem.to_owned(),
            stem: stem.to_owned(),
            count,
            frequency: 0.0,
            forms: vec![],
            positions: vec![],
        };
        let k = keyness(&[term("aanslag", 5), term("nctv", 3)], 1000, &r);
        let a = k.iter().find(|k| k.stem == "aanslag").unwrap();
        // 5/1000 = 5000 per million against 10: Log Ratio log2(500) = 8.96578.
        assert!(close(a.log_ratio, 500f64.log2()));
        assert!(close(a.per_million, 5000.0) && close(a.reference_per_million, 10.0));
        assert!(close(a.log_likelihood, log_likelihood(5.0, 1e4, 1000.0, 1e9)));
        assert_eq!(a.explanation, "komt 500× vaker voor dan in gewoon Nederlands");
        // Missing from the list: the floor, half a per million.
        let n = k.iter().find(|k| k.stem == "nctv").unwrap();
        assert!(!n.in_reference);
        assert!(close(n.log_ratio, (3000.0f64 / 0.5).log2()));
        assert!(n.explanation.contains("naar schatting 6.000× vaker") && n.explanation.contains("zeldzaam"));
        // Sorted by log-likelihood.
        assert!(k.windows(2).all(|w| w[0].log_likelihood >= w[1].log_likelihood));
        // Hand-computed LL against a 10⁹-word reference: a=5, b=10⁴, c=10³, d=10⁹.
        // E1 = 10³·10005/(10⁹+10³) = 0.010004990, E2 = 10004.98999;
        // LL = 2·(5·ln(5/0.010004990) + 10⁴·ln(10⁴/10004.98999)) = 2·(31.07055 − 4.98875)
        //    = 52.16359.
        assert!((a.log_likelihood - 52.16359).abs() < 1e-3, "{}", a.log_likelihood);
    }

    #[test]
    fn keywords_of_the_demo_letter() {
        let text = include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt");
        let mut analyzer = Analyzer::new(Options::default()).unwrap();
        analyzer.set_reference_list(Some(WORDFREQ_NL.into()));
        let a = analyzer.analyze(text);
        let top: Vec<&str> = a.keywords.iter().take(15).map(|k| k.stem.as_str()).collect();
        // The letter is about the Paris attacks and security: those stems stand out.
        for want in ["aanslag", "parijs", "dreiging", "maatregel"] {
            assert!(top.contains(&want), "{want} not in {top:?}");
        }
        for k in &a.keywords {
            assert!(k.count >= MIN_COUNT && k.log_ratio > 0.0 && k.log_likelihood >= MIN_LOG_LIKELIHOOD);
            assert!(k.explanation.starts_with("komt "));
        }
        // Everyday words are not distinctive.
        assert!(a.keywords.iter().all(|k| k.stem != "jaar" && k.stem != "gan"));
        // Numbers never are, even when counted as terms.
        let opts = Options { include_numbers: true, ..Options::default() };
        let b = Analyzer::new(opts).unwrap().analyze(text);
        assert!(b.terms.iter().any(|t| t.stem == "2015"));
        assert!(b.keywords.iter().all(|k| !k.stem.starts_with(|c: char| c.is_ascii_digit())));
    }
}

//! Compare two texts (A and B): the terms and entities whose frequencies differ most, side by
//! side, with the same measures as the keywords (see [`crate::keyness`]): log-likelihood for
//! how sure the difference is, Log Ratio for how large.
//!
//! Sizes are the texts' word counts (all word tokens). Terms are matched by stem, so both
//! analyses must come from the same stemmer; entities are matched by label and normalised
//! canonical name (or text), so "Kmar" in A and "Koninklijke Marechaussee" in B are one entity
//! when A defines the abbreviation.

use std::collections::HashMap;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::entities::Label;
use crate::keyness::{format_times, log_likelihood, log_ratio};
use crate::normalize::normalize;

/// A term's frequency in A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermDifference {
    pub stem: String,
    /// The display form in the text where the term is more frequent.
    pub display: String,
    pub count_a: usize,
    pub count_b: usize,
    /// Occurrences per 1,000 words.
    pub per_thousand_a: f64,
    pub per_thousand_b: f64,
    pub log_likelihood: f64,
    /// log2 of A's relative frequency over B's (zero counts count as 0.5): positive means more
    /// in A.
    pub log_ratio: f64,
    /// One line of plain Dutch: "komt 3× vaker voor in tekst A dan in tekst B".
    pub explanation: String,
}

/// An entity's mentions in A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityDifference {
    /// The canonical name, or else the most frequent spelling.
    pub name: String,
    pub label: Label,
    pub count_a: usize,
    pub count_b: usize,
    pub per_thousand_a: f64,
    pub per_thousand_b: f64,
    pub log_likelihood: f64,
    pub log_ratio: f64,
    pub explanation: String,
}

/// What differs between A and B. Each list is highest log-likelihood first; an item equally
/// frequent in both is in neither.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub words_a: usize,
    pub words_b: usize,
    /// Terms relatively more frequent in A, and in B.
    pub terms_a: Vec<TermDifference>,
    pub terms_b: Vec<TermDifference>,
    /// Entities relatively more frequent in A, and in B.
    pub entities_a: Vec<EntityDifference>,
    pub entities_b: Vec<EntityDifference>,
}

/// Compares analysis `a` (text A) with `b` (text B).
///
/// ```
/// let analyzer = tekstlens::Analyzer::new(Default::default()).unwrap();
/// let c = analyzer.compare("De aanslag in Parijs. De aanslagen.", "Het water in Zeeland. Water.");
/// assert_eq!(c.terms_a[0].stem, "aanslag");
/// assert_eq!(c.terms_b[0].stem, "water");
/// assert_eq!(c.terms_a[0].explanation, "komt alleen in tekst A voor (2×)");
/// ```
pub fn compare(a: &Analysis, b: &Analysis) -> Comparison {
    let (wa, wb) = (a.stats.words, b.stats.words);
    // stem -> (display A, count A, display B, count B)
    let mut terms: HashMap<&str, (&str, usize, &str, usize)> = HashMap::new();
    for t in &a.terms {
        let e = terms.entry(&t.stem).or_insert(("", 0, "", 0));
        (e.0, e.1) = (&t.display, t.count);
    }
    for t in &b.terms {
        let e = terms.entry(&t.stem).or_insert(("", 0, "", 0));
        (e.2, e.3) = (&t.display, t.count);
    }
    let mut terms_a = Vec::new();
    let mut terms_b = Vec::new();
    for (stem, (da, ca, db, cb)) in terms {
        let m = Measures::new(ca, cb, wa, wb);
        let display = if m.log_ratio >= 0.0 && !da.is_empty() || db.is_empty() { da } else { db };
        let d = TermDifference {
            stem: stem.to_owned(),
            display: display.to_owned(),
            count_a: ca,
            count_b: cb,
            per_thousand_a: m.per_thousand_a,
            per_thousand_b: m.per_thousand_b,
            log_likelihood: m.log_likelihood,
            log_ratio: m.log_ratio,
            explanation: m.explanation(ca, cb),
        };
        match m.side() {
            Some(true) => terms_a.push(d),
            Some(false) => terms_b.push(d),
            None => {}
        }
    }
    let by_term = |x: &TermDifference, y: &TermDifference| {
        y.log_likelihood.total_cmp(&x.log_likelihood).then_with(|| x.stem.cmp(&y.stem))
    };
    crate::sort::sort_by(&mut terms_a, by_term);
    crate::sort::sort_by(&mut terms_b, by_term);

    // (label, normalised name) -> (count A, count B, spelling -> count)
    type Mentions<'a> = (usize, usize, HashMap<&'a str, usize>);
    let mut ents: HashMap<(Label, String), Mentions> = HashMap::new();
    for (side, analysis) in [(0, a), (1, b)] {
        for e in &analysis.entities {
            let name = e.canonical.as_deref().unwrap_or(&e.text);
            let entry = ents
                .entry((e.label, normalize(name)))
                .or_insert_with(|| (0, 0, HashMap::new()));
            if side == 0 { entry.0 += 1 } else { entry.1 += 1 }
            *entry.2.entry(name).or_default() += 1;
        }
    }
    let mut entities_a = Vec::new();
    let mut entities_b = Vec::new();
    for ((label, _), (ca, cb, spellings)) in ents {
        // The most frequent spelling; ties to the smallest, so the result is deterministic.
        let name = spellings
            .into_iter()
            .max_by(|x, y| x.1.cmp(&y.1).then_with(|| y.0.cmp(x.0)))
            .map(|s| s.0.replace(['\n', '\r'], " "))
            .unwrap_or_default();
        let m = Measures::new(ca, cb, wa, wb);
        let d = EntityDifference {
            name,
            label,
            count_a: ca,
            count_b: cb,
            per_thousand_a: m.per_thousand_a,
            per_thousand_b: m.per_thousand_b,
            log_likelihood: m.log_likelihood,
            log_ratio: m.log_ratio,
            explanation: m.explanation(ca, cb),
        };
        match m.side() {
            Some(true) => entities_a.push(d),
            Some(false) => entities_b.push(d),
            None => {}
        }
    }
    let order = |x: &EntityDifference, y: &EntityDifference| {
        y.log_likelihood.total_cmp(&x.log_likelihood).then_with(|| x.name.cmp(&y.name)).then(x.label.cmp(&y.label))
    };
    crate::sort::sort_by(&mut entities_a, order);
    crate::sort::sort_by(&mut entities_b, order);
    Comparison { words_a: wa, words_b: wb, terms_a, terms_b, entities_a, entities_b }
}

struct Measures {
    per_thousand_a: f64,
    per_thousand_b: f64,
    log_likelihood: f64,
    log_ratio: f64,
}

impl Measures {
    fn new(ca: usize, cb: usize, wa: usize, wb: usize) -> Measures {
        let per = |c: usize, w: usize| if w == 0 { 0.0 } else { c as f64 / w as f64 * 1000.0 };
        let (a, b, c, d) = (ca as f64, cb as f64, wa as f64, wb as f64);
        Measures {
            per_thousand_a: per(ca, wa),
            per_thousand_b: per(cb, wb),
            log_likelihood: log_likelihood(a, b, c, d),
            // An empty text has no frequencies to compare: the ratio stays 0.
            log_ratio: log_ratio(a, b, c.max(1.0), d.max(1.0)),
        }
    }

    /// Some(true) for more in A, Some(false) for more in B, None for no difference.
    fn side(&self) -> Option<bool> {
        if self.log_ratio > 1e-9 {
            Some(true)
        } else if self.log_ratio < -1e-9 {
            Some(false)
        } else {
            None
        }
    }

    fn explanation(&self, ca: usize, cb: usize) -> String {
        let (more, less, count) = if self.log_ratio >= 0.0 { ("A", "B", ca) } else { ("B", "A", cb) };
        if ca == 0 || cb == 0 {
            return format!("komt alleen in tekst {more} voor ({count}×)");
        }
        let ratio = self.log_ratio.abs().exp2();
        if ratio < 1.05 {
            return "komt in beide teksten ongeveer even vaak voor".to_owned();
        }
        format!("komt {} vaker voor in tekst {more} dan in tekst {less}", format_times(ratio))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Options};

    #[test]
    fn by_hand() {
        let analyzer = Analyzer::new(Options::default()).unwrap();
        // A: 8 words, "kat" 3×; B: 8 words, "kat" 1×, "hond" 2×.
        let a = analyzer.analyze("De kat, de kat en nog een kat.");
        let b = analyzer.analyze("De hond en de kat zag een hond.");
        assert_eq!((a.stats.words, b.stats.words), (8, 8));
        let c = compare(&a, &b);
        let kat = c.terms_a.iter().find(|t| t.stem == "kat").unwrap();
        assert_eq!((kat.count_a, kat.count_b), (3, 1));
        // Log Ratio log2((3/8)/(1/8)) = log2(3); LL: E = 2 each side,
        // 2·(3·ln(3/2) + 1·ln(1/2)) = 2·(1.216395 − 0.693147) = 1.046496.
        assert!((kat.log_ratio - 3f64.log2()).abs() < 1e-9);
        assert!((kat.log_likelihood - 1.046496).abs() < 1e-5);
        assert!((kat.per_thousand_a - 375.0).abs() < 1e-9);
        assert_eq!(kat.explanation, "komt 3× vaker voor in tekst A dan in tekst B");
        let hond = &c.terms_b[0];
        assert_eq!((hond.stem.as_str(), hond.count_a, hond.count_b), ("hond", 0, 2));
        assert_eq!(hond.explanation, "komt alleen in tekst B voor (2×)");
        assert!(hond.log_ratio < 0.0);
    }

    #[test]
    fn demo_letter_against_the_sgd_sample() {
        let analyzer = Analyzer::new(Options::default()).unwrap();
        let a = analyzer.analyze(include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"));
        let b = analyzer.analyze(include_str!("../benches/texts/sgd-letters-sample.txt"));
        let c = a.compare(&b);
        let top_a: Vec<&str> = c.terms_a.iter().take(10).map(|t| t.stem.as_str()).collect();
        assert!(top_a.contains(&"aanslag"), "{top_a:?}");
        assert!(c.terms_a.windows(2).all(|w| w[0].log_likelihood >= w[1].log_likelihood));
        assert!(c.terms_a.iter().all(|t| t.log_ratio > 0.0) && c.terms_b.iter().all(|t| t.log_ratio < 0.0));
        assert!(c.entities_a.iter().any(|e| e.name == "Parijs" && e.label == Label::Loc));
        // Swapping A and B swaps the sides.
        let d = b.compare(&a);
        assert_eq!(c.terms_a.len(), d.terms_b.len());
        assert_eq!(c.terms_a[0].stem, d.terms_b[0].stem);
        assert!((c.terms_a[0].log_likelihood - d.terms_b[0].log_likelihood).abs() < 1e-9);
    }

    #[test]
    fn empty_texts() {
        let analyzer = Analyzer::new(Options::default()).unwrap();
        let c = analyzer.compare("", "");
        assert!(c.terms_a.is_empty() && c.terms_b.is_empty());
        let c = analyzer.compare("Aanslag.", "");
        assert_eq!(c.terms_a.len(), 1);
        assert!(c.terms_a[0].log_likelihood.is_finite() && c.terms_a[0].log_ratio.is_finite());
    }
}

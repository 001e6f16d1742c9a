//! Term frequencies grouped by stem.

use std::collections::HashMap;

use serde::Serialize;

use crate::analysis::AnalyzedToken;
use crate::tokenize::TokenKind;

/// One surface form of a term and how often it occurs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Form {
    /// The form as most often written (case and diacritics kept).
    pub form: String,
    pub count: usize,
}

/// A term: all words sharing a stem (or, for numbers, a normalised form).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Term {
    /// The most frequent surface form.
    pub display: String,
    pub stem: String,
    pub count: usize,
    /// `count` divided by the number of word and number tokens in the text.
    pub frequency: f64,
    /// Surface forms, count descending then form; forms differing only in case are one form.
    pub forms: Vec<Form>,
    /// Indices into [`crate::Analysis::tokens`], ascending.
    pub positions: Vec<usize>,
}

/// A fast non-cryptographic hasher (rustc's FxHash) for maps keyed by words of one text: the
/// default SipHash was a tenth of the time of counting. Not for keys an attacker chooses in
/// bulk across requests; within one text the worst case is a slower count, never a wrong one.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The same value as zero-padding `rest` to 8 bytes little-endian, built in a
            // register: `copy_from_slice` into a buffer was a libc memmove call per hash.
            let mut word = 0u64;
            for (i, &b) in rest.iter().enumerate() {
                word |= u64::from(b) << (8 * i);
            }
            self.add(word);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The `BuildHasher` of [`FxHasher`], for `HashMap`s and `HashSet`s keyed by words of one text.
pub type FxBuildHasher = std::hash::BuildHasherDefault<FxHasher>;
/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, FxBuildHasher>;
/// A `HashSet` with [`FxHasher`].
pub type FxSet<K> = std::collections::HashSet<K, FxBuildHasher>;

/// What [`term_frequencies`] counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct TermOptions {
    pub include_stop_words: bool,
    pub include_numbers: bool,
}

/// Groups word tokens by stem. Order: count descending, then display form, then stem.
pub fn term_frequencies(text: &str, tokens: &[AnalyzedToken], opts: TermOptions) -> Vec<Term> {
    // Any tokens: number each distinct (spelling, normalised form, key) so that `group` works
    // per distinct form rather than per token.
    let mut ids: FxMap<(&str, &str, &str), u32> = FxMap::default();
    let per_token = tokens.iter().map(|t| {
        let key = key(t, opts)?;
        let next = ids.len() as u32;
        Some(*ids.entry((&text[t.start..t.end], t.norm.as_str(), key)).or_insert(next))
    });
    let per_token: Vec<Option<u32>> = per_token.collect();
    group(text, tokens, opts, &per_token, ids.len())
}

/// [`term_frequencies`] for the tokens of [`crate::Analyzer::analyze`], given for each token
/// the index of its spelling (`forms[i] < n_forms`). There a spelling of one token kind always
/// has the same normalised form, stem and stop flag, so the spelling and the kind identify the
/// term form without hashing any string per token.
pub(crate) fn term_frequencies_by_form(
    text: &str,
    tokens: &[AnalyzedToken],
    opts: TermOptions,
    forms: &[u32],
    n_forms: usize,
) -> Vec<Term> {
    let per_token: Vec<Option<u32>> = tokens
        .iter()
        .zip(forms)
        .map(|(t, &f)| match t.kind {
            TokenKind::Word => Some(2 * f),
            TokenKind::Number => Some(2 * f + 1),
            _ => None,
        })
        .collect();
    group(text, tokens, opts, &per_token, 2 * n_forms)
}

/// What a token is counted under: its stem (words), its normalised form (numbers, if counted),
/// or nothing.
fn key(t: &AnalyzedToken, opts: TermOptions) -> Option<&str> {
    let key = match (t.kind, &t.stem) {
        (TokenKind::Word, Some(stem)) if opts.include_stop_words || !t.stop => stem.as_str(),
        (TokenKind::Number, _) if opts.include_numbers => t.norm.as_str(),
        _ => return None,
    };
    (!key.is_empty()).then_some(key)
}

/// Groups the tokens into terms. `ids[i]` (below `n_ids`) numbers token `i`'s form: tokens with
/// the same id must have the same spelling, normalised form and [`key`]; `None` is not counted.
/// Strings are hashed once per id, not per token.
fn group(text: &str, tokens: &[AnalyzedToken], opts: TermOptions, ids: &[Option<u32>], n_ids: usize) -> Vec<Term> {
    let total = tokens
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .count();
    const UNSEEN: u32 = u32::MAX;
    const SKIP: u32 = u32::MAX - 1;
    // Per id: its group (term) and how often it occurs; per group: the key, the token positions
    // and the ids in it.
    let mut group_of = vec![UNSEEN; n_ids];
    let mut count = vec![0usize; n_ids];
    let mut by_key: FxMap<&str, u32> = FxMap::default();
    let mut groups: Vec<(&str, Vec<usize>, Vec<u32>)> = Vec::new();
    for (i, (t, id)) in tokens.iter().zip(ids).enumerate() {
        let Some(id) = *id else { continue };
        let Some(g) = group_of.get_mut(id as usize) else { continue };
        if *g == UNSEEN {
            *g = match key(t, opts) {
                None => SKIP,
                Some(k) => {
                    let next = groups.len() as u32;
                    let g = *by_key.entry(k).or_insert(next);
                    if g == next {
                        groups.push((k, Vec::new(), Vec::new()));
                    }
                    groups[g as usize].2.push(id);
                    g
                }
            };
        }
        if *g != SKIP {
            groups[*g as usize].1.push(i);
            count[id as usize] += 1;
        }
    }
    // The first token of each id, for its spelling and normalised form.
    let mut first = vec![usize::MAX; n_ids];
    for (i, id) in ids.iter().enumerate() {
        if let Some(f) = id.and_then(|id| first.get_mut(id as usize)) {
            if *f == usize::MAX {
                *f = i;
            }
        }
    }
    let mut terms: Vec<Term> = groups
        .into_iter()
        .map(|(stem, positions, members)| {
            // (normalised form, spelling, count), by form then spelling; equal pairs merged.
            let mut spellings: Vec<(&str, &str, usize)> = members
                .iter()
                .map(|&id| {
                    let t = &tokens[first[id as usize]];
                    (t.norm.as_str(), &text[t.start..t.end], count[id as usize])
                })
                .collect();
            spellings.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
            spellings.dedup_by(|b, a| {
                let same = (a.0, a.1) == (b.0, b.1);
                if same {
                    a.2 += b.2;
                }
                same
            });
            let mut forms: Vec<Form> = spellings
                .chunk_by(|a, b| a.0 == b.0)
                .map(|norm| {
                    let count = norm.iter().map(|s| s.2).sum();
                    let form = best(norm.iter().map(|s| (s.1, s.2)));
                    Form { form: crate::normalize::join_line_breaks(&form).into_owned(), count }
                })
                .collect();
            forms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.form.cmp(&b.form)));
            let count = positions.len();
            Term {
                display: forms[0].form.clone(),
                stem: stem.to_owned(),
                count,
                frequency: count as f64 / total.max(1) as f64,
                forms,
                positions,
            }
        })
        .collect();
    terms.sort_by(|a, b| {
        b.count.cmp(&a.count).then_with(|| a.display.cmp(&b.display)).then_with(|| a.stem.cmp(&b.stem))
    });
    terms
}

/// The most frequent spelling; ties go to the lowercase-first (then smallest) spelling so that a
/// sentence-initial capital does not win over the running-text form.
fn best<'a>(spellings: impl Iterator<Item = (&'a str, usize)>) -> String {
    spellings
        .max_by(|(a, ca), (b, cb)| {
            ca.cmp(cb)
                .then_with(|| b.chars().next().map(char::is_uppercase).cmp(&a.chars().next().map(char::is_uppercase)))
                .then_with(|| b.cmp(a))
        })
        .map(|(s, _)| s.to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Options};

    #[test]
    fn grouped_by_stem_with_forms() {
        let a = Analyzer::new(Options::default()).unwrap();
        let r = a.analyze("Aanslagen zijn erg. De aanslag was een aanslag op de vrijheid. 2015 en 2015.");
        let t = &r.terms[0];
        assert_eq!((t.display.as_str(), t.stem.as_str(), t.count), ("aanslag", "aanslag", 3));
        let forms: Vec<(&str, usize)> = t.forms.iter().map(|f| (f.form.as_str(), f.count)).collect();
        assert_eq!(forms, [("aanslag", 2), ("Aanslagen", 1)]);
        assert!(r.terms.iter().all(|t| t.stem != "de" && t.stem != "2015"));
        // Ties are ordered by display form.
        let rest: Vec<&str> = r.terms[1..].iter().map(|t| t.display.as_str()).collect();
        let mut sorted = rest.clone();
        sorted.sort();
        assert_eq!(rest, sorted);
    }

    #[test]
    fn switches() {
        let opts = Options { include_stop_words: true, include_numbers: true, ..Options::default() };
        let a = Analyzer::new(opts).unwrap();
        let r = a.analyze("De 2015 de 2015 de.");
        assert_eq!(r.terms[0].display, "de");
        assert_eq!(r.terms[0].count, 3);
        assert_eq!(r.terms[1].display, "2015");
    }

    #[test]
    fn ocr_hyphenation_display() {
        let a = Analyzer::new(Options { include_numbers: true, ..Options::default() }).unwrap();
        let r = a.analyze("Het politie-\napparaat, het veiligheids-\n   apparaat, Noord-\nBrabant en 29 754.");
        let displays: Vec<&str> = r.terms.iter().map(|t| t.display.as_str()).collect();
        for want in ["politieapparaat", "veiligheidsapparaat", "Noord-Brabant", "29 754"] {
            assert!(displays.contains(&want), "{want} not in {displays:?}");
        }
    }
}

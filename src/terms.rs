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
            self.add(tail_word(rest));
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

/// The value of `rest` (1 to 7 bytes) zero-padded to 8 bytes little-endian, built in a
/// register from at most three loads: `copy_from_slice` into a buffer was a libc memmove call
/// per hash, and a loop over the bytes was a sixth of the hashing (most words end in one).
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    let at = |i: usize| u64::from(rest.get(i).copied().unwrap_or(0));
    if n >= 4 {
        // Two overlapping 4-byte loads; the bytes they share land on the same bits.
        let load = |i: usize| rest.get(i..i + 4).and_then(|b| b.try_into().ok()).map_or(0, |b: [u8; 4]| u64::from(u32::from_le_bytes(b)));
        load(0) | load(n - 4) << (8 * (n - 4))
    } else if n > 0 {
        at(0) | at(n / 2) << (8 * (n / 2)) | at(n - 1) << (8 * (n - 1))
    } else {
        0
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
    let per_token: Vec<u32> = tokens
        .iter()
        .map(|t| match key(t, opts) {
            None => NO_TERM,
            Some(key) => {
                let next = ids.len() as u32;
                *ids.entry((&text[t.start..t.end], t.norm.as_str(), key)).or_insert(next)
            }
        })
        .collect();
    group(text, tokens, opts, &per_token, ids.len())
}

/// A token that is not counted (in the `ids` of [`term_frequencies_by_form`]).
pub(crate) const NO_TERM: u32 = u32::MAX;

/// [`term_frequencies`] for the tokens of [`crate::Analyzer::analyze`], given for each token a
/// term-form id below `n_ids`, or [`NO_TERM`] for tokens that are neither words nor numbers.
/// Tokens with the same id must have the same spelling, normalised form, kind, stem and stop
/// flag; analyze numbers them by spelling and kind, which ensures this without hashing any
/// string per token.
pub(crate) fn term_frequencies_by_form(
    text: &str,
    tokens: &[AnalyzedToken],
    opts: TermOptions,
    ids: &[u32],
    n_ids: usize,
) -> Vec<Term> {
    group(text, tokens, opts, ids, n_ids)
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

/// Groups the tokens into terms. `ids[i]` (below `n_ids`, or [`NO_TERM`]) numbers token `i`'s
/// form: tokens with the same id must have the same spelling, normalised form and [`key`].
/// Strings are hashed once per id, not per token, the tokens themselves are read once per id
/// (the per-token passes read only `ids`), and besides the output only a few flat arrays are
/// allocated (a 1 MB text has some 16,000 terms).
fn group(text: &str, tokens: &[AnalyzedToken], opts: TermOptions, ids: &[u32], n_ids: usize) -> Vec<Term> {
    const UNSEEN: u32 = u32::MAX;
    const SKIP: u32 = u32::MAX - 1;
    // Per id: its group (term), its first token and how often it occurs. Per group: its key,
    // its number of tokens and of ids.
    let mut group_of = vec![UNSEEN; n_ids];
    let mut first = vec![0u32; n_ids];
    let mut count = vec![0u32; n_ids];
    // At most one key per spelling (`n_ids` counts each twice: as a word and as a number);
    // sized for that, as growing rehashed every key several times.
    let mut by_key: FxMap<&str, u32> = FxMap::with_capacity_and_hasher((n_ids / 2).min(28_672), Default::default());
    let mut keys: Vec<&str> = Vec::new();
    let mut sizes: Vec<(usize, usize)> = Vec::new();
    // Word and number tokens, whatever their id (the denominator of the frequencies).
    let mut total = 0usize;
    for (i, &id) in ids.iter().enumerate() {
        let Some(g) = group_of.get_mut(id as usize) else {
            total += tokens.get(i).is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number)) as usize;
            continue;
        };
        if *g == UNSEEN {
            *g = match tokens.get(i).and_then(|t| key(t, opts)) {
                None => SKIP,
                Some(k) => {
                    let next = keys.len() as u32;
                    let g = *by_key.entry(k).or_insert(next);
                    if g == next {
                        keys.push(k);
                        sizes.push((0, 0));
                    }
                    sizes[g as usize].1 += 1;
                    first[id as usize] = i as u32;
                    g
                }
            };
        }
        if *g != SKIP {
            sizes[*g as usize].0 += 1;
            count[id as usize] += 1;
            total += 1;
        } else {
            total += tokens.get(i).is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number)) as usize;
        }
    }
    // Token positions per group, allocated at their final size.
    let mut positions: Vec<Vec<usize>> = sizes.iter().map(|&(n, _)| Vec::with_capacity(n)).collect();
    for (i, &id) in ids.iter().enumerate() {
        if let Some(&g) = group_of.get(id as usize)
            && g != UNSEEN
            && g != SKIP
        {
            positions[g as usize].push(i);
        }
    }
    // The ids of each group, as one array sliced by group.
    let mut offsets: Vec<usize> = Vec::with_capacity(sizes.len() + 1);
    offsets.push(0);
    for &(_, n) in &sizes {
        offsets.push(offsets[offsets.len() - 1] + n);
    }
    let mut fill = offsets.clone();
    let mut members = vec![0u32; offsets[offsets.len() - 1]];
    for (id, &g) in group_of.iter().enumerate() {
        if g != UNSEEN && g != SKIP {
            members[fill[g as usize]] = id as u32;
            fill[g as usize] += 1;
        }
    }
    // (normalised form, spelling, count) of one group, reused.
    let mut spellings: Vec<(&str, &str, usize)> = Vec::new();
    let terms: Vec<Term> = keys
        .into_iter()
        .zip(positions)
        .enumerate()
        .map(|(g, (stem, positions))| {
            spellings.clear();
            spellings.extend(members[offsets[g]..offsets[g + 1]].iter().map(|&id| {
                let t = &tokens[first[id as usize] as usize];
                (t.norm.as_str(), &text[t.start..t.end], count[id as usize] as usize)
            }));
            // By form then spelling; a spelling counted under two ids (a word and a number
            // with the same key) is merged, as the nested maps did.
            crate::sort::sort_by(&mut spellings, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
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
                    Form { form: crate::normalize::join_line_breaks(form).into_owned(), count }
                })
                .collect();
            crate::sort::sort_by(&mut forms, |a, b| b.count.cmp(&a.count).then_with(|| a.form.cmp(&b.form)));
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
    // By count (descending), display form, stem: the stems are distinct, so the order is
    // total. The count and the display form's first 8 bytes are the keys: most terms differ
    // there, and a string comparison (a memcmp call through two pointers) per step was most of
    // the sort. Zero-padded big-endian prefixes order as the strings do, and equal prefixes
    // fall back to the full comparison.
    let mut terms = terms;
    crate::sort::sort_by_keys(
        &mut terms,
        |t| (u64::MAX - t.count as u64, order_prefix(&t.display)),
        |a, b| a.display.cmp(&b.display).then_with(|| a.stem.cmp(&b.stem)),
    );
    terms
}

/// The first 8 bytes of `s`, zero-padded, big-endian: `order_prefix(a) < order_prefix(b)`
/// implies `a < b` (and `>` implies `>`), so a sort can compare these first.
pub(crate) fn order_prefix(s: &str) -> u64 {
    let mut p = [0u8; 8];
    for (d, b) in p.iter_mut().zip(s.bytes()) {
        *d = b;
    }
    u64::from_be_bytes(p)
}

/// The most frequent spelling; ties go to the lowercase-first (then smallest) spelling so that a
/// sentence-initial capital does not win over the running-text form.
fn best<'a>(spellings: impl Iterator<Item = (&'a str, usize)>) -> &'a str {
    spellings
        .max_by(|(a, ca), (b, cb)| {
            ca.cmp(cb)
                .then_with(|| b.chars().next().map(char::is_uppercase).cmp(&a.chars().next().map(char::is_uppercase)))
                .then_with(|| b.cmp(a))
        })
        .map(|(s, _)| s)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Options};

    #[test]
    fn order_prefix_orders_as_the_strings() {
        let words = ["", "\0", "a", "a\0", "ab", "abcdefgh", "abcdefgh\0", "abcdefghi", "abcdefgg", "Zwolle", "zwolle", "één", "e", "\u{ff}", "aanslag"];
        for a in words {
            for b in words {
                let (pa, pb) = (super::order_prefix(a), super::order_prefix(b));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn tail_word_is_the_zero_padded_bytes() {
        let bytes: Vec<u8> = (0..8u8).map(|i| i.wrapping_mul(37).wrapping_add(0xA1)).collect();
        for n in 0..8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(super::tail_word(&bytes[..n]), u64::from_le_bytes(padded), "{n} bytes");
        }
    }

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

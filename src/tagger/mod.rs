//! A learned sequence tagger for named entities: averaged structured perceptron, hashed
//! features, Viterbi decoding.
//!
//! # Design
//! Each token gets IOB2 tags over the model's labels (`O, B-PER, I-PER, ...`). A tag sequence
//! is scored as the sum of emission weights (feature bucket × tag) and transition weights
//! (previous tag × tag); Viterbi finds the best sequence per sentence, with the IOB2
//! constraint (`I-X` only after `B-X` or `I-X`) built into the search. Features
//! ([`features`]) are word forms, shapes, affixes, a ±2 window, capitalisation and sentence
//! position, list matches from the gazetteer, given names, and document-level cues; they are
//! hashed into `2^bits` buckets with a stable hash, so no feature dictionary is stored.
//!
//! Tagging does not build those features token by token: `score.rs` sums their weights once
//! per word type and per small key, and hashes only the pairs of neighbours per token, one
//! sentence at a time, which gives the same integer scores (checked against [`features::extract`], what training uses,
//! in tests/tagger_fast.rs) about three times as fast and without memory per token.
//!
//! Training ([`train`]) is the averaged structured perceptron (Collins 2002): decode, and on a
//! wrong sentence add the gold features' and subtract the predicted ones' weights; the model
//! is the average of the weights over all steps. Weights are then quantised to i8 or i16 with
//! one scale, and buckets whose weights all round to zero are dropped.
//!
//! # Why this model (measured)
//! Development numbers on CoNLL-2002 ned.testa, trained on ned.train, 10 epochs; "model alone"
//! is chunk F1 on the analyzer's tokens, otherwise conlleval F1 of `tekstlens eval`. Runs differ
//! by about ±0.4 between seeds, so comparisons use the mean of seeds 1 to 3 where it matters.
//!
//! - **Decoding**: Viterbi over first-order transitions 79.2 to 79.9 (model alone, seeds 1-3);
//!   greedy left-to-right with previous-tag features (one and two tags back, previous tag ×
//!   word) 76.9 to 77.3. Greedy decisions cannot be undone when a later token shows the earlier
//!   one was a name's first word.
//! - **Perceptron or CRF**: a linear-chain CRF over the same features (SGD, L2, four settings of
//!   rate and regularisation) scored 79.0 to 79.6: no better, 3 to 6 times slower to train (9 to
//!   18 s against 3 s), and with about 25% more non-zero weights at 8 bits, so a bigger
//!   download. The perceptron also trains in exact integer arithmetic, so a model is
//!   reproducible bit for bit.
//! - **Buckets**: 2^18 78.5, 2^20 78.9, 2^22 78.7: 2^20. **Weights**: i16 79.1 and 574 KB, i8
//!   78.9 and 384 KB: i8. **Pruning** below 2% of the largest weight: 78.3 and 299 KB: only
//!   what rounds to zero is dropped. **Epochs**: 6, 10, 15 give 79.2, 79.4, 79.1: 10.
//! - **Features**: the name rules' proposals as features +0.6, the words around other
//!   occurrences of a capitalised word in the text +0.7; the stem (-0.4) and a shape trigram
//!   (-0.4) did not help and were dropped; removing any remaining template costs 0.3 to 1.6.
//! - **With the lists and rules** ([`crate::entities::EntityRecognizer::recognize`]): for the
//!   model trained on ned.train, letting its entities outrank list matches gives 79.6 to 79.9,
//!   lists first 77.8 to 78.3 (lists cut names: "Fortis" in "Fortis Bank", "Sydney" in "Sydney
//!   2000"), and running the rules after the model costs 0.6 more. For the model trained on the
//!   project's open annotations (before the corrections below), lists first with the rules only
//!   inside model entities that a list cut scored 66.5, the model outranking the lists 66.1.
//!   Lists first is the default for a model that does not say otherwise; a model records at
//!   training time (`tekstlens train --outrank-lists`) that it outranks them, as the research
//!   recipe and the shipped model do.
//! - **Corrections from the rules** (both orders, [`crate::entities::EntityRecognizer::recognize`]):
//!   capitalised titles stripped off the front of a model entity, which is then a person
//!   ("Hoge Vertegenwoordiger Mogherini"); a rule person with a title or initial cue, or a person
//!   the model split at a particle ("Staffan de Mistura"), wins over the model; "Likoed-leider
//!   Ariel Sharon" split into MISC + PER (guideline 4.2); name-derived compounds the model
//!   missed ("Knesset-leden") added as MISC; "Exit-faciliteit" dropped when its head word is used
//!   on its own in the text; a name the text calls an organisation ("het bedrijf Tectrade",
//!   "Swissair-topman") made ORG everywhere in it; and a second pass giving a name its majority
//!   label in the text.
//!   Held-out own annotations (every fifth document of `data/annotations/*.conll`, trained on
//!   the rest; the slice that choices were made on) and ned.testa (also looked at for these
//!   choices, so not a clean test), lists first: 76.6 → 77.5 and 65.1 → 66.8; the compound
//!   split +0.5 / +0.7, the compounds added -0.0 / +0.4, the majority pass +0.2 / +0.1, a
//!   sentence-initial role word stripped ("Manager Wijnants") -0.2 / -0.1 (dropped), the
//!   organisation cues (made from ned.testa's errors: company names tagged PER) +0.0 / +0.7
//!   (research model -0.1). With the
//!   corrections the model outranking the lists scores 80.2 (seeds 1-3: 80.2, 79.0, 79.3)
//!   against 77.5 (76.0 to 77.5) on the held-out slice, and 66.7 against 66.8 on ned.testa: the
//!   shipped model outranks the lists. A rule name joined at a particle wins only where the
//!   model's entities there share one label ("Leo Pardon van de NMBS" stays two names); a model
//!   entity made of two or more whole list matches ("AIVD AIVD") gives way to them. The
//!   research model (ned.train and the annotations) scores 80.3 with the corrections and
//!   without.
//! - **The shipped model** (`scripts/train-default-model`: own annotations only, 60k tokens, 10
//!   epochs): 195 KB, 118 KB gzipped; trains in about 1.5 s; shipped beside the wasm
//!   (`www/pkg/tekstlens-nl.model`), compiled into native builds. ned.testa F1 76.5 (P 79.3,
//!   R 73.9; PER 79.0, LOC 84.8, MISC 67.2, ORG 76.8; seeds 2 and 3: 75.9, 76.7; 76.6 with the
//!   later document rules for surnames and one-word "persons" with digits) against 71.4
//!   for lists and rules alone; the held-out fifth of the annotations 79.9 (PER 77.8, LOC 87.6,
//!   MISC 70.9, ORG 79.6) against 72.1, 76.1 over five folds (trained after the adjudication of
//!   the independent agreement pass; 77.1 and 80.3 before it, within the seed noise). The first shipped model scored 67.3 on ned.testa and
//!   80.2 held-out; most of the gain came from the larger curated gazetteer (Belgian and
//!   international parties, companies, media, clubs, places; the kinds of names chosen by
//!   looking at ned.testa's errors, the entries written from general knowledge, never copied
//!   from CoNLL: so ned.testa flatters it, 12.5% of its distinct gold names are in the
//!   additions against 5.9% of ned.train's). Tried and
//!   not kept: Europeana (CC0) PER/LOC sentences, all or 30%, or all its sentences with entities
//!   (held-out +0.1 to -1.8, ned.testa -0.4 to -1.8); 5, 15 or 25 epochs (within the ±0.7 seed
//!   noise); UD data only (ned.testa -0.3); a bias against B-PER or for B-ORG (±0.3). Most
//!   remaining errors on ned.testa are company names tagged PER (no list knows them, and 60k
//!   tokens of letters and UD text have few companies) and newspaper conventions (section
//!   headings such as "Buitenland" are MISC there).
//!
//! Tagging speed natively (release, x86_64, 2 cores shared with other builds, so the best of
//! several runs; `cargo bench --bench native -- 5`, last lines, and `cargo test --release
//! --test tagger_fast -- --ignored --nocapture speed`): on the 1 MB text (170 625 tokens)
//! features and Viterbi took 156 to 160 ms (1.07 million tokens per second) when the features
//! were built per token, 53 to 55 ms (3.1 million) with `score.rs` as first written, and 42
//! to 43 ms (4.0 million) now: Viterbi over fixed arrays of 9 tags and the document contexts
//! collected without allocations per word (together about -9 ms), then the type lookup's
//! hash fixed (plain Fx put a word of up to 8 bytes in a slot chosen by its first two
//! letters), its keys in a compact array and each sentence's loads issued before its lookups
//! (about -2 ms). Analysing
//! 10 MB (ten copies of that text) peaked at 707 MB resident with per-token features, 395 MB
//! with `score.rs`, 390 MB without a model.
//!
//! A later round, counted in instructions (callgrind of `cargo bench --bench native -- 1
//! tagger`, which tags the 1 MB text three times; and of Node 20 running analyze on it with
//! `--predictable --no-liftoff`, the model's part being analyze with it minus without): 957 M
//! to 790 M natively (-17%), 675 M to 605 M per analysis in wasm (-10%). The emissions stay
//! i32 into Viterbi, a pair is hashed only for the side that is scored, type lookups compare
//! and hash a word at a time, the five window vectors are summed in one pass, the commonest
//! position's context sum is in the type's own vector, the transitions are transposed once per
//! document, and the evidence is sorted by insertion. Tried and dropped (instructions): a
//! direct-mapped cache of the pairs' rows (2^14 or 2^17 slots; +0.3 to +0.6%, few pairs recur
//! soon enough), inlining the keyed sums (+1%), summing a new type's features in registers
//! (+1.8% native, +0.7% wasm), appending Viterbi's tags instead of zeroing and copying them
//! (native +0.9%, wasm -0.4%), zeroing the type vectors 256 types at a time (wasm +0.4%),
//! one pass over an ASCII word for both its shapes (native +1.5%, wasm -0.1%).
//!
//! A third round, counted the same way but analysing the 1 MB text once (callgrind of a
//! release example calling `Analyzer::analyze`): the analysis 749 M to 685 M (-8.6%), the
//! tagger 265 M to 201 M (-24%). In wasm (Node, `--predictable --no-liftoff`, `entitiesCsv`
//! of four copies of the text that differ by trailing spaces, the last two counted) an
//! analysis went from 1 245 M to 1 172 M, its part with the model from 452 M to 379 M (-16%);
//! the shipped wasm grew 4.7 KB gzipped. Types are found by the analyzer's form ids
//! ([`crate::entities::Doc`]'s `norm_ids`) instead of hashing surfaces: each form keeps a
//! chain of its types, told apart by their surfaces packed in a word, and the document
//! contexts are collected by id (-26 M); a sentence is summed in one pass, the window from
//! each type's five vectors as one block (-9.7 M); a new type's shape and kind features are
//! summed once per shape, ASCII words shaped in one pass (-9.3 M); Viterbi takes the best
//! previous tag directly when it leads the others by the transitions' spread (-8.1 M); a new
//! type's affixes are hashed from the bytes of an ASCII word, its word hashes in one pass,
//! BIAS added with the shape sums (-7.0 M). Tried and dropped (instructions of the
//! analysis): an ASCII path in `shape_into` alone (-0.1 M, pushing the characters is the
//! cost), rows of nine weights indexed by row number (-2.1 M, -0.7 M after the shape sums),
//! Viterbi with the previous tag outermost (-1.9 M), a lead per tag or per best tag (+9 M,
//! +7 M: worse code), the sentence's arrays sliced to its length and quote marks flagged per
//! type (-3.9 M), the prefix and suffix features summed once per first or last four
//! characters (+1.4 M: the lookups cost what they save), `is_all_caps` by bytes (+0.3 M).
//!
//! Still short of the 8 to 10 million tokens per second of issue #7. A profile of tagging
//! that text before pruning: summing the features of new word types (19 000, about 35 hashes
//! and four set lookups each) 28%, the pair (bigram and word × shape) hashes and lookups 21%,
//! the window sums and keyed features per token 20%, the document contexts 10%, Viterbi 9%,
//! the type lookups 8%. What did not help (within ±1 ms): looking the pairs' buckets up in a
//! batch without branches, loading each sentence's type vectors ahead, i32 emissions into
//! Viterbi, Fx instead of SipHash for the gazetteer's sets, comparing surface forms as bytes.
//!
//! # Pruning (measured)
//! Tagging scores only candidate tokens (`Scorer::sentence` in `score.rs`): within 2 tokens of a
//! trigger (a capital or a digit, a single-word list name, a list match or rule proposal over
//! it), in a quotation that starts with a trigger, or written against a candidate without a
//! space; sentences of at most 8 tokens are scored whole. The others are O, and each run of
//! candidates is decoded on its own between them, which gives exactly the tags of decoding
//! the sentence with those tokens held to O (tests/tagger_fast.rs checks it on every text it
//! tags); where such a run begins or ends with an entity's tag the sentence is scored and
//! decoded whole. A new type's vectors are summed when a token first needs them.
//!
//! On the 1 MB text 61% of the tokens are candidates. Instructions of tagging it (callgrind,
//! `cargo bench --bench native -- 1 tagger`, which tags it three times): 1 245 M before,
//! 982 M with pruning (-21%; with it the backtrack finds each step's previous tag again
//! instead of Viterbi keeping it for every tag, and additions of 9 tags are fixed-size), with
//! 14% fewer first-level data-cache misses and 12% more mispredicted branches; wall-clock
//! medians moved within the noise of the shared machine. ned.testa is unchanged (P 79.34,
//! R 73.85, F1 76.50, each type the same); no entity changes on the demo letter or the SGD
//! sample; on the 1 MB text 12 of 12 007 go and 1 comes: five lowercase ones ("onderwijs" as
//! ORG, "econo-mische", "aero-nautical-", "de invulling van", ...), "onderwijs en
//! wetenschappen" (ORG, a ministry written in lowercase) four times, "l'lnstitut" (French, "the
//! institute") twice, and "Raad voor de gemeentefi-nanciën" cut to "Raad". Reach 1 instead
//! of 2 changed 62 ("Wet op de telecommunicatievoorzieningen" cut to "Wet"); without the
//! quotation and short-sentence rules titles were cut ("Wet op de omzetbelasting", Ensor's
//! paintings in quotes); reach 0 (and none of the rules) raised ned.testa F1 to 77.0 but
//! changed about 1 300 entities on the 1 MB text. A check whether the best last tag of a run would be an entity's if the next
//! token could be anything caught none of the cut titles: the evidence is in the token cut off.
//!
//! # Memory (measured)
//! Tagging the 1 MB text is bound by instructions more than by memory: about 320 M a run in
//! about 40 ms, so 2.5 to 3 per cycle, and cache misses mostly hit the second level (the
//! weights, 283 KB as i8, and the bitmap fit in it; the type vectors, 3.4 MB, do not). With
//! the weights kept at their file width (i8 for the shipped model: 283 KB instead of 566),
//! the per-type arrays sized for the text up front instead of grown by doubling, and a new
//! type's features added in one loop instead of inlined at each call: per three runs of the
//! tagger (callgrind, D1 and I1 32 KB, LL as the 1 MB L2) instructions 982 M to 967 M,
//! first-level data misses 11.8 M to 10.9 M (writes 2.26 M to 1.78 M), instruction misses
//! 2.81 M to 2.12 M, L2 misses 3.28 M to 2.60 M (writes 1.01 M to 0.57 M); wall-clock about
//! 1 to 4% less, within the noise of the shared machine; wasm unchanged. Tried and dropped: a
//! 16 KB bitmap of groups of 8 buckets before the exact one (most lookups find weights, so
//! it added a load: more misses), the type vectors as i16 (-4% misses, +2% instructions,
//! no faster), the pair features' additions in the same loop (I-cache misses halved again,
//! +3% instructions, no faster).
//!
//! # Tokens
//! The tagger sees the tokens of [`crate::tokenize`], not those of a training file: training
//! joins a CoNLL document into text, tokenises it as the analyzer does and carries the gold
//! tags over (see [`train::Corpus`]), so training and use see the same tokens and features.

pub mod features;
pub mod format;
mod score;
pub mod train;

use crate::Error;
use crate::entities::{Candidate, Doc, Evidence, Label, Recognize, Source};

/// A trained tagger. Load one with [`Tagger::from_bytes`]; train one with [`train::train`].
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    feature_set: u16,
    bits: u8,
    /// Bytes per stored weight (1 or 2).
    width: u8,
    /// Whether the model's entities outrank list matches ([`Recognize::outranks_lists`]).
    outranks_lists: bool,
    labels: Vec<Label>,
    epochs: u16,
    seed: u64,
    scale: f32,
    info: String,
    /// `(tags + 1) × tags`: previous tag (last row: sentence start) → tag.
    trans: Vec<i16>,
    weights: Weights,
}

/// Quantised emission weights of the buckets that have any: a bitmap of those buckets with a
/// rank index, and their rows (one weight per tag) in bucket order.
///
/// Why a bitmap and not a hash table: most features of a text have no weights (the shipped
/// model has about 3% of its 2^20 buckets), and finding that out is the commonest lookup. The
/// bitmap answers it from 128 KB (2^20 bits), which stays in cache, where an open-addressing
/// table of 8-byte slots took a cache miss; a bucket with weights costs one popcount more.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Weights {
    tags: usize,
    /// Bit `b % 64` of word `b / 64`: bucket `b` has a row. Up to the highest such bucket.
    present: Vec<u64>,
    /// Per word of `present`: the number of rows of the buckets before it.
    rank: Vec<u32>,
    /// Rows by ascending bucket.
    values: Values,
}

/// The rows of [`Weights`], one byte per weight when every weight fits (the shipped model is
/// stored as i8): half the table, so fewer cache misses where scoring reads it at random.
/// Chosen from the values alone, so equal weights compare equal whatever the file width.
#[derive(Debug, Clone, PartialEq)]
enum Values {
    Narrow(Vec<i8>),
    Wide(Vec<i16>),
}

/// Adds a row of weights to `acc`.
#[inline(always)]
fn add_row<W: Copy + Into<i32>>(acc: &mut [i32], row: &[W]) {
    // Nine tags (four labels, every shipped and research model): a fixed length, which the
    // compiler turns into a few vector instructions instead of a loop.
    if let (Ok(a), Ok(w)) = (<&mut [i32; 9]>::try_from(&mut *acc), <&[W; 9]>::try_from(row)) {
        for (a, &w) in a.iter_mut().zip(w) {
            *a += w.into();
        }
        return;
    }
    for (a, &w) in acc.iter_mut().zip(row) {
        *a += w.into();
    }
}

impl Weights {
    /// From `(bucket, row)` pairs, each row `tags` long; the first row of a bucket counts.
    pub(crate) fn new(tags: usize, mut rows: Vec<(u32, Vec<i16>)>) -> Weights {
        crate::sort::sort_by_key(&mut rows, |r| r.0);
        rows.dedup_by_key(|r| r.0);
        let words = rows.last().map_or(0, |r| r.0 as usize / 64 + 1);
        let mut present = vec![0u64; words];
        let mut wide = Vec::with_capacity(rows.len() * tags);
        for (bucket, mut values) in rows {
            present[bucket as usize / 64] |= 1 << (bucket % 64);
            values.resize(tags, 0);
            wide.extend_from_slice(&values);
        }
        let mut rank = vec![0u32; words];
        let mut total = 0;
        for (r, &p) in rank.iter_mut().zip(&present) {
            *r = total;
            total += p.count_ones();
        }
        let narrow: Option<Vec<i8>> = wide.iter().map(|&v| i8::try_from(v).ok()).collect();
        let values = match narrow {
            Some(n) => Values::Narrow(n),
            None => Values::Wide(wide),
        };
        Weights {
            tags,
            present,
            rank,
            values,
        }
    }

    /// Where the row of `bucket` starts in the values, if it has one.
    #[inline(always)]
    fn index(&self, bucket: u32) -> Option<usize> {
        let (word, bit) = (bucket as usize / 64, bucket % 64);
        let p = *self.present.get(word)?;
        if p >> bit & 1 == 0 {
            return None;
        }
        let rank = *self.rank.get(word)?;
        Some((rank + (p & ((1u64 << bit) - 1)).count_ones()) as usize * self.tags)
    }

    /// Adds the weights of `bucket` to `acc` (`tags` long); nothing if it has none.
    #[inline(always)]
    pub(crate) fn add(&self, bucket: u32, acc: &mut [i32]) {
        let Some(r) = self.index(bucket) else {
            return;
        };
        let end = r + self.tags;
        match &self.values {
            Values::Narrow(v) => add_row(acc, v.get(r..end).unwrap_or(&[])),
            Values::Wide(v) => add_row(acc, v.get(r..end).unwrap_or(&[])),
        }
    }

    /// The weights of `bucket`, if it has any (not for the hot path).
    fn row(&self, bucket: u32) -> Option<Vec<i16>> {
        self.index(bucket).map(|r| self.row_at(r))
    }

    /// The row starting at value `r`.
    fn row_at(&self, r: usize) -> Vec<i16> {
        let end = r + self.tags;
        match &self.values {
            Values::Narrow(v) => v.get(r..end).unwrap_or(&[]).iter().map(|&x| x.into()).collect(),
            Values::Wide(v) => v.get(r..end).unwrap_or(&[]).to_vec(),
        }
    }

    /// Rows by ascending bucket, for writing.
    pub(crate) fn rows_sorted(&self) -> Vec<(u32, Vec<i16>)> {
        let mut out = Vec::with_capacity(self.len());
        for (word, &p) in self.present.iter().enumerate() {
            let mut bits = p;
            while bits != 0 {
                let bucket = (word * 64) as u32 + bits.trailing_zeros();
                let row = self.row_at(out.len() * self.tags);
                out.push((bucket, row));
                bits &= bits - 1;
            }
        }
        out
    }

    fn len(&self) -> usize {
        let n = match &self.values {
            Values::Narrow(v) => v.len(),
            Values::Wide(v) => v.len(),
        };
        n / self.tags.max(1)
    }
}

/// Number of tags for `labels`: O plus B and I per label.
pub(crate) fn tag_count(labels: usize) -> usize {
    1 + 2 * labels
}

/// Whether tag `cur` may follow `prev` (`None`: sentence start) in IOB2.
fn allowed(prev: Option<usize>, cur: usize) -> bool {
    // Tags: 0 = O, odd = B-k, even > 0 = I-k (k = (tag - 1) / 2).
    cur == 0 || cur % 2 == 1 || prev.is_some_and(|p| p == cur || p + 1 == cur)
}

/// The best IOB2-valid tag sequence for emission scores `emit` (`n × tags`) and transition
/// scores `trans` (`(tags + 1) × tags`, last row the sentence start).
pub(crate) fn viterbi(n: usize, tags: usize, emit: &[i64], trans: &[i64], out: &mut Vec<u8>) {
    Viterbi::default().run(n, tags, emit, &Trans::new(tags, trans), out);
}

/// Transition scores: `rows`, `(tags + 1) × tags` (previous tag, last row the sentence start,
/// → tag), and `cols`, `tags × tags` by tag, then previous tag, the order the recursion reads
/// them in. Made once per document: transposing them for every run of tokens was a tenth of
/// decoding.
pub(crate) struct Trans {
    rows: Vec<i64>,
    cols: Vec<i64>,
    /// The largest difference between two transitions into one tag that any previous tag may
    /// reach (O or B-x): when the best previous score leads all others by at least this
    /// much, it gives the best score of each of those tags ([`Viterbi::run_fixed`]).
    spread: i64,
}

impl Trans {
    pub(crate) fn new(tags: usize, rows: &[i64]) -> Trans {
        let cols: Vec<i64> = if rows.len() < (tags + 1) * tags {
            Vec::new()
        } else {
            (0..tags * tags).map(|k| rows[k % tags * tags + k / tags]).collect()
        };
        let spread = cols
            .chunks_exact(tags.max(1))
            .enumerate()
            .filter(|&(t, _)| t == 0 || t % 2 == 1)
            .map(|(_, col)| {
                let (lo, hi) = (col.iter().min(), col.iter().max());
                hi.zip(lo).map_or(0, |(hi, lo)| hi - lo)
            })
            .max()
            .unwrap_or(0);
        Trans {
            rows: rows.to_vec(),
            cols,
            spread,
        }
    }
}

/// An emission score: i32 as tagging sums them, i64 for the tests' references. Viterbi adds
/// them in i64, where a sentence's sum cannot overflow.
pub(crate) trait Emission: Copy {
    fn wide(self) -> i64;
}

impl Emission for i32 {
    #[inline(always)]
    fn wide(self) -> i64 {
        i64::from(self)
    }
}

impl Emission for i64 {
    #[inline(always)]
    fn wide(self) -> i64 {
        self
    }
}

/// The score of an unreachable tag (far from overflowing when scores are added to it).
const NEG: i64 = i64::MIN / 4;

/// Viterbi decoding with its buffers kept between sentences (tagging a document allocates
/// only when a sentence is longer than any before it).
#[derive(Default)]
pub(crate) struct Viterbi {
    score: Vec<i64>,
    next: Vec<i64>,
    back: Vec<u8>,
}


impl Viterbi {
    /// See [`viterbi`]. Ties go to the lowest previous tag, then the lowest last tag.
    pub(crate) fn run<E: Emission>(
        &mut self,
        n: usize,
        tags: usize,
        emit: &[E],
        trans: &Trans,
        out: &mut Vec<u8>,
    ) {
        self.run_segment(n, tags, emit, trans, false, false, out);
    }

    /// [`Viterbi::run`] for a run of tokens between tokens that are O: after O instead of at
    /// the sentence start if `after_o`, and with the transition to O added to the last
    /// token's scores if `before_o`. The tags equal those of a search over the whole sentence
    /// whose other tokens can only be O: those scores differ from these by a constant, so
    /// every comparison (ties too) comes out the same.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run_segment<E: Emission>(
        &mut self,
        n: usize,
        tags: usize,
        emit: &[E],
        trans: &Trans,
        after_o: bool,
        before_o: bool,
        out: &mut Vec<u8>,
    ) {
        out.clear();
        let (cols, spread, trans) = (&trans.cols[..], trans.spread, &trans.rows[..]);
        if n == 0
            || tags == 0
            || emit.len() < n * tags
            || trans.len() < (tags + 1) * tags
            || cols.len() < tags * tags
        {
            return;
        }
        // The row of the previous tag: O (0) or the sentence start (`tags`). Both allow the
        // same tags first (O and B-x).
        let first = if after_o { 0 } else { tags };
        if tags == 9 {
            // Four labels, as every shipped and research model has: fixed-size arrays, which
            // the compiler unrolls (the general loop below spent most of its time on bounds
            // and loop control).
            return self.run_fixed::<9, E>(n, emit, trans, cols, spread, first, before_o, out);
        }
        let (score, next, back) = (&mut self.score, &mut self.next, &mut self.back);
        score.clear();
        score.resize(tags, NEG);
        next.clear();
        next.resize(tags, NEG);
        back.clear();
        back.resize(n * tags, 0);
        for t in 0..tags {
            if allowed(None, t) {
                score[t] = trans[first * tags + t] + emit[t].wide();
            }
        }
        // From the second token on, O and every B-x have a finite score (O may follow
        // anything), and so has every I-x from B-x; the sentence start's NEG can never win
        // or tie against them (real scores are below 2^52 in magnitude), so the search need
        // not test for it.
        for i in 1..n {
            let e = &emit[i * tags..(i + 1) * tags];
            let b = &mut back[i * tags..(i + 1) * tags];
            for t in 0..tags {
                // O and B-x may follow any tag; I-x only B-x (t - 1) or I-x (t), see
                // [`allowed`]. Previous tags in ascending order, the first best wins.
                let (lo, hi) = if t == 0 || t % 2 == 1 {
                    (0, tags)
                } else {
                    (t - 1, t + 1)
                };
                let col = &cols[t * tags..(t + 1) * tags];
                let mut best = score[lo] + col[lo];
                let mut arg = lo;
                for (p, (&s, &c)) in score[lo + 1..hi].iter().zip(&col[lo + 1..hi]).enumerate() {
                    if s + c > best {
                        best = s + c;
                        arg = lo + 1 + p;
                    }
                }
                next[t] = best + e[t].wide();
                b[t] = arg as u8;
            }
            std::mem::swap(score, next);
        }
        if before_o {
            for (t, s) in score.iter_mut().enumerate() {
                *s += trans[t * tags];
            }
        }
        backtrack(score, back, n, out);
    }

    /// [`Viterbi::run`] for `N` tags, with the same results (ties included). The caller has
    /// checked that `n > 0`, `emit` has `n × N` scores, `trans` `(N + 1) × N` and `cols`
    /// `N × N` ([`Trans`]).
    #[allow(clippy::too_many_arguments)]
    fn run_fixed<const N: usize, E: Emission>(
        &mut self,
        n: usize,
        emit: &[E],
        trans: &[i64],
        cols: &[i64],
        spread: i64,
        first: usize,
        before_o: bool,
        out: &mut Vec<u8>,
    ) {
        // cols[t][p] and rows[p][t]: previous tag p → tag t.
        let (cols, _) = cols.as_chunks::<N>();
        let (rows, _) = trans.as_chunks::<N>();
        if cols.len() < N || rows.len() < N {
            return;
        }
        let mut score = [NEG; N];
        for (t, s) in score.iter_mut().enumerate() {
            if allowed(None, t) {
                *s = trans[first * N + t] + emit[t].wide();
            }
        }
        // Only the best scores are kept per token, not which previous tag gave them: the
        // backtrack finds that again for the one tag on the path (the first previous tag
        // whose score gives the best, as the search in `run` keeps), which is fewer
        // instructions than tracking it for every tag.
        let hist = &mut self.score;
        hist.clear();
        hist.resize(n * N, 0);
        hist[..N].copy_from_slice(&score);
        // As in `run`: no NEG can win or tie from the second token on.
        for (e, h) in emit[N..n * N]
            .chunks_exact(N)
            .zip(hist[N..].chunks_exact_mut(N))
        {
            // The best previous score and the best of the others. If it leads them by the
            // spread of the transitions or more, it is the best previous tag of O and every
            // B-x: any other p has score[p] + col[p] <= best - spread + col[p] <= best +
            // col[arg]. So their best scores are found without trying all previous tags
            // (most tokens, where one tag is far ahead); the values are the same, so is the
            // backtrack.
            let (mut best, mut arg, mut second) = (score[0], 0, i64::MIN);
            for (p, &x) in score.iter().enumerate().skip(1) {
                if x > best {
                    (second, best, arg) = (best, x, p);
                } else {
                    second = second.max(x);
                }
            }
            let lead = best.saturating_sub(second) >= spread;
            let mut next = [0i64; N];
            for t in 0..N {
                let col = &cols[t];
                next[t] = if (t == 0 || t % 2 == 1) && lead {
                    best + rows[arg][t]
                } else if t == 0 || t % 2 == 1 {
                    let mut best = score[0] + col[0];
                    for p in 1..N {
                        best = best.max(score[p] + col[p]);
                    }
                    best
                } else {
                    // I-x: from B-x (t - 1) or I-x (t).
                    (score[t - 1] + col[t - 1]).max(score[t] + col[t])
                } + e[t].wide();
            }
            h.copy_from_slice(&next);
            score = next;
        }
        if before_o {
            for (t, s) in score.iter_mut().enumerate() {
                *s += trans[t * N];
            }
        }
        let mut t = (0..N)
            .max_by_key(|&t| (score[t], std::cmp::Reverse(t)))
            .unwrap_or(0);
        out.clear();
        out.resize(n, 0);
        for i in (0..n).rev() {
            out[i] = t as u8;
            if i == 0 {
                break;
            }
            let want = hist[i * N + t] - emit[i * N + t].wide();
            let prev = &hist[(i - 1) * N..i * N];
            let (lo, hi) = if t == 0 || t % 2 == 1 { (0, N) } else { (t - 1, t + 1) };
            t = (lo..hi).find(|&p| prev[p] + cols[t][p] == want).unwrap_or(lo);
        }
    }
}

/// The best path of a Viterbi search: the best final tag (the lowest on a tie), then the
/// back-pointers (`back[i * tags + t]`, `tags = score.len()`) from the last token to the first.
fn backtrack(score: &[i64], back: &[u8], n: usize, out: &mut Vec<u8>) {
    let tags = score.len();
    let mut t = (0..tags)
        .max_by_key(|&t| (score[t], std::cmp::Reverse(t)))
        .unwrap_or(0);
    out.resize(n, 0);
    for i in (0..n).rev() {
        out[i] = t as u8;
        t = back[i * tags + t] as usize;
    }
}

/// Chunks `(start, end, label index)` of an IOB2 tag sequence (as Viterbi returns them).
#[cfg(test)]
fn chunks(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    chunk_iter(tags).collect()
}

/// The chunks of [`chunks`] one by one: tagging adds them to its output as they come, without
/// a vector per sentence.
fn chunk_iter(tags: &[u8]) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while tags.get(i) == Some(&0) {
            i += 1;
        }
        let t = usize::from(*tags.get(i)?);
        let k = (t - 1) / 2;
        let start = i;
        i += 1;
        while tags.get(i).is_some_and(|&x| usize::from(x) == 2 + 2 * k) {
            i += 1;
        }
        Some((start, i, k))
    })
}

/// One past the last token of the sentence that starts at token `start` (see [`sentences`]).
fn sentence_end(doc: &Doc<'_>, start: usize) -> usize {
    let sentence = doc.tokens[start].sentence;
    doc.tokens[start..]
        .iter()
        .position(|t| t.sentence != sentence)
        .map_or(doc.tokens.len(), |k| start + k)
}

/// Token ranges of the sentences of `doc`: runs of tokens with the same sentence number.
pub(crate) fn sentences(doc: &Doc<'_>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=doc.tokens.len() {
        if i == doc.tokens.len() || doc.tokens[i].sentence != doc.tokens[i - 1].sentence {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// The shipped model's bytes, compiled in when `data/model/tekstlens-nl.model` exists and the
/// `embedded-data` feature is on (see `build.rs`); the wasm build ships it as a file instead,
/// which the page hands over with [`set_builtin`].
#[cfg(tekstlens_default_model)]
const BUILTIN: Option<&[u8]> = Some(include_bytes!("../../data/model/tekstlens-nl.model"));
#[cfg(not(tekstlens_default_model))]
const BUILTIN: Option<&[u8]> = None;

/// The shipped model given at run time ([`set_builtin`]); it takes the place of [`BUILTIN`].
static LOADED: std::sync::Mutex<Option<std::sync::Arc<[u8]>>> = std::sync::Mutex::new(None);

/// Makes `bytes` (a model file) the built-in model that later [`builtin`] calls (so later
/// analyzers and `use_default_model`) use. Returns the model; on an error (not a usable model)
/// the built-in model stays as it was.
pub fn set_builtin(bytes: &[u8]) -> Result<Tagger, Error> {
    let tagger = Tagger::from_bytes(bytes)?;
    *LOADED.lock().unwrap_or_else(|e| e.into_inner()) = Some(bytes.into());
    Ok(tagger)
}

fn loaded() -> Option<std::sync::Arc<[u8]>> {
    LOADED.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The shipped model, if this build has one (compiled in or given with [`set_builtin`]). An
/// error means the file does not fit this build (rebuild it with `scripts/train-default-model`).
pub fn builtin() -> Result<Option<Tagger>, Error> {
    if let Some(bytes) = loaded() {
        return Tagger::from_bytes(&bytes).map(Some);
    }
    BUILTIN
        .map(|b| {
            Tagger::from_bytes(b).map_err(|e| {
                Error::new(format!("the built-in model (data/model/tekstlens-nl.model) cannot be used: {e}; rebuild it with scripts/train-default-model"))
            })
        })
        .transpose()
}

/// Whether this build has a built-in model (compiled in or given with [`set_builtin`]).
pub fn has_builtin() -> bool {
    BUILTIN.is_some() || loaded().is_some()
}

impl Tagger {
    /// Loads a model written by [`Tagger::to_bytes`] (the `tekstlens train` output). Fails
    /// with a clear message on anything else: wrong magic, unsupported version, truncated or
    /// damaged file, a feature set this build does not compute. Never panics.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, Error> {
        format::read(bytes)
    }

    /// The model file (see [`mod@format`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        format::write(self)
    }

    /// The entity labels the model tags.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// Whether the model's entities outrank list matches (recorded at training time).
    pub fn outranks_lists(&self) -> bool {
        self.outranks_lists
    }

    /// The same model with its entities outranking list matches, or not.
    pub fn with_outranks_lists(mut self, yes: bool) -> Tagger {
        self.outranks_lists = yes;
        self
    }

    /// What the model was trained on, as recorded by the trainer.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// A one-line description: labels, size and training parameters.
    pub fn describe(&self) -> String {
        let labels: Vec<&str> = self.labels.iter().map(|l| l.as_str()).collect();
        format!(
            "labels {}; {}; {} of 2^{} buckets with weights, i{}; {} epochs, seed {}; {}",
            labels.join(" "),
            if self.outranks_lists {
                "outranks the lists"
            } else {
                "lists first"
            },
            self.weights.len(),
            self.bits,
            self.width * 8,
            self.epochs,
            self.seed,
            self.info
        )
    }

    /// Tags `doc` sentence by sentence (the fast path, [`score`]): `f` gets each sentence's
    /// token range, emission scores (`tokens × tags`), IOB2 tag indices (0 = O, 2k+1 =
    /// B-label k, 2k+2 = I-label k) and which tokens were scored.
    ///
    /// With `prune`, only candidates are scored (see [`score::Scorer::sentence`]) and the
    /// others are O: each run of candidates is decoded on its own, after and before O
    /// ([`Viterbi::run_segment`]), which gives the tags of decoding the whole sentence with
    /// the other tokens held to O. On the 1 MB bench text 59% of the tokens are candidates;
    /// on ned.testa F1 is unchanged (see the module docs).
    fn tag_sentences(
        &self,
        doc: &Doc<'_>,
        evidence: &Evidence<'_>,
        prune: bool,
        mut f: impl FnMut(std::ops::Range<usize>, &[i32], &[u8], &[bool]),
    ) {
        let tags = self.weights.tags;
        let trans: Vec<i64> = self.trans.iter().map(|&v| i64::from(v)).collect();
        let trans = Trans::new(tags, &trans);
        let mut scorer = score::Scorer::new(&self.weights, self.bits, doc, evidence);
        let mut viterbi = Viterbi::default();
        let mut path = Vec::new();
        let (mut cand, mut seg) = (Vec::new(), Vec::new());
        let mut start = 0;
        while start < doc.tokens.len() {
            let end = sentence_end(doc, start);
            let n = end - start;
            scorer.sentence(start, end, prune, &mut cand);
            let emit = scorer.emissions();
            path.clear();
            path.resize(n, 0u8);
            let mut a = 0;
            let mut edge = false;
            while a < n {
                if !cand.get(a).copied().unwrap_or(false) {
                    a += 1;
                    continue;
                }
                let b = cand[a..].iter().position(|&c| !c).map_or(n, |k| a + k);
                let e = emit.get(a * tags..b * tags).unwrap_or(&[]);
                viterbi.run_segment(b - a, tags, e, &trans, a > 0, b < n, &mut seg);
                if seg.len() == b - a {
                    path[a..b].copy_from_slice(&seg);
                    edge |= (a > 0 && seg[0] != 0) || (b < n && seg[b - a - 1] != 0);
                }
                a = b;
            }
            if edge {
                // An entity reaches a token held to O: it may go on there (titles such as
                // "Wet op de omzetbelasting"), so this sentence is scored and decoded whole.
                scorer.sentence(start, end, false, &mut cand);
                viterbi.run(n, tags, scorer.emissions(), &trans, &mut path);
            }
            f(start..end, scorer.emissions(), &path, &cand);
            start = end;
        }
    }

    /// Emission scores, tags and which tokens were scored, as tagging with pruning computes
    /// them (zeros and O for the others); for the tests that check the pruning
    /// (tests/tagger_fast.rs), not a stable API.
    #[doc(hidden)]
    pub fn scores_pruned(
        &self,
        doc: &Doc<'_>,
        evidence: &Evidence<'_>,
    ) -> (Vec<i64>, Vec<u8>, Vec<bool>) {
        let (mut all_emit, mut all_tags, mut all_cand) = (Vec::new(), Vec::new(), Vec::new());
        self.tag_sentences(doc, evidence, true, |_, emit, path, cand| {
            all_emit.extend(emit.iter().map(|&e| i64::from(e)));
            all_tags.extend_from_slice(path);
            all_cand.extend_from_slice(cand);
        });
        (all_emit, all_tags, all_cand)
    }

    /// IOB2 tag indices for the tokens of `doc` given emission scores `emit` (`tokens × tags`,
    /// as [`Tagger::scores`] returns them), each sentence decoded whole; for the tests
    /// (tests/tagger_fast.rs), not a stable API.
    #[doc(hidden)]
    pub fn decode(&self, doc: &Doc<'_>, emit: &[i64]) -> Vec<u8> {
        let tags = self.weights.tags;
        let trans: Vec<i64> = self.trans.iter().map(|&v| i64::from(v)).collect();
        let (mut out, mut path) = (Vec::new(), Vec::new());
        for range in sentences(doc) {
            let e = emit.get(range.start * tags..range.end * tags).unwrap_or(&[]);
            viterbi(range.len(), tags, e, &trans, &mut path);
            path.resize(range.len(), 0);
            out.extend_from_slice(&path);
        }
        out
    }

    /// Emission scores (`tokens × tags`, tag order `O, B-label0, I-label0, ...`) and IOB2 tag
    /// indices for the tokens of `doc`: with `reference`, summed over the features of
    /// [`features::extract`] (what training sees), otherwise as tagging computes them. The
    /// two must be equal; this is for the tests that check it (tests/tagger_fast.rs), not a
    /// stable API.
    #[doc(hidden)]
    pub fn scores(
        &self,
        doc: &Doc<'_>,
        evidence: &Evidence<'_>,
        reference: bool,
    ) -> (Vec<i64>, Vec<u8>) {
        let mut all_emit = Vec::new();
        let mut all_tags = Vec::new();
        if !reference {
            self.tag_sentences(doc, evidence, false, |_, emit, path, _| {
                all_emit.extend(emit.iter().map(|&e| i64::from(e)));
                all_tags.extend_from_slice(path);
            });
            return (all_emit, all_tags);
        }
        let feats = features::extract(doc, evidence, self.bits);
        let tags = tag_count(self.labels.len());
        let trans: Vec<i64> = self.trans.iter().map(|&v| i64::from(v)).collect();
        let mut emit = Vec::new();
        let mut path = Vec::new();
        for range in sentences(doc) {
            emit.clear();
            emit.resize(range.len() * tags, 0i64);
            for (k, i) in range.clone().enumerate() {
                let e = &mut emit[k * tags..(k + 1) * tags];
                for &b in feats.of(i) {
                    if let Some(row) = self.weights.row(b) {
                        for (x, &w) in e.iter_mut().zip(&row) {
                            *x += i64::from(w);
                        }
                    }
                }
            }
            viterbi(range.len(), tags, &emit, &trans, &mut path);
            all_emit.extend_from_slice(&emit);
            all_tags.extend_from_slice(&path);
        }
        (all_emit, all_tags)
    }
}

impl Recognize for Tagger {
    fn outranks_lists(&self) -> bool {
        self.outranks_lists
    }

    fn describe(&self) -> String {
        Tagger::describe(self)
    }

    fn recognize(&self, doc: &Doc<'_>, evidence: &Evidence<'_>) -> Vec<Candidate> {
        // Chunks per sentence: Viterbi never starts a sentence with I-x, so no chunk runs
        // across a sentence break and this equals chunking the whole document's tags.
        let mut out = Vec::new();
        self.tag_sentences(doc, evidence, true, |range, _, path, _| {
            out.extend(chunk_iter(path).filter_map(|(start, end, k)| {
                Some(Candidate {
                    start: range.start + start,
                    end: range.start + end,
                    label: *self.labels.get(k)?,
                    source: Source::Model,
                    canonical: None,
                })
            }));
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_respects_iob2() {
        // Tags O, B-PER, I-PER. The emissions alone prefer I-PER first, which is not allowed.
        let emit = [0, 1, 5, 0, 0, 3];
        let trans = [0i64; 12];
        let mut out = Vec::new();
        viterbi(2, 3, &emit, &trans, &mut out);
        assert_eq!(out, [1, 2]);
        assert_eq!(
            chunks(&[0, 1, 2, 1, 0, 3, 4]),
            [(1, 3, 0), (3, 4, 0), (5, 7, 1)]
        );
    }

    /// The search as first written: every allowed previous tag, skipping unreachable ones.
    fn viterbi_reference(n: usize, tags: usize, emit: &[i64], trans: &[i64]) -> Vec<u8> {
        let mut score = vec![NEG; tags];
        let mut next = vec![NEG; tags];
        let mut back = vec![0u8; n * tags];
        for t in 0..tags {
            if allowed(None, t) {
                score[t] = trans[tags * tags + t] + emit[t];
            }
        }
        for i in 1..n {
            for t in 0..tags {
                let mut best = NEG;
                let mut arg = 0;
                for p in 0..tags {
                    if score[p] > NEG && allowed(Some(p), t) {
                        let s = score[p] + trans[p * tags + t];
                        if s > best {
                            best = s;
                            arg = p;
                        }
                    }
                }
                next[t] = if best > NEG {
                    best + emit[i * tags + t]
                } else {
                    NEG
                };
                back[i * tags + t] = arg as u8;
            }
            std::mem::swap(&mut score, &mut next);
        }
        let mut t = (0..tags)
            .max_by_key(|&t| (score[t], std::cmp::Reverse(t)))
            .unwrap_or(0);
        let mut out = vec![0u8; n];
        for i in (0..n).rev() {
            out[i] = t as u8;
            t = back[i * tags + t] as usize;
        }
        out
    }

    /// Decoding the runs of tokens between tokens held to O ([`Viterbi::run_segment`], as
    /// tagging with pruning does) gives the tags of decoding the whole sequence with those
    /// tokens' scores forced to O, ties included.
    #[test]
    fn segments_match_the_whole_search_with_tokens_held_to_o() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut rand = |m: u64| crate::xorshift(&mut x) % m;
        let mut v = Viterbi::default();
        let (mut whole, mut seg) = (Vec::new(), Vec::new());
        for case in 0..3000 {
            let tags = [3, 5, 9, 13][case % 4];
            let n = 1 + rand(16) as usize;
            let range = [3, 20, 40_000][case % 3];
            let mut emit: Vec<i64> = (0..n * tags)
                .map(|_| rand(range) as i64 - range as i64 / 2)
                .collect();
            let trans: Vec<i64> = (0..(tags + 1) * tags)
                .map(|_| rand(range) as i64 - range as i64 / 2)
                .collect();
            let held: Vec<bool> = (0..n).map(|_| rand(3) == 0).collect();
            for (i, _) in held.iter().enumerate().filter(|h| *h.1) {
                for (t, e) in emit[i * tags..(i + 1) * tags].iter_mut().enumerate() {
                    *e = if t == 0 { rand(range) as i64 } else { -(1 << 40) };
                }
            }
            let trans = Trans::new(tags, &trans);
            v.run(n, tags, &emit, &trans, &mut whole);
            let mut path = vec![0u8; n];
            let mut a = 0;
            while a < n {
                if held[a] {
                    a += 1;
                    continue;
                }
                let b = (a..n).find(|&j| held[j]).unwrap_or(n);
                let e = &emit[a * tags..b * tags];
                v.run_segment(b - a, tags, e, &trans, a > 0, b < n, &mut seg);
                path[a..b].copy_from_slice(&seg);
                a = b;
            }
            assert_eq!(path, whole, "case {case}");
        }
    }

    /// Looking types up by the document's form ids (as analyze numbers them) gives the scores
    /// and tags of looking them up by hash, with pruning and without.
    #[cfg(feature = "embedded-data")]
    #[test]
    fn form_ids_give_the_scores_of_hashing() {
        let Ok(Some(model)) = builtin() else {
            return;
        };
        let a = crate::Analyzer::new(crate::Options::default()).unwrap();
        let mut texts = vec![
            include_str!("../../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt").to_owned(),
            include_str!("../../benches/texts/sgd-letters-sample.txt").to_owned(),
            "De minister. de Minister DE MINISTER, 1 één Één ÉÉN «Den Haag» den haag\n".repeat(3),
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let words = ["De", "de", "DE", "Haag", "haag", "HAAG", "van", "Van", ".", "\n", "2", "Rutte", "RUTTE", "é", "É", "«", "»", "-", "Ministerie", "ministerie",
            "MINISTERIE", "Rijkswaterstaat", "rijksWaterstaat"];
        for _ in 0..40 {
            let n = crate::xorshift(&mut x) % 60;
            let t: Vec<&str> = (0..n).map(|_| words[(crate::xorshift(&mut x) % words.len() as u64) as usize]).collect();
            texts.push(t.join(" "));
        }
        for text in &texts {
            let tokens = a.analyze(text).tokens;
            let mut by_norm = std::collections::HashMap::new();
            let ids: Vec<u32> = tokens
                .iter()
                .map(|t| {
                    let n = by_norm.len() as u32;
                    *by_norm.entry(t.norm.as_str()).or_insert(n)
                })
                .collect();
            let plain = Doc::new(text, &tokens);
            let numbered = Doc::with_norm_ids(text, &tokens, &ids);
            let evidence = a.recognizer().evidence(&plain);
            assert_eq!(model.scores(&plain, &evidence, false), model.scores(&numbered, &evidence, false), "{text}");
            assert_eq!(model.scores_pruned(&plain, &evidence), model.scores_pruned(&numbered, &evidence), "{text}");
        }
    }

    #[test]
    fn viterbi_matches_the_plain_search() {
        // Small value ranges make many ties: the tie-breaking must be the same too.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut rand = |m: u64| (crate::xorshift(&mut x) % m) as i64;
        let mut v = Viterbi::default();
        let mut out = Vec::new();
        for case in 0..6000 {
            let tags = [1, 3, 5, 9, 13, 15][case % 6];
            let n = 1 + rand(12) as usize;
            // Every size with every range, and transitions spread less or more than the
            // emissions (one tag far ahead, or none: both paths of `run_fixed`).
            let range = [3, 20, 40_000][case / 6 % 3];
            let trans_range = [3, 20, 40_000][case / 18 % 3];
            let emit: Vec<i64> = (0..n * tags)
                .map(|_| rand(range) - range as i64 / 2)
                .collect();
            let trans: Vec<i64> = (0..(tags + 1) * tags)
                .map(|_| rand(trans_range) - trans_range as i64 / 2)
                .collect();
            v.run(n, tags, &emit, &Trans::new(tags, &trans), &mut out);
            assert_eq!(
                out,
                viterbi_reference(n, tags, &emit, &trans),
                "case {case}"
            );
        }
    }
}

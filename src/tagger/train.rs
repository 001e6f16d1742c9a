//! Training: CoNLL files → token features and gold tags → averaged structured perceptron →
//! quantised [`Tagger`].
//!
//! Deterministic: the only randomness is the sentence order per epoch, from a SplitMix64
//! generator seeded by [`TrainOptions::seed`]; weights are integers until averaging, and
//! nothing iterates a hash map. The same files, options and build give the same model bytes.

use super::features::{self, FEATURE_SET};
use super::{Tagger, Weights, tag_count, viterbi};
use crate::conll::{self, Iob, Line};
use crate::entities::{Doc, Label};
use crate::tokenize::TokenKind;
use crate::{Analyzer, Error};

/// Training settings. The defaults are the measured choice (see the module docs of
/// [`crate::tagger`]).
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: u16,
    /// Seeds the sentence order.
    pub seed: u64,
    /// log2 of the number of feature buckets.
    pub bits: u8,
    /// Bytes per stored weight: 1 (i8) or 2 (i16).
    pub width: u8,
    /// Weights whose magnitude is below this fraction of the largest are dropped.
    pub prune: f64,
    /// Recorded in the model: its entities outrank list matches.
    pub outranks_lists: bool,
    /// Recorded in the model: what it was trained on.
    pub info: String,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 10,
            seed: 1,
            bits: 20,
            width: 1,
            prune: 0.0,
            outranks_lists: false,
            info: String::new(),
        }
    }
}

/// One sentence of training data: features per token and gold tags.
struct Sentence {
    buckets: Vec<u32>,
    offsets: Vec<u32>,
    /// Gold IOB2 tags per token, as (label, begins) or `None` for O.
    gold: Vec<Option<(Label, bool)>>,
}

/// Training data: the sentences of CoNLL files, tokenised and featurised as the analyzer would.
pub struct Corpus {
    bits: u8,
    sentences: Vec<Sentence>,
    tokens: usize,
}

impl Corpus {
    /// An empty corpus whose features are hashed into `2^bits` buckets.
    pub fn new(bits: u8) -> Corpus {
        Corpus {
            bits,
            sentences: Vec::new(),
            tokens: 0,
        }
    }

    /// Number of sentences and of tokens (the analyzer's tokens).
    pub fn len(&self) -> (usize, usize) {
        (self.sentences.len(), self.tokens)
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Entity labels occurring in the gold tags, in [`Label::ALL`] order.
    pub fn labels(&self) -> Vec<Label> {
        let mut seen = [false; 6];
        for s in &self.sentences {
            for &(l, _) in s.gold.iter().flatten() {
                seen[l as usize] = true;
            }
        }
        Label::ALL
            .into_iter()
            .filter(|&l| seen[l as usize])
            .collect()
    }

    /// Adds a CoNLL file with gold tags (last column; IOB1 or IOB2). Each document is joined
    /// into text, analysed with `analyzer` (whose model, if any, plays no part) and the gold
    /// tags carried over to the analyzer's tokens.
    pub fn add_conll(&mut self, analyzer: &Analyzer, input: &str) -> Result<(), Error> {
        let lines = conll::parse(input);
        let gold = conll::gold_tags(&lines)?;
        // Gold tag per line index.
        let mut by_line = vec![Iob::O; lines.len()];
        let mut g = gold.iter();
        for (i, l) in lines.iter().enumerate() {
            if matches!(l, Line::Token { .. }) {
                by_line[i] = *g.next().unwrap_or(&Iob::O);
            }
        }
        for doc in conll::documents(&lines) {
            let mut text = String::new();
            let mut spans = Vec::new();
            let mut tags = Vec::new();
            for sentence in &doc {
                for (k, &i) in sentence.iter().enumerate() {
                    let Line::Token { token, .. } = lines[i] else {
                        continue;
                    };
                    if !text.is_empty() {
                        text.push_str(if k == 0 { "\n\n" } else { " " });
                    }
                    spans.push((text.len(), text.len() + token.len()));
                    text.push_str(token);
                    tags.push(by_line[i]);
                }
            }
            self.add_document(analyzer, &text, &spans, &tags);
        }
        Ok(())
    }

    fn add_document(
        &mut self,
        analyzer: &Analyzer,
        text: &str,
        spans: &[(usize, usize)],
        tags: &[Iob],
    ) {
        let tokens = analyzer.analyze(text).tokens;
        let gold = carry_tags(&tokens, spans, tags);
        let doc = Doc::new(text, &tokens);
        let feats = features::extract(&doc, &analyzer.recognizer().evidence(&doc), self.bits);
        for range in super::sentences(&doc) {
            let base = feats.offsets[range.start];
            let mut s = Sentence {
                buckets: feats.buckets[base..feats.offsets[range.end]].to_vec(),
                offsets: feats.offsets[range.start..=range.end]
                    .iter()
                    .map(|o| (o - base) as u32)
                    .collect(),
                gold: gold[range.clone()].to_vec(),
            };
            // A chunk cut by a sentence break the tokenizer found begins again.
            let mut prev = None;
            for g in &mut s.gold {
                if let Some((l, begin)) = g
                    && !*begin
                    && prev != Some(*l)
                {
                    *begin = true;
                }
                prev = g.map(|x| x.0);
            }
            self.tokens += range.len();
            self.sentences.push(s);
        }
    }
}

/// Gold tags for the analyzer's tokens from the tags of the file's tokens (`spans` into the
/// joined text). A file token split into several (Europeana glues punctuation to words:
/// "Europa,") gives its tag to its pieces, except leading and trailing punctuation.
fn carry_tags(
    tokens: &[crate::AnalyzedToken],
    spans: &[(usize, usize)],
    tags: &[Iob],
) -> Vec<Option<(Label, bool)>> {
    let mut out = vec![None; tokens.len()];
    let mut k = 0;
    for (j, &(s, e)) in spans.iter().enumerate() {
        while k < tokens.len() && tokens[k].start < s {
            k += 1;
        }
        let first = k;
        let mut last = k;
        while last < tokens.len() && tokens[last].start < e {
            last += 1;
        }
        let (label, begin) = match tags[j] {
            Iob::O => continue,
            Iob::B(l) => (l, true),
            Iob::I(l) => (l, false),
        };
        let mut a = first;
        let mut b = last;
        let punct = |i: usize| matches!(tokens[i].kind, TokenKind::Punct | TokenKind::Symbol);
        while b - a > 1 && punct(a) {
            a += 1;
        }
        while b - a > 1 && punct(b - 1) {
            b -= 1;
        }
        for (n, t) in out.iter_mut().enumerate().take(b).skip(a) {
            *t = Some((label, begin && n == a));
        }
    }
    out
}

/// SplitMix64: a small, fixed generator for the sentence order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What one epoch did.
#[derive(Debug, Clone)]
pub struct Epoch {
    pub epoch: u16,
    /// Sentences decoded wrongly during the pass (before the update).
    pub wrong_sentences: usize,
    pub sentences: usize,
    /// Tokens tagged wrongly during the pass.
    pub wrong_tokens: usize,
    pub tokens: usize,
}

/// Trains a tagger on `corpus`. After each epoch, `progress` gets the epoch's statistics and
/// the model as it would be saved then (averaged and quantised), e.g. to score a dev set.
pub fn train(
    corpus: &Corpus,
    options: &TrainOptions,
    progress: &mut dyn FnMut(&Epoch, &Tagger),
) -> Result<Tagger, Error> {
    if corpus.is_empty() {
        return Err(Error::new("no training sentences"));
    }
    if options.width != 1 && options.width != 2 {
        return Err(Error::new("weight width must be 1 or 2 bytes"));
    }
    let labels = corpus.labels();
    if labels.is_empty() {
        return Err(Error::new("the training data has no entities"));
    }
    let tags = tag_count(labels.len());
    let index = |g: Option<(Label, bool)>| -> usize {
        match g {
            None => 0,
            Some((l, begin)) => {
                let k = labels.iter().position(|&x| x == l).unwrap_or(0);
                1 + 2 * k + usize::from(!begin)
            }
        }
    };
    let golds: Vec<Vec<u8>> = corpus
        .sentences
        .iter()
        .map(|s| s.gold.iter().map(|&g| index(g) as u8).collect())
        .collect();
    let size = (1usize << corpus.bits) * tags;
    let mut w = vec![0i32; size];
    let mut u = vec![0i64; size];
    let ntrans = (tags + 1) * tags;
    let mut tw = vec![0i32; ntrans];
    let mut tu = vec![0i64; ntrans];
    let mut c: i64 = 1;
    let mut rng = Rng(options.seed);
    let mut order: Vec<usize> = (0..corpus.sentences.len()).collect();
    let mut emit: Vec<i64> = Vec::new();
    let mut trans = vec![0i64; ntrans];
    let mut pred = Vec::new();
    let mut model = None;
    for epoch in 1..=options.epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut stats = Epoch {
            epoch,
            wrong_sentences: 0,
            sentences: order.len(),
            wrong_tokens: 0,
            tokens: 0,
        };
        for &si in &order {
            let s = &corpus.sentences[si];
            let gold = &golds[si];
            let n = gold.len();
            emit.clear();
            emit.resize(n * tags, 0);
            for i in 0..n {
                for &f in &s.buckets[s.offsets[i] as usize..s.offsets[i + 1] as usize] {
                    let row = &w[f as usize * tags..(f as usize + 1) * tags];
                    for (e, &x) in emit[i * tags..(i + 1) * tags].iter_mut().zip(row) {
                        *e += i64::from(x);
                    }
                }
            }
            for (t, &x) in trans.iter_mut().zip(&tw) {
                *t = i64::from(x);
            }
            viterbi(n, tags, &emit, &trans, &mut pred);
            stats.tokens += n;
            if pred != *gold {
                stats.wrong_sentences += 1;
                for i in 0..n {
                    let (g, p) = (gold[i] as usize, pred[i] as usize);
                    if g != p {
                        stats.wrong_tokens += 1;
                        for &f in &s.buckets[s.offsets[i] as usize..s.offsets[i + 1] as usize] {
                            let f = f as usize * tags;
                            w[f + g] += 1;
                            u[f + g] += c;
                            w[f + p] -= 1;
                            u[f + p] -= c;
                        }
                    }
                    let gp = if i == 0 { tags } else { gold[i - 1] as usize };
                    let pp = if i == 0 { tags } else { pred[i - 1] as usize };
                    if (gp, g) != (pp, p) {
                        tw[gp * tags + g] += 1;
                        tu[gp * tags + g] += c;
                        tw[pp * tags + p] -= 1;
                        tu[pp * tags + p] -= c;
                    }
                }
            }
            c += 1;
        }
        let m = finish(&labels, corpus.bits, options, epoch, &w, &u, &tw, &tu, c);
        progress(&stats, &m);
        model = Some(m);
    }
    model.ok_or_else(|| Error::new("no epochs to train"))
}

/// Averages (`w - u / c`), quantises with one scale, and drops zero rows.
#[allow(clippy::too_many_arguments)]
fn finish(
    labels: &[Label],
    bits: u8,
    o: &TrainOptions,
    epoch: u16,
    w: &[i32],
    u: &[i64],
    tw: &[i32],
    tu: &[i64],
    c: i64,
) -> Tagger {
    let tags = tag_count(labels.len());
    let avg = |w: i32, u: i64| f64::from(w) - u as f64 / c as f64;
    let max = w
        .iter()
        .zip(u)
        .chain(tw.iter().zip(tu))
        .map(|(&w, &u)| avg(w, u).abs())
        .fold(0.0f64, f64::max);
    let qmax = if o.width == 1 { 127.0 } else { 32767.0 };
    let scale = if max > 0.0 { max / qmax } else { 1.0 };
    let floor = o.prune * max;
    let q = |w: i32, u: i64| -> i16 {
        let v = avg(w, u);
        if v.abs() < floor {
            0
        } else {
            (v / scale).round().clamp(-qmax, qmax) as i16
        }
    };
    let trans: Vec<i16> = tw.iter().zip(tu).map(|(&w, &u)| q(w, u)).collect();
    let mut rows = Vec::new();
    for (b, (wr, ur)) in w.chunks_exact(tags).zip(u.chunks_exact(tags)).enumerate() {
        if wr.iter().all(|&x| x == 0) && ur.iter().all(|&x| x == 0) {
            continue;
        }
        let values: Vec<i16> = wr.iter().zip(ur).map(|(&w, &u)| q(w, u)).collect();
        if values.iter().any(|&v| v != 0) {
            rows.push((b as u32, values));
        }
    }
    Tagger {
        feature_set: FEATURE_SET,
        bits,
        width: o.width,
        outranks_lists: o.outranks_lists,
        labels: labels.to_vec(),
        epochs: epoch,
        seed: o.seed,
        scale: scale as f32,
        info: o.info.clone(),
        trans,
        weights: Weights::new(tags, rows),
    }
}

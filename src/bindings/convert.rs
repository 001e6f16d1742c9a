//! `analyze`'s result as JavaScript objects, built in bulk.
//!
//! Why not serde-wasm-bindgen for all of it: it crosses the boundary once per field (a call to
//! create each object, each string, each number and to set each key), which for a 1 MB text
//! (13,000 terms, 12,000 entities, 9,000 sentences, 170,000 tokens) cost more than the analysis
//! itself. Here Rust writes the bulky lists into flat arrays (numbers as `u32` and `f64`, offsets
//! already in UTF-16 code units, enums as small codes) and every string into ONE string with the
//! UTF-16 length of each piece (no separator: a text may contain any character, NUL too);
//! `convert.js` reads them in order as typed-array views of wasm memory and builds the plain
//! objects in tight loops. The small and nested parts (stats, keywords, the stemmer, the enum
//! names) still go through serde-wasm-bindgen, so the enum strings are serde's own.
//!
//! The result is the same as serialising [`crate::Analysis`] (with UTF-16 offsets) through
//! `serde_wasm_bindgen::Serializer::json_compatible()`: same keys in the same order, same
//! values, `canonical` absent when there is none (tests/web.rs compares the two).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::Analysis;
use crate::entities::{Label, Source};
use crate::keyness::Keyword;
use crate::stats::TextStats;
use crate::stem::StemmerKind;
use crate::terms::FxMap;
use crate::tokenize::TokenKind;

#[wasm_bindgen(module = "/src/bindings/convert.js")]
extern "C" {
    /// Builds the analysis object; see [`analysis_to_js`] for the layout it reads.
    #[wasm_bindgen(js_name = buildAnalysis, catch)]
    fn build_analysis(
        strings: &str,
        lengths: &[u32],
        ints: &[u32],
        floats: &[f64],
        rest: JsValue,
    ) -> Result<JsValue, JsValue>;

    /// Builds `countTerms`' `Map` from the stems cut by UTF-16 lengths and their counts.
    #[wasm_bindgen(js_name = buildCountMap, catch)]
    fn build_count_map(joined: &str, lengths: &[u32], counts: &[f64]) -> Result<JsValue, JsValue>;
}

/// `countTerms`' result, stem -> count in the order given, as a JS `Map`.
pub(crate) fn counts_to_js(counts: &[(String, usize)]) -> Result<JsValue, JsError> {
    let mut joined = String::with_capacity(counts.iter().map(|(s, _)| s.len()).sum());
    let mut lengths = Vec::with_capacity(counts.len());
    let mut numbers = Vec::with_capacity(counts.len());
    for (stem, count) in counts {
        joined.push_str(stem);
        lengths.push(u32::try_from(utf16_len(stem.as_bytes())).unwrap_or(u32::MAX));
        numbers.push(*count as f64);
    }
    build_count_map(&joined, &lengths, &numbers)
        .map_err(|e| JsError::new(&format!("tekstlens: could not convert the term counts: {e:?}")))
}

/// Label, source and token-kind codes index these tables; their strings come from serde.
const LABELS: [Label; 6] = [Label::Per, Label::Org, Label::Loc, Label::Misc, Label::Date, Label::Ref];
const SOURCES: [Source; 3] = [Source::Gazetteer, Source::Rule, Source::Model];
const KINDS: [TokenKind; 4] = [TokenKind::Word, TokenKind::Number, TokenKind::Punct, TokenKind::Symbol];

// Exhaustive matches: a new variant fails to compile here instead of being mislabelled.
fn label_code(l: Label) -> u32 {
    match l {
        Label::Per => 0,
        Label::Org => 1,
        Label::Loc => 2,
        Label::Misc => 3,
        Label::Date => 4,
        Label::Ref => 5,
    }
}

fn source_code(s: Source) -> u32 {
    match s {
        Source::Gazetteer => 0,
        Source::Rule => 1,
        Source::Model => 2,
    }
}

fn kind_code(k: TokenKind) -> u32 {
    match k {
        TokenKind::Word => 0,
        TokenKind::Number => 1,
        TokenKind::Punct => 2,
        TokenKind::Symbol => 3,
    }
}

/// The small parts, through serde-wasm-bindgen.
#[derive(Serialize)]
struct Rest<'a> {
    stats: &'a TextStats,
    brouwer: Option<f64>,
    keywords: &'a [Keyword],
    stemmer: StemmerKind,
    labels: [Label; 6],
    sources: [Source; 3],
    kinds: [TokenKind; 4],
}

/// The strings of the result in one `String`, with each one's length in UTF-16 code units.
/// Repeated strings cross once and are one JavaScript string (which JavaScript cannot tell from
/// equal copies): fewer strings are less work for JavaScript's garbage collector, which was
/// most of the time of building the objects. Deduplicated are the tokens' norms and stems
/// (`SharedStr`, one allocation per distinct form, found by address), the entity names and
/// full names (by content), and a term's display form when it is its first form or its stem.
struct Strings<'a> {
    joined: String,
    lengths: Vec<u32>,
    names: FxMap<&'a str, u32>,
    shared: SharedIndex,
}

impl<'a> Strings<'a> {
    fn push(&mut self, s: &str) -> u32 {
        self.joined.push_str(s);
        // On wasm32 no length or index exceeds u32 (usize is 32 bits).
        self.lengths.push(utf16_len(s.as_bytes()) as u32);
        (self.lengths.len() - 1) as u32
    }

    /// An entity name: names repeat (12,000 entities of a 1 MB text, far fewer names).
    fn name(&mut self, s: &'a str) -> u32 {
        match self.names.get(s) {
            Some(&i) => i,
            None => {
                let i = self.push(s);
                self.names.insert(s, i);
                i
            }
        }
    }

    /// A token's norm or stem, by the address of its shared allocation.
    fn shared(&mut self, s: &str) -> u32 {
        let key = (s.as_ptr() as usize, s.len());
        if let Some(i) = self.shared.get(key) {
            return i;
        }
        let i = self.push(s);
        self.shared.insert(key, i);
        i
    }
}

/// Address and length -> string index: open addressing with linear probing, growing at half
/// full. Two lookups per token (340,000 for a 1 MB text) took a third of the conversion's
/// Rust time in a `HashMap`; this is a multiply and mostly one probe.
struct SharedIndex {
    slots: Vec<(usize, usize, u32)>,
    len: usize,
}

impl SharedIndex {
    const EMPTY: usize = usize::MAX;

    fn new() -> SharedIndex {
        SharedIndex { slots: vec![(Self::EMPTY, 0, 0); 1 << 12], len: 0 }
    }

    fn slot(&self, key: (usize, usize)) -> usize {
        // Fibonacci hashing: the top bits of the address times 2^64 / φ.
        let mask = self.slots.len() - 1;
        let bits = self.slots.len().trailing_zeros();
        let mut i = ((key.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize;
        while self.slots[i].0 != Self::EMPTY && (self.slots[i].0, self.slots[i].1) != key {
            i = (i + 1) & mask;
        }
        i
    }

    fn get(&self, key: (usize, usize)) -> Option<u32> {
        let s = self.slots[self.slot(key)];
        (s.0 != Self::EMPTY).then_some(s.2)
    }

    fn insert(&mut self, key: (usize, usize), value: u32) {
        if 2 * (self.len + 1) > self.slots.len() {
            let grown = vec![(Self::EMPTY, 0, 0); 2 * self.slots.len()];
            let old = std::mem::replace(&mut self.slots, grown);
            for s in old.into_iter().filter(|s| s.0 != Self::EMPTY) {
                let i = self.slot((s.0, s.1));
                self.slots[i] = s;
            }
        }
        let i = self.slot(key);
        if self.slots[i].0 == Self::EMPTY {
            self.len += 1;
        }
        self.slots[i] = (key.0, key.1, value);
    }
}

/// UTF-16 length of valid UTF-8 bytes: one unit per character, two for those above U+FFFF
/// (the ones encoded with four bytes).
///
/// Eight bytes at a time where they are ASCII (most of a Dutch text): the byte-by-byte count
/// of the three passes over a 1 MB text was a good part of the conversion.
pub(super) fn utf16_len(bytes: &[u8]) -> usize {
    fn slow(bytes: &[u8]) -> usize {
        bytes.iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        n += if word & 0x8080_8080_8080_8080 == 0 { 8 } else { slow(c) };
    }
    n + slow(chunks.remainder())
}

/// Byte offset -> UTF-16 offset for offsets that mostly come in ascending order (tokens,
/// sentences and entities are in text order): one pass over the text per list instead of a
/// sort and a binary search per offset. A smaller offset than the last starts over from 0, so
/// any order gives the right answer.
struct Utf16Cursor<'a> {
    bytes: &'a [u8],
    byte: usize,
    unit: usize,
}

impl<'a> Utf16Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Cursor { bytes: text.as_bytes(), byte: 0, unit: 0 }
    }

    fn get(&mut self, byte: usize) -> u32 {
        let byte = byte.min(self.bytes.len());
        if byte < self.byte {
            self.byte = 0;
            self.unit = 0;
        }
        self.unit += utf16_len(&self.bytes[self.byte..byte]);
        self.byte = byte;
        self.unit as u32
    }
}

/// The analysis as a plain JavaScript object (offsets in UTF-16 code units); with
/// `with_tokens == false`, `tokens` and every `positions` are empty.
///
/// The layout of `ints` and `floats`, read in this order by `convert.js` (every number a u32):
///   header   tokens, sentences, terms, entities, readability sentences, strings
///   tokens   start, end, kind | stop << 2, sentence, norm string, stem string + 1 (0: null)
///   sentences start, end
///   terms    display string, stem string, count, forms, positions, then per form (form string,
///            count), then the positions; `frequency` in floats
///   entities text string, label, start, end, tokenStart, tokenEnd, source,
///            canonical string + 1 (0: absent)
///   readability sentences  sentence, words, syllables, flags (1: fleschDouma, 2: brouwer,
///            4: hard); fleschDouma and brouwer in floats (0 when null)
pub(super) fn analysis_to_js(text: &str, a: &Analysis, with_tokens: bool) -> Result<JsValue, JsError> {
    let tokens = if with_tokens { &a.tokens[..] } else { &[] };
    let read = &a.readability.sentences;
    let n_forms: usize = a.terms.iter().map(|t| t.forms.len()).sum();
    let n_positions: usize = if with_tokens { a.terms.iter().map(|t| t.positions.len()).sum() } else { 0 };
    let mut ints: Vec<u32> = Vec::with_capacity(
        6 + 6 * tokens.len()
            + 2 * a.sentences.len()
            + 5 * a.terms.len()
            + 2 * n_forms
            + n_positions
            + 8 * a.entities.len()
            + 4 * read.len(),
    );
    let mut floats: Vec<f64> = Vec::with_capacity(a.terms.len() + 2 * read.len());
    let mut strings = Strings {
        joined: String::with_capacity(text.len() / 4),
        lengths: Vec::with_capacity(a.terms.len() + n_forms + a.entities.len()),
        names: FxMap::with_capacity_and_hasher(a.entities.len(), Default::default()),
        shared: SharedIndex::new(),
    };
    ints.extend([
        tokens.len() as u32,
        a.sentences.len() as u32,
        a.terms.len() as u32,
        a.entities.len() as u32,
        read.len() as u32,
        0, // the number of strings, set at the end
    ]);

    let mut cursor = Utf16Cursor::new(text);
    for t in tokens {
        let start = cursor.get(t.start);
        let end = cursor.get(t.end);
        let norm = strings.shared(&t.norm);
        let stem = match &t.stem {
            Some(s) => strings.shared(s) + 1,
            None => 0,
        };
        ints.extend([start, end, kind_code(t.kind) | u32::from(t.stop) << 2, t.sentence as u32, norm, stem]);
    }

    let mut cursor = Utf16Cursor::new(text);
    for s in &a.sentences {
        let start = cursor.get(s.start);
        let end = cursor.get(s.end);
        ints.extend([start, end]);
    }

    for t in &a.terms {
        // The display form is mostly the first form, sometimes the stem too ("huis").
        let stem = strings.push(&t.stem);
        let display = if t.display == t.stem { stem } else { strings.push(&t.display) };
        let positions = if with_tokens { &t.positions[..] } else { &[] };
        ints.extend([display, stem, t.count as u32, t.forms.len() as u32, positions.len() as u32]);
        floats.push(t.frequency);
        for (i, f) in t.forms.iter().enumerate() {
            let form = if i == 0 && f.form == t.display { display } else { strings.push(&f.form) };
            ints.extend([form, f.count as u32]);
        }
        ints.extend(positions.iter().map(|&p| p as u32));
    }

    let mut cursor = Utf16Cursor::new(text);
    for e in &a.entities {
        let text = strings.name(&e.text);
        let canonical = match &e.canonical {
            Some(c) => strings.name(c) + 1,
            None => 0,
        };
        let start = cursor.get(e.start);
        let end = cursor.get(e.end);
        ints.extend([
            text,
            label_code(e.label),
            start,
            end,
            e.token_start as u32,
            e.token_end as u32,
            source_code(e.source),
            canonical,
        ]);
    }

    for r in read {
        let flags = u32::from(r.flesch_douma.is_some())
            | u32::from(r.brouwer.is_some()) << 1
            | u32::from(r.hard) << 2;
        ints.extend([r.sentence as u32, r.words as u32, r.syllables as u32, flags]);
        floats.extend([r.flesch_douma.unwrap_or(0.0), r.brouwer.unwrap_or(0.0)]);
    }
    ints[5] = strings.lengths.len() as u32;

    let rest = Rest {
        stats: &a.stats,
        brouwer: a.readability.brouwer,
        keywords: &a.keywords,
        stemmer: a.stemmer,
        labels: LABELS,
        sources: SOURCES,
        kinds: KINDS,
    };
    let rest = rest
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("tekstlens: could not convert the analysis: {e}")))?;
    // The typed arrays are views of wasm memory, valid while `buildAnalysis` runs (it does not
    // call back into wasm, so memory cannot grow under it).
    build_analysis(&strings.joined, &strings.lengths, &ints, &floats, rest).map_err(|e| {
        let why = js_sys::Reflect::get(&e, &JsValue::from_str("message")).ok().and_then(|m| m.as_string());
        JsError::new(&format!(
            "tekstlens: could not convert the analysis: {}",
            why.unwrap_or_else(|| format!("{e:?}"))
        ))
    })
}

//! Token features, hashed into a fixed number of buckets.
//!
//! Each feature is a template id plus one or more strings, hashed with 64-bit FNV-1a and folded
//! to `bits` bits. FNV is fixed by its definition, so a model trained on x86_64 means the same
//! on wasm32 (std's `DefaultHasher` is not stable across releases, and nothing here depends on
//! `usize`). Changing a template, its id or the hash changes what the weights mean: bump
//! [`FEATURE_SET`], which models record and loading checks.
//!
//! [`extract`] is the definition of the features and what training uses. Tagging computes the
//! same sums of weights another way (`score.rs`, per word type and sentence); a change here
//! must be made there too, and tests/tagger_fast.rs fails until it is.

use crate::entities::{Doc, Evidence, Label};
use crate::tokenize::TokenKind;

/// Version of the feature templates below.
pub const FEATURE_SET: u16 = 1;

// Template ids (one byte, hashed first).
pub(super) const BIAS: u8 = 0;
pub(super) const WORD: u8 = 1; // + offset -2..=2
pub(super) const BIGRAM: u8 = 2; // + 0: w-1|w0, 1: w0|w+1
pub(super) const SHAPE: u8 = 3; // + offset -2..=2
pub(super) const LONG_SHAPE: u8 = 4; // uncollapsed, first 8 characters
pub(super) const PREFIX: u8 = 5; // + length 1..=4
pub(super) const SUFFIX: u8 = 6; // + length 1..=4
pub(super) const CASE: u8 = 7; // capitalised, all capitals, at a sentence/line/quote start
pub(super) const POSITION: u8 = 8; // first in sentence, initial, last in sentence
pub(super) const GAZ: u8 = 9; // + B/I + label
pub(super) const GAZ_NEAR: u8 = 10; // + offset -1/+1 + label
pub(super) const GAZ_WORD: u8 = 11; // single-word list label of the word
pub(super) const FIRST_NAME: u8 = 12; // + offset -1..=1
pub(super) const DOC_CUE: u8 = 13; // capitalised, initial, seen capitalised inside a sentence, seen lowercase
pub(super) const KIND: u8 = 14; // word, number, punctuation, symbol
pub(super) const HEADING: u8 = 15; // in a sentence written all in capitals
pub(super) const WORD_SHAPE: u8 = 16; // + 0: w-1|shape0, 1: shape0|w+1
pub(super) const SURFACE: u8 = 17; // the word as written
pub(super) const RULE: u8 = 20; // + B/I + label (+ run length)
pub(super) const DOC_CONTEXT: u8 = 21; // + before/after: neighbours of the word's occurrences in the text

/// 64-bit FNV-1a over a template id and byte strings.
#[derive(Clone, Copy)]
pub(super) struct Fnv(u64);

impl Fnv {
    pub(super) fn new(template: u8) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325).byte(template)
    }

    pub(super) fn byte(self, b: u8) -> Fnv {
        Fnv((self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    }

    /// Hashes `s` and a terminator (0xff never occurs in UTF-8, so pieces cannot run together).
    pub(super) fn str(self, s: &str) -> Fnv {
        s.bytes().fold(self, Fnv::byte).byte(0xff)
    }

    pub(super) fn bucket(self, mask: u32) -> u32 {
        ((self.0 ^ (self.0 >> 32)) as u32) & mask
    }
}

/// Word shape: X for an uppercase letter, x lowercase, d digit, other characters as they are;
/// `collapse` merges runs ("Xxxx" → "Xx", "JBZ-Raad" → "X-Xx").
pub fn shape(s: &str, collapse: bool, max: usize) -> String {
    let mut out = String::new();
    shape_into(s, collapse, max, &mut out);
    out
}

/// [`shape`], appended to `out` (the tagger keeps the shapes of a text in one string).
pub(super) fn shape_into(s: &str, collapse: bool, max: usize, out: &mut String) {
    let mut last = None;
    let mut n = 0;
    for c in s.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if collapse && last == Some(k) {
            continue;
        }
        last = Some(k);
        out.push(k);
        n += 1;
        if n >= max {
            break;
        }
    }
}

/// Fixed codes, independent of the order of the enums' variants.
pub(super) fn label_byte(l: Label) -> u8 {
    match l {
        Label::Per => 1,
        Label::Org => 2,
        Label::Loc => 3,
        Label::Misc => 4,
        Label::Date => 5,
        Label::Ref => 6,
    }
}

pub(super) fn kind_byte(k: TokenKind) -> u8 {
    match k {
        TokenKind::Word => 1,
        TokenKind::Number => 2,
        TokenKind::Punct => 3,
        TokenKind::Symbol => 4,
    }
}

/// The features of every token of `doc`: `buckets[offsets[i]..offsets[i + 1]]` for token i.
pub struct Features {
    pub buckets: Vec<u32>,
    pub offsets: Vec<usize>,
}

impl Features {
    pub fn of(&self, i: usize) -> &[u32] {
        &self.buckets[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Extracts the features of all tokens of `doc`, hashed into `2^bits` buckets.
pub fn extract(doc: &Doc<'_>, evidence: &Evidence<'_>, bits: u8) -> Features {
    let n = doc.tokens.len();
    let mask = if bits >= 32 {
        u32::MAX
    } else {
        (1u32 << bits) - 1
    };
    // List matches per token: (begins here, label), and the labels per token for neighbours.
    let mut gaz: Vec<Vec<(bool, Label)>> = vec![Vec::new(); n];
    for m in &evidence.matches {
        for (i, g) in gaz.iter_mut().enumerate().take(m.end.min(n)).skip(m.start) {
            let e = (i == m.start, m.label);
            if !g.contains(&e) {
                g.push(e);
            }
        }
    }
    let mut rule: Vec<Option<(bool, Label, usize)>> = vec![None; n];
    for m in &evidence.rules {
        for (i, r) in rule.iter_mut().enumerate().take(m.end.min(n)).skip(m.start) {
            *r = Some((i == m.start, m.label, (m.end - m.start).min(4)));
        }
    }
    // For each capitalised word form: the words before and after its occurrences in the
    // document ("het bedrijf Napster" informs a bare "Napster" later).
    let mut contexts: std::collections::HashMap<&str, (Vec<&str>, Vec<&str>)> =
        std::collections::HashMap::new();
    for i in 0..n {
        if doc.is_cap(i) {
            let e = contexts.entry(doc.tokens[i].norm.as_str()).or_default();
            let prev = if i > 0 && doc.tokens[i - 1].sentence == doc.tokens[i].sentence {
                doc.tokens[i - 1].norm.as_str()
            } else {
                "<s>"
            };
            let next = doc
                .tokens
                .get(i + 1)
                .filter(|t| t.sentence == doc.tokens[i].sentence)
                .map_or("</s>", |t| t.norm.as_str());
            if e.0.len() < 8 && !e.0.contains(&prev) {
                e.0.push(prev);
            }
            if e.1.len() < 8 && !e.1.contains(&next) {
                e.1.push(next);
            }
        }
    }
    let shapes: Vec<String> = (0..n).map(|i| shape(doc.surface(i), true, 8)).collect();
    let mut out = Features {
        buckets: Vec::with_capacity(n * 48),
        offsets: Vec::with_capacity(n + 1),
    };
    out.offsets.push(0);
    let mut start = 0; // first token of the current sentence
    for i in 0..n {
        let t = &doc.tokens[i];
        if i > 0 && doc.tokens[i - 1].sentence != t.sentence {
            start = i;
        }
        // Neighbours inside the sentence; "<s>"/"</s>" beyond it.
        let at = |k: isize| -> Option<usize> {
            let j = i.checked_add_signed(k)?;
            (j >= start && j < n && doc.tokens[j].sentence == t.sentence).then_some(j)
        };
        let last = at(1).is_none();
        let word = |k: isize| {
            at(k).map_or(if k < 0 { "<s>" } else { "</s>" }, |j| {
                doc.tokens[j].norm.as_str()
            })
        };
        let shp =
            |k: isize| at(k).map_or(if k < 0 { "<s>" } else { "</s>" }, |j| shapes[j].as_str());
        let b = &mut out.buckets;
        let mut push = |h: Fnv| b.push(h.bucket(mask));

        let w0 = t.norm.as_str();
        let surface = doc.surface(i);
        push(Fnv::new(BIAS));
        for k in -2..=2isize {
            push(Fnv::new(WORD).byte(k as u8).str(word(k)));
            push(Fnv::new(SHAPE).byte(k as u8).str(shp(k)));
        }
        push(Fnv::new(BIGRAM).byte(0).str(word(-1)).str(w0));
        push(Fnv::new(BIGRAM).byte(1).str(w0).str(word(1)));
        push(Fnv::new(WORD_SHAPE).byte(0).str(word(-1)).str(&shapes[i]));
        push(Fnv::new(WORD_SHAPE).byte(1).str(&shapes[i]).str(word(1)));
        push(Fnv::new(LONG_SHAPE).str(&shape(surface, false, 8)));
        push(Fnv::new(SURFACE).str(surface));
        let chars: Vec<(usize, char)> = w0.char_indices().collect();
        for len in 1..=4.min(chars.len()) {
            let p = &w0[..chars.get(len).map_or(w0.len(), |c| c.0)];
            let s = &w0[chars[chars.len() - len].0..];
            push(Fnv::new(PREFIX).byte(len as u8).str(p));
            push(Fnv::new(SUFFIX).byte(len as u8).str(s));
        }
        push(Fnv::new(KIND).byte(kind_byte(t.kind)));

        // Capitals and where the token stands: a capital at a sentence start says little.
        let cap = doc.is_cap(i);
        let all_caps = crate::normalize::is_all_caps(surface);
        let initial = doc.initial[i];
        push(
            Fnv::new(CASE)
                .byte(u8::from(cap))
                .byte(u8::from(all_caps))
                .byte(u8::from(initial)),
        );
        push(
            Fnv::new(POSITION)
                .byte(u8::from(i == start))
                .byte(u8::from(initial))
                .byte(u8::from(last)),
        );
        if doc.caps_sentence.get(t.sentence).copied().unwrap_or(false) {
            push(Fnv::new(HEADING));
        }

        // Document-level cues: the same word capitalised inside a sentence, or in lowercase,
        // elsewhere in the text.
        if t.kind == TokenKind::Word {
            let inside = doc.seen_cap_inside.contains(w0);
            let lower = doc.seen_lower.contains(w0);
            push(
                Fnv::new(DOC_CUE)
                    .byte(u8::from(cap))
                    .byte(u8::from(initial))
                    .byte(u8::from(inside))
                    .byte(u8::from(lower)),
            );
        }

        if cap && let Some((prevs, nexts)) = contexts.get(w0) {
            for p in prevs {
                push(Fnv::new(DOC_CONTEXT).byte(0).str(p));
            }
            for x in nexts {
                push(Fnv::new(DOC_CONTEXT).byte(1).str(x));
            }
        }

        // Lists: matches over this token (begin/inside, label) and next to it.
        for &(begin, l) in &gaz[i] {
            push(Fnv::new(GAZ).byte(u8::from(begin)).byte(label_byte(l)));
            push(
                Fnv::new(GAZ)
                    .byte(u8::from(begin))
                    .byte(label_byte(l))
                    .byte(u8::from(cap)),
            );
        }
        for k in [-1isize, 1] {
            if let Some(j) = at(k) {
                for &(_, l) in &gaz[j] {
                    push(Fnv::new(GAZ_NEAR).byte(k as u8).byte(label_byte(l)));
                }
            }
        }
        if let Some((begin, l, len)) = rule[i] {
            push(Fnv::new(RULE).byte(u8::from(begin)).byte(label_byte(l)));
            push(
                Fnv::new(RULE)
                    .byte(u8::from(begin))
                    .byte(label_byte(l))
                    .byte(len as u8),
            );
        }
        if let Some(l) = evidence.gazetteer.single_word_label(w0) {
            push(Fnv::new(GAZ_WORD).byte(label_byte(l)).byte(u8::from(cap)));
        }
        for k in -1..=1isize {
            if let Some(j) = at(k)
                && doc.tokens[j].kind == TokenKind::Word
                && evidence.gazetteer.is_first_name(&doc.tokens[j].norm)
            {
                push(
                    Fnv::new(FIRST_NAME)
                        .byte(k as u8)
                        .byte(u8::from(doc.is_cap(j))),
                );
            }
        }
        out.offsets.push(out.buckets.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Rutte", true, 8), "Xx");
        assert_eq!(shape("JBZ-Raad", true, 8), "X-Xx");
        assert_eq!(shape("2015", true, 8), "d");
        assert_eq!(shape("Rutte", false, 8), "Xxxxx");
        assert_eq!(shape("Rijkswaterstaat", false, 4), "Xxxx");
    }

    #[test]
    fn hash_is_stable() {
        // Pinned values: a change means models trained before it mean something else.
        assert_eq!(
            Fnv::new(WORD).byte(0).str("parijs").bucket(u32::MAX),
            3_185_588_830
        );
    }
}

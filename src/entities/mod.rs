//! Named entities, dates and document references.
//!
//! Labels follow the CoNLL-2002 conventions (PER, ORG, LOC, MISC; nationality words such as
//! "Nederlandse" are MISC) plus DATE and REF. Recognition runs in stages, each proposing
//! [`Candidate`]s over token ranges:
//!
//! 1. [`patterns`]: dates ("17 november 2015", "vrijdag 20 november a.s.") and references
//!    ("Kamerstuk 29 754, nr. 325", "artikel 42 lid 7 VEU");
//! 2. [`gazetteer`]: lists of organisations, people, places and nationalities, matched with
//!    Aho–Corasick on normalised tokens, longest match first;
//! 3. a [`Recognize`] model, when one is set (the seam for a learned tagger, see
//!    [`crate::tagger`]); it gets the list matches and rule proposals as [`Evidence`];
//! 4. [`names`]: rules for names no list has (capitalised sequences with particles, initials,
//!    titles, acronyms); with a model, only where the model found a name that a list cut.
//!
//! Candidates are resolved so that entities never overlap (earlier stage first, then longer;
//! a model may outrank the lists, see [`EntityRecognizer::recognize`]),
//! and [`abbreviations`] links an abbreviation defined in the text ("Koninklijke Marechaussee
//! (Kmar)") to its long form, giving both the same label and canonical name.

pub mod abbreviations;
pub mod gazetteer;
pub mod names;
pub mod patterns;

use std::sync::OnceLock;

use serde::Serialize;

use crate::analysis::AnalyzedToken;
use crate::terms::{FxMap, FxSet};
use crate::tokenize::TokenKind;
use crate::Error;

/// A fixed word list with hashed lookups. The rules test tokens against lists of 3 to 90
/// words; a linear `contains` per token and list was much of the time of recognition. Most
/// tokens are rejected before hashing, by their length, first byte or last byte.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<Filtered>,
}

struct Filtered {
    /// Shortest word, in bytes.
    min: usize,
    /// Per length from `min` on: bit `b` of `[b / 64]` if some word of that length starts
    /// with byte `b`.
    first: Vec<[u64; 4]>,
    /// The same for the last byte of any word.
    last: [u64; 4],
    set: FxSet<&'static str>,
}

impl Filtered {
    // Out of line: the compiler copies the lazy initialisation for each list otherwise (wasm
    // size).
    #[inline(never)]
    fn new(words: &'static [&'static str]) -> Filtered {
        let min = words.iter().map(|w| w.len()).min().unwrap_or(0);
        let max = words.iter().map(|w| w.len()).max().unwrap_or(0);
        let mut first = vec![[0u64; 4]; max + 1 - min];
        let mut last = [0u64; 4];
        for w in words {
            if let (Some(&a), Some(&z)) = (w.as_bytes().first(), w.as_bytes().last()) {
                first[w.len() - min][usize::from(a) / 64] |= 1 << (a % 64);
                last[usize::from(z) / 64] |= 1 << (z % 64);
            }
        }
        Filtered { min, first, last, set: words.iter().copied().collect() }
    }
}

/// Whether bit `b` is set in a 256-bit set of bytes.
#[inline]
fn has_byte(bits: &[u64; 4], b: u8) -> bool {
    bits[usize::from(b) / 64] & (1 << (b % 64)) != 0
}

impl WordSet {
    pub(crate) const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet { words, set: OnceLock::new() }
    }

    /// Whether `w` is one of the words (exactly as `words.contains(&w)`).
    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        let f = self.set.get_or_init(|| Filtered::new(self.words));
        // Most words are rejected by their length, first byte or last byte before hashing.
        let b = w.as_bytes();
        match (b.first(), b.last(), w.len().checked_sub(f.min).and_then(|k| f.first.get(k))) {
            (Some(&a), Some(&z), Some(first)) => has_byte(first, a) && has_byte(&f.last, z) && f.set.contains(w),
            // The empty word, if listed.
            (None, _, Some(_)) => f.set.contains(w),
            _ => false,
        }
    }
}

/// A fixed list of word endings with hashed lookups: the rules test names against lists of 8
/// to 40 endings, and comparing with each in turn was a sixth of the time of the name rules.
/// A word is looked up once per distinct length of the endings instead.
pub(crate) struct SuffixSet {
    endings: &'static [&'static str],
    set: OnceLock<Suffixes>,
}

struct Suffixes {
    /// The endings' distinct lengths in bytes, shortest first, each with the bits of the bytes
    /// that endings of that length start with (bit `b` of `[b / 64]`), so that most lengths
    /// are ruled out without hashing.
    lens: Vec<(usize, [u64; 4])>,
    set: FxSet<&'static str>,
}

impl Suffixes {
    // Out of line, as `Filtered::new`.
    #[inline(never)]
    fn new(endings: &'static [&'static str]) -> Suffixes {
        let mut lens: Vec<usize> = endings.iter().map(|e| e.len()).collect();
        crate::sort::sort_numbers(&mut lens);
        lens.dedup();
        let lens = lens
            .into_iter()
            .map(|n| {
                let mut first = [0u64; 4];
                for b in endings.iter().filter(|e| e.len() == n).filter_map(|e| e.as_bytes().first()) {
                    first[usize::from(*b) / 64] |= 1 << (b % 64);
                }
                (n, first)
            })
            .collect();
        Suffixes { lens, set: endings.iter().copied().collect() }
    }
}

impl SuffixSet {
    pub(crate) const fn new(endings: &'static [&'static str]) -> SuffixSet {
        SuffixSet { endings, set: OnceLock::new() }
    }

    /// Whether `w` ends with one of the endings whose length in bytes `fits` (exactly as
    /// `endings.iter().any(|e| w.ends_with(e) && fits(e.len()))`).
    #[inline]
    pub(crate) fn ends(&self, w: &str, fits: impl Fn(usize) -> bool) -> bool {
        let f = self.set.get_or_init(|| Suffixes::new(self.endings));
        let b = w.as_bytes();
        f.lens.iter().any(|&(n, first)| {
            n <= b.len()
                && b.get(b.len() - n).is_none_or(|&b| has_byte(&first, b))
                && fits(n)
                // (Not at a char boundary: no ending, which is UTF-8, starts there.)
                && w.get(w.len() - n..).is_some_and(|end| f.set.contains(end))
        })
    }
}

/// An entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Label {
    Per,
    Org,
    Loc,
    Misc,
    Date,
    Ref,
}

impl Label {
    pub const ALL: [Label; 6] = [Label::Per, Label::Org, Label::Loc, Label::Misc, Label::Date, Label::Ref];

    /// "PER", "ORG", ...
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
            Label::Date => "DATE",
            Label::Ref => "REF",
        }
    }

    /// Parses "PER", "org", ...
    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str().eq_ignore_ascii_case(s))
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an entity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Gazetteer,
    Rule,
    Model,
}

/// A recognised entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entity {
    /// The entity as written (`&text[start..end]`).
    pub text: String,
    pub label: Label,
    /// Half-open UTF-8 byte span into the analysed text.
    pub start: usize,
    pub end: usize,
    /// Index of the first token and one past the last, into [`crate::Analysis::tokens`].
    pub token_start: usize,
    pub token_end: usize,
    pub source: Source,
    /// Full name, for a known organisation or person or an abbreviation defined in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

/// A proposed entity over tokens `start..end`.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub source: Source,
    pub canonical: Option<String>,
}

/// What the lists and rules say about a document, handed to a [`Recognize`] model (a learned
/// tagger uses them as features rather than as decisions).
pub struct Evidence<'a> {
    pub gazetteer: &'a gazetteer::Gazetteer,
    /// Every list match in the document that passes its case rule, overlapping, unresolved
    /// (what [`gazetteer::Gazetteer::find`] returns).
    pub matches: Vec<Candidate>,
    /// What the name rules propose when no other stage has taken any token.
    pub rules: Vec<Candidate>,
}

/// The seam for a learned tagger: anything that proposes entities over a document, given what
/// the lists and rules say about it.
pub trait Recognize: Send + Sync {
    fn recognize(&self, doc: &Doc<'_>, evidence: &Evidence<'_>) -> Vec<Candidate>;

    /// Whether this model's entities outrank list matches (see [`EntityRecognizer::recognize`]).
    /// By default the lists come first.
    fn outranks_lists(&self) -> bool {
        false
    }

    /// A one-line description for users (what the model is, what it was trained on).
    fn describe(&self) -> String {
        String::from("a custom entity model")
    }
}

/// A tokenised text with the document-level facts the recognisers share.
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: &'a [AnalyzedToken],
    /// Whether token `i` starts a sentence, a line or a quotation (so its capital says little).
    pub initial: Vec<bool>,
    /// Normalised forms written in lowercase somewhere in the text. (Fx-hashed: the rules look
    /// words up here per token, and SipHash was a tenth of the time of recognition.)
    pub seen_lower: FxSet<&'a str>,
    /// Normalised forms written capitalised somewhere other than at a sentence start.
    pub seen_cap_inside: FxSet<&'a str>,
    /// Per sentence: whether it has two or more words, all written in capitals (a heading).
    pub caps_sentence: Vec<bool>,
    /// Per token: [`Doc::is_cap`], computed once (the rules and the tagger ask it about a
    /// million times for a 1 MB text, and decoding the first character each time added up).
    cap: Vec<bool>,
    /// Per token: [`names::is_particle`], decided once per form (the name rules ask it of the
    /// word after each capitalised one, and of each word of a run).
    particle: Vec<bool>,
    /// Per token, the index of its normalised form, when the caller numbered them (see
    /// [`Doc::with_form_ids`]): lets a stage decide something once per distinct form.
    pub(crate) norm_ids: Option<&'a [u32]>,
    /// Per token, an index of its spelling for words, when the caller numbered them (see
    /// [`Doc::with_form_ids`]), and per spelling its `SPELL_*` bits.
    spelling_ids: Option<&'a [u32]>,
    spelled: Vec<u8>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, tokens: &'a [AnalyzedToken]) -> Doc<'a> {
        Doc::build(text, tokens, None, None)
    }

    /// [`Doc::new`] given, per token, an index of its normalised form (`norm_ids[i] ==
    /// norm_ids[j]` exactly when the tokens' `norm`s are equal), as [`crate::Analyzer::analyze`]
    /// has them: the sets of forms are then built with one insertion per distinct form
    /// instead of one hash per token. (Analyze uses [`Doc::with_form_ids`].)
    #[cfg(test)]
    pub(crate) fn with_norm_ids(text: &'a str, tokens: &'a [AnalyzedToken], norm_ids: &'a [u32]) -> Doc<'a> {
        Doc::build(text, tokens, (norm_ids.len() == tokens.len()).then_some(norm_ids), None)
    }

    /// [`Doc::new`] given, per token, an index of its normalised form (as
    /// [`Doc::with_norm_ids`]) and one of its spelling (the token as written) for words: word
    /// tokens with equal `spelling_ids[i] / 2` must be written alike, as the term ids of
    /// [`crate::Analyzer::analyze`] are. What the case of a word says is then decided, and its
    /// form put in `seen_lower` or `seen_cap_inside`, once per spelling.
    pub(crate) fn with_form_ids(text: &'a str, tokens: &'a [AnalyzedToken], norm_ids: &'a [u32], spelling_ids: &'a [u32]) -> Doc<'a> {
        let ok = |ids: &'a [u32]| (ids.len() == tokens.len()).then_some(ids);
        Doc::build(text, tokens, ok(norm_ids), ok(spelling_ids))
    }

    fn build(text: &'a str, tokens: &'a [AnalyzedToken], norm_ids: Option<&'a [u32]>, spelling_ids: Option<&'a [u32]>) -> Doc<'a> {
        let mut initial = vec![false; tokens.len()];
        let mut seen_lower = FxSet::default();
        let mut seen_cap_inside = FxSet::default();
        // With norm ids: per id, whether it is in `seen_lower` (bit 0) or `seen_cap_inside`
        // (bit 1) already.
        let mut inserted: Vec<u8> = Vec::new();
        let mut insert = |set: &mut FxSet<&'a str>, bit: u8, i: usize, norm: &'a str| match norm_ids {
            Some(ids) => {
                let id = ids[i] as usize;
                if inserted.len() <= id {
                    inserted.resize(id + 1, 0);
                }
                if inserted[id] & bit == 0 {
                    inserted[id] |= bit;
                    set.insert(norm);
                }
            }
            None => {
                set.insert(norm);
            }
        };
        let mut prev: Option<&AnalyzedToken> = None;
        let mut cap = vec![false; tokens.len()];
        let mut particle = vec![false; tokens.len()];
        let mut particle_form = PerForm::new(names::is_particle_form);
        // With spelling ids: per spelling, its `SPELL_*` bits once known (a text has about seven
        // times fewer spellings than words, and deciding the case per word was a third of this).
        let mut spelled: Vec<u8> = Vec::new();
        // Per sentence: its words, and whether all are written in capitals.
        let sentences = tokens.last().map_or(0, |t| t.sentence + 1);
        let mut caps = vec![(0usize, true); sentences];
        for (i, t) in tokens.iter().enumerate() {
            initial[i] = match prev {
                None => true,
                Some(p) => {
                    // Byte tests first: the gap is mostly one space, the openers are all at
                    // most 3 bytes long, and start with one of a few bytes (short words and
                    // most punctuation do not).
                    p.sentence != t.sentence
                        || text.as_bytes().get(p.end..t.start).is_some_and(has_newline)
                        || p.end.saturating_sub(p.start) <= 3
                            && text.as_bytes().get(p.start).is_some_and(|b| matches!(b, b'"' | b'\'' | b'(' | b':' | b';' | b'-' | b'*' | 0xC2 | 0xE2))
                            && matches!(&text[p.start..p.end], "‘" | "“" | "\"" | "'" | "(" | ":" | ";" | "•" | "-" | "–" | "„" | "«" | "*")
                }
            };
            if t.kind == TokenKind::Word {
                let spelling = spelling_ids.and_then(|ids| ids.get(i)).map(|&id| id as usize / 2);
                let mut f = spelling.and_then(|k| spelled.get(k)).copied().unwrap_or(0);
                if f & SPELL_KNOWN == 0 {
                    f = spell_bits(&text[t.start..t.end], || {
                        if spelling.is_some() {
                            names::is_particle_form(&t.norm)
                        } else {
                            particle_form.answer(norm_ids.and_then(|ids| ids.get(i)).copied(), || t.norm.as_str())
                        }
                    });
                    if let Some(k) = spelling {
                        if spelled.len() <= k {
                            spelled.resize(k + 1, 0);
                        }
                        spelled[k] = f;
                    }
                }
                let (lower, all_caps) = (f & SPELL_LOWER != 0, f & SPELL_ALL_CAPS != 0);
                cap[i] = f & SPELL_UPPER != 0;
                particle[i] = f & SPELL_PARTICLE != 0;
                // The form of a spelling goes into one of the sets (by its case) once.
                if f & SPELL_INSERTED == 0 && (lower || !initial[i] && !all_caps) {
                    if lower {
                        insert(&mut seen_lower, 1, i, t.norm.as_str());
                    } else {
                        insert(&mut seen_cap_inside, 2, i, t.norm.as_str());
                    }
                    if let Some(b) = spelling.and_then(|k| spelled.get_mut(k)) {
                        *b |= SPELL_INSERTED;
                    }
                }
                let c = &mut caps[t.sentence];
                c.0 += 1;
                c.1 &= all_caps;
            }
            prev = Some(t);
        }
        let caps_sentence = caps.into_iter().map(|(n, all)| n >= 2 && all).collect();
        Doc { text, tokens, initial, seen_lower, seen_cap_inside, caps_sentence, cap, particle, norm_ids, spelling_ids, spelled }
    }

    /// The token as written ("" past the end).
    pub fn surface(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// A word starting with a capital letter.
    #[inline]
    pub fn is_cap(&self, i: usize) -> bool {
        self.cap.get(i).copied().unwrap_or(false)
    }

    /// Whether word token `i` holds a '-': known per spelling when they are numbered (the
    /// entity stages ask it of every word, and scanning each was a sixth of `refine_model`).
    #[inline]
    pub(crate) fn word_has_hyphen(&self, i: usize) -> bool {
        let spelled = self.spelling_ids.and_then(|ids| ids.get(i)).and_then(|&id| self.spelled.get(id as usize / 2));
        match spelled {
            Some(&f) if f & SPELL_KNOWN != 0 => f & SPELL_HYPHEN != 0,
            _ => self.tokens.get(i).and_then(|t| self.text.as_bytes().get(t.start..t.end)).is_some_and(has_hyphen),
        }
    }

    /// The first word at or after token `i` that starts with a capital letter.
    #[inline]
    pub(crate) fn next_cap(&self, i: usize) -> Option<usize> {
        self.cap.get(i..)?.iter().position(|&c| c).map(|p| i + p)
    }

    /// The number of words starting with a capital letter.
    pub(crate) fn cap_count(&self) -> usize {
        self.cap.iter().filter(|&&c| c).count()
    }
}

/// What [`Doc::build`] knows of a word's spelling (bits): that it is decided, that the first
/// letter is upper or lower case, that the word is all capitals, that it is a particle
/// ([`names::is_particle_form`], lowercase), that its form is in `seen_lower` (lowercase)
/// or `seen_cap_inside` (otherwise) already, and that it holds a hyphen.
const SPELL_KNOWN: u8 = 1;
const SPELL_UPPER: u8 = 2;
const SPELL_LOWER: u8 = 4;
const SPELL_ALL_CAPS: u8 = 8;
const SPELL_PARTICLE: u8 = 16;
const SPELL_INSERTED: u8 = 32;
/// The word holds a '-'.
const SPELL_HYPHEN: u8 = 64;

/// The `SPELL_*` bits of word `w` but [`SPELL_INSERTED`]; `particle` tests its form.
fn spell_bits(w: &str, particle: impl FnOnce() -> bool) -> u8 {
    // The case of the first letter from its byte when it is ASCII (most words).
    let (upper, lower) = match w.as_bytes().first() {
        Some(b) if b.is_ascii() => (b.is_ascii_uppercase(), b.is_ascii_lowercase()),
        _ => {
            let first = w.chars().next();
            (first.is_some_and(char::is_uppercase), first.is_some_and(char::is_lowercase))
        }
    };
    // Not all capitals if lowercase: `is_all_caps` is false on a lowercase letter.
    let all_caps = !lower && crate::normalize::is_all_caps(w);
    let particle = !upper && particle();
    let bit = |on: bool, b: u8| if on { b } else { 0 };
    SPELL_KNOWN
        | bit(upper, SPELL_UPPER)
        | bit(lower, SPELL_LOWER)
        | bit(all_caps, SPELL_ALL_CAPS)
        | bit(particle, SPELL_PARTICLE)
        | bit(has_hyphen(w.as_bytes()), SPELL_HYPHEN)
}

/// A test of tokens' normalised forms (yes/no, or a small class), answered once per distinct
/// form when the document numbers its forms ([`Doc::with_form_ids`], as analyze does), else
/// once per token. The list and pattern stages ask one of every token; a text has about ten
/// times fewer forms than tokens.
pub(crate) struct PerForm<T, F> {
    test: F,
    /// Per form id: the answer, once asked.
    known: Vec<Option<T>>,
}

impl<T: Copy, F: Fn(&str) -> T> PerForm<T, F> {
    pub(crate) fn new(test: F) -> PerForm<T, F> {
        PerForm { test, known: Vec::new() }
    }

    /// The test's answer for token `i`'s normalised form ("" past the end).
    #[inline]
    pub(crate) fn get(&mut self, doc: &Doc<'_>, i: usize) -> T {
        self.answer(doc.norm_ids.and_then(|ids| ids.get(i)).copied(), || doc.tokens.get(i).map_or("", |t| t.norm.as_str()))
    }

    /// The test's answer for the form numbered `id` (if numbered), which `norm` gives.
    #[inline]
    fn answer<'n>(&mut self, id: Option<u32>, norm: impl FnOnce() -> &'n str) -> T {
        // The answer known: the common case, kept to two lookups.
        let id = id.map(|id| id as usize);
        if let Some(Some(answer)) = id.and_then(|id| self.known.get(id)) {
            return *answer;
        }
        self.ask(id, norm())
    }

    /// [`PerForm::answer`] for a form not asked about yet.
    #[cold]
    fn ask(&mut self, id: Option<usize>, norm: &str) -> T {
        let answer = (self.test)(norm);
        if let Some(id) = id {
            if self.known.len() <= id {
                self.known.resize(id + 1, None);
            }
            self.known[id] = Some(answer);
        }
        answer
    }
}

/// Whether `gap` holds a line feed. A plain loop, not `contains` (a memchr call), since the
/// gaps between tokens are mostly one space.
#[allow(clippy::manual_contains)]
#[inline]
fn has_newline(gap: &[u8]) -> bool {
    gap.iter().any(|&b| b == b'\n')
}

/// Whether a word holds a '-'. A plain loop, as `has_newline`: words are short.
#[allow(clippy::manual_contains)]
#[inline]
fn has_hyphen(word: &[u8]) -> bool {
    word.iter().any(|&b| b == b'-')
}

/// Joins a given name found by the rules to the surname a list knows right after it:
/// "Jan" + "de Vries" is one person. The list's canonical name belongs to someone else then.
fn merge_person_parts(accepted: &mut Vec<Candidate>) {
    let mut out: Vec<Candidate> = Vec::with_capacity(accepted.len());
    for c in accepted.drain(..) {
        if let Some(last) = out.last_mut()
            && last.end == c.start
            && last.label == Label::Per
            && c.label == Label::Per
            && last.source == Source::Rule
            && c.source == Source::Gazetteer
        {
            last.end = c.end;
            last.canonical = None;
            continue;
        }
        out.push(c);
    }
    *accepted = out;
}

/// Gives a model's entities the canonical name of a list match with the same tokens and label,
/// and drops any that do not fit the document (a model is outside code).
fn with_canonical(mut found: Vec<Candidate>, matches: &[Candidate], tokens: usize) -> Vec<Candidate> {
    found.retain(|c| c.start < c.end && c.end <= tokens);
    // By span and label, first match wins (a linear search per entity was quadratic).
    let mut by_span: FxMap<(usize, usize, Label), &Candidate> = FxMap::default();
    by_span.reserve(matches.len());
    for m in matches {
        by_span.entry((m.start, m.end, m.label)).or_insert(m);
    }
    for c in &mut found {
        if let Some(m) = by_span.get(&(c.start, c.end, c.label)) {
            c.canonical = m.canonical.clone();
        }
    }
    found
}

/// Corrects a model's entities with what the rules know (measured in [`crate::tagger`]):
/// capitalised titles in front of a name are no part of it and make it a person ("Hoge
/// Vertegenwoordiger Mogherini"); a hyphenated compound whose first part is no known name and
/// whose head the text uses on its own is a common noun ("Exit-faciliteit"; "EU-niveau" stays
/// MISC, as in CoNLL-2002 and guideline 4.2); "Likoed-leider Ariel Sharon" is MISC + PER;
/// name-derived compounds the model missed are MISC; organisation cues ([`org_cues`]) and one
/// label per name in the text ([`vote`]).
fn refine_model(doc: &Doc<'_>, gaz: &gazetteer::Gazetteer, found: Vec<Candidate>) -> Vec<Candidate> {
    let is_title = |k: usize| doc.is_cap(k) && names::CAP_TITLES_SET.contains(&doc.tokens[k].norm);
    let mut out = Vec::with_capacity(found.len());
    for mut c in found.into_iter().flat_map(|c| split_at_slashes(doc, c)) {
        // "Zie Bijlagen VIII", "Hoofdstuk VII": document parts and their numbers are no names.
        let not_name = |i: usize| names::NOT_NAMES_SET.contains(&doc.tokens[i].norm);
        if (c.start..c.end).any(not_name) && (c.start..c.end).all(|i| not_name(i) || names::is_roman_numeral(doc.surface(i))) {
            continue;
        }
        {
            let mut k = c.start;
            // "VN Speciaal Gezant": an acronym, then titles.
            if k + 1 < c.end && names::is_acronym(doc.surface(k)) && is_title(k + 1) {
                k += 1;
            }
            let from = k;
            while k < c.end && is_title(k) {
                k += 1;
            }
            // "Hoge", "Speciaal" are titles only before another one: "Hoge Raad" is a court.
            while k > from && matches!(doc.tokens[k - 1].norm.as_str(), "hoge" | "speciaal" | "speciale") {
                k -= 1;
            }
            let org = (k..c.end).any(|i| names::ORG_WORDS_SET.contains(&doc.tokens[i].norm));
            if k > from && !org {
                if k < c.end && doc.is_cap(k) {
                    let acronym = c.end - k == 1 && names::is_acronym(doc.surface(k));
                    if !acronym {
                        c.label = Label::Per;
                    }
                } else {
                    // "Minister van Buitenlandse Zaken": the portfolio keeps the label.
                    while k < c.end && !doc.is_cap(k) {
                        k += 1;
                    }
                }
                if k >= c.end {
                    continue;
                }
                c.start = k;
            }
        }
        if c.end - c.start == 1 && c.label == Label::Misc {
            let w = doc.surface(c.start);
            if let Some((first, last)) = w.split_once('-') {
                let n = crate::normalize::normalize(first);
                let name = names::is_acronym(first)
                    || gaz.single_word_label(&n).is_some()
                    || gaz.is_first_name(&n)
                    || doc.seen_cap_inside.contains(n.as_str());
                // The head is used on its own in the text: "een faciliteit voor ... en een
                // Exit-faciliteit". ("Neder-landse" is a word broken at a line end.)
                let head_alone = doc.seen_lower.contains(crate::normalize::normalize(last).as_str());
                if last.chars().next().is_some_and(char::is_lowercase) && !name && head_alone {
                    continue;
                }
            }
        }
        if c.label == Label::Per && c.end - c.start == 1 && doc.surface(c.start).bytes().any(|b| b.is_ascii_digit()) {
            // A one-word "person" with a digit is a code or a type: "K1290" (a file number in
            // a letter's heading), "G4", "F3-kampioen".
            continue;
        }
        if c.label == Label::Per && c.end - c.start >= 2 {
            let first = doc.surface(c.start);
            if first.rsplit_once('-').is_some_and(|(a, b)| {
                a.chars().next().is_some_and(char::is_uppercase) && b.chars().next().is_some_and(char::is_lowercase)
            }) {
                // "Likoed-leider Ariel Sharon": a name-derived word, then the person (guideline
                // 4.2: [MISC CDA-leider]).
                out.push(Candidate { start: c.start, end: c.start + 1, label: Label::Misc, source: Source::Model, canonical: None });
                c.start += 1;
            }
        }
        if matches!(c.label, Label::Per | Label::Loc) && c.end - c.start >= 2 && COMPANY_HEADS_SET.contains(&doc.tokens[c.end - 1].norm) {
            // "Granada Media", "Smeets Securities", "Irion Technologies".
            c.label = Label::Org;
        }
        if c.label == Label::Per
            && c.end - c.start >= 2
            && doc.is_cap(c.start)
            && PLACE_HEADS_SET.contains(&doc.tokens[c.start].norm)
        {
            c.label = Label::Loc;
        }
        if let Some((k, j)) = person_of_org(doc, gaz, &c) {
            // "Leo Pardon van de NMBS", "Marcel Heymans van IFPI": a person, then the
            // organisation (a listed one or an acronym, never a surname).
            out.push(Candidate { start: c.start, end: k, label: Label::Per, source: c.source, canonical: None });
            out.push(Candidate { start: j, end: c.end, label: Label::Org, source: c.source, canonical: None });
            continue;
        }
        out.push(c);
    }
    // Name-derived compounds the model missed: "Knesset-leden", "SBS-breedbandinternet",
    // "Axa-transactie" when "Axa" is a name elsewhere in the text (guideline 4.2: MISC).
    let mut covered = vec![false; doc.tokens.len()];
    for c in &out {
        covered[c.start..c.end].iter_mut().for_each(|x| *x = true);
    }
    for (i, t) in doc.tokens.iter().enumerate() {
        // Flags first: most words have no hyphen, and this runs for every word of the text.
        if covered[i] || t.kind != crate::tokenize::TokenKind::Word || doc.initial[i] || !doc.word_has_hyphen(i) {
            continue;
        }
        let w = doc.surface(i);
        let Some((first, last)) = rsplit_hyphen(w) else { continue };
        let first = rsplit_hyphen(first).map_or(first, |(_, part)| part);
        if first.chars().count() < 2
            || !first.chars().next().is_some_and(char::is_uppercase)
            || !last.chars().next().is_some_and(char::is_lowercase)
            || last.chars().count() < 3
        {
            continue;
        }
        let n = crate::normalize::normalize(first);
        let name = names::is_acronym(first)
            || first.chars().skip(1).any(|c| c.is_uppercase() || c.is_numeric())
            || gaz.single_word_label(&n).is_some()
            || doc.seen_cap_inside.contains(n.as_str()) && !doc.seen_lower.contains(n.as_str());
        if name {
            out.push(Candidate { start: i, end: i + 1, label: Label::Misc, source: Source::Model, canonical: None });
        }
    }
    crate::sort::sort_by_key(&mut out, |c| c.start);
    org_cues(doc, &mut out);
    vote(doc, gaz, &mut out);
    out
}

/// `w.rsplit_once('-')`, by a plain byte loop: it runs on nearly every word of the text, most
/// of which have no hyphen, and the generic char searcher cost more than the rest of the loop.
#[inline]
pub(crate) fn rsplit_hyphen(w: &str) -> Option<(&str, &str)> {
    let p = w.bytes().rposition(|b| b == b'-')?;
    // '-' is ASCII, so `p` and `p + 1` are char boundaries.
    Some((w.get(..p)?, w.get(p + 1..)?))
}

/// First words of French, Italian and Spanish street and square names ("Porte de Vincennes",
/// "Place de la Concorde", "Rue de la Loi", "Piazza San Marco"), never of a person's: news about
/// Brussels and Paris is full of them, and the model, seeing "X de Y", reads a person.
const PLACE_HEADS: &[&str] = &[
    "avenue", "boulevard", "chaussée", "gare", "piazza", "place", "plaza", "pont", "porte", "quai",
    "rue", "via",
];

static PLACE_HEADS_SET: WordSet = WordSet::new(PLACE_HEADS);

/// Last words of company names, never of a person's or a place's.
const COMPANY_HEADS: &[&str] = &[
    "media", "securities", "technologies", "technology", "communications", "broadcasting", "pharma",
    "pharmaceuticals", "telecom", "systems", "software", "airways", "airlines", "motors",
    "electronics", "industries", "capital", "partners", "investments", "entertainment", "records",
    "networks", "holding", "holdings", "group", "nv", "n.v.", "bv", "b.v.", "ag", "ltd", "inc",
    "corp", "plc", "gmbh", "llc",
];

static COMPANY_HEADS_SET: WordSet = WordSet::new(COMPANY_HEADS);

/// For a model person "NAME van [de|het|der] X" where X is one word, an acronym or a name the
/// lists know only as an organisation: the end of the person (the "van") and the start of X.
fn person_of_org(doc: &Doc<'_>, gaz: &gazetteer::Gazetteer, c: &Candidate) -> Option<(usize, usize)> {
    if c.label != Label::Per || c.end - c.start < 3 {
        return None;
    }
    let k = (c.start + 1..c.end - 1).find(|&k| doc.surface(k) == "van")?;
    let j = if matches!(doc.surface(k + 1), "de" | "het" | "der") { k + 2 } else { k + 1 };
    let x = c.end - 1;
    let org = names::is_acronym(doc.surface(x)) || gaz.single_word_label(&doc.tokens[x].norm) == Some(Label::Org);
    (j == x && doc.is_cap(x) && org).then_some((k, j))
}

/// "Jeruzalem / Brussel", "ANP / Reuters" (datelines and credits): names on either side of a
/// slash are two names, never one (the training text has no such entity).
fn split_at_slashes(doc: &Doc<'_>, c: Candidate) -> Pieces {
    if !(c.start..c.end).any(|i| doc.surface(i) == "/") {
        return Pieces::One(Some(c));
    }
    let mut pieces = Vec::new();
    let mut start = c.start;
    for i in c.start..=c.end {
        if i == c.end || doc.surface(i) == "/" {
            // "Pats » / « Tits": quotes at a piece's edges are no part of it.
            let word = |k: usize| doc.tokens[k].kind == crate::tokenize::TokenKind::Word;
            let mut end = i;
            while start < end && !word(start) {
                start += 1;
            }
            while end > start && !word(end - 1) {
                end -= 1;
            }
            if start < end {
                pieces.push(Candidate { start, end, label: c.label, source: c.source, canonical: None });
            }
            start = i + 1;
        }
    }
    Pieces::Many(pieces.into_iter())
}

/// What [`split_at_slashes`] gives: nearly always the candidate itself, without allocating.
enum Pieces {
    One(Option<Candidate>),
    Many(std::vec::IntoIter<Candidate>),
}

impl Iterator for Pieces {
    type Item = Candidate;
    fn next(&mut self) -> Option<Candidate> {
        match self {
            Pieces::One(c) => c.take(),
            Pieces::Many(it) => it.next(),
        }
    }
}

/// Document-level cues that a name is an organisation: "het bedrijf Tectrade", "Swissair-topman".
fn org_cues(doc: &Doc<'_>, found: &mut [Candidate]) {
    const BEFORE: &[&str] = &["bedrijf", "groep", "concern", "firma", "holding", "fabrikant", "producent", "uitgeverij", "keten", "verzekeraar", "luchtvaartmaatschappij", "maatschappij", "softwarebedrijf", "chipfabrikant", "dochterbedrijf", "dochter", "partij", "club", "ploeg", "omroep", "zender", "krant", "dagblad", "weekblad", "band", "vereniging", "organisatie"];
    const HEADS: &[&str] = &["topman", "topvrouw", "baas", "directeur", "woordvoerder", "woordvoerster", "aandeel", "aandelen", "koers", "overname", "fusie", "ceo", "bestuurder", "voorzitter", "personeel", "werknemers", "winkels", "vestiging", "vestigingen", "fabriek", "top", "directie", "management", "groep", "dochter", "bod", "spelers", "trainer", "coach", "fractie", "leider", "kopstuk"];
    // Hashed: looked up for every capitalised word of the text.
    static BEFORE_SET: WordSet = WordSet::new(BEFORE);
    static HEADS_SET: WordSet = WordSet::new(HEADS);
    let mut orgs: FxSet<String> = FxSet::default();
    let mut from = 0;
    while let Some(i) = doc.next_cap(from) {
        from = i + 1;
        let Some(t) = doc.tokens.get(i) else { break };
        let w = doc.surface(i);
        // (A capitalised token is a word.)
        if let Some((first, head)) = if doc.word_has_hyphen(i) { rsplit_hyphen(w) } else { None } {
            if HEADS_SET.contains(&crate::normalize::normalize_cow(head)) {
                orgs.insert(crate::normalize::normalize(first));
            }
        } else if i > 0 && BEFORE_SET.contains(&doc.tokens[i - 1].norm) {
            orgs.insert(t.norm.to_string());
        }
    }
    if orgs.is_empty() {
        return;
    }
    for c in found.iter_mut() {
        let n = doc.tokens[c.start].norm.as_str();
        // Not "F1", "Plantijnstraat". (Tested last: it is the costly test.)
        let other = || {
            n.chars().any(|ch| ch.is_numeric())
                || names::LOC_SUFFIXES_SET.ends(n, |s| n.len() > s + 2)
        };
        if c.end - c.start == 1 && c.label != Label::Org && orgs.contains(n) && !doc.surface(c.start).contains('-') && !other() {
            c.label = Label::Org;
        }
    }
}

/// Document-level consistency: a name the model tags more often with one label than with any
/// other gets that label everywhere in the text. On a tie, a one-word name known to the lists
/// takes the lists' label if it is one of the tied ones: "Premier Rutte" (PER) and "zei Rutte
/// in Den Haag" (LOC, from the context) are one person.
fn vote(doc: &Doc<'_>, gaz: &gazetteer::Gazetteer, found: &mut [Candidate]) {
    // Keyed by the name as written, borrowed from the text (no copy per entity).
    let key = |c: &Candidate| &doc.text[doc.tokens[c.start].start..doc.tokens[c.end - 1].end];
    // Per name, the index of its counts; per entity, the index of its name's (so that each
    // name is hashed once, not twice).
    let mut names: FxMap<&str, usize> = FxMap::default();
    // At most one name per entity: no rehashing as it fills.
    names.reserve(found.len());
    let mut votes: Vec<[usize; 6]> = Vec::new();
    let mut of: Vec<usize> = Vec::with_capacity(found.len());
    for c in found.iter() {
        let next = votes.len();
        let k = *names.entry(key(c)).or_insert(next);
        if k == next {
            votes.push([0; 6]);
        }
        votes[k][c.label as usize] += 1;
        of.push(k);
    }
    for (c, &k) in found.iter_mut().zip(&of) {
        let v = votes[k];
        let (best, n) = v.iter().enumerate().max_by_key(|&(k, &n)| (n, std::cmp::Reverse(k))).unwrap_or((0, &0));
        if *n > v[c.label as usize] {
            c.label = Label::ALL[best];
        } else if c.end - c.start == 1
            && v.iter().filter(|&&x| x == *n).count() > 1
            && let Some(listed) = gaz.single_word_label(&doc.tokens[c.start].norm)
            && listed != c.label
            && v[listed as usize] == *n
        {
            c.label = listed;
        }
    }
    // A person named in full, then by surname: "minister-president Mark Rutte ... zei Rutte
    // in Den Haag", where the model reads the context as a place. A one-word name that is the
    // last word of a person elsewhere in the text is that person, unless the lists know the
    // word as something else ("George Washington" and the city "Washington").
    // Only from names of the shape of a person's: a given name or initials, then particles,
    // more given names or initials, and a surname written as a name: a capital, then a small
    // letter ("Mark Rutte", "M. Rutte", "Ard van der Steur"; not "De Mezen", "VAN VEEN", "J. H",
    // "Instellingen van de Gemeenschap").
    let given = |k: usize| {
        names::is_initial_token(doc.surface(k)) || doc.is_cap(k) && gaz.is_first_name(&doc.tokens[k].norm)
    };
    // Per surname, the person's full name (their canonical name if the lists have one), or
    // None when two different people share it ("Mark Rutte" and "Anna Rutte").
    // (Indices into `fulls` rather than the strings as values: the map type `vote` already
    // uses, so no second copy of the hash map's code in the wasm.)
    let mut surnames: FxMap<&str, usize> = FxMap::default();
    let mut fulls: Vec<Option<String>> = Vec::new();
    for c in found.iter() {
        let last = c.end - 1;
        if c.label == Label::Per
            && c.end - c.start >= 2
            && given(c.start)
            && (c.start + 1..last).all(|k| given(k) || names::is_particle_form(&doc.tokens[k].norm))
            && doc.is_cap(last)
            && doc.surface(last).chars().nth(1).is_some_and(char::is_lowercase)
        {
            let full = c.canonical.clone().unwrap_or_else(|| {
                let mut full = String::new();
                for k in c.start..c.end {
                    if k > c.start {
                        full.push(' ');
                    }
                    full.push_str(doc.surface(k));
                }
                full
            });
            let next = fulls.len();
            let k = *surnames.entry(doc.surface(last)).or_insert(next);
            if k == next {
                fulls.push(Some(full));
            } else if fulls[k].as_ref() != Some(&full) {
                fulls[k] = None;
            }
        }
    }
    if surnames.is_empty() {
        return;
    }
    for c in found.iter_mut() {
        if c.end - c.start != 1 {
            continue;
        }
        let Some(full) = surnames.get(doc.surface(c.start)).and_then(|&k| fulls.get(k)) else { continue };
        if matches!(c.label, Label::Loc | Label::Org | Label::Misc)
            && gaz.single_word_label(&doc.tokens[c.start].norm).is_none_or(|l| l == Label::Per)
        {
            c.label = Label::Per;
        }
        // The surname alone names the same person: one entry in the lists of names.
        if c.label == Label::Per && c.canonical.is_none() {
            c.canonical.clone_from(full);
        }
    }
}

/// Rule proposals that win over the model's entities they overlap: a person with a cue (a
/// title before it, an initial: "minister Plasterk", "M. Rutte"), and a name joined by a
/// particle that the model split or cut ("Staffan de Mistura", "Porte de Vincennes"). Rule
/// proposals where the model found nothing are not taken.
fn strong_rules(doc: &Doc<'_>, found: &[Candidate], taken: &[bool], rules: Vec<Candidate>) -> Vec<Candidate> {
    let sorted = found.windows(2).all(|w| w[0].end <= w[1].start) && found.iter().all(|m| m.start < m.end);
    rules
        .into_iter()
        .filter(|r| {
            // Model entities that a list match cuts are left to the rules anyway.
            // `found` is in text order and non-overlapping (a model's output): only the
            // entities from the first one ending after `r.start` can overlap `r`. (A linear
            // scan per rule was quadratic.) Any other order falls back to scanning all.
            // (Iterated where needed rather than collected: this runs for every rule proposal.)
            let from = if sorted { found.partition_point(|m| m.end <= r.start) } else { 0 };
            let all = || {
                found[from..]
                    .iter()
                    .take_while(move |m| !sorted || m.start < r.end)
                    .filter(move |m| m.start < r.end && r.start < m.end)
            };
            let over = || all().filter(|m| !taken[m.start..m.end].iter().any(|&x| x));
            let Some(first) = all().next() else { return false };
            let cue = r.label == Label::Per
                && (names::title_before(doc, r.start)
                    || r.start > 0 && names::CAP_TITLES_SET.contains(&doc.tokens[r.start - 1].norm)
                    || names::is_initial_token(doc.surface(r.start)));
            let particles = (r.start..r.end).any(|k| names::is_particle(doc, k))
                && (r.start..r.end).all(|k| {
                    !names::is_particle(doc, k)
                        || matches!(doc.tokens[k].norm.as_str(), "de" | "van" | "der" | "den" | "ter" | "ten" | "von" | "du" | "da" | "di" | "le" | "la")
                });
            if over().next().is_none() {
                // Only model entities that a list cuts ("Syrië Staffan de Mistura" with "Syrië"
                // known): a person the rules find there wins.
                return r.label == Label::Per && (cue || particles);
            }
            let covered: usize = over().map(|m| m.end.min(r.end) - m.start.max(r.start)).sum();
            // The model's entities there, also those a list cuts, share one label: "Leo Pardon
            // van de NMBS" (PER, ORG) is two names.
            let one_label = all().all(|m| m.label == first.label);
            let joins = one_label
                && over().all(|m| r.start <= m.start && m.end <= r.end)
                && covered < r.end - r.start
                && (r.label == Label::Per || over().count() >= 2 && over().all(|m| m.label == r.label))
                && particles;
            cue || joins
        })
        .collect()
}

/// The candidates that fit a document of `tokens` tokens, longer first, then earlier, ties in
/// their given order: what a stable sort by (length descending, start) gives. By counting the
/// lengths instead (a handful of distinct ones): the comparison sort of the list matches was
/// most of the time of choosing among them. Within one length the lists' matches (ordered by
/// their end) and a model's entities (in text order) are in order of start already.
fn longest_first(mut cands: Vec<Candidate>, tokens: usize) -> impl Iterator<Item = Candidate> {
    cands.retain(|c| c.start < c.end && c.end <= tokens);
    let longest = cands.iter().map(|c| c.end - c.start).max().unwrap_or(0);
    // Rank of a length: 0 for the longest.
    let rank = |c: &Candidate| longest - (c.end - c.start);
    // Where each rank's candidates begin in `order`, then where the next one goes.
    let mut next = vec![0usize; longest + 1];
    for c in &cands {
        next[rank(c)] += 1;
    }
    let mut at = 0;
    for n in next.iter_mut() {
        let count = *n;
        *n = at;
        at += count;
    }
    let bounds = next.clone();
    let mut order = vec![0usize; cands.len()];
    for (i, c) in cands.iter().enumerate() {
        let r = rank(c);
        order[next[r]] = i;
        next[r] += 1;
    }
    for (&a, &b) in bounds.iter().zip(&next) {
        sort_by_start(&mut order[a..b], |i| cands[i].start);
    }
    let mut slots: Vec<Option<Candidate>> = cands.into_iter().map(Some).collect();
    order.into_iter().filter_map(move |i| slots[i].take())
}

/// Sorts candidate indices by `start`, stably. The candidates of one length come in order of
/// start, or as two such runs when a model's entities and the list matches compete: those
/// are merged (the comparison sort of them was half the time of `longest_first`).
fn sort_by_start(order: &mut [usize], start: impl Fn(usize) -> usize) {
    let Some(p) = order.windows(2).position(|w| start(w[0]) > start(w[1])).map(|p| p + 1) else { return };
    if !order[p..].windows(2).all(|w| start(w[0]) <= start(w[1])) {
        crate::sort::sort_by_key(order, |&i| start(i));
        return;
    }
    let (left, right) = order.split_at(p);
    let mut merged = Vec::with_capacity(order.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        // On equal starts the earlier run first: stable.
        if start(right[j]) < start(left[i]) {
            merged.push(right[j]);
            j += 1;
        } else {
            merged.push(left[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&left[i..]);
    merged.extend_from_slice(&right[j..]);
    order.copy_from_slice(&merged);
}

/// Gazetteers, rules and an optional model, combined.
pub struct EntityRecognizer {
    gazetteer: gazetteer::Gazetteer,
    names: names::NameRules,
    model: Option<Box<dyn Recognize>>,
}

impl EntityRecognizer {
    /// Loads the built-in gazetteers and, if this build has one, the shipped model
    /// ([`crate::tagger::builtin`]).
    pub fn new() -> Result<EntityRecognizer, Error> {
        Ok(EntityRecognizer {
            gazetteer: gazetteer::Gazetteer::builtin()?,
            names: names::NameRules::builtin(),
            model: crate::tagger::builtin()?.map(|t| Box::new(t) as Box<dyn Recognize>),
        })
    }

    /// Sets the model (`None`: lists and rules only). See [`EntityRecognizer::recognize`] for how
    /// its entities combine with the lists' and the rules'.
    pub fn set_model(&mut self, model: Option<Box<dyn Recognize>>) {
        self.model = model;
    }

    /// The model's description ([`Recognize::describe`]), if there is a model.
    pub fn model_description(&self) -> Option<String> {
        self.model.as_ref().map(|m| m.describe())
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &gazetteer::Gazetteer {
        &self.gazetteer
    }

    /// What the lists and rules say about `doc`, for a model.
    pub fn evidence(&self, doc: &Doc<'_>) -> Evidence<'_> {
        self.evidence_memo(doc, &mut names::Memo::default())
    }

    fn evidence_memo(&self, doc: &Doc<'_>, memo: &mut names::Memo) -> Evidence<'_> {
        Evidence {
            gazetteer: &self.gazetteer,
            matches: self.gazetteer.find(doc),
            rules: self.names.find_memo(doc, &vec![false; doc.tokens.len()], &self.gazetteer, memo),
        }
    }

    /// Finds the entities of an analysed text, in text order, never overlapping.
    ///
    /// Dates and references come first. Without a model, list matches, then the rules. With a
    /// model that does not outrank the lists (the default), list matches, then the model's
    /// entities on the tokens left, then the rules, but only inside model entities that a list
    /// match cut: the model decides where names are, and the rules do not add the many false
    /// names they find elsewhere (they are features of the model already). With a model that
    /// outranks the lists, the model's entities and the list matches compete, longer first and
    /// the model's on equal spans, and the rules do not run. In both orders the model's
    /// entities are first corrected with what the rules know (titles, compounds, organisation
    /// cues such as "het bedrijf X" and "X-topman", one label per name in the text:
    /// `refine_model`), and a rule person with a title or initial cue, or a
    /// name the model split at a particle, wins over them (`strong_rules`). Measured in
    /// [`crate::tagger`].
    pub fn recognize(&self, text: &str, tokens: &[AnalyzedToken]) -> Vec<Entity> {
        self.recognize_doc(Doc::new(text, tokens))
    }

    /// [`EntityRecognizer::recognize`] with the tokens' normalised forms and spellings numbered
    /// (see [`Doc::with_form_ids`]).
    pub(crate) fn recognize_with_form_ids(&self, text: &str, tokens: &[AnalyzedToken], norm_ids: &[u32], spelling_ids: &[u32]) -> Vec<Entity> {
        self.recognize_doc(Doc::with_form_ids(text, tokens, norm_ids, spelling_ids))
    }

    fn recognize_doc(&self, doc: Doc<'_>) -> Vec<Entity> {
        let (text, tokens) = (doc.text, doc.tokens);
        let mut taken = vec![false; tokens.len()];
        let mut accepted: Vec<Candidate> = Vec::new();
        let accept = |cands: Vec<Candidate>, taken: &mut Vec<bool>, accepted: &mut Vec<Candidate>| {
            // Longer first, then earlier; a candidate is kept only if all its tokens are free.
            for c in longest_first(cands, taken.len()) {
                if !taken[c.start..c.end].iter().any(|&x| x) {
                    taken[c.start..c.end].iter_mut().for_each(|x| *x = true);
                    accepted.push(c);
                }
            }
        };
        accept(patterns::find(&doc), &mut taken, &mut accepted);
        match &self.model {
            None => {
                accept(self.gazetteer.find(&doc), &mut taken, &mut accepted);
                accept(self.names.find(&doc, &taken, &self.gazetteer), &mut taken, &mut accepted);
            }
            Some(model) => {
                let mut memo = names::Memo::default();
                let evidence = self.evidence_memo(&doc, &mut memo);
                let found = with_canonical(model.recognize(&doc, &evidence), &evidence.matches, tokens.len());
                let found = refine_model(&doc, &self.gazetteer, found);
                if model.outranks_lists() {
                    // Rule persons with a cue, and names the model split at a particle, over
                    // the tokens the lists leave.
                    let mut listed = taken.clone();
                    for m in &evidence.matches {
                        listed[m.start..m.end].iter_mut().for_each(|x| *x = true);
                    }
                    let strong = strong_rules(&doc, &found, &listed, self.names.find_memo(&doc, &listed, &self.gazetteer, &mut memo));
                    accept(strong, &mut taken, &mut accepted);
                    // Longer first; on the same span the model's label wins (it comes first).
                    // A model entity made of two or more whole list matches ("AIVD AIVD") is
                    // those names.
                    // (u32: zeroing eight bytes a token cost more than this filter; token
                    // indices fit, as analyze's u32 form ids.)
                    let mut longest = vec![0u32; tokens.len()];
                    for m in &evidence.matches {
                        longest[m.start] = longest[m.start].max(m.end as u32);
                    }
                    let found: Vec<Candidate> = found
                        .into_iter()
                        .filter(|c| {
                            let (mut k, mut n) = (c.start, 0);
                            while k < c.end && longest[k] as usize > k && longest[k] as usize <= c.end {
                                k = longest[k] as usize;
                                n += 1;
                            }
                            !(k == c.end && n >= 2)
                        })
                        .collect();
                    let mut all = found;
                    all.extend(evidence.matches);
                    accept(all, &mut taken, &mut accepted);
                } else {
                    accept(evidence.matches, &mut taken, &mut accepted);
                    // Rule persons with a cue, and names the model split at a particle.
                    let strong = strong_rules(&doc, &found, &taken, self.names.find_memo(&doc, &taken, &self.gazetteer, &mut memo));
                    accept(strong, &mut taken, &mut accepted);
                    // Model entities that a list match cuts ("VN Speciaal Gezant voor Syrië
                    // Staffan de Mistura" with "Syrië" known) are left to the rules.
                    let mut closed = vec![true; taken.len()];
                    for c in found.iter().filter(|c| taken[c.start..c.end].iter().any(|&x| x)) {
                        closed[c.start..c.end].iter_mut().for_each(|x| *x = false);
                    }
                    accept(found, &mut taken, &mut accepted);
                    for (c, &t) in closed.iter_mut().zip(&taken) {
                        *c |= t;
                    }
                    accept(self.names.find_memo(&doc, &closed, &self.gazetteer, &mut memo), &mut taken, &mut accepted);
                }
            }
        }
        abbreviations::link(&doc, &mut accepted, &mut taken);
        crate::sort::sort_by_key(&mut accepted, |c| c.start);
        merge_person_parts(&mut accepted);
        accepted
            .into_iter()
            .map(|c| {
                let (start, end) = (tokens[c.start].start, tokens[c.end - 1].end);
                Entity {
                    text: text[start..end].to_owned(),
                    label: c.label,
                    start,
                    end,
                    token_start: c.start,
                    token_end: c.end,
                    source: c.source,
                    canonical: c.canonical,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{Candidate, Label, Source};

    /// A token after an opening quote, bracket, colon, bullet or dash counts as initial, as
    /// one after any other short token does not.
    #[test]
    fn initial_after_openers() {
        let a = crate::Analyzer::new(crate::Options::default()).unwrap();
        let text = "een ‘Aa’ en “Bb” en \"Cc\" en 'Dd' en (Ee) en: Ff en; Gg en • Hh en - Ii en – Jj en „Kk” en «Ll» en *Mm en de Nn en, Oo";
        let tokens = a.analyze(text).tokens;
        let doc = super::Doc::new(text, &tokens);
        let initial: Vec<&str> = (0..tokens.len()).filter(|&i| doc.initial[i] && doc.is_cap(i)).map(|i| doc.surface(i)).collect();
        assert_eq!(initial, ["Aa", "Bb", "Cc", "Dd", "Ee", "Ff", "Gg", "Hh", "Ii", "Jj", "Kk", "Ll", "Mm"]);
    }

    /// A WordSet answers as `contains` on its list, the empty word and bytes past ASCII
    /// included.
    #[test]
    fn word_set_is_the_list() {
        static WORDS: &[&str] = &["de", "van", "der", "'t", "ë", "oké", "x", "ministerie"];
        static WITH_EMPTY: &[&str] = &["", "de", "ië"];
        let sets = [(WORDS, super::WordSet::new(WORDS)), (WITH_EMPTY, super::WordSet::new(WITH_EMPTY))];
        for (list, set) in &sets {
            for w in ["", "d", "de", "dé", "den", "van", "vam", "'t", "t", "ë", "é", "oké", "oke", "x", "y", "ministerie", "ministeries", "ië", "ie", "e"] {
                assert_eq!(set.contains(w), list.contains(&w), "{w:?} in {list:?}");
            }
        }
    }

    /// `longest_first` orders as a stable sort by (length descending, start) of the candidates
    /// that fit, whatever the input order.
    #[test]
    fn longest_first_is_the_stable_sort() {
        let c = |start: usize, end: usize, label: Label| Candidate { start, end, label, source: Source::Rule, canonical: None };
        let mut cases: Vec<Vec<Candidate>> = vec![
            vec![],
            vec![c(3, 2, Label::Per), c(0, 0, Label::Org), c(5, 40, Label::Loc)],
            // By end, longest first, as the lists report them.
            vec![c(0, 1, Label::Loc), c(1, 2, Label::Per), c(0, 2, Label::Org), c(4, 5, Label::Misc), c(2, 5, Label::Loc)],
            // Two runs in order of start, as a model's entities and the list matches.
            vec![c(5, 6, Label::Per), c(9, 10, Label::Per), c(20, 21, Label::Org), c(0, 1, Label::Loc), c(9, 10, Label::Loc), c(25, 26, Label::Misc)],
            // Equal spans keep their order.
            vec![c(2, 4, Label::Per), c(0, 1, Label::Loc), c(2, 4, Label::Org), c(0, 1, Label::Misc), c(2, 4, Label::Loc)],
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        cases.push(
            (0..300)
                .map(|_| {
                    crate::xorshift(&mut x);
                    let start = (x % 30) as usize;
                    c(start, start + (x >> 8) as usize % 5, Label::ALL[(x >> 16) as usize % 6])
                })
                .collect(),
        );
        for case in cases {
            let mut want: Vec<Candidate> = case.iter().filter(|c| c.start < c.end && c.end <= 32).cloned().collect();
            want.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
            assert_eq!(super::longest_first(case, 32).collect::<Vec<_>>(), want);
        }
    }

    /// The model's label per name by majority; a tie goes to the lists' label when that is
    /// one of the tied ones, and otherwise stays as the model tagged each mention.
    #[test]
    fn vote_breaks_ties_with_the_lists() {
        let a = crate::Analyzer::new(crate::Options::default()).unwrap();
        let text = "Rutte en Parijs en Rutte en Parijs en Rutte en Foo en Foo en Rutte";
        let tokens = a.analyze(text).tokens;
        let doc = super::Doc::new(text, &tokens);
        let gaz = super::gazetteer::Gazetteer::from_tsv(&["PER\tcap\tRutte\t\nLOC\tcap\tParijs\t\n"]).unwrap();
        let at = |word: &str| (0..tokens.len()).filter(|&i| doc.surface(i) == word).collect::<Vec<_>>();
        let (rutte, parijs, foo) = (at("Rutte"), at("Parijs"), at("Foo"));
        let c = |k: usize, label: Label| Candidate { start: k, end: k + 1, label, source: Source::Model, canonical: None };
        // (model labels in text order) → (labels after the vote)
        let cases: &[(&[usize], &[Label], &[Label])] = &[
            // 2 PER, 1 LOC: the majority, lists or not.
            (&rutte[..3], &[Label::Per, Label::Loc, Label::Per], &[Label::Per; 3]),
            // 1 PER, 1 LOC: the lists say PER.
            (&rutte[..2], &[Label::Per, Label::Loc], &[Label::Per; 2]),
            (&rutte[..2], &[Label::Loc, Label::Per], &[Label::Per; 2]),
            // 2 LOC, 2 PER: a tie of PER and LOC; PER is listed.
            (&rutte, &[Label::Loc, Label::Loc, Label::Per, Label::Per], &[Label::Per; 4]),
            // 1 ORG, 1 MISC: the listed LOC is not among them; each keeps its label.
            (&parijs, &[Label::Org, Label::Misc], &[Label::Org, Label::Misc]),
            // Not listed: a tie stays.
            (&foo, &[Label::Per, Label::Loc], &[Label::Per, Label::Loc]),
        ];
        for (at, labels, want) in cases {
            let mut found: Vec<Candidate> = at.iter().zip(labels.iter()).map(|(&k, &l)| c(k, l)).collect();
            super::vote(&doc, &gaz, &mut found);
            assert_eq!(found.iter().map(|c| c.label).collect::<Vec<_>>(), *want, "{labels:?}");
        }
    }

    /// A document built with numbered forms and spellings (as analyze builds it) is the one
    /// built without.
    #[test]
    fn form_ids_change_nothing() {
        let a = crate::Analyzer::new(crate::Options::default()).unwrap();
        let texts = [
            include_str!("../../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"),
            include_str!("../../benches/texts/sgd-letters-sample.txt"),
            "De de DE van Van VAN. ÉÉN één Één, ĳssel IJssel. NAVO-top Navo van der Berg; 'De Vries'. Noord-\nHolland, EU-niveau en -ism.",
        ];
        for text in texts {
            let tokens = a.analyze(text).tokens;
            let mut norms: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
            let mut spellings: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
            let norm_ids: Vec<u32> = tokens.iter().map(|t| { let n = norms.len() as u32; *norms.entry(t.norm.as_str()).or_insert(n) }).collect();
            let spelling_ids: Vec<u32> = tokens
                .iter()
                .map(|t| { let n = spellings.len() as u32; 2 * *spellings.entry(&text[t.start..t.end]).or_insert(n) })
                .collect();
            let (plain, ids) = (super::Doc::new(text, &tokens), super::Doc::with_form_ids(text, &tokens, &norm_ids, &spelling_ids));
            assert_eq!(plain.initial, ids.initial);
            assert_eq!(plain.cap, ids.cap);
            assert_eq!(plain.particle, ids.particle);
            assert_eq!(plain.caps_sentence, ids.caps_sentence);
            assert_eq!(plain.seen_lower, ids.seen_lower);
            assert_eq!(plain.seen_cap_inside, ids.seen_cap_inside);
            for i in 0..tokens.len() + 2 {
                assert_eq!(ids.next_cap(i), (i..tokens.len()).find(|&k| ids.is_cap(k)));
            }
            for (i, t) in tokens.iter().enumerate() {
                if t.kind == crate::tokenize::TokenKind::Word {
                    assert_eq!(plain.word_has_hyphen(i), ids.word_has_hyphen(i), "{:?}", plain.surface(i));
                }
            }
        }
    }

    /// A person named in full and later by surname alone is one person, whatever the model
    /// reads from the second context; a surname the lists know as a place stays a place.
    #[test]
    fn surname_after_the_full_name() {
        let a = crate::Analyzer::new(crate::Options::default()).unwrap();
        let label = |text: &str, name: &str, at: usize| {
            let r = a.analyze(text);
            r.entities.iter().filter(|e| e.text == name).nth(at).map(|e| e.label)
        };
        let text = "Dat schrijft minister-president Mark Rutte in een brief. „Nederland staat pal naast Frankrijk”, zei Rutte in Den Haag.";
        assert_eq!(label(text, "Mark Rutte", 0), Some(Label::Per));
        assert_eq!(label(text, "Rutte", 0), Some(Label::Per));
        let canonical = |text: &str, name: &str| a.analyze(text).entities.into_iter().find(|e| e.text == name).and_then(|e| e.canonical);
        assert_eq!(canonical(text, "Rutte").as_deref(), Some("Mark Rutte"));
        // Two people of that surname: the surname alone is not linked to either.
        let two = "Minister Mark Rutte en zijn nicht Anna Rutte spraken. Later zei Rutte in Den Haag iets.";
        assert_eq!(canonical(two, "Rutte"), None);
        let text = "De Amerikaanse president George Washington woonde in Virginia. Later kreeg de stad Washington zijn naam.";
        assert_eq!(label(text, "Washington", 0), Some(Label::Loc));
    }

    /// A one-word person with a digit in it is a code, not a name; a digit in a longer name
    /// is left to the model ("Johannes Paulus 2").
    #[test]
    fn no_one_word_person_with_a_digit() {
        let a = crate::Analyzer::new(crate::Options::default()).unwrap();
        let r = a.analyze("Ten vervolge van mijn brief van 6 november 1963 Nr. 7463/K1290 heb ik de eer U een rapport aan te bieden. Daarover sprak minister Plasterk.");
        let people: Vec<&str> = r.entities.iter().filter(|e| e.label == Label::Per).map(|e| e.text.as_str()).collect();
        assert_eq!(people, ["Plasterk"]);
    }

    #[test]
    fn rsplit_hyphen_is_rsplit_once() {
        for w in ["", "-", "--", "a-", "-a", "EU-niveau", "Noord-Holland-achtig", "ë-ï", "–", "a–b", "x-ë", "abc"] {
            assert_eq!(super::rsplit_hyphen(w), w.rsplit_once('-'), "{w:?}");
        }
    }
}

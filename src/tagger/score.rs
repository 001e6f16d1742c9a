//! Emission scores for tagging, fast and in bounded memory: exactly the sums of the weights
//! of the buckets that [`super::features::extract`] gives each token, without materialising
//! them.
//!
//! # Why
//! `extract` (what training uses, and the definition of the features) builds about 48 hashed
//! buckets per token for the whole document at once, and scoring then looks each bucket up in
//! the sparse weight table: per token ~48 FNV hashes over strings, ~48 random lookups, and
//! ~200 bytes of features, so tagging ran at about 1 M tokens/s and a 10 MB text needed
//! hundreds of MB for its features alone.
//!
//! Most features depend on one token's *type* (normalised form, surface form and kind) at a
//! fixed offset in the ±2 window: the word and shape at each offset, affixes, long shape,
//! surface, kind, the single-word list label, first names, and the document contexts of a
//! capitalised word (which are the same wherever the word occurs). Their weights are summed
//! once per type into five vectors (one per window offset, see [`Types`]), when a token first
//! needs them (with pruning, a type seen only far from any candidate never does). The features that
//! depend on where the token stands (capitals × sentence start × line start × last ×
//! heading × document cues) have a key of a few bits; the list matches and rule proposals a
//! key of label, begin/inside and side; all are summed once per key ([`Keyed`]). The context
//! sum of the commonest position (not first, last, initial or in a heading) is added to the
//! type's own vector, and a token elsewhere adds its key's difference from it. Bigrams and
//! word × shape pairs depend on two adjacent types: too many pairs to keep, so they are
//! hashed per token, but from FNV states saved per type for the first word (hashing only the
//! second), several hashes at once ([`lanes`]); most of them have no weights, which the
//! bitmap of [`Weights`] tells from cache. A token's emission is then about ten vector
//! additions and four bucket tests.
//!
//! Integer sums are associative, so the scores are *equal* to summing bucket by bucket
//! (tests/tagger_fast.rs checks this on real texts and random strings against `extract`).
//! Per-token sums stay far inside `i32` (at most ~100 features of |weight| ≤ 32767).
//!
//! # Memory
//! One sentence at a time: the per-sentence buffers are O(longest sentence); per type its
//! strings, five vectors of one `i32` per tag and a few words (about 300 bytes with 9 tags);
//! the summed contexts per capitalised word; the list matches and rule proposals in order
//! of start. Nothing is kept per token. Analysing a 10 MB text with the model peaks within
//! 2% of analysing it without one.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::Weights;
use super::features::{
    BIAS, BIGRAM, CASE, DOC_CONTEXT, DOC_CUE, FIRST_NAME, Fnv, GAZ, GAZ_NEAR, GAZ_WORD, HEADING,
    KIND, LONG_SHAPE, POSITION, PREFIX, RULE, SHAPE, SUFFIX, SURFACE, WORD, WORD_SHAPE, kind_byte,
    label_byte, shape_into,
};
use crate::entities::{Candidate, Doc, Evidence};
use crate::terms::FxHasher;
use crate::tokenize::TokenKind;

type Fx = BuildHasherDefault<FxHasher>;

/// Pseudo-types for the positions before and after a sentence ("<s>", "</s>" in `extract`).
const BOS: u32 = 0;
const EOS: u32 = 1;

/// Vectors per type: the type seen at window offset -2, -1, 0 (the token itself), +1, +2.
const SLOTS: usize = 5;
const OWN: usize = 2;

// Bits of a type's class ([`TypeInfo::class`]), the type's part of a context key.
const CAP: u8 = 1;
const ALL_CAPS: u8 = 2;
const IS_WORD: u8 = 4;
const SEEN_CAP_INSIDE: u8 = 8;
const SEEN_LOWER: u8 = 16;

/// FNV-1a (as [`Fnv::str`]) of the same string continued from several states at once: the
/// lanes are independent, so their multiplications overlap instead of waiting on each other.
#[inline]
fn lanes<const N: usize>(mut h: [Fnv; N], s: &[u8]) -> [Fnv; N] {
    for &b in s {
        for x in &mut h {
            *x = x.byte(b);
        }
    }
    h.map(|x| x.byte(0xff))
}

/// Adds `v` to `acc` element by element.
#[inline]
fn add(acc: &mut [i32], v: &[i32]) {
    // Nine tags (four labels, every shipped and research model): a fixed length, which the
    // compiler turns into a few vector additions instead of a loop.
    if let (Ok(a), Ok(b)) = (<&mut [i32; 9]>::try_from(&mut *acc), <&[i32; 9]>::try_from(v)) {
        for (a, &b) in a.iter_mut().zip(b) {
            *a += b;
        }
        return;
    }
    for (a, &b) in acc.iter_mut().zip(v) {
        *a += b;
    }
}

/// Sets `out` to the sum of the five window vectors `v`: each element is stored once, where
/// adding the vectors to `out` one by one loaded and stored it five times (wasm has no vector
/// instructions for it here).
#[inline]
fn window(out: &mut [i32], v: [&[i32]; 5]) {
    if let (Ok(o), Ok(a), Ok(b), Ok(c), Ok(d), Ok(e)) = (
        <&mut [i32; 9]>::try_from(&mut *out),
        <&[i32; 9]>::try_from(v[0]),
        <&[i32; 9]>::try_from(v[1]),
        <&[i32; 9]>::try_from(v[2]),
        <&[i32; 9]>::try_from(v[3]),
        <&[i32; 9]>::try_from(v[4]),
    ) {
        for t in 0..9 {
            o[t] = a[t] + b[t] + c[t] + d[t] + e[t];
        }
        return;
    }
    out.fill(0);
    for x in v {
        add(out, x);
    }
}

/// [`window`] for nine tags, from the types' vectors (`SLOTS × 9` per type) and the types at
/// offsets 0, -2, -1, +1, +2: one bounds test per type where taking each slot's vector
/// tested and multiplied twice. False (nothing done) for another number of tags or a type
/// out of range.
#[inline]
fn window9(out: &mut [i32], vectors: &[i32], types: [u32; 5]) -> bool {
    const N: usize = 9;
    let (v, _) = vectors.as_chunks::<{ SLOTS * N }>();
    let Ok(o) = <&mut [i32; N]>::try_from(out) else {
        return false;
    };
    let get = |t: u32| v.get(t as usize);
    let (Some(a), Some(b), Some(c), Some(d), Some(e)) =
        (get(types[0]), get(types[1]), get(types[2]), get(types[3]), get(types[4]))
    else {
        return false;
    };
    for t in 0..N {
        o[t] = a[OWN * N + t] + b[t] + c[N + t] + d[3 * N + t] + e[4 * N + t];
    }
    true
}

/// The weights and the bucket mask, for summing features by their hashes.
struct Model<'m> {
    weights: &'m Weights,
    mask: u32,
}

impl Model<'_> {
    /// Adds the weights of feature `h` (nothing if its bucket has none).
    #[inline(always)]
    fn feature(&self, h: Fnv, acc: &mut [i32]) {
        self.weights.add(h.bucket(self.mask), acc);
    }

    /// Adds the weights of the features `hs`. One loop where a call of [`Model::feature`] per
    /// feature was inlined at each of the ~25 call sites of a new type's sums: less code,
    /// fewer instruction-cache misses.
    #[inline(never)]
    fn features(&self, hs: &[Fnv], acc: &mut [i32]) {
        for &h in hs {
            self.feature(h, acc);
        }
    }
}

/// What the tagger needs of one type. Its strings are copied into [`Types::strings`]: the
/// token a type was first seen at is anywhere in the text, and comparing or hashing its
/// strings there was a cache miss per token.
struct TypeInfo {
    /// The normalised form, surface form and collapsed shape (`extract`'s `shapes[i]`), as
    /// `(start, end)` in [`Types::strings`].
    norm: (u32, u32),
    surface: (u32, u32),
    shape: (u32, u32),
    /// [`CAP`] | [`ALL_CAPS`] | ... : what the context key needs of the type.
    class: u8,
    /// The pair features with this type first, hashed up to the second word: BIGRAM 0 and 1
    /// and WORD_SHAPE 0 after the word, WORD_SHAPE 1 after the shape.
    pairs: [Fnv; 4],
}

// Bits of [`Types::flags`].
/// The type's shape, class, pair states and vectors are computed ([`Scorer::fill`]).
const FILLED: u8 = 1;
/// A token of this type may start a candidate region ([`Scorer::sentence`] with pruning): it
/// has a capital or a digit, or is a single-word list name.
const TRIGGER: u8 = 2;

/// How far candidates reach from a trigger token (see [`Scorer::sentence`]). Measured on
/// ned.testa and the bench texts: 1 cut titles and names that go on over lowercase words
/// ("Wet op de telecommunicatievoorzieningen" became "Wet"), 2 only a few.
const REACH: usize = 2;

/// Sentences of at most this many tokens are scored whole: headings and titles on a line of
/// their own ("Grenzen van de zorg"), where a name may run over any number of lowercase words.
const SHORT: usize = 8;

/// Whether a token is a quotation mark.
fn is_quote(s: &str) -> bool {
    matches!(s, "\"" | "«" | "»" | "“" | "”" | "„" | "‘" | "’" | "'")
}

/// Whether a surface form has an uppercase letter or a digit (by `char`'s Unicode tests, as
/// the shapes' X and d).
fn cap_or_digit(s: &str) -> bool {
    if s.is_ascii() {
        return s.bytes().any(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    }
    s.chars().any(|c| c.is_uppercase() || c.is_numeric())
}

/// Up to 8 bytes, for a shape.
#[derive(Clone, Copy)]
struct Short {
    bytes: [u8; 8],
    len: usize,
}

impl Short {
    fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

/// The collapsed and the long shape of `s` ([`shape_into`] with `collapse` true and false,
/// `max` 8) in one pass, if the characters they look at are ASCII (A-Z, a-z and 0-9 are the
/// only ASCII characters that `char` calls uppercase, lowercase and numeric); `None`
/// otherwise. About half the instructions of [`shape_into`] twice (decoding, testing and
/// pushing each character).
fn ascii_shapes(s: &[u8]) -> Option<(Short, Short)> {
    let mut short = Short { bytes: [0; 8], len: 0 };
    let mut long = Short { bytes: [0; 8], len: 0 };
    // The first 8 bytes make the long shape, and the collapsed one so far.
    for &b in s.get(..8).unwrap_or(s) {
        let k = *SHAPE_OF.get(usize::from(b))?;
        if let Some(x) = long.bytes.get_mut(long.len) {
            *x = k;
            long.len += 1;
        }
        if (short.len == 0 || short.bytes.get(short.len - 1) != Some(&k))
            && let Some(x) = short.bytes.get_mut(short.len)
        {
            *x = k;
            short.len += 1;
        }
    }
    // The rest only the collapsed one, until it has 8.
    for &b in s.get(8..).unwrap_or(&[]) {
        if short.len >= 8 {
            break;
        }
        let k = *SHAPE_OF.get(usize::from(b))?;
        if short.bytes.get(short.len.wrapping_sub(1)) != Some(&k)
            && let Some(x) = short.bytes.get_mut(short.len)
        {
            *x = k;
            short.len += 1;
        }
    }
    Some((short, long))
}

/// The shape character of each ASCII byte (X, x, d or itself).
static SHAPE_OF: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            x => x,
        };
        b += 1;
    }
    t
};

/// FNV states of the pair features with `norm` (shape `shape`) as the first word.
fn pair_prefixes(norm: &[u8], shape: &[u8]) -> [Fnv; 4] {
    let [b0, b1, ws0] = lanes(
        [
            Fnv::new(BIGRAM).byte(0),
            Fnv::new(BIGRAM).byte(1),
            Fnv::new(WORD_SHAPE).byte(0),
        ],
        norm,
    );
    let [ws1] = lanes([Fnv::new(WORD_SHAPE).byte(1)], shape);
    [b0, b1, ws0, ws1]
}

/// No type.
const NONE: u32 = u32::MAX;

/// The 8 bytes of `s` from `at` as a word (0 past the end, which the callers never reach).
#[inline(always)]
fn word8(s: &[u8], at: usize) -> u64 {
    s.get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map_or(0, u64::from_le_bytes)
}

/// The 4 bytes of `s` from `at` as a word (0 past the end, which the callers never reach).
#[inline(always)]
fn word4(s: &[u8], at: usize) -> u64 {
    s.get(at..at + 4)
        .and_then(|w| <[u8; 4]>::try_from(w).ok())
        .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
}

/// The bytes of `s` (at most 8) in one word, in a few loads instead of a loop: the first and
/// last four bytes (overlapping) from 4 bytes on, the first, middle and last below that. For
/// strings of one length a different word means different bytes, and the same word the same.
#[inline(always)]
fn packed(s: &[u8]) -> u64 {
    let n = s.len();
    if n >= 4 {
        word4(s, 0) | word4(s, n - 4) << 32
    } else if n > 0 {
        let at = |k: usize| u64::from(s.get(k).copied().unwrap_or(0));
        at(0) | at(n / 2) << 8 | at(n - 1) << 16
    } else {
        0
    }
}

/// Whether two (short) strings are equal, compared in place a word at a time: a call to
/// `memcmp` per token was a tenth of the tagger's time, comparing byte by byte still 5%.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n <= 8 {
        return packed(a) == packed(b);
    }
    // Whole words, the last one overlapping the one before.
    let mut at = 0;
    while at + 8 < n {
        if word8(a, at) != word8(b, at) {
            return false;
        }
        at += 8;
    }
    word8(a, n - 8) == word8(b, n - 8)
}

/// The hash of a surface form for [`Types::slots`]: Fx over 8-byte words (the last one
/// overlapping the one before, or [`packed`] for a short string), then the high half folded
/// into the low one. Plain Fx (a product) has low bits that depend only on the low bits of
/// its last word, so the slot of a word of up to 8 bytes was decided by its first two letters
/// and the probes ran long. Only where a type is stored depends on it, not which id it gets.
#[inline]
fn surface_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let n = bytes.len();
    let mut h = n as u64;
    if n <= 8 {
        h = (h.rotate_left(5) ^ packed(bytes)).wrapping_mul(K);
    } else {
        let mut at = 0;
        while at + 8 < n {
            h = (h.rotate_left(5) ^ word8(bytes, at)).wrapping_mul(K);
            at += 8;
        }
        h = (h.rotate_left(5) ^ word8(bytes, n - 8)).wrapping_mul(K);
    }
    h ^ (h >> 32)
}

/// What a lookup by form id compares of a type ([`Types::by_norm`]), in 16 bytes: its surface
/// form's bytes [`packed`] (all of them up to 8 bytes) and its length (at most 2^24 - 1)
/// and kind byte, `length << 8 | kind`; and the type before it of the same form ([`NONE`]:
/// none). Most tokens are found without reading the types' strings.
#[derive(Clone, Copy)]
struct FormKey {
    packed: u64,
    len_kind: u32,
    next: u32,
}

impl FormKey {
    #[inline(always)]
    fn of(surface: &[u8], kind: TokenKind) -> FormKey {
        let len = surface.len().min(0xff_ffff) as u32;
        FormKey {
            packed: packed(surface),
            len_kind: len << 8 | u32::from(kind_byte(kind)),
            next: NONE,
        }
    }
}

/// What a type lookup compares: the surface form and normalised form (as `(start, end)` in
/// [`Types::strings`]) and the kind.
type Key = ((u32, u32), (u32, u32), TokenKind);

/// The document's token types, interned as they are first seen, with their summed vectors. A
/// type is a normalised form, surface form and kind: everything the features of one token
/// depend on.
struct Types<'a> {
    /// Open addressing by the hash of the surface form: `(high half of the hash, type)`,
    /// [`NONE`] for an empty slot; at most half full. Small slots, and the strings compared
    /// only when the hash matches.
    slots: Vec<(u32, u32)>,
    /// Scratch for the long shape of a new type.
    long_shape: String,
    info: Vec<TypeInfo>,
    /// Per type [`FILLED`] | [`TRIGGER`].
    flags: Vec<u8>,
    /// Per type what [`Scorer::intern`] compares, `(surface, norm, kind)`: 20 bytes where a
    /// [`TypeInfo`] takes 64, so fewer cache misses per token.
    keys: Vec<Key>,
    /// When the document numbers its normalised forms ([`Doc::with_norm_ids`], as analyze
    /// does): per form id the last type made of that form, and per type what tells it from
    /// the others of its form and the one before it ([`FormKey`]). Tokens are then looked up
    /// by their form id instead of hashing their surface forms, comparing only the surface
    /// and kind (most forms have one or two types, as "de" and "De"); [`Types::slots`] is not
    /// used.
    by_norm: Vec<u32>,
    form_keys: Vec<FormKey>,
    strings: String,
    /// `SLOTS × tags` per type.
    vectors: Vec<i32>,
    /// The summed DOC_CONTEXT weights per capitalised normalised form.
    contexts: Contexts<'a>,
    /// The features of a type that depend only on its shapes and kind (SHAPE at each offset,
    /// LONG_SHAPE and KIND), summed once per [`ShapeKey`] into `SLOTS × tags` in
    /// `shape_rows` from the key's index: a text has a few hundred, most new types share
    /// one ("xxxxxxxx", "Xxxxxxxx"), and each was seven lookups and seven hashes.
    shape_index: HashMap<ShapeKey, u32, Fx>,
    shape_rows: Vec<i32>,
}

/// A type's collapsed and long shapes (ASCII, at most 8 bytes each, zero-padded in a word),
/// their lengths and its kind byte.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ShapeKey(u64, u64, u16, u8);

impl Types<'_> {
    /// A string of [`Types::strings`], as bytes (which needs no test for character
    /// boundaries).
    #[inline]
    fn str(&self, (start, end): (u32, u32)) -> &[u8] {
        self.strings.as_bytes().get(start as usize..end as usize).unwrap_or(&[])
    }

    /// Doubles the slots.
    fn grow(&mut self) {
        let mut slots = vec![(0, NONE); self.slots.len() * 2];
        let mask = slots.len() - 1;
        // Not "<s>" and "</s>": no token is of those types.
        for (k, info) in self.info.iter().enumerate().skip(2) {
            let h = surface_hash(self.str(info.surface));
            let mut slot = h as usize & mask;
            while slots[slot].1 != NONE {
                slot = (slot + 1) & mask;
            }
            slots[slot] = ((h >> 32) as u32, k as u32);
        }
        self.slots = slots;
    }
}

/// Sums of features with small keys, each computed on first use.
struct Keyed {
    filled: Vec<bool>,
    rows: Vec<i32>,
}

// Key ranges of [`Keyed`]: context (5 class bits × 4 token bits), list match over the token
// (4 bits: begin, label; × capitalised), list match next to it (side × label), rule proposal
// (begin × label × run length 0..=4), and per context key the difference from the plain
// context of its class (see [`Scorer::fill_new`]).
const K_CONTEXT: usize = 0;
const K_GAZ: usize = K_CONTEXT + 512;
const K_NEAR: usize = K_GAZ + 32;
const K_RULE: usize = K_NEAR + 16;
const K_DIFF: usize = K_RULE + 2 * 8 * 5;
const K_END: usize = K_DIFF + 512;

/// The context key of a type's class where the token is not first, last, initial or in a
/// heading: most tokens, whose context sum is therefore in their type's own vector.
fn plain_context(class: u8) -> usize {
    K_CONTEXT + (usize::from(class) << 4)
}

impl Keyed {
    /// The sum of keyed features `key` (all zeros for a key out of range), made on first use.
    #[inline]
    fn row(&mut self, m: &Model<'_>, tags: usize, key: usize) -> &[i32] {
        if !self.filled.get(key).copied().unwrap_or(true) {
            self.make(m, tags, key);
        }
        self.rows.get(key * tags..(key + 1) * tags).unwrap_or(&[])
    }

    #[inline(never)]
    fn make(&mut self, m: &Model<'_>, tags: usize, key: usize) {
        if let Some(f) = self.filled.get_mut(key) {
            *f = true;
        }
        if key >= K_DIFF {
            // The context of key `key - K_DIFF` minus the plain context of its class.
            let k = key - K_DIFF;
            let full = self.row(m, tags, K_CONTEXT + k).to_vec();
            let plain = self.row(m, tags, K_CONTEXT + (k & !0xf)).to_vec();
            if let Some(acc) = self.rows.get_mut(key * tags..(key + 1) * tags) {
                for ((a, f), p) in acc.iter_mut().zip(full).zip(plain) {
                    *a = f - p;
                }
            }
            return;
        }
        let Some(acc) = self.rows.get_mut(key * tags..(key + 1) * tags) else {
            return;
        };
        let bit = |b: usize| u8::from(key >> b & 1 == 1);
        match key {
            K_CONTEXT..K_GAZ => {
                // Key: class (5 bits) << 4 | first, initial, last, heading.
                let k = key - K_CONTEXT;
                let class = (k >> 4) as u8;
                let cap = u8::from(class & CAP != 0);
                let all_caps = u8::from(class & ALL_CAPS != 0);
                let (first, initial, last, heading) = (bit(3), bit(2), bit(1), bit(0));
                m.feature(Fnv::new(CASE).byte(cap).byte(all_caps).byte(initial), acc);
                m.feature(Fnv::new(POSITION).byte(first).byte(initial).byte(last), acc);
                if heading == 1 {
                    m.feature(Fnv::new(HEADING), acc);
                }
                if class & IS_WORD != 0 {
                    let inside = u8::from(class & SEEN_CAP_INSIDE != 0);
                    let lower = u8::from(class & SEEN_LOWER != 0);
                    m.feature(
                        Fnv::new(DOC_CUE)
                            .byte(cap)
                            .byte(initial)
                            .byte(inside)
                            .byte(lower),
                        acc,
                    );
                }
            }
            K_GAZ..K_NEAR => {
                // Key: gaz bit (begin << 3 | label byte) << 1 | capitalised.
                let k = key - K_GAZ;
                let (begin, label, cap) = ((k >> 4) as u8, (k >> 1 & 7) as u8, (k & 1) as u8);
                m.feature(Fnv::new(GAZ).byte(begin).byte(label), acc);
                m.feature(Fnv::new(GAZ).byte(begin).byte(label).byte(cap), acc);
            }
            K_NEAR..K_RULE => {
                // Key: side (0: -1, 1: +1) << 3 | label byte.
                let k = key - K_NEAR;
                let side: i8 = if k >> 3 == 0 { -1 } else { 1 };
                m.feature(Fnv::new(GAZ_NEAR).byte(side as u8).byte((k & 7) as u8), acc);
            }
            K_RULE..K_DIFF => {
                // Key: (begin << 3 | label byte) × 5 + run length.
                let k = key - K_RULE;
                let (bl, len) = (k / 5, (k % 5) as u8);
                let (begin, label) = ((bl >> 3) as u8, (bl & 7) as u8);
                m.feature(Fnv::new(RULE).byte(begin).byte(label), acc);
                m.feature(Fnv::new(RULE).byte(begin).byte(label).byte(len), acc);
            }
            _ => {}
        }
    }
}

/// List matches and rule proposals over one sentence, from the document's evidence.
struct Evid {
    /// Match indices by start token, and the next one to open.
    matches: Vec<u32>,
    next_match: usize,
    /// Matches that may still cover tokens of this or a later sentence.
    open: Vec<u32>,
    rules: Vec<u32>,
    next_rule: usize,
    open_rules: Vec<u32>,
    /// Per token of the sentence: bit `8 × begin + label byte` per list match over it
    /// (`extract`'s `gaz[i]`, a set of (begin, label)).
    gaz: Vec<u16>,
    /// Per token of the sentence: `(rule index + 1, begin, label byte, run length)` of the
    /// last rule proposal over it (later proposals overwrite earlier ones in `extract`).
    rule: Vec<(u32, bool, u8, u8)>,
}

/// Scores a document sentence by sentence.
pub(crate) struct Scorer<'m, 'a, 'd> {
    model: Model<'m>,
    tags: usize,
    doc: &'d Doc<'a>,
    evidence: &'d Evidence<'d>,
    types: Types<'a>,
    keyed: Keyed,
    evid: Evid,
    /// Types of the current sentence's tokens.
    ty: Vec<u32>,
    /// Hashes of the current sentence's surface forms.
    hashes: Vec<u64>,
    /// The document's normalised form ids, if it has them and they are dense enough for
    /// [`Types::by_norm`].
    norm_ids: Option<&'a [u32]>,
    /// Emission sums of the current sentence, `tags` per token.
    acc: Vec<i32>,
}

impl<'m, 'a, 'd> Scorer<'m, 'a, 'd> {
    pub(crate) fn new(
        weights: &'m Weights,
        bits: u8,
        doc: &'d Doc<'a>,
        evidence: &'d Evidence<'d>,
    ) -> Self {
        // As in `extract`.
        let mask = if bits >= 32 {
            u32::MAX
        } else {
            (1u32 << bits) - 1
        };
        let model = Model { weights, mask };
        let tags = weights.tags;
        // Room for as many types as a text of this length has (about one per 8 tokens on
        // the 1 MB bench text, fewer on longer ones; at most 32 768, about 9 MB, beyond which
        // they grow as before): growing the per-type arrays by doubling copied megabytes (the
        // vectors alone are 180 bytes a type) and rehashed the slots several times, a quarter
        // of the tagger's cache misses and about 4% of its time.
        let expect = (doc.tokens.len() / 8).clamp(16, 1 << 15);
        // Form ids are numbered from 0 as forms are first seen, so fewer than the tokens; a
        // Doc made otherwise is looked up by hash, as one without ids.
        let forms = doc.norm_ids.and_then(|ids| {
            let max = ids.iter().copied().max().map_or(0, |m| m as usize + 1);
            (ids.len() == doc.tokens.len() && max <= ids.len()).then_some(max)
        });
        let norm_ids = forms.and(doc.norm_ids);
        let contexts = contexts(doc, norm_ids, forms.unwrap_or(0), &model, tags);
        // The slots are only used without form ids.
        let slots = if norm_ids.is_some() { 2 } else { (2 * expect).next_power_of_two().max(1024) };
        let mut types = Types {
            slots: vec![(0, NONE); slots],
            long_shape: String::new(),
            info: Vec::with_capacity(expect),
            flags: Vec::with_capacity(expect),
            keys: Vec::with_capacity(expect),
            by_norm: vec![NONE; forms.unwrap_or(0)],
            form_keys: Vec::with_capacity(if norm_ids.is_some() { expect } else { 0 }),
            strings: String::with_capacity(expect * 24),
            vectors: Vec::with_capacity(expect * SLOTS * tags),
            contexts,
            shape_index: HashMap::default(),
            shape_rows: Vec::new(),
        };
        for (id, s) in [(BOS, "<s>"), (EOS, "</s>")] {
            debug_assert_eq!(types.info.len(), id as usize);
            let at = (
                types.strings.len() as u32,
                (types.strings.len() + s.len()) as u32,
            );
            types.strings.push_str(s);
            types.keys.push((at, at, TokenKind::Punct));
            // Never in a chain of [`Types::by_norm`].
            types.form_keys.push(FormKey { packed: 0, len_kind: 0, next: NONE });
            types.info.push(TypeInfo {
                norm: at,
                surface: at,
                shape: at,
                class: 0,
                pairs: pair_prefixes(s.as_bytes(), s.as_bytes()),
            });
            types.flags.push(FILLED);
            let mut v = vec![0i32; SLOTS * tags];
            for (slot, k) in [(0, -2i8), (1, -1), (3, 1), (4, 2)] {
                let acc = &mut v[slot * tags..(slot + 1) * tags];
                model.feature(Fnv::new(WORD).byte(k as u8).str(s), acc);
                model.feature(Fnv::new(SHAPE).byte(k as u8).str(s), acc);
            }
            types.vectors.extend_from_slice(&v);
        }
        let mut evid = Evid {
            matches: (0..evidence.matches.len() as u32).collect(),
            next_match: 0,
            open: Vec::new(),
            rules: (0..evidence.rules.len() as u32).collect(),
            next_rule: 0,
            open_rules: Vec::new(),
            gaz: Vec::new(),
            rule: Vec::new(),
        };
        sort_by_start(&mut evid.matches, &evidence.matches);
        sort_by_start(&mut evid.rules, &evidence.rules);
        Scorer {
            model,
            tags,
            doc,
            evidence,
            types,
            keyed: Keyed {
                filled: vec![false; K_END],
                rows: vec![0; K_END * tags],
            },
            evid,
            ty: Vec::new(),
            hashes: Vec::new(),
            norm_ids,
            acc: Vec::new(),
        }
    }

    /// The type of token `i`, interned (and its vectors summed) on first sight.
    fn intern(&mut self, i: usize) -> u32 {
        if let Some(&form) = self.norm_ids.and_then(|ids| ids.get(i)) {
            return self.intern_form(i, form);
        }
        self.intern_hashed(i, surface_hash(self.doc.surface(i).as_bytes()))
    }

    /// [`Scorer::intern`] by token `i`'s normalised form id `form` ([`Types::by_norm`]): the
    /// types of that form all have its normalised form, so only the surface and kind are
    /// compared, and nothing is hashed.
    #[inline(always)]
    fn intern_form(&mut self, i: usize, form: u32) -> u32 {
        let Some(t) = self.doc.tokens.get(i) else {
            return EOS;
        };
        let surface = self.doc.text.as_bytes().get(t.start..t.end).unwrap_or(&[]);
        let key = FormKey::of(surface, t.kind);
        let types = &self.types;
        let head = types.by_norm.get(form as usize).copied().unwrap_or(NONE);
        let mut k = head;
        while let Some(x) = types.form_keys.get(k as usize) {
            // Equal packed bytes and lengths up to 8 are equal strings; a longer one is
            // compared whole.
            if x.packed == key.packed
                && x.len_kind == key.len_kind
                && (surface.len() <= 8
                    || types.keys.get(k as usize).is_some_and(|&(s, _, _)| same(types.str(s), surface)))
            {
                return k;
            }
            k = x.next;
        }
        self.new_form_type(i, form, head, key)
    }

    /// A new type for token `i`, the first of its surface and kind with form id `form`, put
    /// at the head of that form's chain (before `head`).
    #[inline(never)]
    fn new_form_type(&mut self, i: usize, form: u32, head: u32, key: FormKey) -> u32 {
        let Some(t) = self.doc.tokens.get(i) else {
            return EOS;
        };
        let id = self.types.info.len() as u32;
        self.new_type(t.norm.as_str(), self.doc.surface(i), t.kind);
        if let Some(h) = self.types.by_norm.get_mut(form as usize) {
            *h = id;
            if let Some(n) = self.types.form_keys.get_mut(id as usize) {
                *n = FormKey { next: head, ..key };
            }
        }
        id
    }

    /// [`Scorer::intern`] with `h`, the [`surface_hash`] of token `i`'s surface form.
    fn intern_hashed(&mut self, i: usize, h: u64) -> u32 {
        let t = &self.doc.tokens[i];
        let norm = t.norm.as_str();
        let surface = self.doc.surface(i);
        let types = &mut self.types;
        let mask = types.slots.len() - 1;
        let mut slot = h as usize & mask;
        loop {
            let (tag, k) = types.slots[slot];
            if k == NONE {
                break;
            }
            if tag == (h >> 32) as u32
                && let Some(&(s, n, kind)) = types.keys.get(k as usize)
                && kind == t.kind
                && same(types.str(s), surface.as_bytes())
                && same(types.str(n), norm.as_bytes())
            {
                return k;
            }
            slot = (slot + 1) & mask;
        }
        let id = types.info.len() as u32;
        types.slots[slot] = ((h >> 32) as u32, id);
        self.new_type(norm, surface, t.kind);
        if self.types.info.len() * 2 >= self.types.slots.len() {
            self.types.grow();
        }
        id
    }

    /// Appends a type: its strings, for lookups, and whether it is a trigger. The rest of
    /// what it needs is computed when a token of it is first scored ([`Scorer::fill`]):
    /// with pruning, most types of words far from any name never are.
    #[inline(never)]
    fn new_type(&mut self, norm: &str, surface: &str, kind: TokenKind) {
        let tags = self.tags;
        let types = &mut self.types;
        let strings = &mut types.strings;
        let mut keep = |s: &str| {
            strings.push_str(s);
            ((strings.len() - s.len()) as u32, strings.len() as u32)
        };
        let (norm_at, surface_at) = (keep(norm), keep(surface));
        let trigger =
            cap_or_digit(surface) || self.evidence.gazetteer.single_word_label(norm).is_some();
        types.keys.push((surface_at, norm_at, kind));
        types.form_keys.push(FormKey { packed: 0, len_kind: 0, next: NONE });
        types.info.push(TypeInfo {
            norm: norm_at,
            surface: surface_at,
            shape: (0, 0),
            class: 0,
            pairs: [Fnv::new(0); 4],
        });
        types.flags.push(if trigger { TRIGGER } else { 0 });
        if tags == 9 {
            // A fixed length: stored in place rather than by a call to fill memory.
            types.vectors.extend_from_slice(&[0; SLOTS * 9]);
        } else {
            types.vectors.resize(types.vectors.len() + SLOTS * tags, 0);
        }
    }

    /// Makes type `id` ready to score, from token `i` (a token of that type): its shape,
    /// class, pair states and summed vectors (see the module docs for which features).
    #[inline]
    fn fill(&mut self, id: u32, i: usize) {
        if self.types.flags.get(id as usize).is_some_and(|f| f & FILLED == 0) {
            self.fill_new(id as usize, i);
        }
    }

    #[inline(never)]
    fn fill_new(&mut self, id: usize, i: usize) {
        let Some(t) = self.doc.tokens.get(i) else {
            return;
        };
        let (norm, surface, kind) = (t.norm.as_str(), self.doc.surface(i), t.kind);
        let cap = self.doc.is_cap(i);
        let (m, tags, doc, gazetteer) = (&self.model, self.tags, self.doc, self.evidence.gazetteer);
        let types = &mut self.types;
        if let Some(f) = types.flags.get_mut(id) {
            *f |= FILLED;
        }
        let start = types.strings.len();
        types.long_shape.clear();
        // Only the collapsed shape is kept (for the pairs); the long one is only hashed.
        let ascii = ascii_shapes(surface.as_bytes());
        match &ascii {
            Some((short, _)) => types.strings.extend(short.as_slice().iter().map(|&b| char::from(b))),
            None => {
                shape_into(surface, true, 8, &mut types.strings);
                shape_into(surface, false, 8, &mut types.long_shape);
            }
        }
        let shape_at = (start as u32, types.strings.len() as u32);
        let shp = &types.strings[start..];
        let word = kind == TokenKind::Word;
        let mut class = 0;
        if cap {
            class |= CAP;
        }
        if crate::normalize::is_all_caps(surface) {
            class |= ALL_CAPS;
        }
        if word {
            class |= IS_WORD;
            if doc.seen_cap_inside.contains(norm) {
                class |= SEEN_CAP_INSIDE;
            }
            if doc.seen_lower.contains(norm) {
                class |= SEEN_LOWER;
            }
        }
        let first_name = word && gazetteer.is_first_name(norm);
        let base = id * SLOTS * tags;
        let Some(v) = types.vectors.get_mut(base..base + SLOTS * tags) else {
            return;
        };
        let offsets = [-2i8, -1, 0, 1, 2];
        // The features of the shapes and kind, summed once per key (or here, for shapes with
        // other than ASCII characters), in the row after the last.
        let sb = shp.as_bytes();
        let long = match &ascii {
            Some((_, long)) => long.as_slice(),
            None => types.long_shape.as_bytes(),
        };
        let key = ascii.map(|(s, l)| {
            let word = |x: Short| u64::from_le_bytes(x.bytes);
            ShapeKey(word(s), word(l), (s.len << 4 | l.len) as u16, kind_byte(kind))
        });
        let width = SLOTS * tags;
        let found = key.and_then(|k| types.shape_index.get(&k)).copied();
        let row = match found {
            Some(r) => r as usize,
            None => {
                let r = types.shape_rows.len() / width.max(1);
                types.shape_rows.resize((r + 1) * width, 0);
                let row = types.shape_rows.get_mut(r * width..).unwrap_or(&mut []);
                let shapes = lanes(offsets.map(|k| Fnv::new(SHAPE).byte(k as u8)), sb);
                for (acc, &h) in row.chunks_exact_mut(tags.max(1)).zip(&shapes) {
                    m.feature(h, acc);
                }
                let [long] = lanes([Fnv::new(LONG_SHAPE)], long);
                // BIAS is the same for every type, and this row is added once to each.
                let own = [long, Fnv::new(KIND).byte(kind_byte(kind)), Fnv::new(BIAS)];
                m.features(&own, row.get_mut(OWN * tags..(OWN + 1) * tags).unwrap_or(&mut []));
                if let Some(k) = key {
                    types.shape_index.insert(k, r as u32);
                }
                r
            }
        };
        if let Some(sums) = types.shape_rows.get(row * width..(row + 1) * width) {
            // Nine tags: a fixed length, added a vector at a time.
            if let (Ok(a), Ok(b)) = (<&mut [i32; SLOTS * 9]>::try_from(&mut *v), <&[i32; SLOTS * 9]>::try_from(sums)) {
                for (a, &b) in a.iter_mut().zip(b) {
                    *a += b;
                }
            } else {
                for (a, &b) in v.iter_mut().zip(sums) {
                    *a += b;
                }
            }
        }
        if key.is_none() {
            // Not kept: the shapes were too long for a key.
            types.shape_rows.truncate(row * width);
        }
        // Slot k + 2: the type seen at offset k, with its WORD k (and FIRST_NAME k for k in
        // -1..=1).
        // With the pair states that start with the word (`pair_prefixes`), in one pass.
        let [w0, w1, w2, w3, w4, b0, b1, ws0] = lanes(
            [
                Fnv::new(WORD).byte(-2i8 as u8),
                Fnv::new(WORD).byte(-1i8 as u8),
                Fnv::new(WORD).byte(0),
                Fnv::new(WORD).byte(1),
                Fnv::new(WORD).byte(2),
                Fnv::new(BIGRAM).byte(0),
                Fnv::new(BIGRAM).byte(1),
                Fnv::new(WORD_SHAPE).byte(0),
            ],
            norm.as_bytes(),
        );
        let words = [w0, w1, w2, w3, w4];
        // Mostly one feature a slot: looked up here rather than in a call per slot.
        for ((acc, k), &word) in v.chunks_exact_mut(tags.max(1)).zip(offsets).zip(&words) {
            m.feature(word, acc);
            if first_name && k.abs() <= 1 {
                m.feature(Fnv::new(FIRST_NAME).byte(k as u8).byte(u8::from(cap)), acc);
            }
        }
        let acc = &mut v[OWN * tags..(OWN + 1) * tags];
        // The own slot's other features: surface, at most 8 affixes and the list word.
        let mut own = [Fnv::new(BIAS); 14];
        let mut n = 0;
        let mut push = |h: Fnv| {
            if let Some(x) = own.get_mut(n) {
                *x = h;
                n += 1;
            }
        };
        push(Fnv::new(SURFACE).str(surface));
        // The first and last 1 to 4 characters (all of a shorter word), as in `extract`: of
        // an ASCII word, bytes (without decoding the characters and testing their
        // boundaries, which took more than hashing them).
        let nb = norm.as_bytes();
        if norm.is_ascii() {
            for len in 1..=nb.len().min(4) {
                let (p, s) = (nb.get(..len).unwrap_or(&[]), nb.get(nb.len() - len..).unwrap_or(&[]));
                let [p] = lanes([Fnv::new(PREFIX).byte(len as u8)], p);
                let [s] = lanes([Fnv::new(SUFFIX).byte(len as u8)], s);
                push(p);
                push(s);
            }
        } else {
            let mut ends = norm.char_indices().map(|c| c.0).skip(1).chain([norm.len()]);
            let mut starts = norm.char_indices().rev().map(|c| c.0);
            for len in 1..=4u8 {
                let (Some(p), Some(s)) = (ends.next(), starts.next()) else {
                    break;
                };
                push(Fnv::new(PREFIX).byte(len).str(&norm[..p]));
                push(Fnv::new(SUFFIX).byte(len).str(&norm[s..]));
            }
        }
        if let Some(l) = gazetteer.single_word_label(norm) {
            push(Fnv::new(GAZ_WORD).byte(label_byte(l)).byte(u8::from(cap)));
        }
        m.features(&own[..n], acc);
        // The context features where the token is not first, last, initial or in a heading
        // (most tokens): one sum less per token (see `K_DIFF`).
        add(acc, self.keyed.row(m, tags, plain_context(class)));
        let context = match self.norm_ids.and_then(|ids| ids.get(i)) {
            Some(&form) => types.contexts.by_form.get(form as usize).copied().filter(|&k| k != NONE),
            None => types.contexts.index.get(norm).copied(),
        };
        if cap && let Some(k) = context {
            let k = k as usize * tags;
            if let Some(c) = types.contexts.sums.get(k..k + tags) {
                add(acc, c);
            }
        }
        let [ws1] = lanes([Fnv::new(WORD_SHAPE).byte(1)], shp.as_bytes());
        let pairs = [b0, b1, ws0, ws1];
        if let Some(info) = types.info.get_mut(id) {
            info.shape = shape_at;
            info.class = class;
            info.pairs = pairs;
        }
    }

    /// The vector of type `t` seen at window `slot` (0..5 for offsets -2..=2).
    #[inline]
    fn vector(&self, t: u32, slot: usize) -> &[i32] {
        let at = (t as usize * SLOTS + slot) * self.tags;
        &self.types.vectors[at..at + self.tags]
    }

    /// Adds the sum of keyed features `key` to `out`, summing it on first use.
    fn keyed(&mut self, key: usize, out: &mut [i32]) {
        add(out, self.keyed.row(&self.model, self.tags, key));
    }

    /// Adds the bigram and word × shape features of adjacent types `(a, b)`: to `left` those
    /// of the token of type `a` (BIGRAM 1, WORD_SHAPE 1), to `right` those of the token of type
    /// `b` (BIGRAM 0, WORD_SHAPE 0). A side that is `None` (a token that is not scored) is
    /// not hashed: at the edges of candidate runs that is half the work.
    #[inline]
    fn pair(&self, a: u32, b: u32, left: Option<&mut [i32]>, right: Option<&mut [i32]>) {
        let (ia, ib) = (&self.types.info[a as usize], &self.types.info[b as usize]);
        let [b0, b1, ws0, ws1] = ia.pairs;
        let (norm, m) = (self.types.str(ib.norm), &self.model);
        match (left, right) {
            (Some(left), Some(right)) => {
                let [b0, b1, ws1] = lanes([b0, b1, ws1], norm);
                let [ws0] = lanes([ws0], self.types.str(ib.shape));
                m.feature(b1, left);
                m.feature(ws1, left);
                m.feature(b0, right);
                m.feature(ws0, right);
            }
            (Some(left), None) => {
                let [b1, ws1] = lanes([b1, ws1], norm);
                m.feature(b1, left);
                m.feature(ws1, left);
            }
            (None, Some(right)) => {
                let [b0] = lanes([b0], norm);
                let [ws0] = lanes([ws0], self.types.str(ib.shape));
                m.feature(b0, right);
                m.feature(ws0, right);
            }
            (None, None) => {}
        }
    }

    /// Fills `evid.gaz` and `evid.rule` for the sentence `s..e`, sweeping the evidence in
    /// order of start token (so each match is looked at while it can cover something).
    fn evidence(&mut self, s: usize, e: usize) {
        let (ev, x) = (&mut self.evid, self.evidence);
        ev.gaz.clear();
        ev.gaz.resize(e - s, 0);
        ev.rule.clear();
        ev.rule.resize(e - s, (0, false, 0, 0));
        sweep(&mut ev.open, &ev.matches, &mut ev.next_match, &x.matches, s, e);
        for &m in &ev.open {
            let c = &x.matches[m as usize];
            for i in c.start.max(s)..c.end.min(e) {
                ev.gaz[i - s] |=
                    1 << (8 * usize::from(i == c.start) + usize::from(label_byte(c.label)));
            }
        }
        sweep(&mut ev.open_rules, &ev.rules, &mut ev.next_rule, &x.rules, s, e);
        for &m in &ev.open_rules {
            let c = &x.rules[m as usize];
            for i in c.start.max(s)..c.end.min(e) {
                let r = &mut ev.rule[i - s];
                if m + 1 > r.0 {
                    let len = (c.end - c.start).min(4) as u8;
                    *r = (m + 1, i == c.start, label_byte(c.label), len);
                }
            }
        }
    }

    /// Emission scores of the tokens `s..e` (one sentence, as [`super::sentences`] splits
    /// them), `tags` per token, into [`Scorer::emissions`]; in `cand`, per token, whether it
    /// was scored.
    ///
    /// Without `prune` every token is. With it, only candidates: tokens within [`REACH`] of a
    /// trigger (a capital or digit, a single-word list name, a list match or rule proposal
    /// over it); the others get zeros, and the caller decodes them as O. Most tokens of Dutch
    /// text are lowercase words far from any name, and a token's own score is most of the
    /// work (its window, pairs and keyed features, and a new type's vectors).
    pub(crate) fn sentence(&mut self, s: usize, e: usize, prune: bool, cand: &mut Vec<bool>) {
        let tags = self.tags;
        let n = e.saturating_sub(s);
        // The sums are the emissions: Viterbi reads them as they are, so no copy to i64, and
        // the rows of tokens that are not scored stay zero.
        self.acc.clear();
        self.acc.resize(n * tags, 0);
        cand.clear();
        if n == 0 {
            return;
        }
        self.ty.clear();
        if let Some(ids) = self.norm_ids.and_then(|ids| ids.get(s..e)) {
            for (k, &form) in ids.iter().enumerate() {
                let t = self.intern_form(s + k, form);
                self.ty.push(t);
            }
        } else {
            self.intern_sentence(s, e);
        }
        self.evidence(s, e);
        self.score_sentence(s, e, prune, cand);
    }

    /// The types of the tokens `s..e` into [`Scorer::ty`], by the hashes of their surface forms.
    fn intern_sentence(&mut self, s: usize, e: usize) {
        // Hash the sentence's surface forms first and load what their lookups will compare,
        // without branching on it: the loads of different tokens then overlap, where in the
        // lookups each waits for the one before (most of their time was cache misses).
        let mut hashes = std::mem::take(&mut self.hashes);
        hashes.clear();
        let text = self.doc.text.as_bytes();
        hashes.extend(self.doc.tokens[s..e].iter().map(|t| {
            // The bytes of `surface(i)`, without its test for character boundaries.
            surface_hash(text.get(t.start..t.end).unwrap_or(&[]))
        }));
        let types = &self.types;
        let mask = types.slots.len() - 1;
        let mut warm = 0u32;
        for (&h, t) in hashes.iter().zip(&self.doc.tokens[s..e]) {
            let k = types.slots[h as usize & mask].1;
            let k = if k == NONE { BOS } else { k };
            let (surface, norm, _) = types.keys[k as usize];
            let bytes = types.strings.as_bytes();
            let at = |x: u32| bytes.get(x as usize).copied().unwrap_or(0);
            warm ^= u32::from(at(surface.0) ^ at(norm.0));
            warm ^= u32::from(t.norm.as_bytes().first().copied().unwrap_or(0));
        }
        std::hint::black_box(warm);
        for (k, &h) in hashes.iter().enumerate() {
            let t = self.intern_hashed(s + k, h);
            self.ty.push(t);
        }
        self.hashes = hashes;
    }

    /// The rest of [`Scorer::sentence`], once the types and evidence are known.
    fn score_sentence(&mut self, s: usize, e: usize, prune: bool, cand: &mut Vec<bool>) {
        let tags = self.tags;
        let n = e.saturating_sub(s);
        if prune && n > SHORT {
            cand.resize(n, false);
            let flags = &self.types.flags;
            let doc = self.doc;
            let quote = |k: usize| is_quote(doc.surface(s + k));
            let mut k = 0;
            while k < n {
                let trigger = flags.get(self.ty[k] as usize).is_some_and(|f| f & TRIGGER != 0)
                    || self.evid.gaz[k] != 0
                    || self.evid.rule[k].0 != 0;
                if !trigger {
                    k += 1;
                    continue;
                }
                for c in &mut cand[k.saturating_sub(REACH)..(k + REACH + 1).min(n)] {
                    *c = true;
                }
                if k > 0 && quote(k - 1) {
                    // A quotation that starts with a capital: a title, which runs to the
                    // closing quote mark over lowercase words ("«Weer samen naar school»").
                    let end = (k + 1..n).find(|&j| quote(j)).unwrap_or(n);
                    for c in &mut cand[k..end] {
                        *c = true;
                    }
                }
                k += 1;
            }
            // Tokens written against a candidate, without a space: one word to a reader
            // ("al-'Iskandariyyah").
            let tokens = &doc.tokens[s..e];
            for k in 1..n {
                if cand[k - 1] && tokens[k].start == tokens[k - 1].end {
                    cand[k] = true;
                }
            }
            for k in (1..n).rev() {
                if cand[k] && tokens[k].start == tokens[k - 1].end {
                    cand[k - 1] = true;
                }
            }
            if !cand.contains(&true) {
                return;
            }
        } else {
            cand.resize(n, true);
        }
        let sentence = self.doc.tokens[s].sentence;
        let heading = self
            .doc
            .caps_sentence
            .get(sentence)
            .copied()
            .unwrap_or(false);
        // `acc` is taken out of `self` so that the vectors can be borrowed alongside it.
        let mut acc = std::mem::take(&mut self.acc);

        // The window: types at -2..=2 inside the sentence, "<s>"/"</s>" beyond it. As in
        // `extract`, +2 is any token with the same sentence number (tokens from the tokenizer
        // never leave and re-enter a sentence, but a hand-made Doc might).
        let next2 = |scorer: &mut Self, k: usize| {
            if k + 2 < n {
                scorer.ty[k + 2]
            } else if scorer
                .doc
                .tokens
                .get(s + k + 2)
                .is_some_and(|x| x.sentence == sentence)
            {
                let t = scorer.intern(s + k + 2);
                scorer.fill(t, s + k + 2);
                t
            } else {
                EOS
            }
        };
        // One pass over the tokens: the types a candidate's window and pairs read filled (the
        // candidates' and up to two tokens either side, each looked at once; `done`: the tokens
        // before it were), its window, the pair with the token before, and its keyed sums. Four
        // passes, as the sums were first written, took about 1% more of the analysis.
        let mut done = 0;
        // An index loop: the iterator form that clippy suggests took 2.5% more instructions.
        #[allow(clippy::needless_range_loop)]
        for k in 0..n {
            let here = cand[k];
            if here {
                for j in k.saturating_sub(2).max(done)..(k + 3).min(n) {
                    self.fill(self.ty[j], s + j);
                }
                done = (k + 3).min(n);
                let t = self.ty[k];
                let prev = if k >= 1 { self.ty[k - 1] } else { BOS };
                let prev2 = if k >= 2 { self.ty[k - 2] } else { BOS };
                let next = if k + 1 < n { self.ty[k + 1] } else { EOS };
                let next2 = next2(self, k);
                // The window is the first thing added to the row, which is still zero.
                let row = &mut acc[k * tags..(k + 1) * tags];
                if !window9(row, &self.types.vectors, [t, prev2, prev, next, next2]) {
                    window(
                        row,
                        [
                            self.vector(t, OWN),
                            self.vector(prev2, 0),
                            self.vector(prev, 1),
                            self.vector(next, 3),
                            self.vector(next2, 4),
                        ],
                    );
                }
            }
            // The pair with the token before ("<s>" before the first), each side hashed only
            // for a candidate; the row before was summed its window in the step before.
            if k == 0 {
                if here {
                    self.pair(BOS, self.ty[0], None, Some(&mut acc[..tags]));
                }
            } else if cand[k - 1] || here {
                let (before, after) = acc.split_at_mut(k * tags);
                let left = cand[k - 1].then(|| &mut before[(k - 1) * tags..]);
                let right = here.then(|| &mut after[..tags]);
                self.pair(self.ty[k - 1], self.ty[k], left, right);
            }
            if !here {
                continue;
            }
            let i = s + k;
            let t = self.ty[k];
            let class = self.types.info[t as usize].class;
            let initial = self.doc.initial.get(i).copied().unwrap_or(false);
            let bits = usize::from(k == 0) << 3
                | usize::from(initial) << 2
                | usize::from(k + 1 == n) << 1
                | usize::from(heading);
            let a = &mut acc[k * tags..(k + 1) * tags];
            if bits != 0 {
                // The type's own vector has the plain context of its class; this is the
                // difference from it.
                self.keyed(K_DIFF + (usize::from(class) << 4 | bits), a);
            }

            let cap = usize::from(class & CAP != 0);
            for bit in Bits(self.evid.gaz[k]) {
                self.keyed(K_GAZ + (bit << 1 | cap), a);
            }
            for (side, j) in [(0, k.checked_sub(1)), (1, (k + 1 < n).then_some(k + 1))] {
                if let Some(j) = j {
                    for bit in Bits(self.evid.gaz[j]) {
                        self.keyed(K_NEAR + (side << 3 | (bit & 7)), a);
                    }
                }
            }
            let (idx, begin, label, len) = self.evid.rule[k];
            if idx > 0 {
                let key = (usize::from(begin) << 3 | usize::from(label)) * 5 + usize::from(len);
                self.keyed(K_RULE + key, a);
            }
        }
        // "</s>" after the last token.
        if cand[n - 1] {
            self.pair(self.ty[n - 1], EOS, Some(&mut acc[(n - 1) * tags..]), None);
        }
        self.acc = acc;
    }

    /// The emission scores of the last [`Scorer::sentence`], `tags` per token (zeros for the
    /// tokens it did not score).
    pub(crate) fn emissions(&self) -> &[i32] {
        &self.acc
    }
}

/// The set bits of a mask, lowest first.
struct Bits(u16);

impl Iterator for Bits {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let b = self.0.trailing_zeros() as usize;
        self.0 &= self.0 - 1;
        Some(b)
    }
}

/// The summed DOC_CONTEXT weights per capitalised normalised form: `tags` sums in `sums`
/// from the word's index.
struct Contexts<'a> {
    /// The index by normalised form, without form ids.
    index: HashMap<&'a str, u32, Fx>,
    /// The index by form id ([`NONE`]: none), with them.
    by_form: Vec<u32>,
    sums: Vec<i32>,
}

/// The (at most 8 distinct) words before and after the occurrences of one capitalised word,
/// in place: one allocation per word (two vectors, then a vector of sums) was most of the
/// time of collecting them. With form ids, `*_ids` are the words' ids, compared instead of
/// the strings.
struct Near<'a> {
    prev: [&'a str; 8],
    next: [&'a str; 8],
    prev_ids: [u32; 8],
    next_ids: [u32; 8],
    prevs: u8,
    nexts: u8,
}

/// Appends `w` to the first `*len` words of `words` unless it is there or they are 8: with
/// `id` (the word's form id) if the document has them, by comparing ids.
#[inline]
fn add_near<'a>(words: &mut [&'a str; 8], ids: &mut [u32; 8], len: &mut u8, w: &'a str, id: Option<u32>) {
    let n = usize::from(*len);
    if n >= 8 {
        return;
    }
    let seen = match id {
        Some(id) => ids[..n].contains(&id),
        None => words[..n].iter().any(|x| same(x.as_bytes(), w.as_bytes())),
    };
    if !seen {
        words[n] = w;
        ids[n] = id.unwrap_or(NONE);
        *len += 1;
    }
}

/// The summed DOC_CONTEXT weights per capitalised normalised form: the (at most 8 distinct)
/// words before and after its occurrences, collected exactly as `extract` does. With form ids
/// (`norm_ids`, `forms` of them) the forms are indexed and compared by id instead of hashing
/// and comparing strings.
fn contexts<'a>(doc: &Doc<'a>, norm_ids: Option<&[u32]>, forms: usize, m: &Model<'_>, tags: usize) -> Contexts<'a> {
    let tokens = doc.tokens;
    let mut index: HashMap<&'a str, u32, Fx> = HashMap::default();
    let mut by_form = vec![NONE; if norm_ids.is_some() { forms } else { 0 }];
    let mut near: Vec<Near<'a>> = Vec::new();
    // The id of token j's word in a context: "<s>" and "</s>" (ids past every form's) are
    // strings like the others to `extract`, so a token written so is the same word.
    let (start_id, end_id) = (u32::MAX - 1, u32::MAX - 2);
    let word_id = |j: usize, norm: &str| -> Option<u32> {
        let id = *norm_ids?.get(j)?;
        Some(match norm {
            "<s>" => start_id,
            "</s>" => end_id,
            _ => id,
        })
    };
    for i in 0..tokens.len() {
        if doc.is_cap(i) {
            let new = |near: &mut Vec<Near<'a>>| {
                near.push(Near {
                    prev: [""; 8],
                    next: [""; 8],
                    prev_ids: [NONE; 8],
                    next_ids: [NONE; 8],
                    prevs: 0,
                    nexts: 0,
                });
                (near.len() - 1) as u32
            };
            let k = match norm_ids.and_then(|ids| ids.get(i)).and_then(|&f| by_form.get_mut(f as usize)) {
                Some(k) => {
                    if *k == NONE {
                        *k = new(&mut near);
                    }
                    *k
                }
                None => *index.entry(tokens[i].norm.as_str()).or_insert_with(|| new(&mut near)),
            };
            let Some(e) = near.get_mut(k as usize) else {
                continue;
            };
            let (prev, prev_id) = if i > 0 && tokens[i - 1].sentence == tokens[i].sentence {
                let w = tokens[i - 1].norm.as_str();
                (w, word_id(i - 1, w))
            } else {
                ("<s>", norm_ids.map(|_| start_id))
            };
            let (next, next_id) = match tokens.get(i + 1).filter(|t| t.sentence == tokens[i].sentence) {
                Some(t) => (t.norm.as_str(), word_id(i + 1, t.norm.as_str())),
                None => ("</s>", norm_ids.map(|_| end_id)),
            };
            add_near(&mut e.prev, &mut e.prev_ids, &mut e.prevs, prev, prev_id);
            add_near(&mut e.next, &mut e.next_ids, &mut e.nexts, next, next_id);
        }
    }
    let mut sums = vec![0; near.len() * tags];
    for (e, acc) in near.iter().zip(sums.chunks_exact_mut(tags.max(1))) {
        for p in &e.prev[..usize::from(e.prevs)] {
            m.feature(Fnv::new(DOC_CONTEXT).byte(0).str(p), acc);
        }
        for x in &e.next[..usize::from(e.nexts)] {
            m.feature(Fnv::new(DOC_CONTEXT).byte(1).str(x), acc);
        }
    }
    Contexts { index, by_form, sums }
}

/// Sorts `order` (indices of `spans`) stably by the spans' start token. By insertion, which
/// is linear on what the recognizer gives: the rule proposals in order already, the list
/// matches in order of end, each a few places from where it belongs (the general sort, an
/// index vector and an indirect call per comparison, was a quarter of setting up the
/// scorer). Should that take too many moves, the general sort finishes the job: insertion
/// never reorders equal starts, so the result is the same.
fn sort_by_start(order: &mut [u32], spans: &[Candidate]) {
    let start = |m: u32| spans.get(m as usize).map_or(0, |c| c.start);
    let mut budget = 8 * order.len() + 64;
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && start(order[j - 1]) > start(order[j]) {
            order.swap(j - 1, j);
            j -= 1;
            budget -= 1;
            if budget == 0 {
                crate::sort::sort_by_key(order, |&m| start(m));
                return;
            }
        }
    }
}

/// Moves the window of spans that can cover tokens `s..e` along: drops the open spans that end
/// before `s`, then opens those (in `order`, by start token, from `*next`) that start before
/// `e`. Shared by the list matches and the rule proposals of [`Scorer::evidence`].
fn sweep(open: &mut Vec<u32>, order: &[u32], next: &mut usize, spans: &[Candidate], s: usize, e: usize) {
    open.retain(|&m| spans[m as usize].end > s);
    while let Some(&m) = order.get(*next)
        && spans[m as usize].start < e
    {
        open.push(m);
        *next += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The insertion sort gives the stable sort's order, also where it gives up.
    #[test]
    fn sort_by_start_is_the_stable_sort() {
        use crate::entities::{Label, Source};
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for case in 0..200 {
            let m = case % 50;
            let spans: Vec<Candidate> = (0..m)
                .map(|i| {
                    crate::xorshift(&mut x);
                    // Small ranges make many equal starts; descending ones more moves than
                    // the insertion sort is allowed.
                    let r = (x % 9) as usize;
                    let start = if case % 3 == 0 { (m - i) * 4 + r } else { r };
                    Candidate {
                        start,
                        end: start + 1,
                        label: Label::Per,
                        source: Source::Model,
                        canonical: None,
                    }
                })
                .collect();
            let mut got: Vec<u32> = (0..m as u32).collect();
            sort_by_start(&mut got, &spans);
            let mut want: Vec<u32> = (0..m as u32).collect();
            want.sort_by_key(|&k| spans[k as usize].start);
            assert_eq!(got, want, "case {case}");
        }
    }

    /// The one-pass ASCII shapes are those of [`shape_into`], or not given.
    #[test]
    fn ascii_shapes_are_the_shapes() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let pieces = ["a", "B", "7", "-", ".", "ab", "AB", "x", "é", "É", "٣", "\0", "'", "ß"];
        for _ in 0..5000 {
            let n = crate::xorshift(&mut x) % 14;
            let s: String = (0..n)
                .map(|_| pieces[(crate::xorshift(&mut x) % pieces.len() as u64) as usize])
                .collect();
            let (mut short, mut long) = (String::new(), String::new());
            shape_into(&s, true, 8, &mut short);
            shape_into(&s, false, 8, &mut long);
            if let Some((a, b)) = ascii_shapes(s.as_bytes()) {
                assert_eq!((a.as_slice(), b.as_slice()), (short.as_bytes(), long.as_bytes()), "{s:?}");
            } else {
                assert!(!s.is_ascii(), "{s:?}");
            }
        }
    }

    /// The word-at-a-time comparison agrees with `==` for every length and every position of
    /// a difference (the loads overlap, so each byte must still be looked at).
    #[test]
    fn same_is_equality() {
        for n in 0..40usize {
            let a: Vec<u8> = (0..n as u8).map(|k| b'a' + k % 26).collect();
            assert!(same(&a, &a.clone()), "{n}");
            assert!(!same(&a, &a[..n.saturating_sub(1)]) || n == 0, "{n}");
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!same(&a, &b), "{n} {at}");
            }
        }
    }
}

//! UAX #29 sentence boundaries between two tokens, as unicode-segmentation's
//! `split_sentence_bound_indices` finds them in the whole text, but computed only where one
//! can be.
//!
//! # Why
//! Running unicode-segmentation's sentence iterator over the whole text was over half of the
//! tokenizer's time, yet the tokenizer only asks, for each pair of adjacent tokens, whether a
//! boundary falls after the first token's start and at or before the second's. Most pairs are
//! "word space word" and can have none.
//!
//! # Which pairs can have a boundary
//! unicode-segmentation breaks only after a paragraph separator (CR, LF, U+0085, U+2028,
//! U+2029) or after a terminator (`.` `!` `?` and other STerm/ATerm) followed by closing
//! punctuation, spaces and one optional separator (SB4, SB11). So a boundary in
//! `prev.start+1 ..= cur.start` needs a terminator or separator in `prev.start..cur.start`, or
//! the span to start with closing punctuation or a space that continues a terminator before it.
//! ASCII letters, digits and other ASCII punctuation, and U+00C0–U+00FF (letters, × and ÷), are
//! none of these, so a span of only those, not starting with an ASCII Close character
//! (`" ' ( ) [ ] { }`), has no boundary. Any other character makes the pair a candidate.
//!
//! # Deciding a candidate in a window
//! unicode-segmentation's sentence breaker is a state machine over the last four character
//! classes (runs of Close and of Sp count as one). Every rule looks back from the current
//! position through separators, spaces, closing punctuation and terminators only, and at most
//! one letter before a terminator (SB7); so after a letter or digit (Upper, Lower, Numeric,
//! Other) the state no longer depends on anything before it. The window therefore starts at
//! the last ASCII letter or digit (or U+00C0–U+00FF character) at or before `prev.start`.
//! Looking forward, only SB8 reads more than the next character: after a terminator it scans
//! ahead until a letter, a separator or a terminator. The window therefore ends just after the
//! first ASCII letter, `.`, `!`, `?`, CR or LF at or after `cur.start`. Boundaries inside the
//! window then equal the whole text's.
//!
//! A window of only ASCII and U+00C0–U+00FF characters (nearly all of them in Dutch) is run
//! through [`ascii_breaks`], a transcription of unicode-segmentation 1.13's sentence breaker
//! for those characters, whose classes are fixed; other windows through unicode-segmentation
//! itself. Tests compare the two on every string of five characters over all the classes.
//!
//! Both scans are bounded ([`MAX_SCAN`]); when one would go further (a long run of emoji or
//! digits next to a period, say) the whole text is segmented once, as before, and used for
//! every later pair. Either way the work is linear in the text.

use unicode_segmentation::UnicodeSegmentation;

/// How far the window may reach before `prev.start` or after `cur.start`, in bytes.
const MAX_SCAN: usize = 256;

/// Answers "is there a sentence boundary in `prev_start+1 ..= cur_start`?" for one text.
pub(super) struct SentenceBounds<'a> {
    text: &'a str,
    /// All boundaries of the text, once a window would be too wide.
    all: Option<Vec<usize>>,
    /// `(from, at)`: the first [`BREAKER`] byte at or after `from` is at `at` (the text's
    /// length if none). The pairs come in text order, so the text is scanned for them once,
    /// eight bytes at a time, rather than byte by byte per pair.
    breaker: (usize, usize),
}

impl<'a> SentenceBounds<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        SentenceBounds { text, all: None, breaker: (0, next_breaker(text.as_bytes(), 0)) }
    }

    /// Whether `text[prev_start..cur_start]` could hold a boundary: [`may_break`], from the
    /// position of the next breaker byte.
    #[inline]
    fn may_break(&mut self, prev_start: usize, cur_start: usize) -> bool {
        let b = self.text.as_bytes();
        if b.get(prev_start).is_some_and(|&c| is_close(c)) {
            return true;
        }
        let (from, at) = self.breaker;
        if !(from <= prev_start && prev_start <= at) {
            self.breaker = (prev_start, next_breaker(b, prev_start));
        }
        // (A span that is no range of the text is a candidate, as in `may_break`.)
        self.breaker.1 < cur_start || prev_start > cur_start || cur_start > b.len()
    }

    /// Whether unicode-segmentation puts a sentence boundary at a position `p` with
    /// `prev_start < p <= cur_start`. Both are token starts (char boundaries), in order.
    ///
    /// Inlined for the common answer (no candidate byte in the span: most token pairs); the
    /// rest is out of line, so that the per-pair call does not set up its large frame.
    #[inline]
    pub(super) fn between(&mut self, prev_start: usize, cur_start: usize) -> bool {
        if self.all.is_none() && !self.may_break(prev_start, cur_start) {
            return false;
        }
        self.between_slow(prev_start, cur_start)
    }

    #[inline(never)]
    fn between_slow(&mut self, prev_start: usize, cur_start: usize) -> bool {
        if let Some(all) = &self.all {
            let k = all.partition_point(|&s| s <= prev_start);
            return all.get(k).is_some_and(|&s| s <= cur_start);
        }
        if let Some(found) = quick(self.text.as_bytes(), prev_start, cur_start) {
            return found;
        }
        match window(self.text.as_bytes(), prev_start, cur_start) {
            Some((w0, w1)) => {
                let w = &self.text[w0..w1];
                let (lo, hi) = (prev_start - w0, cur_start - w0);
                let mut found = false;
                let known = ascii_breaks(w.as_bytes(), hi, |p| found |= p > lo && p <= hi);
                if !known {
                    found = w.split_sentence_bound_indices().any(|(p, _)| p > lo && p <= hi);
                }
                found
            }
            None => {
                self.all = Some(self.text.split_sentence_bound_indices().map(|(i, _)| i).collect());
                self.between(prev_start, cur_start)
            }
        }
    }
}

/// Bytes that make a span a candidate: `. ! ?`, CR, LF, and the first byte of any character
/// outside ASCII and U+00C0–U+00FF (lead bytes other than 0xC3). Continuation bytes belong to
/// their lead byte, so the test needs no decoding: one table lookup per byte.
static BREAKER: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    let mut i = 0xC0;
    while i < 256 {
        t[i] = i != 0xC3;
        i += 1;
    }
    t
};

/// The position of the first [`BREAKER`] byte at or after `from`, or `b.len()`. Eight bytes at
/// a time: a word has a flag byte for each of `. ! ? CR LF` it holds and for each byte past
/// ASCII (most of those, in Dutch, are 0xC3 and continuation bytes, which the table then
/// clears).
fn next_breaker(b: &[u8], from: usize) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of the lowest byte of `v` equal to `c` is set, and none below it (bits above may
    // be set falsely, after a borrow).
    let eq = |v: u64, c: u8| {
        let x = v ^ (u64::from(c) * LOW);
        x.wrapping_sub(LOW) & !x & HIGH
    };
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let v = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let flags = eq(v, b'.') | eq(v, b'!') | eq(v, b'?') | eq(v, b'\n') | eq(v, b'\r') | v & HIGH;
        if flags != 0 {
            // No breaker before the lowest flag; the table decides from there.
            let k = i + flags.trailing_zeros() as usize / 8;
            if let Some(p) = chunk[k - i..].iter().position(|&c| BREAKER[c as usize]) {
                return k + p;
            }
        }
        i += 8;
    }
    b.get(i..).and_then(|rest| rest.iter().position(|&c| BREAKER[c as usize])).map_or(b.len(), |p| i + p)
}

/// Whether `text[prev_start..cur_start]` could hold a boundary (see the module docs); `false`
/// only when it certainly does not.
#[cfg(test)]
fn may_break(b: &[u8], prev_start: usize, cur_start: usize) -> bool {
    if b.get(prev_start).is_some_and(|&c| is_close(c)) {
        return true;
    }
    b.get(prev_start..cur_start).is_none_or(|span| span.iter().any(|&c| BREAKER[c as usize]))
}

/// The answer for the most common candidates, without a window (about four in five pairs in
/// Dutch prose): a span with a line break has a boundary just after it (SB4 breaks after every
/// paragraph separator, a CR LF pair counting as one, whatever surrounds it); after "." and
/// ASCII spaces (SB9/SB10 keep those together) there is one before an uppercase letter (SB11)
/// and none before a lowercase one (SB8); a span starting with an opening bracket or quote
/// has none unless a terminator precedes it. `None`: the window decides.
#[inline]
fn quick(b: &[u8], prev_start: usize, cur_start: usize) -> Option<bool> {
    let span = b.get(prev_start..cur_start)?;
    // (Unless the span ends inside a CR LF pair, which a token never starts in.)
    if span.iter().any(|&c| c == b'\n' || c == b'\r') && !(span.last() == Some(&b'\r') && b.get(cur_start) == Some(&b'\n')) {
        return Some(true);
    }
    match span {
        [b'.', gap @ ..] if !gap.is_empty() && gap.iter().all(|&c| matches!(c, b' ' | b'\t' | 0x0B | 0x0C)) => {
            match b.get(cur_start) {
                Some(c) if c.is_ascii_uppercase() => Some(true),
                Some(c) if c.is_ascii_lowercase() => Some(false),
                _ => None,
            }
        }
        // A token starting with closing punctuation ("(", a quote) after no terminator: only
        // SB11 breaks after a Close, and then only with a terminator before the Close run.
        [c, rest @ ..] if is_close(*c) && !rest.iter().any(|&c| BREAKER[c as usize]) => {
            // Back over the Close run, a few bytes at most (a run of brackets stays linear).
            let lo = prev_start.saturating_sub(8);
            let before = b.get(lo..prev_start)?.iter().rposition(|&c| !is_close(c)).and_then(|i| b.get(lo + i));
            match before {
                None if lo == 0 => Some(false),
                Some(c) if c.is_ascii() && !matches!(c, b'.' | b'!' | b'?') => Some(false),
                _ => None,
            }
        }
        _ => None,
    }
}

/// ASCII Close characters (Sentence_Break).
fn is_close(c: u8) -> bool {
    matches!(c, b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}')
}

/// The window `w0..w1` whose own sentence boundaries in `prev_start+1 ..= cur_start` are the
/// whole text's; `None` if it would reach more than [`MAX_SCAN`] bytes beyond the pair.
fn window(b: &[u8], prev_start: usize, cur_start: usize) -> Option<(usize, usize)> {
    // Back to a character after which the state forgets the past (or the text's start).
    let mut w0 = prev_start;
    loop {
        let c = b[w0];
        if c.is_ascii_alphanumeric() || c == 0xC3 || w0 == 0 {
            break;
        }
        if prev_start - w0 > MAX_SCAN {
            return None;
        }
        w0 -= 1;
        while w0 > 0 && (b[w0] & 0xC0) == 0x80 {
            w0 -= 1;
        }
    }
    // Forward to a character that ends SB8's look-ahead (or the text's end).
    let mut w1 = cur_start;
    while w1 < b.len() {
        let c = b[w1];
        w1 += 1;
        if c.is_ascii_alphabetic() || matches!(c, b'.' | b'!' | b'?' | b'\n' | b'\r') {
            break;
        }
        if w1 - cur_start > MAX_SCAN {
            return None;
        }
        while w1 < b.len() && (b[w1] & 0xC0) == 0x80 {
            w1 += 1;
        }
    }
    Some((w0, w1))
}

/// Sentence-break classes (UAX #29 Sentence_Break) of ASCII and U+00C0–U+00FF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

/// The class and length of the character at `i`; `None` outside ASCII and U+00C0–U+00FF.
#[inline]
fn cat_at(b: &[u8], i: usize) -> Option<(Cat, usize)> {
    let c = *b.get(i)?;
    let cat = match c {
        b'\r' => Cat::Cr,
        b'\n' => Cat::Lf,
        b'\t' | 0x0B | 0x0C | b' ' => Cat::Sp,
        b'a'..=b'z' => Cat::Lower,
        b'A'..=b'Z' => Cat::Upper,
        b'0'..=b'9' => Cat::Numeric,
        b'.' => Cat::ATerm,
        b'!' | b'?' => Cat::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Cat::Close,
        b',' | b'-' | b':' | b';' => Cat::SContinue,
        0..=0x7F => Cat::Other,
        0xC3 => {
            let cat = match *b.get(i + 1)? {
                0x80..=0x96 | 0x98..=0x9E => Cat::Upper,
                0x9F..=0xB6 | 0xB8..=0xBF => Cat::Lower,
                0x97 | 0xB7 => Cat::Other, // × ÷
                _ => return None,
            };
            return Some((cat, 2));
        }
        _ => return None,
    };
    Some((cat, 1))
}

/// unicode-segmentation's breaker state: the classes of the last four characters, a run of
/// Close or of Sp counting as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// Calls `on_break` with each sentence boundary of `s` (as unicode-segmentation 1.13's
/// `split_sentence_bound_indices` reports them, `0` included, the end not) up to `until`, and
/// returns `true`; returns `false` as soon as it meets a character outside ASCII and
/// U+00C0–U+00FF (the breaks reported so far are then incomplete).
///
/// A line-by-line transcription of `unicode_segmentation::sentence::fwd::SentenceBreaks` with
/// the rules for separators other than CR/LF, Extend, Format and OLetter left out: none of those
/// classes occurs in these characters.
// Each branch transcribes one UAX #29 rule, in the standard's order; several give the same answer.
#[allow(clippy::if_same_then_else)]
fn ascii_breaks(s: &[u8], until: usize, mut on_break: impl FnMut(usize)) -> bool {
    let mut state = [Part::Sot; 4];
    let mut pos = 0;
    while pos < s.len() && pos <= until {
        let Some((cat, len)) = cat_at(s, pos) else { return false };
        let before = state;
        state = match (state[3], cat) {
            (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => state,
            _ => [
                state[1],
                state[2],
                state[3],
                match cat {
                    Cat::Cr => Part::Cr,
                    Cat::Lf => Part::Lf,
                    Cat::ATerm => Part::ATerm,
                    Cat::Upper | Cat::Lower => Part::UpperLower,
                    Cat::Close => Part::ClosePlus,
                    Cat::Sp => Part::SpPlus,
                    Cat::STerm => Part::STerm,
                    _ => Part::Other,
                },
            ],
        };
        let at = pos;
        pos += len;
        let brk = if before[3] == Part::Sot {
            true
        } else if cat == Cat::Lf && before[3] == Part::Cr {
            false
        } else if matches!(before[3], Part::Cr | Part::Lf) {
            true
        } else if cat == Cat::Numeric && before[3] == Part::ATerm {
            false
        } else if cat == Cat::Upper && before[2] == Part::UpperLower && before[3] == Part::ATerm {
            false
        } else {
            match sb8(&before, s, at) {
                None => return false,
                Some(true) => false,
                Some(false) => {
                    if matches!(cat, Cat::SContinue | Cat::STerm | Cat::ATerm) && sb8a(&before) {
                        false
                    } else if matches!(cat, Cat::Close | Cat::Sp | Cat::Cr | Cat::Lf) && sb9(&before) {
                        false
                    } else if matches!(cat, Cat::Sp | Cat::Cr | Cat::Lf) && sb8a(&before) {
                        false
                    } else {
                        sb11(&before)
                    }
                }
            }
        };
        if brk {
            on_break(at);
        }
    }
    true
}

/// SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower.
/// `None` if the look-ahead meets a character [`cat_at`] does not know.
fn sb8(state: &[Part; 4], s: &[u8], mut i: usize) -> Option<bool> {
    let mut idx = if state[3] == Part::SpPlus { 2 } else { 3 };
    if state[idx] == Part::ClosePlus {
        idx -= 1;
    }
    if state[idx] != Part::ATerm {
        return Some(false);
    }
    while i < s.len() {
        let (cat, len) = cat_at(s, i)?;
        match cat {
            Cat::Lower => return Some(true),
            Cat::Upper | Cat::Cr | Cat::Lf | Cat::STerm | Cat::ATerm => return Some(false),
            _ => i += len,
        }
    }
    Some(false)
}

fn sb8a(state: &[Part; 4]) -> bool {
    let mut idx = if state[3] == Part::SpPlus { 2 } else { 3 };
    if state[idx] == Part::ClosePlus {
        idx -= 1;
    }
    matches!(state[idx], Part::STerm | Part::ATerm)
}

fn sb9(state: &[Part; 4]) -> bool {
    let idx = if state[3] == Part::ClosePlus { 2 } else { 3 };
    matches!(state[idx], Part::STerm | Part::ATerm)
}

fn sb11(state: &[Part; 4]) -> bool {
    let mut idx = if matches!(state[3], Part::Cr | Part::Lf) { 2 } else { 3 };
    if state[idx] == Part::SpPlus {
        idx -= 1;
    }
    if state[idx] == Part::ClosePlus {
        idx -= 1;
    }
    matches!(state[idx], Part::STerm | Part::ATerm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(s: &str) -> Option<Vec<usize>> {
        let mut v = Vec::new();
        ascii_breaks(s.as_bytes(), usize::MAX, |p| v.push(p)).then_some(v)
    }

    fn theirs(s: &str) -> Vec<usize> {
        s.split_sentence_bound_indices().map(|(i, _)| i).collect()
    }

    /// The cursor over breaker bytes answers as the scan of each span, for pairs in text order
    /// (as the tokenizer asks) and out of it.
    #[test]
    fn breaker_cursor_is_the_span_scan() {
        let texts = [
            String::new(),
            "Een zin. Nog een! En? Ja\r\nnee\n".to_owned(),
            "ééééé ÉÉN één × ÷ 😀 twee.drie \u{a0}vier\u{2028}vijf (zes) \"zeven\"".to_owned(),
            "abcdefghijklmnopqrstuvwxyz0123456789 ".repeat(3) + "x.",
            "é".repeat(9) + "." + &"ë".repeat(7) + "!",
        ];
        for text in &texts {
            let b = text.as_bytes();
            let cuts: Vec<usize> = (0..=b.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut bounds = SentenceBounds::new(text);
            for w in cuts.windows(2) {
                assert_eq!(bounds.may_break(w[0], w[1]), may_break(b, w[0], w[1]), "{text:?} {w:?}");
            }
            for &p in cuts.iter().rev() {
                for &c in &cuts {
                    assert_eq!(bounds.may_break(p, c), may_break(b, p, c), "{text:?} {p} {c}");
                }
            }
            assert_eq!(bounds.may_break(b.len() + 3, b.len() + 5), may_break(b, b.len() + 3, b.len() + 5));
        }
    }

    #[test]
    fn every_string_of_five_over_the_classes() {
        let alphabet = [
            "a", "B", "7", ".", "!", "?", " ", "\t", "\n", "\r", "\"", ")", ",", ":", "#", "é", "É", "×",
        ];
        every_string(&alphabet, 5, |s| assert_eq!(ours(s), Some(theirs(s)), "{s:?}"));
    }

    #[test]
    fn quick_answers_are_unicode_segmentations() {
        // Every pair of positions in every string of up to five characters over the classes
        // (and a few outside ASCII) that `quick` answers.
        let alphabet = ["a", "B", "7", ".", "!", " ", "\t", "\n", "\r", "\"", ")", ",", "é", "\u{a0}", "\u{301}"];
        let mut answered = 0;
        every_string(&alphabet, 5, |s| {
            let breaks = theirs(s);
            let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
            for (x, &a) in starts.iter().enumerate() {
                for &c in &starts[x + 1..] {
                    if let Some(found) = quick(s.as_bytes(), a, c) {
                        answered += 1;
                        assert_eq!(found, breaks.iter().any(|&p| p > a && p <= c), "{s:?} {a} {c}");
                    }
                }
            }
        });
        assert!(answered > 100_000);
    }

    /// Calls `f` with every string of 1 to `max` pieces of `alphabet`.
    fn every_string(alphabet: &[&str], max: u32, mut f: impl FnMut(&str)) {
        let n = alphabet.len();
        let mut s = String::new();
        for len in 1..=max {
            for mut k in 0..n.pow(len) {
                s.clear();
                for _ in 0..len {
                    s.push_str(alphabet[k % n]);
                    k /= n;
                }
                f(&s);
            }
        }
    }

    #[test]
    fn texts_and_unknown_characters() {
        for text in [
            "Wat nu? Niemand weet het! Zo is het.",
            "zei hij.\" Daarna ging hij. (Zie ook bijlage 2.) En verder...  Nog iets?! 'Ja.' nee. 3.4",
            include_str!("../../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"),
        ] {
            match ours(text) {
                Some(v) => assert_eq!(v, theirs(text)),
                None => assert!(!text.bytes().all(|b| b.is_ascii())),
            }
        }
        assert_eq!(ours("Einde. \u{2019}s Avonds"), None);
        assert_eq!(ours("a.\u{301}"), None);
    }
}

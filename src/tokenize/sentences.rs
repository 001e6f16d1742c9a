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
}

impl<'a> SentenceBounds<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        SentenceBounds { text, all: None }
    }

    /// Whether unicode-segmentation puts a sentence boundary at a position `p` with
    /// `prev_start < p <= cur_start`. Both are token starts (char boundaries), in order.
    pub(super) fn between(&mut self, prev_start: usize, cur_start: usize) -> bool {
        if let Some(all) = &self.all {
            let k = all.partition_point(|&s| s <= prev_start);
            return all.get(k).is_some_and(|&s| s <= cur_start);
        }
        if !may_break(self.text.as_bytes(), prev_start, cur_start) {
            return false;
        }
        match window(self.text.as_bytes(), prev_start, cur_start) {
            Some((w0, w1)) => self.text[w0..w1]
                .split_sentence_bound_indices()
                .map(|(i, _)| w0 + i)
                .any(|p| p > prev_start && p <= cur_start),
            None => {
                self.all = Some(self.text.split_sentence_bound_indices().map(|(i, _)| i).collect());
                self.between(prev_start, cur_start)
            }
        }
    }
}

/// Whether `text[prev_start..cur_start]` could hold a boundary (see the module docs); `false`
/// only when it certainly does not.
#[inline]
fn may_break(b: &[u8], prev_start: usize, cur_start: usize) -> bool {
    if matches!(b.get(prev_start), Some(b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}')) {
        return true;
    }
    let mut i = prev_start;
    while i < cur_start {
        match b[i] {
            b'.' | b'!' | b'?' | b'\n' | b'\r' => return true,
            0..=0x7F => i += 1,
            0xC3 => i += 2,
            _ => return true,
        }
    }
    false
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

//! Word pieces: the text split on UAX #29 word boundaries, exactly as unicode-segmentation's
//! `split_word_bound_indices` splits it, but without calling it for plain text.
//!
//! # Why a fast path
//! unicode-segmentation looks every character up in its word-break table and runs a general
//! state machine; on a 1 MB letter that was half of the tokenizer's time. Dutch text is nearly
//! all ASCII plus a few Latin-1 letters (é ë ï ö ü à), whose word-break classes are fixed:
//!
//! | characters                      | UAX #29 word-break class            |
//! |---------------------------------|-------------------------------------|
//! | `A-Z a-z`, U+00C0–U+00FF but × ÷ | ALetter                             |
//! | `0-9`                           | Numeric                             |
//! | `_`                             | ExtendNumLet                        |
//! | `:`                             | MidLetter                           |
//! | `,` `;`                         | MidNum                              |
//! | `.`                             | MidNumLet                           |
//! | `'`                             | Single_Quote (acts as MidNumLet)    |
//! | `\t \n \v \f \r` and space       | whitespace (LF, CR, Newline, ...)   |
//! | everything else, × ÷            | Other                               |
//!
//! For those the rules reduce to: letters, digits and `_` join (WB5, WB8–WB10, WB13a/b); a
//! letter, `: . '`, letter joins (WB6/7); a digit, `, ; . '`, digit joins (WB11/12); CR LF is
//! one segment (WB3); everything else breaks (WB999). Whitespace segments are merged into one
//! piece anyway, so how UAX #29 splits a whitespace run does not matter, only its line breaks.
//!
//! # Falling back
//! Any other character (combining marks, which attach to the character before them, NBSP,
//! curly quotes, emoji, ...) can change boundaries around it. The fast path then hands a whole
//! chunk to unicode-segmentation: from the last *safe point* before the character to the first
//! one after it. A safe point is a position after ASCII whitespace and before an ASCII
//! non-whitespace character: UAX #29 always breaks there, and no rule looks across it (WB6/7
//! and WB11/12 look one character beyond a Mid character, and whitespace is neither a letter, a
//! digit nor a Mid character; WB4 only attaches Extend/Format/ZWJ, which are not ASCII). So the
//! chunk segments the same on its own as inside the whole text. Pieces the fast path made after
//! the safe point are dropped and redone, so every byte is looked at at most twice: linear time.
//!
//! `tests` below checks this against unicode-segmentation exhaustively for short strings and
//! with random ones; tests/tokenize_differential.rs checks whole tokenizations.

use unicode_segmentation::UnicodeSegmentation;

use super::{Class, Piece};

/// Word-break class of a character the fast path handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Digit,
    /// `_`
    ExtendNumLet,
    /// `:`
    MidLetter,
    /// `,` `;`
    MidNum,
    /// `.` `'`
    MidNumLet,
    /// `\t \n \v \f \r` and space: `char::is_whitespace` on ASCII.
    Space,
    Other,
}

const fn ascii_class(b: u8) -> Wb {
    match b {
        b'A'..=b'Z' | b'a'..=b'z' => Wb::Letter,
        b'0'..=b'9' => Wb::Digit,
        b'_' => Wb::ExtendNumLet,
        b':' => Wb::MidLetter,
        b',' | b';' => Wb::MidNum,
        b'.' | b'\'' => Wb::MidNumLet,
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => Wb::Space,
        _ => Wb::Other,
    }
}

static ASCII: [Wb; 128] = {
    let mut t = [Wb::Other; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = ascii_class(i as u8);
        i += 1;
    }
    t
};

/// ASCII letters and digits (`u8::is_ascii_alphanumeric`), by byte.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// The class and UTF-8 length of the character at byte `i`, or `None` if the fast path does
/// not handle it (or `i` is at the end).
#[inline]
fn class_at(b: &[u8], i: usize) -> Option<(Wb, usize)> {
    let c = *b.get(i)?;
    if c < 0x80 {
        return Some((ASCII[c as usize], 1));
    }
    // U+00C0..U+00FF: C3 80..C3 BF. All letters except × (U+00D7) and ÷ (U+00F7).
    if c == 0xC3 {
        let d = *b.get(i + 1)?;
        return match d {
            0x97 | 0xB7 => Some((Wb::Other, 2)),
            0x80..=0xBF => Some((Wb::Letter, 2)),
            _ => None,
        };
    }
    None
}

/// The pieces of one text. A piece ends where the next one starts (pieces cover the text), so
/// only starts are stored: 16 bytes a piece instead of 32, which matters at a third of a
/// million pieces per MB (memory traffic and page faults were a fifth of the tokenizer's time).
pub(super) struct Pieces {
    raw: Vec<Raw>,
    text_len: usize,
}

#[derive(Debug, Clone, Copy)]
struct Raw {
    start: usize,
    class: Class,
}

impl Pieces {
    pub(super) fn len(&self) -> usize {
        self.raw.len()
    }

    #[inline]
    pub(super) fn get(&self, i: usize) -> Option<Piece> {
        let r = self.raw.get(i)?;
        let end = self.raw.get(i + 1).map_or(self.text_len, |n| n.start);
        Some(Piece { start: r.start, end, class: r.class })
    }

    /// Piece `i`, which the caller knows exists (an empty piece at the end otherwise).
    #[inline]
    pub(super) fn at(&self, i: usize) -> Piece {
        self.get(i).unwrap_or(Piece { start: self.text_len, end: self.text_len, class: Class::Other(' ') })
    }
}

/// Splits `text` on UAX #29 word boundaries and classifies each piece. Adjacent whitespace
/// pieces (UAX #29 splits "\n   " after the line break) are one piece. The same pieces as
/// [`uax_pieces`], faster.
pub(super) fn pieces(text: &str) -> Pieces {
    let b = text.as_bytes();
    // About 0.34 pieces per byte in Dutch prose. Reserve more rather than grow: growing copies
    // megabytes, while reserved pages that are never written cost nothing.
    let mut out: Vec<Raw> = Vec::with_capacity(text.len() / 2 + 16);
    // The last safe point and how many pieces end at or before it.
    let (mut safe, mut safe_pieces) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        let Some((class, len)) = class_at(b, i) else {
            i = fallback(text, safe, safe_pieces, &mut out);
            (safe, safe_pieces) = (i, out.len());
            continue;
        };
        let start = i;
        match class {
            Wb::Space => {
                let mut newlines: u32 = 0;
                while i < b.len() && ASCII.get(b[i] as usize) == Some(&Wb::Space) {
                    // A line break is "\r\n", "\r" or "\n" (CR LF is one segment, WB3).
                    if b[i] == b'\n' || b[i] == b'\r' && b.get(i + 1) != Some(&b'\n') {
                        newlines = newlines.saturating_add(1);
                    }
                    i += 1;
                }
                push_space(&mut out, start, newlines);
                if b.get(i).is_some_and(|c| c.is_ascii()) {
                    (safe, safe_pieces) = (i, out.len());
                }
            }
            Wb::Letter | Wb::Digit | Wb::ExtendNumLet => {
                let mut last = class;
                let mut has_alnum = class != Wb::ExtendNumLet;
                i += len;
                let complete = loop {
                    // The common case first: a run of ASCII letters and digits.
                    let run = i;
                    // One table lookup per byte (three range tests per byte were a third of
                    // this function).
                    while b.get(i).is_some_and(|&c| ALNUM[c as usize]) {
                        i += 1;
                    }
                    if i > run {
                        has_alnum = true;
                        last = if b[i - 1].is_ascii_digit() { Wb::Digit } else { Wb::Letter };
                    }
                    match class_at(b, i) {
                        Some((k @ (Wb::Letter | Wb::Digit | Wb::ExtendNumLet), l)) => {
                            has_alnum |= k != Wb::ExtendNumLet;
                            last = k;
                            i += l;
                        }
                        Some((mid @ (Wb::MidLetter | Wb::MidNum | Wb::MidNumLet), _)) => {
                            // WB6/7: letter (MidLetter | MidNumLetQ) letter.
                            // WB11/12: digit (MidNum | MidNumLetQ) digit.
                            let want = match (last, mid) {
                                (Wb::Letter, Wb::MidLetter | Wb::MidNumLet) => Wb::Letter,
                                (Wb::Digit, Wb::MidNum | Wb::MidNumLet) => Wb::Digit,
                                _ => break true,
                            };
                            match class_at(b, i + 1) {
                                Some((k, l)) if k == want => {
                                    i += 1 + l;
                                }
                                Some(_) => break true,
                                // Not handled here (maybe a letter), or the end.
                                None => break i + 1 >= b.len(),
                            }
                        }
                        Some(_) => break true,
                        None => break i >= b.len(),
                    }
                };
                if !complete {
                    i = fallback(text, safe, safe_pieces, &mut out);
                    (safe, safe_pieces) = (i, out.len());
                    continue;
                }
                let class = if class == Wb::Digit {
                    Class::Num
                } else if has_alnum {
                    Class::Alpha
                } else {
                    Class::Other('_')
                };
                out.push(Raw { start, class });
            }
            Wb::MidLetter | Wb::MidNum | Wb::MidNumLet | Wb::Other => {
                i += len;
                let c = text[start..i].chars().next().unwrap_or(' ');
                out.push(Raw { start, class: Class::Other(c) });
            }
        }
    }
    Pieces { raw: out, text_len: text.len() }
}

/// Redoes the text from the safe point `safe` (where `out` had `safe_pieces` pieces) to the
/// next safe point with unicode-segmentation; returns that next safe point (or the text's end).
#[cold]
fn fallback(text: &str, safe: usize, safe_pieces: usize, out: &mut Vec<Raw>) -> usize {
    out.truncate(safe_pieces);
    let b = text.as_bytes();
    let mut end = safe + 1;
    while end < b.len() && !(ASCII.get(b[end - 1] as usize) == Some(&Wb::Space) && b[end].is_ascii() && ASCII[b[end] as usize] != Wb::Space) {
        end += 1;
    }
    let end = end.min(b.len());
    for (start, s) in text[safe..end].split_word_bound_indices() {
        push_segment(out, safe + start, s);
    }
    end
}

fn push_space(out: &mut Vec<Raw>, start: usize, newlines: u32) {
    if let Some(Raw { class: Class::Space { newlines: n }, .. }) = out.last_mut() {
        *n = n.saturating_add(newlines);
        return;
    }
    out.push(Raw { start, class: Class::Space { newlines } });
}

/// Classifies one UAX #29 segment (as the tokenizer always has) and appends it.
fn push_segment(out: &mut Vec<Raw>, start: usize, s: &str) {
    let first = s.chars().next().unwrap_or(' ');
    let class = if s.chars().all(char::is_whitespace) {
        let newlines = s.matches('\n').count().max(s.matches('\r').count());
        return push_space(out, start, u32::try_from(newlines).unwrap_or(u32::MAX));
    } else if first.is_numeric() {
        Class::Num
    } else if s.chars().any(char::is_alphanumeric) {
        Class::Alpha
    } else {
        Class::Other(first)
    };
    out.push(Raw { start, class });
}

/// The pieces straight from unicode-segmentation: the definition [`pieces`] must match.
#[cfg(test)]
pub(super) fn uax_pieces(text: &str) -> Pieces {
    let mut out = Vec::new();
    for (start, s) in text.split_word_bound_indices() {
        push_segment(&mut out, start, s);
    }
    Pieces { raw: out, text_len: text.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(p: &Pieces) -> Vec<(usize, usize, Class)> {
        (0..p.len()).map(|i| p.at(i)).map(|p| (p.start, p.end, p.class)).collect()
    }

    fn check(text: &str) {
        assert_eq!(key(&pieces(text)), key(&uax_pieces(text)), "{text:?}");
    }

    #[test]
    fn every_ascii_string_of_three() {
        let mut s = String::new();
        for a in 0..128u8 {
            for b in 0..128u8 {
                for c in 0..128u8 {
                    s.clear();
                    s.extend([a as char, b as char, c as char]);
                    check(&s);
                }
            }
        }
    }

    #[test]
    fn every_string_of_five_over_the_classes() {
        // One or two characters of each class, plus fallback characters at the edges.
        let alphabet = [
            "a", "Z", "7", "_", ":", ",", ";", ".", "'", " ", "\n", "\r", "\t", "-", "\"", "é", "×",
            "\u{301}", "\u{a0}", "ĳ",
        ];
        let n = alphabet.len();
        let mut s = String::new();
        for mut k in 0..n.pow(5) {
            s.clear();
            for _ in 0..5 {
                s.push_str(alphabet[k % n]);
                k /= n;
            }
            check(&s);
        }
    }

    #[test]
    fn texts() {
        for text in [
            "",
            "a.b.c 1.2,3 a1.2 1a.b a:b 1:2 a,b 1;2 a'b 1'2 a_b _a __ a_.b",
            "x.\u{301}y 3.\u{301}4 België Belgie\u{308} ’s-Hertogenbosch 👍🏽 e\u{301}e\u{301}n",
            "Einde.\r\nVolgende\rlone\n\rLF \u{b}VT\u{c}FF  \r\n\r\n  ",
            include_str!("../../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"),
            include_str!("../../benches/texts/sgd-letters-sample.txt"),
        ] {
            check(text);
        }
    }
}

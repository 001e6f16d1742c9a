//! Normalised forms for matching, counting and stemming.
//!
//! A normalised form is NFC, lowercase, with the ligature "ĳ" spelled "ij", typographic
//! apostrophes and hyphens folded to ASCII, and OCR line-break hyphenation removed
//! ("politie-\napparaat" → "politieapparaat"). Display forms are never normalised: tokens keep
//! their byte spans into the original text, and anything shown to users is sliced from it.

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

/// Returns the normalised form of `s`.
///
/// ```
/// use tekstlens::normalize::normalize;
/// assert_eq!(normalize("België"), "belgië");
/// assert_eq!(normalize("Belgie\u{308}"), "belgië"); // combining diaeresis composed
/// assert_eq!(normalize("ĳsland"), "ijsland");
/// assert_eq!(normalize("’s-Gravenhage"), "'s-gravenhage");
/// assert_eq!(normalize("politie-\napparaat"), "politieapparaat");
/// assert_eq!(normalize("Noord-\nBrabant"), "noord-brabant");
/// ```
pub fn normalize(s: &str) -> String {
    normalize_cow(s).into_owned()
}

/// [`normalize`], borrowing `s` when it is already normalised (lowercase ASCII letters and
/// digits: most Dutch words), so that the common case allocates nothing.
pub fn normalize_cow(s: &str) -> std::borrow::Cow<'_, str> {
    // Fast path: plain lowercase ASCII with no hyphen needs no work (most Dutch words).
    if s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(normalize_slow(s))
}

fn normalize_slow(s: &str) -> String {
    // ASCII without line breaks: lowercase and fold the backtick, no NFC tables needed (ASCII
    // is NFC; no ASCII character composes with another).
    if s.is_ascii() && !s.contains(['\n', '\r']) {
        return s.bytes().map(|b| if b == b'`' { '\'' } else { b.to_ascii_lowercase() as char }).collect();
    }
    let dehyphenated = join_line_breaks(s);
    let mut out = String::with_capacity(dehyphenated.len());
    for c in nfc(&dehyphenated) {
        match c {
            'ĳ' | 'Ĳ' => out.push_str("ij"),
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
            '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2212}' => out.push('-'),
            c if c.is_uppercase() => out.extend(c.to_lowercase()),
            c => out.push(c),
        }
    }
    out
}

/// The NFC form of `s`, as unicode-normalization's `s.nfc()` gives it, built from the crate's
/// per-character canonical data: canonical decomposition, canonical ordering (a stable sort of
/// each run of non-starters by combining class), then canonical composition (UAX #15).
///
/// Why not `nfc()` itself: its decomposing iterator picks canonical or compatibility mappings
/// by a run-time field, so the compatibility tables, which NFC never reads, are linked into the
/// wasm with it: 34 KB of gzip (a tenth of the package). The tests compare this with `nfc()` on
/// every code point and on random sequences of starters, combining marks and Hangul jamo.
pub(crate) fn nfc(s: &str) -> impl Iterator<Item = char> {
    // Decompose and order: each character with its combining class.
    let mut decomposed: Vec<(u8, char)> = Vec::with_capacity(s.len());
    for c in s.chars() {
        decompose_canonical(c, |d| {
            let class = canonical_combining_class(d);
            let mut at = decomposed.len();
            if class != 0 {
                // Stable: move before non-starters of a higher class only.
                while at > 0 && decomposed[at - 1].0 > class {
                    at -= 1;
                }
            }
            decomposed.insert(at, (class, d));
        });
    }
    // Compose: a character combines with the last starter unless something between them
    // blocks it (a starter, or a non-starter of the same or a higher class).
    let mut out: Vec<char> = Vec::with_capacity(decomposed.len());
    let mut starter: Option<usize> = None;
    // Class of the last character after the starter that did not combine with it.
    let mut last_class: Option<u8> = None;
    for (class, c) in decomposed {
        if let Some(at) = starter {
            let blocked = last_class.is_some_and(|last| last >= class);
            if !blocked && let Some(composed) = compose(out[at], c) {
                out[at] = composed;
                continue;
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else if starter.is_some() {
            last_class = Some(class);
        }
        out.push(c);
    }
    out.into_iter()
}

/// Removes a hyphen followed by a line break (and any spaces around it) inside one token.
/// A following capital keeps the hyphen, as in "Noord-\nBrabant". Case is kept, so the terms
/// use it for display forms too.
pub(crate) fn join_line_breaks(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\n') && !s.contains('\r') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find(|c: char| c.is_whitespace()) {
        let (head, tail) = rest.split_at(pos);
        let after = tail.trim_start();
        let next_upper = after.chars().next().is_some_and(char::is_uppercase);
        match head.strip_suffix(['-', '\u{2010}', '\u{00AD}']) {
            Some(h) if !next_upper => out.push_str(h),
            _ => out.push_str(head),
        }
        rest = after;
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Whether the first character of `s` is uppercase.
pub fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `s` has at least two letters and no lowercase letter ("AIVD", "DT&V", "JBZ").
pub fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("aanslagen", "aanslagen"),
            ("Aanslagen", "aanslagen"),
            ("SYRIË", "syrië"),
            ("Ĳzendijke", "ijzendijke"),
            ("z’n", "z'n"),
            ("–handel", "-handel"),
            ("veiligheids-\n  diensten", "veiligheidsdiensten"),
            ("e\u{301}e\u{301}n", "één"),
            ("12.00u", "12.00u"),
            ("DT&V", "dt&v"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input:?}");
        }
    }

    /// [`nfc`] is unicode-normalization's NFC: on every code point alone, after a letter and
    /// before combining marks, and on random sequences.
    #[test]
    fn nfc_is_the_crates() {
        use unicode_normalization::UnicodeNormalization;
        let check = |s: &str| assert_eq!(nfc(s).collect::<String>(), s.nfc().collect::<String>(), "{s:?}");
        let mut s = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for (before, after) in [("", ""), ("e", ""), ("", "\u{301}"), ("a", "\u{316}\u{301}"), ("\u{1100}", "\u{11A8}")] {
                s.clear();
                s.push_str(before);
                s.push(c);
                s.push_str(after);
                check(&s);
            }
        }
        // Starters that compose, marks of several classes (and the same class twice), Hangul
        // L, V and T jamo and syllables, and characters whose decompositions reorder.
        let alphabet = [
            'a', 'e', 'o', 'u', 'A', 'ë', 'é', 'ω', 'ι', '\u{3b9}', 'ᾳ', '\u{1100}', '\u{1161}', '\u{11a8}', '가', '각',
            '\u{301}', '\u{300}', '\u{308}', '\u{316}', '\u{327}', '\u{345}', '\u{31b}', '\u{323}', '\u{f71}',
            '\u{f72}', '\u{0344}', '\u{0958}', '\u{093c}', '\u{2126}', 'x', ' ',
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            s.clear();
            crate::xorshift(&mut state);
            let mut r = state;
            for _ in 0..(r % 7 + 1) {
                r /= 7;
                s.push(alphabet[(r % alphabet.len() as u64) as usize]);
                r /= alphabet.len() as u64;
            }
            check(&s);
        }
    }

    #[test]
    fn caps() {
        assert!(is_all_caps("AIVD"));
        assert!(is_all_caps("DT&V"));
        assert!(!is_all_caps("Kmar"));
        assert!(!is_all_caps("A"));
        assert!(is_capitalized("Éric"));
    }
}

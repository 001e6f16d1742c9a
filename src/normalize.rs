//! Normalised forms for matching, counting and stemming.
//!
//! A normalised form is NFC, lowercase, with the ligature "ĳ" spelled "ij", typographic
//! apostrophes and hyphens folded to ASCII, and OCR line-break hyphenation removed
//! ("politie-\napparaat" → "politieapparaat"). Display forms are never normalised: tokens keep
//! their byte spans into the original text, and anything shown to users is sliced from it.

use unicode_normalization::UnicodeNormalization;

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
    for c in dehyphenated.nfc() {
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

    #[test]
    fn caps() {
        assert!(is_all_caps("AIVD"));
        assert!(is_all_caps("DT&V"));
        assert!(!is_all_caps("Kmar"));
        assert!(!is_all_caps("A"));
        assert!(is_capitalized("Éric"));
    }
}

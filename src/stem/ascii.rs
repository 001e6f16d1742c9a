//! Snowball's classic Dutch stemmer (what rust-stemmers runs for [`super::StemmerKind::Porter`])
//! for words of ASCII without capital letters: nearly every word of a Dutch text. A line-by-line
//! transcription of rust-stemmers' generated `dutch.rs` onto bytes. On such words no accent is
//! removed, every character is one byte (so the Snowball runtime's byte positions are character
//! positions), and every "Y" or "I" is one that the marking step wrote, so the postlude restores
//! exactly those. The generic runtime allocates a string per replacement and binary-searches its
//! suffix tables at every character; this was a tenth of the time of an analysis.
//! `tests/stemmers.rs` and the unit tests check it against rust-stemmers word for word.

/// Vowels (`G_v`, restricted to ASCII: 'è' is not ASCII).
#[inline]
fn v(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// `G_v_j`.
#[inline]
fn v_j(c: u8) -> bool {
    v(c) || c == b'j'
}

/// `G_v_I`.
#[inline]
fn v_i(c: u8) -> bool {
    v(c) || c == b'I'
}

/// The stem of `word`, or `None` if it is not ASCII or has a capital (then rust-stemmers
/// stems it).
pub(super) fn stem(word: &str) -> Option<String> {
    let b = word.as_bytes();
    if !b.iter().all(|&c| c.is_ascii() && !c.is_ascii_uppercase()) {
        return None;
    }
    let mut w = b.to_vec();
    // Prelude: an initial y, a y after a vowel and an i between vowels are consonants (Y, I).
    if w.first() == Some(&b'y') {
        w[0] = b'Y';
    }
    for i in 0..w.len() {
        if !v(w[i]) {
            continue;
        }
        match (w.get(i + 1).copied(), w.get(i + 2).copied()) {
            (Some(b'i'), Some(n)) if v(n) => w[i + 1] = b'I',
            (Some(b'y'), _) => w[i + 1] = b'Y',
            _ => {}
        }
    }
    // Regions: after the first non-vowel that follows a vowel (R1: at least 3 in), and again.
    let len = w.len();
    let (mut p1, mut p2) = (len, len);
    let after_vc = |from: usize| -> Option<usize> {
        let at = from + w.get(from..)?.iter().position(|&c| v(c))?;
        let at = at + 1 + w.get(at + 1..)?.iter().position(|&c| !v(c))?;
        Some(at + 1)
    };
    if let Some(i1) = after_vc(0) {
        p1 = i1.max(3);
        if let Some(i2) = after_vc(i1) {
            p2 = i2;
        }
    }
    standard_suffix(&mut w, p1, p2);
    // Postlude.
    for c in &mut w {
        match *c {
            b'Y' => *c = b'y',
            b'I' => *c = b'i',
            _ => {}
        }
    }
    String::from_utf8(w).ok()
}

/// The character before position `at`, if any.
#[inline]
fn before(w: &[u8], at: usize) -> Option<u8> {
    at.checked_sub(1).and_then(|i| w.get(i).copied())
}

/// `r_undouble`: a final dd, kk or tt loses its last letter.
fn undouble(w: &mut Vec<u8>) {
    if w.ends_with(b"dd") || w.ends_with(b"kk") || w.ends_with(b"tt") {
        w.pop();
    }
}

/// `r_en_ending` for a suffix starting at `at` (the end of the word): in R1, after a
/// non-vowel, not after "gem"; then undouble. Returns whether it applied.
fn en_ending(w: &mut Vec<u8>, at: usize, p1: usize) -> bool {
    if p1 > at || before(w, at).is_none_or(v) || w[..at].ends_with(b"gem") {
        return false;
    }
    w.truncate(at);
    undouble(w);
    true
}

/// `r_e_ending`: a final e in R1 after a non-vowel. Returns whether the e was removed
/// (`e_found`).
fn e_ending(w: &mut Vec<u8>, p1: usize) -> bool {
    if !w.ends_with(b"e") {
        return false;
    }
    let at = w.len() - 1;
    if p1 > at || before(w, at).is_none_or(v) {
        return false;
    }
    w.truncate(at);
    undouble(w);
    true
}

fn standard_suffix(w: &mut Vec<u8>, p1: usize, p2: usize) {
    // Step 1: the longest of -heden, -ene, -en, -se, -s.
    let n = w.len();
    if w.ends_with(b"heden") {
        if p1 <= n - 5 {
            w.truncate(n - 5);
            w.extend_from_slice(b"heid");
        }
    } else if w.ends_with(b"ene") {
        en_ending(w, n - 3, p1);
    } else if w.ends_with(b"en") {
        en_ending(w, n - 2, p1);
    } else if w.ends_with(b"se") || w.ends_with(b"s") {
        let at = if w.ends_with(b"se") { n - 2 } else { n - 1 };
        if p1 <= at && before(w, at).is_some_and(|c| !v_j(c)) {
            w.truncate(at);
        }
    }
    // Step 2.
    let e_found = e_ending(w, p1);
    // Step 3a: -heid in R2, not after c; then -en as in step 1.
    if w.ends_with(b"heid") {
        let at = w.len() - 4;
        if p2 <= at && before(w, at) != Some(b'c') {
            w.truncate(at);
            if w.ends_with(b"en") {
                let at = w.len() - 2;
                en_ending(w, at, p1);
            }
        }
    }
    // Step 3b: the one of -end, -ing, -ig, -lijk, -baar, -bar that ends the word, in R2.
    let n = w.len();
    let suffix: &[u8] = [&b"lijk"[..], b"baar", b"end", b"ing", b"bar", b"ig"]
        .into_iter()
        .find(|s| w.ends_with(s))
        .unwrap_or(b"");
    if !suffix.is_empty() && p2 <= n - suffix.len() {
        let at = n - suffix.len();
        match suffix {
            b"end" | b"ing" => {
                w.truncate(at);
                let ig = w.ends_with(b"ig") && p2 <= at - 2 && before(w, at - 2) != Some(b'e');
                if ig {
                    w.truncate(at - 2);
                } else {
                    undouble(w);
                }
            }
            b"ig" => {
                if before(w, at) != Some(b'e') {
                    w.truncate(at);
                }
            }
            b"lijk" => {
                w.truncate(at);
                e_ending(w, p1);
            }
            b"baar" => w.truncate(at),
            _ => {
                // -bar, only when step 2 removed an e.
                if e_found {
                    w.truncate(at);
                }
            }
        }
    }
    // Step 4: a double vowel aa, ee, oo, uu between non-vowels at the end loses one letter.
    let n = w.len();
    if n >= 4 && !v_i(w[n - 1]) && w[n - 2] == w[n - 3] && matches!(w[n - 2], b'a' | b'e' | b'o' | b'u') && !v(w[n - 4]) {
        w.remove(n - 2);
    }
}

#[cfg(test)]
mod tests {
    /// Against rust-stemmers on words that exercise each step and the odd cases.
    #[test]
    fn agrees_with_rust_stemmers() {
        let reference = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Dutch);
        let words = [
            "", "a", "e", "y", "yy", "ij", "aiiia", "ayi", "yaya", "heden", "mogelijkheden", "aanslagen",
            "maatregelen", "dreigingen", "gemen", "lidstaten", "huisjes", "grote", "bedden", "zekerheid",
            "zekerheden", "lichtheid", "mogelijk", "vruchtbaar", "eetbare", "eetbar", "lopend", "woningen",
            "heilig", "koninklijke", "maan", "manen", "draaien", "haya", "kopje's", "e-mail", "2015",
            "29-754", "-handel", "ig", "eig", "leeg", "ingeving", "aardig", "aardiger", "vreselijkheid",
            "bakken", "kinderen", "gemeente", "ene", "s", "se", "jse", "vaas", "baars", "test-en", "a'b",
        ];
        for w in words {
            assert_eq!(super::stem(w).as_deref(), Some(reference.stem(w).as_ref()), "{w:?}");
        }
        for w in ["Aanslagen", "financiën", "café", "ĳs", "Y", "xI"] {
            assert_eq!(super::stem(w), None, "{w:?}");
        }
    }

    /// Every distinct lowercase form of the bench texts and Snowball's vocabulary, and random
    /// strings over the letters the rules look at.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn agrees_on_texts_and_random_words() {
        let reference = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Dutch);
        let texts = [
            include_str!("../../benches/texts/sgd-letters-sample.txt"),
            include_str!("../../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"),
            include_str!("../../tests/data/snowball-dutch/voc.txt"),
        ];
        let mut n = 0;
        for w in texts.iter().flat_map(|t| t.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')) {
            let w = w.to_lowercase();
            if let Some(s) = super::stem(&w) {
                assert_eq!(s, reference.stem(&w), "{w:?}");
                n += 1;
            }
        }
        assert!(n > 50_000, "{n}");
        proptest::proptest!(proptest::prelude::ProptestConfig::with_cases(20_000), |(w in "[aeiouyjdktgmhnscblr'I-]{0,14}")| {
            if let Some(s) = super::stem(&w) {
                proptest::prop_assert_eq!(s, reference.stem(&w));
            }
        });
    }
}

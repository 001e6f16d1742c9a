//! Keyword in context: every occurrence of a term or an entity with the words around it,
//! sortable by the word to its left or right (the classic concordance view).
//!
//! Context is counted in words (word and number tokens); punctuation between them comes along.
//! Each line has UTF-8 byte spans into the text (for highlighting) and display strings (for
//! showing: whitespace, including line breaks, collapsed to single spaces).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, AnalyzedToken};
use crate::normalize::normalize;
use crate::tokenize::TokenKind;

/// What to find.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KwicTarget {
    /// A term by its stem (see [`crate::Term::stem`]); for numbers, the normalised number.
    /// Serialises as `{"term": "aanslag"}`.
    Term(String),
    /// An entity by its text or its canonical name, compared in normalised form; an entity
    /// written with that text brings its canonical name along, so "Kmar" and "Koninklijke
    /// Marechaussee" find each other when the text defines the abbreviation.
    /// Serialises as `{"entity": "Kmar"}`.
    Entity(String),
}

/// How to order the lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KwicSort {
    /// In text order.
    #[default]
    Text,
    /// Alphabetically by the word just left of the keyword, then the one before it, ...
    Left,
    /// Alphabetically by the word just right of the keyword, then the one after it, ...
    Right,
}

/// Options for [`kwic`]. Deserialises from `{"width": 5, "sort": "left", "withinSentence": true}`
/// with every field optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KwicOptions {
    /// Words of context on each side (default 6).
    pub width: usize,
    pub sort: KwicSort,
    /// Keep the context inside the keyword's sentence (default false: run on across sentences).
    pub within_sentence: bool,
}

impl Default for KwicOptions {
    fn default() -> KwicOptions {
        KwicOptions { width: 6, sort: KwicSort::Text, within_sentence: false }
    }
}

/// One occurrence with its context.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KwicLine {
    /// The keyword's tokens, half-open, into [`Analysis::tokens`].
    pub token_start: usize,
    pub token_end: usize,
    /// The keyword's UTF-8 byte span into the text.
    pub start: usize,
    pub end: usize,
    /// Where the left context starts and the right context ends (byte offsets; the left
    /// context is `left_start..start`, the right one `end..right_end`).
    pub left_start: usize,
    pub right_end: usize,
    /// Display strings: whitespace collapsed to single spaces, trimmed at the outer edges.
    pub left: String,
    pub keyword: String,
    pub right: String,
    /// Index into [`Analysis::sentences`] of the keyword's first token.
    pub sentence: usize,
    /// Normalised form of the nearest word left and right of the keyword, if any (the sort keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_word: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right_word: Option<String>,
}

/// Keyword-in-context lines for `target` in `text`, which must be the text `analysis` was made
/// from. No match gives no lines; spans are clamped so a mismatched text cannot panic.
///
/// ```
/// use tekstlens::kwic::{kwic, KwicOptions, KwicSort, KwicTarget};
/// let text = "De aanslagen in Parijs. Na de aanslag sprak de minister.";
/// let a = tekstlens::Analyzer::new(Default::default()).unwrap().analyze(text);
/// let opts = KwicOptions { width: 2, ..Default::default() };
/// let lines = kwic(text, &a, &KwicTarget::Term("aanslag".into()), &opts);
/// assert_eq!(lines.len(), 2);
/// assert_eq!((lines[0].left.as_str(), lines[0].keyword.as_str(), lines[0].right.as_str()),
///            ("De", "aanslagen", "in Parijs"));
/// assert_eq!(lines[1].left, "Na de");
/// assert_eq!(lines[1].right, "sprak de");
/// assert_eq!(&text[lines[1].start..lines[1].end], "aanslag");
/// ```
pub fn kwic(text: &str, analysis: &Analysis, target: &KwicTarget, options: &KwicOptions) -> Vec<KwicLine> {
    let tokens = &analysis.tokens;
    let spans: Vec<(usize, usize)> = match target {
        KwicTarget::Term(stem) => match analysis.terms.iter().find(|t| &t.stem == stem) {
            Some(term) => term.positions.iter().map(|&i| (i, i + 1)).collect(),
            // Not a counted term (a stop word, or numbers not counted): find the tokens anyway.
            None => tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| match t.kind {
                    TokenKind::Word => t.stem.as_deref() == Some(stem.as_str()),
                    TokenKind::Number => &t.norm == stem,
                    _ => false,
                })
                .map(|(i, _)| (i, i + 1))
                .collect(),
        },
        KwicTarget::Entity(name) => {
            // The name and the canonical names of every entity written that way: "Kmar" then
            // also finds "Koninklijke Marechaussee" when the text defines the abbreviation.
            let want = normalize(name.trim());
            let keys_of = |e: &crate::Entity| (normalize(&e.text), e.canonical.as_deref().map(normalize));
            let mut keys = vec![want.clone()];
            for e in &analysis.entities {
                let (text, canonical) = keys_of(e);
                if let Some(c) = canonical.filter(|c| (text == want || *c == want) && !keys.contains(c)) {
                    keys.push(c);
                }
            }
            analysis
                .entities
                .iter()
                .filter(|e| {
                    let (text, canonical) = keys_of(e);
                    keys.contains(&text) || canonical.is_some_and(|c| keys.contains(&c))
                })
                .map(|e| (e.token_start, e.token_end))
                .collect()
        }
    };
    let mut lines: Vec<(KwicLine, Vec<&str>, Vec<&str>)> = spans
        .into_iter()
        .filter(|&(s, e)| s < e && e <= tokens.len())
        .map(|(s, e)| line(text, tokens, s, e, options))
        .collect();
    match options.sort {
        KwicSort::Text => {}
        KwicSort::Left => crate::sort::sort_by(&mut lines, |a, b| cmp_keys(&a.1, &b.1).then(a.0.start.cmp(&b.0.start))),
        KwicSort::Right => crate::sort::sort_by(&mut lines, |a, b| cmp_keys(&a.2, &b.2).then(a.0.start.cmp(&b.0.start))),
    }
    lines.into_iter().map(|l| l.0).collect()
}

/// Orders sort keys word by word; a line with no word on that side sorts first.
fn cmp_keys(a: &[&str], b: &[&str]) -> Ordering {
    a.iter().map(|w| sort_key(w)).cmp(b.iter().map(|w| sort_key(w)))
}

/// A sort key that puts "één" next to "een" rather than after "z": accents folded to the base
/// letter, then the form itself as a tie-breaker.
fn sort_key(w: &str) -> (String, &str) {
    // Canonical decomposition per character, not `nfd()`: the marks are dropped, so their
    // canonical order does not matter (every character of a non-zero combining class is a
    // mark: tested), and `nfd()` links the compatibility tables (see normalize::nfc).
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    let mut base = String::with_capacity(w.len());
    for c in w.chars() {
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                base.push(d);
            }
        });
    }
    (base, w)
}

/// One line for the keyword tokens `s..e`, with its left and right sort keys (norms of the
/// context words, nearest first).
fn line<'a>(
    text: &str,
    tokens: &'a [AnalyzedToken],
    s: usize,
    e: usize,
    options: &KwicOptions,
) -> (KwicLine, Vec<&'a str>, Vec<&'a str>) {
    let is_word = |t: &AnalyzedToken| matches!(t.kind, TokenKind::Word | TokenKind::Number);
    let sentence = tokens[s].sentence;
    let last_sentence = tokens[e - 1].sentence;
    // Walk left until `width` words are in.
    let mut first = s;
    let mut left_words = Vec::new();
    while first > 0 && left_words.len() < options.width {
        let t = &tokens[first - 1];
        if options.within_sentence && t.sentence != sentence {
            break;
        }
        first -= 1;
        if is_word(t) {
            left_words.push(t.norm.as_str());
        }
    }
    // Walk right likewise.
    let mut last = e;
    let mut right_words = Vec::new();
    while last < tokens.len() && right_words.len() < options.width {
        let t = &tokens[last];
        if options.within_sentence && t.sentence != last_sentence {
            break;
        }
        last += 1;
        if is_word(t) {
            right_words.push(t.norm.as_str());
        }
    }
    let clamp = |i: usize| i.min(text.len());
    let start = clamp(tokens[s].start);
    let end = clamp(tokens[e - 1].end).max(start);
    let left_start = if first < s { clamp(tokens[first].start).min(start) } else { start };
    let right_end = if last > e { clamp(tokens[last - 1].end).max(end) } else { end };
    let slice = |a: usize, b: usize| text.get(a..b).map(collapse).unwrap_or_default();
    let kwic = KwicLine {
        token_start: s,
        token_end: e,
        start,
        end,
        left_start,
        right_end,
        left: slice(left_start, start),
        keyword: slice(start, end),
        right: slice(end, right_end),
        sentence,
        left_word: left_words.first().map(|w| (*w).to_owned()),
        right_word: right_words.first().map(|w| (*w).to_owned()),
    };
    (kwic, left_words, right_words)
}

/// Collapses whitespace runs (line breaks included) to one space and trims the ends.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Options};

    const LETTER: &str = include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt");

    /// The accent-folded key is the NFD form without its marks, on every code point alone and
    /// with marks after it.
    #[test]
    fn sort_key_is_nfd_without_marks() {
        use unicode_normalization::UnicodeNormalization;
        use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
        let mut s = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert!(canonical_combining_class(c) == 0 || is_combining_mark(c), "{c:?}");
            for after in ["", "\u{316}\u{301}", "\u{301}\u{316}"] {
                s.clear();
                s.push(c);
                s.push_str(after);
                let want: String = s.nfd().filter(|c| !is_combining_mark(*c)).collect();
                assert_eq!(sort_key(&s).0, want, "{s:?}");
            }
        }
    }

    #[test]
    fn terms_in_the_demo_letter() {
        let a = Analyzer::new(Options::default()).unwrap().analyze(LETTER);
        let term = a.terms.iter().find(|t| t.stem == "aanslag").unwrap();
        let lines = a.kwic(LETTER, &KwicTarget::Term("aanslag".into()), &KwicOptions::default());
        assert_eq!(lines.len(), term.count);
        for l in &lines {
            assert_eq!(collapse(&LETTER[l.start..l.end]), l.keyword);
            assert_eq!(collapse(&LETTER[l.left_start..l.start]), l.left);
            assert_eq!(collapse(&LETTER[l.end..l.right_end]), l.right);
            assert!(l.keyword.to_lowercase().starts_with("aanslag"));
            let words = |s: &str| s.split(' ').filter(|w| w.chars().any(char::is_alphanumeric)).count();
            assert!(words(&l.left) <= 6 && words(&l.right) <= 6, "{l:?}");
        }
        // Text order by default.
        assert!(lines.windows(2).all(|w| w[0].start < w[1].start));
    }

    #[test]
    fn sorting() {
        let text = "Zware aanslagen. Alle aanslagen vandaag. Bij aanslagen zonder doden. Mei.";
        let a = Analyzer::new(Options::default()).unwrap().analyze(text);
        let t = KwicTarget::Term("aanslag".into());
        let by = |sort| -> Vec<Option<String>> {
            let o = KwicOptions { width: 3, sort, within_sentence: true };
            a.kwic(text, &t, &o).into_iter().map(|l| l.left_word).collect()
        };
        let s = |w: &str| Some(w.to_owned());
        assert_eq!(by(KwicSort::Left), [s("alle"), s("bij"), s("zware")]);
        let right: Vec<Option<String>> = a
            .kwic(text, &t, &KwicOptions { width: 3, sort: KwicSort::Right, within_sentence: true })
            .into_iter()
            .map(|l| l.right_word)
            .collect();
        // "Zware aanslagen." has no word to its right inside the sentence: it sorts first.
        assert_eq!(right, [None, s("vandaag"), s("zonder")]);
        // Across sentences the context runs on.
        let o = KwicOptions { width: 1, ..Default::default() };
        let first = &a.kwic(text, &t, &o)[0];
        assert_eq!(first.right, ". Alle");
    }

    #[test]
    fn entities_by_text_or_canonical() {
        let text = "De Koninklijke Marechaussee (Kmar) bewaakt de grens. De Kmar controleert.";
        let a = Analyzer::new(Options::default()).unwrap().analyze(text);
        let by_long = a.kwic(text, &KwicTarget::Entity("koninklijke marechaussee".into()), &KwicOptions::default());
        let by_short = a.kwic(text, &KwicTarget::Entity("Kmar".into()), &KwicOptions::default());
        assert_eq!(by_long.len(), 3, "{by_long:?}");
        assert_eq!(by_short.len(), 3);
        assert_eq!(by_long[1].keyword, "Kmar");
        assert!(a.kwic(text, &KwicTarget::Entity("NCTV".into()), &KwicOptions::default()).is_empty());
    }

    #[test]
    fn odd_input_never_panics() {
        let a = Analyzer::new(Options::default()).unwrap();
        for text in ["", "aanslag", "  \n aanslag \n ", "🙂 aanslagen 🙂"] {
            let r = a.analyze(text);
            for width in [0, 1, 100] {
                let o = KwicOptions { width, sort: KwicSort::Left, within_sentence: false };
                let lines = r.kwic(text, &KwicTarget::Term("aanslag".into()), &o);
                assert!(lines.iter().all(|l| l.keyword.starts_with("aanslag")));
            }
            // A different (shorter) text than the analysed one stays in bounds.
            let _ = r.kwic("", &KwicTarget::Term("aanslag".into()), &KwicOptions::default());
        }
        // A stop word is not a term but still has contexts.
        let r = a.analyze("De kat en de hond.");
        assert_eq!(r.kwic("De kat en de hond.", &KwicTarget::Term("de".into()), &KwicOptions::default()).len(), 2);
    }

    #[test]
    fn options_from_json() {
        let o: KwicOptions = serde_json::from_str(r#"{"sort": "right"}"#).unwrap();
        assert_eq!(o, KwicOptions { sort: KwicSort::Right, ..Default::default() });
        let t: KwicTarget = serde_json::from_str(r#"{"entity": "Kmar"}"#).unwrap();
        assert_eq!(t, KwicTarget::Entity("Kmar".into()));
    }
}

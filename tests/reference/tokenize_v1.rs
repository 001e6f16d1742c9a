//! The tokenizer as it was before the ASCII fast paths (commit 4b3e443, src/tokenize.rs),
//! kept verbatim as the reference for tests/tokenize_differential.rs: the fast tokenizer must
//! give exactly these tokens, kinds and sentences. Only the import path and this header changed.
#![allow(dead_code)]

// Tokenisation: UAX #29 word and sentence boundaries with Dutch corrections.
//
// # Offsets
// Every [`Token`] and [`Sentence`] carries a half-open byte range `start..end` into the
// original text, on `char` boundaries: `&text[t.start..t.end]` is exactly the token as
// written. Later stages (normalisation, stop words, stemming) derive forms from that slice and
// never change the span. Whitespace is never a token.
//
// # Dutch corrections on top of UAX #29
// - abbreviations keep their final period and do not end a sentence: "o.a.", "nr.", "a.s."
//   (the list is [`ABBREVIATIONS`]; callers can pass their own to [`Tokenizer`]);
// - initials: "M." before a capitalised word is one token and ends no sentence ("M. Rutte");
// - apostrophe forms: "’s-Gravenhage", "'s avonds", "’t", "z’n", "auto's";
// - hyphenated compounds ("JBZ-Raad", "staakt-het-vuren") and elided coordination
//   ("immigratie- en veiligheidsdiensten", "wapenbezit en –handel");
// - ampersand acronyms ("DT&V", "I&R");
// - numbers with digit groups and units: "29 754", "12.00u", "5,75%", "21 501-02";
// - OCR line-break hyphenation: "politie-\napparaat" is one token (its normalised form
//   joins the halves);
// - sentences: UAX #29 breaks after every line break; a single line break inside a sentence
//   (OCR line wrapping) is undone when the next line continues in lowercase or the line ends in
//   a function word or comma.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use tekstlens::normalize::normalize;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Contains a letter and does not start with a digit: "aanslagen", "JBZ-Raad", "o.a.".
    Word,
    /// Starts with a digit: "2015", "29 754", "12.00u", "5,75%".
    Number,
    /// Punctuation: . , ; : ! ? quotes, brackets, dashes.
    Punct,
    /// Anything else that is not whitespace: "%", "€", "+", emoji.
    Symbol,
}

/// A token: a half-open byte span into the original text, its kind and its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Index of the sentence the token belongs to.
    pub sentence: usize,
}

impl Token {
    /// The token as written.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// The normalised form (see [`crate::normalize`]).
    pub fn norm(&self, text: &str) -> String {
        normalize(self.text(text))
    }
}

/// A sentence: the half-open byte span from its first token's start to its last token's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Tokens and sentences of one text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tokenized {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

/// Dutch abbreviations that end in a period which does not end a sentence (lowercase, with the
/// final period). Forms with inner periods ("o.a.") are written as they appear.
pub const ABBREVIATIONS: &[&str] = &[
    "a.s.", "a.u.b.", "aanv.", "afb.", "afd.", "afk.", "alg.", "art.", "bijv.", "bijl.", "blz.",
    "bv.", "c.a.", "c.q.", "ca.", "cf.", "d.d.", "d.i.", "d.m.v.", "d.w.z.", "dhr.", "dr.",
    "drs.", "ds.", "e.a.", "e.d.", "e.e.a.", "e.v.", "enz.", "etc.", "evt.", "excl.", "fa.",
    "fig.", "geb.", "gem.", "hfd.", "i.c.", "i.e.", "i.h.a.", "i.o.m.", "i.p.v.", "i.s.m.",
    "i.t.t.", "i.v.m.", "i.z.", "ibid.", "incl.", "ing.", "ir.", "jl.", "jr.", "kol.", "lid.",
    "m.a.w.", "m.b.t.", "m.b.v.", "m.i.", "m.i.v.", "m.m.v.", "m.n.", "m.u.v.", "max.", "mevr.",
    "mgr.", "min.", "mln.", "mr.", "mrd.", "mw.", "n.a.v.", "n.b.", "n.v.t.", "nl.", "no.",
    "nr.", "nrs.", "o.a.", "o.b.v.", "o.i.", "o.i.d.", "o.l.v.", "o.m.", "o.v.v.", "p.", "p.m.",
    "p.p.", "pag.", "par.", "prof.", "red.", "resp.", "s.v.p.", "sr.", "st.", "stb.", "stcrt.",
    "t.a.v.", "t.b.v.", "t.g.v.", "t.o.v.", "t.w.", "t.z.t.", "tel.", "vgl.", "vnl.", "vs.",
    "vz.", "w.o.", "z.g.", "z.s.m.", "zgn.", "zg.", "jan.", "feb.", "mrt.", "apr.", "jun.",
    "jul.", "aug.", "sep.", "sept.", "okt.", "nov.", "dec.", "kst.", "trb.",
];

/// Abbreviations that often close a sentence ("... wapens, munitie enz. Daarna"): before a
/// capital they end it. Every other abbreviation ("o.a. Nederland", "nr. 325", "mr. Jansen")
/// never does.
const MAY_END_SENTENCE: &[&str] = &[
    "a.s.", "jl.", "enz.", "etc.", "e.d.", "e.a.", "e.v.", "n.v.t.", "o.i.d.", "e.e.a.", "d.d.",
];

/// Function words after which a line break cannot end a sentence.
const CONTINUATION_WORDS: &[&str] = &[
    "aan", "als", "bij", "de", "dat", "der", "des", "die", "door", "een", "en", "het", "in",
    "met", "naar", "of", "om", "op", "over", "te", "ten", "ter", "tot", "uit", "van", "voor",
    "zijn", "is", "wordt", "worden", "werd", "heeft", "hebben", "niet", "ook", "dan", "maar",
];

/// Words that often start a sentence and are never a surname: "groep B. Daarna" is two
/// sentences, "M. Rutte" one.
pub(crate) const SENTENCE_STARTERS: &[&str] = &[
    "aan", "al", "alle", "als", "graag", "hierbij", "hiermee", "lees", "mede", "namens", "voorts",
    "zie", "gelet", "gezien", "conform", "betreft", "inmiddels", "overigens", "uiteraard", "bij", "bovendien", "daar", "daarbij", "daarin", "daarmee",
    "daarna", "daarnaast", "daarom", "dan", "dat", "de", "deze", "die", "dit", "door", "echter",
    "een", "en", "enkele", "er", "geen", "het", "hier", "hij", "hoe", "ik", "in", "maar", "meer",
    "met", "na", "naar", "niet", "nog", "nu", "om", "ondanks", "onder", "ook", "op", "over",
    "sinds", "tegen", "tevens", "tijdens", "toen", "tot", "u", "uit", "van", "veel", "verder",
    "volgens", "voor", "waar", "wat", "we", "wie", "wij", "ze", "zij", "zo", "zoals",
];

/// A configured tokenizer. [`tokenize`] uses the default configuration.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    abbreviations: std::collections::HashSet<String>,
}

impl Default for Tokenizer {
    fn default() -> Tokenizer {
        Tokenizer::with_abbreviations(ABBREVIATIONS.iter().copied())
    }
}

/// Tokenises `text` with the default Dutch abbreviations.
///
/// ```
/// let text = "Zie o.a. Kamerstuk 29 754, nr. 325. M. Rutte sprak met de DT&V.";
/// let t = tekstlens::tokenize::tokenize(text);
/// let words: Vec<&str> = t.tokens.iter().map(|t| t.text(text)).collect();
/// assert_eq!(words, ["Zie", "o.a.", "Kamerstuk", "29 754", ",", "nr.", "325", ".",
///                    "M.", "Rutte", "sprak", "met", "de", "DT&V", "."]);
/// assert_eq!(t.sentences.len(), 2);
/// ```
pub fn tokenize(text: &str) -> Tokenized {
    thread_local! {
        static DEFAULT: Tokenizer = Tokenizer::default();
    }
    DEFAULT.with(|t| t.tokenize(text))
}

/// [`Tokenizer::tokens`] with the default Dutch abbreviations.
pub fn tokens(text: &str) -> Vec<Token> {
    thread_local! {
        static DEFAULT: Tokenizer = Tokenizer::default();
    }
    DEFAULT.with(|t| t.tokens(text))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Alpha,
    Num,
    Space { newlines: usize },
    Other(char),
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    class: Class,
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{00AD}')
}

fn is_dash(c: char) -> bool {
    is_hyphen(c) || matches!(c, '\u{2013}' | '\u{2212}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{02BC}')
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '/'
            | '\\' | '*' | '@' | '#' | '_' | '&' | '¡' | '¿' | '«' | '»' | '‹' | '›' | '‘'
            | '’' | '‚' | '“' | '”' | '„' | '–' | '—' | '…' | '·' | '•' | '§' | '¶' | '`'
            | '´'
    ) || is_dash(c)
}

impl Tokenizer {
    /// A tokenizer with the given abbreviations (lowercase, ending in a period).
    pub fn with_abbreviations<'a>(abbrevs: impl IntoIterator<Item = &'a str>) -> Tokenizer {
        Tokenizer { abbreviations: abbrevs.into_iter().map(|a| a.to_lowercase()).collect() }
    }

    /// Adds abbreviations (lowercase, ending in a period).
    pub fn add_abbreviations<'a>(&mut self, abbrevs: impl IntoIterator<Item = &'a str>) {
        self.abbreviations.extend(abbrevs.into_iter().map(|a| a.to_lowercase()));
    }

    /// The tokens of `text` without sentence boundaries (every `sentence` is 0): the same
    /// spans and kinds as [`Tokenizer::tokenize`], for callers that only count words.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        self.merge(text, &pieces(text))
    }

    /// Tokenises `text`. Never panics; every span is on char boundaries.
    pub fn tokenize(&self, text: &str) -> Tokenized {
        let pieces = pieces(text);
        let mut tokens = self.merge(text, &pieces);
        let sentences = self.sentences(text, &mut tokens);
        Tokenized { tokens, sentences }
    }

    fn merge(&self, text: &str, p: &[Piece]) -> Vec<Token> {
        let class = |i: usize| p.get(i).map(|x| x.class);
        let s = |i: usize| p.get(i).map_or("", |x| &text[x.start..x.end]);
        let other = |i: usize, f: fn(char) -> bool| matches!(class(i), Some(Class::Other(c)) if f(c));
        let word_like = |i: usize| matches!(class(i), Some(Class::Alpha | Class::Num));
        let lower_start = |i: usize| {
            matches!(class(i), Some(Class::Alpha)) && s(i).chars().next().is_some_and(char::is_lowercase)
        };
        let single_space = |i: usize| {
            matches!(class(i), Some(Class::Space { newlines: 0 }))
                && s(i).chars().count() == 1
        };

        let mut out = Vec::with_capacity(p.len() / 2 + 1);
        let mut i = 0;
        while i < p.len() {
            let piece = p[i];
            match piece.class {
                Class::Space { .. } => {
                    i += 1;
                    continue;
                }
                Class::Other(c) => {
                    let prev_alpha_adjacent = i > 0 && word_like(i - 1);
                    // Apostrophe forms: "’s-Gravenhage", "'s avonds", "’t".
                    if is_apostrophe(c)
                        && !prev_alpha_adjacent
                        && matches!(s(i + 1), "s" | "t" | "k" | "n")
                        && (p.get(i + 2).is_none()
                            || matches!(class(i + 2), Some(Class::Space { .. }))
                            || (other(i + 2, is_hyphen) && word_like(i + 3)))
                    {
                        let end = self.extend_word(text, p, i + 1);
                        out.push(tok(piece.start, p[end].end, TokenKind::Word));
                        i = end + 1;
                        continue;
                    }
                    // Elided coordination: "en –handel", "en -export".
                    if is_dash(c) && !prev_alpha_adjacent && lower_start(i + 1) {
                        let end = self.extend_word(text, p, i + 1);
                        out.push(tok(piece.start, p[end].end, TokenKind::Word));
                        i = end + 1;
                        continue;
                    }
                    let kind = if is_punct(c) { TokenKind::Punct } else { TokenKind::Symbol };
                    out.push(tok(piece.start, piece.end, kind));
                    i += 1;
                }
                Class::Alpha | Class::Num => {
                    let mut end = self.extend_word(text, p, i);
                    // Elided coordination before: "immigratie- en veiligheidsdiensten".
                    if other(end + 1, is_hyphen) && single_space(end + 2) && word_like(end + 3) {
                        end += 1;
                    }
                    let kind = if piece.class == Class::Num
                        || s(i).chars().next().is_some_and(|c| c.is_ascii_digit())
                    {
                        TokenKind::Number
                    } else {
                        TokenKind::Word
                    };
                    out.push(tok(piece.start, p[end].end, kind));
                    i = end + 1;
                }
            }
        }
        out
    }

    /// Extends a word or number starting at piece `i`; returns the index of its last piece.
    fn extend_word(&self, text: &str, p: &[Piece], i: usize) -> usize {
        let class = |i: usize| p.get(i).map(|x| x.class);
        let s = |i: usize| p.get(i).map_or("", |x| &text[x.start..x.end]);
        let word_like = |i: usize| matches!(class(i), Some(Class::Alpha | Class::Num));
        let digits = |i: usize| s(i).bytes().all(|b| b.is_ascii_digit()) && !s(i).is_empty();
        let numeric = matches!(class(i), Some(Class::Num));

        let mut end = i;
        loop {
            let next = end + 1;
            match class(next) {
                // Compound: "JBZ-Raad", "staakt-het-vuren", "21 501-02".
                Some(Class::Other(c)) if is_hyphen(c) && word_like(next + 1) => {
                    end = next + 1;
                }
                // OCR line-break hyphenation: "politie-\napparaat" (not before "en"/"of").
                Some(Class::Other(c))
                    if is_hyphen(c)
                        && matches!(class(next + 1), Some(Class::Space { newlines: 1 }))
                        && matches!(class(next + 2), Some(Class::Alpha))
                        && !matches!(s(next + 2), "en" | "of" | "tot" | "t/m") =>
                {
                    end = next + 2;
                }
                // Ampersand acronyms: "DT&V", "I&R".
                Some(Class::Other('&'))
                    if matches!(class(next + 1), Some(Class::Alpha))
                        && s(end).chars().next().is_some_and(char::is_uppercase)
                        && s(next + 1).chars().next().is_some_and(char::is_uppercase) =>
                {
                    end = next + 1;
                }
                // Digit groups: "29 754", "1 000 000" (a group of 1-3 digits, then exactly 3).
                Some(Class::Space { newlines: 0 })
                    if numeric
                        && digits(end)
                        && s(end).len() <= 3
                        && matches!(s(next), " " | "\u{a0}" | "\u{202f}")
                        && digits(next + 1)
                        && s(next + 1).len() == 3 =>
                {
                    end = next + 1;
                }
                // Percent sign: "5,75%".
                Some(Class::Other('%')) if numeric => {
                    end = next;
                    break;
                }
                // Abbreviations and initials keep their period.
                Some(Class::Other('.')) if matches!(class(end), Some(Class::Alpha)) => {
                    let word = &text[p[i].start..p[end].end];
                    let with_dot = format!("{}.", word.to_lowercase());
                    if self.abbreviations.contains(&with_dot)
                        || is_dotted_abbreviation(word)
                        || is_initial(word) && before_name(text, p, next + 1)
                    {
                        end = next;
                    }
                    break;
                }
                _ => break,
            }
        }
        end
    }

    /// Assigns sentence indices to tokens and returns the sentence spans.
    fn sentences(&self, text: &str, tokens: &mut [Token]) -> Vec<Sentence> {
        if tokens.is_empty() {
            return Vec::new();
        }
        let starts: Vec<usize> = text.split_sentence_bound_indices().map(|(i, _)| i).collect();
        let mut sentences = Vec::new();
        let mut first = 0;
        for i in 1..tokens.len() {
            let (prev, cur) = (tokens[i - 1], tokens[i]);
            // Is there a UAX #29 boundary between the two tokens?
            let k = starts.partition_point(|&s| s <= prev.start);
            let boundary = starts.get(k).is_some_and(|&s| s <= cur.start);
            if boundary && self.keeps_boundary(text, prev, cur) {
                sentences.push(Sentence { start: tokens[first].start, end: prev.end });
                first = i;
            }
            tokens[i].sentence = sentences.len();
        }
        tokens[0].sentence = 0;
        sentences.push(Sentence { start: tokens[first].start, end: tokens[tokens.len() - 1].end });
        sentences
    }

    /// Whether a UAX #29 sentence boundary between `prev` and `cur` is a real Dutch one.
    fn keeps_boundary(&self, text: &str, prev: Token, cur: Token) -> bool {
        let gap = &text[prev.end..cur.start];
        let newlines = gap.matches('\n').count() + gap.matches('\r').count()
            - gap.matches("\r\n").count();
        let prev_text = prev.text(text);
        let cur_text = cur.text(text);
        let cur_upper = cur_text.chars().next().is_some_and(char::is_uppercase);
        let prev_norm = normalize(prev_text);
        // Closing punctuation never starts a sentence ("‘substantieel’\n." in a pasted letter).
        if matches!(cur_text, "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "…") {
            return false;
        }
        if newlines >= 2 {
            return true;
        }
        if prev.kind == TokenKind::Word && prev_text.ends_with('.') {
            // Abbreviation or initial: the period belongs to the word.
            // Initials before a name ("A.J.M. van der Laan", "M. Rutte") end nothing; before a
            // word that starts sentences ("de U.S.A. Daarna") they may.
            if is_initial(prev_text.trim_end_matches('.'))
                && !SENTENCE_STARTERS.contains(&normalize(cur_text).as_str())
            {
                return false;
            }
            if !self.abbreviations.contains(&prev_norm) || MAY_END_SENTENCE.contains(&prev_norm.as_str()) {
                return cur_upper || newlines == 1;
            }
            return newlines == 1 && cur_upper;
        }
        let prev_final = matches!(prev_text, "." | "!" | "?" | "…" | "...")
            || matches!(prev_text, ")" | "”" | "\"" | "’" | "'" | "»");
        if newlines == 1 && !prev_final {
            // A wrapped line: the sentence goes on when the next line is lowercase or a number,
            // or the line ends in a function word, comma, hyphen or opening bracket.
            if !cur_upper
                || CONTINUATION_WORDS.contains(&prev_norm.as_str())
                || matches!(prev_text, "," | "(" | ";" | ":" | "-" | "–" | "‘" | "“" | "„")
            {
                return false;
            }
        }
        true
    }
}

fn tok(start: usize, end: usize, kind: TokenKind) -> Token {
    Token { start, end, kind, sentence: 0 }
}

/// "U.S.A", "K.N.I.L", "a.i": letters (one or two each) separated by periods. Their final period
/// belongs to them; whether it also ends the sentence is decided with the sentence boundaries.
fn is_dotted_abbreviation(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            let n = part.chars().count();
            (1..=2).contains(&n) && part.chars().all(char::is_alphabetic)
        })
}

/// "M", "M.J", "A.J.M", "D.IJ.W": single capitals (or the Dutch "IJ") separated by periods.
/// (Changed with the tokenizer: "IJ" counts as the letter of an initial.)
fn is_initial(word: &str) -> bool {
    !word.is_empty()
        && word.split('.').all(|part| {
            let mut cs = part.chars();
            part == "IJ" || matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
        })
}

/// Whether the pieces from `i` are optional spaces (no blank line) and then a capitalised word,
/// another initial, or a name particle ("M. van der Laan").
fn before_name(text: &str, p: &[Piece], mut i: usize) -> bool {
    if let Some(Piece { class: Class::Space { newlines }, .. }) = p.get(i) {
        if *newlines > 1 {
            return false;
        }
        i += 1;
    }
    match p.get(i) {
        Some(x) if x.class == Class::Alpha => {
            let w = &text[x.start..x.end];
            (w.chars().next().is_some_and(char::is_uppercase)
                && !SENTENCE_STARTERS.contains(&w.to_lowercase().as_str()))
                || matches!(w, "van" | "de" | "der" | "den" | "ter" | "ten" | "te" | "in" | "het")
        }
        _ => false,
    }
}

/// Splits `text` on UAX #29 word boundaries and classifies each piece. Adjacent whitespace
/// pieces (UAX #29 splits "\n   " after the line break) are one piece.
fn pieces(text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (start, s) in text.split_word_bound_indices() {
        let end = start + s.len();
        let first = s.chars().next().unwrap_or(' ');
        let class = if s.chars().all(char::is_whitespace) {
            let newlines = s.matches('\n').count().max(s.matches('\r').count());
            if let Some(Piece { class: Class::Space { newlines: n }, end: e, .. }) = out.last_mut() {
                *n += newlines;
                *e = end;
                continue;
            }
            Class::Space { newlines }
        } else if first.is_numeric() {
            Class::Num
        } else if s.chars().any(char::is_alphanumeric) {
            Class::Alpha
        } else {
            Class::Other(first)
        };
        out.push(Piece { start, end, class });
    }
    out
}


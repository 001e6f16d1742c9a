//! Dates and document references, by token patterns.
//!
//! DATE: "17 november 2015", "16 en 17 november", "vrijdag 20 november a.s.", "14 november jl.",
//! "januari 2015", "9 feb", "17-11-2015". REF: parliamentary papers ("Kamerstuk 29 754, nr. 325",
//! "Kamerstukken II 2014/15, 21 501-02, nr. 1458", "Handelingen II 2015/16, nr. 12"),
//! official gazettes ("Stb. 2015, 123") and legal articles ("artikel 42 lid 7 VEU").

use super::{Candidate, Doc, Label, Source, WordSet};
use crate::tokenize::TokenKind;

const MONTHS: &[&str] = &[
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "october", "november", "december", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep",
    "sept", "okt", "nov", "dec", "jan.", "feb.", "mrt.", "apr.", "jun.", "jul.", "aug.", "sep.",
    "sept.", "okt.", "nov.", "dec.",
];
const WEEKDAYS: &[&str] = &["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
const RELATIVE: &[&str] = &["a.s.", "jl.", "j.l.", "aanstaande", "jongstleden"];
/// Words that open a reference to a parliamentary or official publication.
const PAPERS: &[&str] = &[
    "kamerstuk", "kamerstukken", "handelingen", "aanhangsel", "stb.", "staatsblad", "stcrt.",
    "staatscourant", "trb.", "tractatenblad", "kst.", "kst", "bijlage",
];
const ARTICLES: &[&str] = &["artikel", "artikelen", "art."];
const ARTICLE_PARTS: &[&str] = &["lid", "leden", "onder", "sub", "onderdeel", "aanhef", "en"];
/// Endings of law names that may follow an article ("artikel 3 Vreemdelingenwet").
const LAW_ENDINGS: &[&str] = &["wet", "verdrag", "wetboek", "besluit", "regeling", "richtlijn", "verordening", "grondwet", "statuut"];

// The lists as hashed sets: every token that may start a date or reference (each number of the
// text) is tested against several of them, and the list comparisons were a third of the time.
static MONTHS_SET: WordSet = WordSet::new(MONTHS);
static WEEKDAYS_SET: WordSet = WordSet::new(WEEKDAYS);
static RELATIVE_SET: WordSet = WordSet::new(RELATIVE);
static PAPERS_SET: WordSet = WordSet::new(PAPERS);
static ARTICLES_SET: WordSet = WordSet::new(ARTICLES);
static ARTICLE_PARTS_SET: WordSet = WordSet::new(ARTICLE_PARTS);

/// Finds dates and references.
pub fn find(doc: &Doc<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let n = doc.tokens.len();
    let mut starts = super::PerForm::new(may_start);
    let mut i = 0;
    while i < n {
        if !starts.get(doc, i) {
            i += 1;
            continue;
        }
        let found = date_at(doc, i)
            .map(|e| (e, Label::Date))
            .or_else(|| paper_at(doc, i).map(|e| (e, Label::Ref)))
            .or_else(|| article_at(doc, i).map(|e| (e, Label::Ref)));
        match found {
            Some((end, label)) => {
                out.push(Candidate { start: i, end, label, source: Source::Rule, canonical: None });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether a date or reference can start at a token with this normalised form: one starting
/// with a digit ("17", "17-11-2015"; '+' for what `u32::from_str` accepts) or a weekday,
/// month, paper or article word. Tested first on every token, so that the three pattern
/// functions (about 60 list comparisons) run only on the few tokens that can start one.
fn may_start(norm: &str) -> bool {
    // A WordSet rejects most words by length and first byte before hashing. (The list is
    // leaked once: a WordSet borrows a static slice.)
    static STARTERS: std::sync::OnceLock<super::WordSet> = std::sync::OnceLock::new();
    norm.as_bytes().first().is_some_and(|&b| b.is_ascii_digit() || b == b'+')
        || STARTERS
            .get_or_init(|| {
                let words: Vec<&'static str> = WEEKDAYS.iter().chain(MONTHS).chain(PAPERS).chain(ARTICLES).copied().collect();
                super::WordSet::new(Vec::leak(words))
            })
            .contains(norm)
}

fn norm<'a>(doc: &Doc<'a>, i: usize) -> &'a str {
    doc.tokens.get(i).map_or("", |t| t.norm.as_str())
}

fn is_num(doc: &Doc<'_>, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Number)
}

fn day(doc: &Doc<'_>, i: usize) -> bool {
    let s = norm(doc, i);
    is_num(doc, i) && s.len() <= 2 && s.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn year(doc: &Doc<'_>, i: usize) -> bool {
    let s = norm(doc, i);
    is_num(doc, i) && s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1000..=2999).contains(&y))
}

fn month(doc: &Doc<'_>, i: usize) -> bool {
    // "mei" and "jun" are also words; short forms only lowercase or with a period.
    MONTHS_SET.contains(norm(doc, i)) && doc.tokens[i].kind == TokenKind::Word
}

/// A date starting at token `i`; returns the end token (exclusive).
fn date_at(doc: &Doc<'_>, i: usize) -> Option<usize> {
    let mut j = i;
    let weekday = WEEKDAYS_SET.contains(norm(doc, j));
    if weekday {
        j += 1;
    }
    let end = if day(doc, j) {
        // Days: "16 en 17", "7 t/m 9", "7-9".
        let mut k = j + 1;
        while matches!(norm(doc, k), "en" | "," | "-" | "tot" | "t/m") && day(doc, k + 1) {
            k += 2;
        }
        if !month(doc, k) {
            return None;
        }
        k += 1;
        if year(doc, k) {
            k += 1;
        }
        k
    } else if !weekday && month(doc, j) && year(doc, j + 1) {
        // "januari 2015" (a bare month name alone is too vague to mark).
        j + 2
    } else if !weekday && is_numeric_date(norm(doc, j)) {
        j + 1
    } else {
        return None;
    };
    Some(if RELATIVE_SET.contains(norm(doc, end)) { end + 1 } else { end })
}

/// "17-11-2015", "17/11/2015" as one token.
fn is_numeric_date(s: &str) -> bool {
    // Three parts, taken without collecting them (this runs for most numbers of the text).
    let mut parts = s.split(['-', '/']);
    let (Some(d), Some(m), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    [d, m, y].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && d.len() <= 2
        && m.len() <= 2
        && matches!(y.len(), 2 | 4)
        && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

/// "Kamerstuk 29 754, nr. 325", "Kamerstukken II 2014/15, 21 501-02, nr. 1458".
// Each branch accepts one kind of token of a reference; several advance alike, kept apart
// to read as a list of cases.
#[allow(clippy::if_same_then_else)]
fn paper_at(doc: &Doc<'_>, i: usize) -> Option<usize> {
    let first = norm(doc, i);
    if !PAPERS_SET.contains(first) {
        return None;
    }
    let mut j = i + 1;
    if first == "aanhangsel" && norm(doc, j) == "handelingen" {
        j += 1;
    }
    let mut end = None;
    loop {
        let s = norm(doc, j);
        if is_num(doc, j) {
            j += 1;
            end = Some(j);
        } else if matches!(s, "i" | "ii") || (s == "/" && is_num(doc, j + 1) && end.is_some()) {
            j += 1;
        } else if matches!(s, "nr." | "nrs." | "nr" | "no." | "blz." | "p.") && is_num(doc, j + 1) {
            j += 1;
        } else if matches!(s, "," | "en") && end.is_some() && (is_num(doc, j + 1) || matches!(norm(doc, j + 1), "nr." | "nrs." | "nr" | "blz.")) {
            j += 1;
        } else {
            break;
        }
    }
    end
}

/// "artikel 42 lid 7 VEU", "art. 3, tweede lid", "artikel 8 van de Vreemdelingenwet".
fn article_at(doc: &Doc<'_>, i: usize) -> Option<usize> {
    if !ARTICLES_SET.contains(norm(doc, i)) || !is_num(doc, i + 1) {
        return None;
    }
    let mut end = i + 2;
    let mut j = end;
    loop {
        let s = norm(doc, j);
        if ARTICLE_PARTS_SET.contains(s) && (is_num(doc, j + 1) || norm(doc, j + 1).len() == 1) {
            j += 2;
            end = j;
        } else {
            break;
        }
    }
    // The law: an acronym ("VEU", "EVRM") or a capitalised law name, maybe after "van de".
    let mut k = end;
    if norm(doc, k) == "van" && matches!(norm(doc, k + 1), "de" | "het") {
        k += 2;
    }
    if let Some(t) = doc.tokens.get(k) {
        let w = doc.surface(k);
        let law = t.kind == TokenKind::Word
            && (crate::normalize::is_all_caps(w)
                || (doc.is_cap(k) && LAW_ENDINGS.iter().any(|e| t.norm.ends_with(e))));
        if law {
            end = k + 1;
            if year(doc, end) {
                end += 1;
            }
        }
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Label, Options};

    #[test]
    fn table() {
        let a = Analyzer::new(Options::default()).unwrap();
        let cases: &[(&str, &str, Label)] = &[
            ("Den Haag, 17 november 2015", "17 november 2015", Label::Date),
            ("De Raad van 16 en 17 november kwam bijeen.", "16 en 17 november", Label::Date),
            ("Op vrijdag 20 november a.s. is er een Raad.", "vrijdag 20 november a.s.", Label::Date),
            ("de besprekingen van 14 november jl. gingen door", "14 november jl.", Label::Date),
            ("in januari 2015 gebeurde het", "januari 2015", Label::Date),
            ("de brief van 17-11-2015 zegt", "17-11-2015", Label::Date),
            ("Zoals in DTN40 (Kamerstuk 29 754, nr. 325) staat", "Kamerstuk 29 754, nr. 325", Label::Ref),
            ("(Kamerstuk 21 501-02, nr. 1458)", "Kamerstuk 21 501-02, nr. 1458", Label::Ref),
            ("zie Kamerstukken II 2014/15, 29 754, nr. 300.", "Kamerstukken II 2014/15, 29 754, nr. 300", Label::Ref),
            ("de bijstandsclausule (artikel 42 lid 7 VEU).", "artikel 42 lid 7 VEU", Label::Ref),
            ("op grond van artikel 3 van de Vreemdelingenwet 2000 mag", "artikel 3 van de Vreemdelingenwet 2000", Label::Ref),
        ];
        for (text, want, label) in cases {
            let r = a.analyze(text);
            assert!(
                r.entities.iter().any(|e| e.text == *want && e.label == *label),
                "{text:?}: want {want:?} {label}, got {:?}",
                r.entities.iter().map(|e| (&e.text, e.label)).collect::<Vec<_>>()
            );
        }
    }

    /// Deciding per numbered form finds what deciding per token finds.
    #[test]
    fn numbered_forms_find_the_same() {
        let a = Analyzer::new(Options::default()).unwrap();
        for text in [
            include_str!("../../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt"),
            include_str!("../../benches/texts/sgd-letters-sample.txt"),
        ] {
            let tokens = a.analyze(text).tokens;
            let mut by_norm = std::collections::HashMap::new();
            let ids: Vec<u32> = tokens.iter().map(|t| { let n = by_norm.len() as u32; *by_norm.entry(t.norm.as_str()).or_insert(n) }).collect();
            let plain = super::find(&crate::entities::Doc::new(text, &tokens));
            assert!(!plain.is_empty());
            assert_eq!(super::find(&crate::entities::Doc::with_norm_ids(text, &tokens, &ids)), plain);
        }
    }

    #[test]
    fn numeric_dates() {
        for s in ["17-11-2015", "17/11/2015", "1-1-15", "01-01-99", "31/12/2999"] {
            assert!(super::is_numeric_date(s), "{s}");
        }
        for s in ["", "-", "--", "17-11", "17-11-2015-1", "32-1-2015", "1-13-2015", "0-1-2015", "1-1-123", "a-b-c", "1--2015", "17-11/2015x", "+1-1-2015"] {
            assert!(!super::is_numeric_date(s), "{s}");
        }
    }

    #[test]
    fn not_dates() {
        let a = Analyzer::new(Options::default()).unwrap();
        for text in ["Er vielen 129 doden.", "In mei van dit jaar", "om 12.00u", "Er zijn 3 mei-bloemen."] {
            let r = a.analyze(text);
            assert!(r.entities.iter().all(|e| e.label != Label::Date), "{text}: {:?}", r.entities);
        }
    }
}

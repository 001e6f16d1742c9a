//! Abbreviations defined in the text: "Koninklijke Marechaussee (Kmar)", "Dienst Speciale
//! Interventies (DSI)".
//!
//! The long form is found with the Schwartz–Hearst rule (the abbreviation's letters appear in
//! order in the words before the bracket, its first letter starting a word). Both forms, and
//! every later use of the abbreviation, then share one label and one canonical name.

use super::{Candidate, Doc, Label, Source};
use crate::analysis::AnalyzedToken;
use crate::terms::{FxMap, FxSet};
use crate::tokenize::TokenKind;

/// Links defined abbreviations to their long forms, updating `accepted` and `taken`.
///
/// Linear in the text: each abbreviation is linked at its first definition only, and its other
/// uses are found through an index of token surfaces.
pub fn link(doc: &Doc<'_>, accepted: &mut Vec<Candidate>, taken: &mut [bool]) {
    let n = doc.tokens.len();
    // Whether a token is the one-byte `b` (a byte test: this runs for every token).
    let is = |t: &AnalyzedToken, b: u8| t.end == t.start + 1 && doc.text.as_bytes().get(t.start) == Some(&b);
    // The possible definitions: a short form in brackets, as the token after the "(".
    let mut defs: Vec<usize> = Vec::new();
    for (open, w) in doc.tokens.windows(3).enumerate() {
        if is(&w[0], b'(') && is(&w[2], b')') && is_short_form(doc, open + 1) {
            defs.push(open + 1);
        }
    }
    if defs.is_empty() {
        return;
    }
    // Which accepted candidate covers each token, plus one (0: none). Four bytes a token
    // rather than the sixteen of an `Option<usize>`: zeroing the array was a fifth of this
    // function. (Candidates number fewer than twice the tokens, as analyze's u32 form ids.)
    let mut owner: Vec<u32> = vec![0; n];
    let own = |k: usize| (k + 1) as u32;
    let owner_of = |o: u32| o.checked_sub(1).map(|k| k as usize);
    for (k, c) in accepted.iter().enumerate() {
        owner[c.start..c.end].iter_mut().for_each(|o| *o = own(k));
    }
    let mut removed = vec![false; accepted.len()];
    // Built on first need: token surfaces to positions, candidates' normalised forms to indices.
    let mut uses: Option<FxMap<&str, Vec<usize>>> = None;
    // Keyed by the hash of the form (see `form_hash`); equality is checked on lookup. Per hash
    // the first candidate, and per candidate the next one with its hash (`usize::MAX`: none):
    // a vector per form was most of the cost of the index.
    let mut forms: Option<(FxMap<u64, usize>, Vec<usize>)> = None;
    let mut linked = FxSet::default();
    // For `form_hash`.
    let mut buf = Vec::new();
    for &short_i in &defs {
        let open = short_i - 1;
        let short = doc.surface(short_i);
        if linked.contains(short) {
            continue;
        }
        let Some(long_start) = long_form(doc, short, open) else { continue };
        let long_end = open;
        if !doc.is_cap(long_start) {
            continue;
        }
        // What the earlier stages found inside the long form.
        let mut inside: Vec<usize> = owner[long_start..long_end].iter().filter_map(|&o| owner_of(o)).collect();
        inside.dedup();
        if inside.iter().any(|&k| {
            let c = &accepted[k];
            c.start < long_start || c.end > long_end || matches!(c.label, Label::Date | Label::Ref)
        }) {
            continue; // an entity crosses the long form's edge, or it is a date: leave both alone
        }
        let exact = inside.iter().copied().find(|&k| accepted[k].start == long_start && accepted[k].end == long_end);
        let (label, canonical, source) = match exact {
            Some(k) => (
                accepted[k].label,
                accepted[k].canonical.clone().unwrap_or_else(|| span_text(doc, long_start, long_end)),
                accepted[k].source,
            ),
            None => {
                let org = (long_start..long_end).any(|i| super::names::ORG_WORDS_SET.contains(&doc.tokens[i].norm))
                    || inside.iter().any(|&k| accepted[k].label == Label::Org);
                let label = if org || inside.is_empty() { Label::Org } else { Label::Misc };
                (label, span_text(doc, long_start, long_end), Source::Rule)
            }
        };
        linked.insert(short);
        // The whole long form replaces its pieces.
        for &k in &inside {
            removed[k] = true;
        }
        let k = accepted.len();
        accepted.push(Candidate { start: long_start, end: long_end, label, source, canonical: Some(canonical.clone()) });
        removed.push(false);
        taken[long_start..long_end].iter_mut().for_each(|t| *t = true);
        owner[long_start..long_end].iter_mut().for_each(|o| *o = own(k));
        // Every other use of the long form (same normalised tokens) that a stage found.
        let (first, next) = forms.get_or_insert_with(|| {
            let mut first: FxMap<u64, usize> = FxMap::default();
            let mut next = vec![usize::MAX; accepted.len()];
            // Backwards, so that each chain is in the candidates' order.
            for (k, c) in accepted.iter().enumerate().rev() {
                if let Some(later) = first.insert(form_hash(doc, c.start, c.end, &mut buf), k) {
                    next[k] = later;
                }
            }
            (first, next)
        });
        let mut k = first.get(&form_hash(doc, long_start, long_end, &mut buf)).copied().unwrap_or(usize::MAX);
        while let Some(c) = accepted.get_mut(k) {
            if !removed[k] && form_bytes(doc, c.start, c.end).eq(form_bytes(doc, long_start, long_end)) {
                c.label = label;
                c.canonical = Some(canonical.clone());
            }
            k = next.get(k).copied().unwrap_or(usize::MAX);
        }
        // Only the tokens written as some short form in brackets are indexed (indexing every
        // capitalised token was most of the time of this function). Short forms start with a
        // capital (`is_short_form`): only such tokens are looked up.
        let surfaces = uses.get_or_insert_with(|| {
            let shorts: FxSet<&str> = defs.iter().map(|&i| doc.surface(i)).collect();
            // With numbered forms, per form: whether some short form has it (equal surfaces
            // have equal forms), which spares hashing the other capitalised words.
            let short_forms: Option<Vec<bool>> = doc.norm_ids.map(|ids| {
                let mut bits = Vec::new();
                for id in defs.iter().filter_map(|&i| ids.get(i)).map(|&id| id as usize) {
                    if bits.len() <= id {
                        bits.resize(id + 1, false);
                    }
                    bits[id] = true;
                }
                bits
            });
            let mut m: FxMap<&str, Vec<usize>> = FxMap::default();
            for (i, t) in doc.tokens.iter().enumerate() {
                if let (Some(bits), Some(&id)) = (&short_forms, doc.norm_ids.and_then(|ids| ids.get(i)))
                    && !bits.get(id as usize).copied().unwrap_or(false)
                {
                    continue;
                }
                // `is_cap` is the test for words.
                let cap = if t.kind == TokenKind::Word {
                    doc.is_cap(i)
                } else {
                    doc.text[t.start..t.end].chars().next().is_some_and(char::is_uppercase)
                };
                if cap {
                    let w = &doc.text[t.start..t.end];
                    if shorts.contains(w) {
                        m.entry(w).or_default().push(i);
                    }
                }
            }
            m
        });
        // Every use of the abbreviation, including the definition.
        for &i in surfaces.get(short).map_or(&[][..], |v| v.as_slice()) {
            match owner_of(owner[i]) {
                Some(k) if !removed[k] => {
                    let c = &mut accepted[k];
                    if c.start == i && c.end == i + 1 {
                        c.label = label;
                        c.canonical = Some(canonical.clone());
                    }
                }
                _ if !taken[i] || owner_of(owner[i]).is_some_and(|k| removed[k]) => {
                    taken[i] = true;
                    owner[i] = own(accepted.len());
                    accepted.push(Candidate { start: i, end: i + 1, label, source: Source::Rule, canonical: Some(canonical.clone()) });
                    removed.push(false);
                }
                _ => {}
            }
        }
    }
    let mut k = 0;
    accepted.retain(|_| {
        k += 1;
        !removed[k - 1]
    });
}

/// The normalised tokens `start..end` joined by spaces (the form a long form is matched by),
/// byte by byte, without building the string: the index of the accepted candidates' forms
/// used to allocate two strings per entity of the text.
fn form_bytes<'d>(doc: &'d Doc<'_>, start: usize, end: usize) -> impl Iterator<Item = u8> + 'd {
    (start..end).flat_map(move |i| (i > start).then_some(b' ').into_iter().chain(doc.tokens[i].norm.bytes()))
}

/// A hash of [`form_bytes`], joined in `buf` first so that it depends only on the joined form,
/// and hashed eight bytes at a time (byte by byte was most of the cost of the index of forms).
fn form_hash(doc: &Doc<'_>, start: usize, end: usize, buf: &mut Vec<u8>) -> u64 {
    use std::hash::Hasher;
    buf.clear();
    for i in start..end {
        if i > start {
            buf.push(b' ');
        }
        buf.extend_from_slice(doc.tokens[i].norm.as_bytes());
    }
    let mut h = crate::terms::FxHasher::default();
    h.write(buf);
    h.finish()
}

fn span_text(doc: &Doc<'_>, start: usize, end: usize) -> String {
    doc.text[doc.tokens[start].start..doc.tokens[end - 1].end].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A plausible abbreviation: one word of 2 to 10 characters with a capital, starting with a
/// letter ("DSI", "Kmar", "DT&V"; not "(internationale)").
fn is_short_form(doc: &Doc<'_>, i: usize) -> bool {
    let w = doc.surface(i);
    let len = w.chars().count();
    doc.tokens[i].kind == TokenKind::Word
        && (2..=10).contains(&len)
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().filter(|c| c.is_uppercase()).count() >= 1
        && (crate::normalize::is_all_caps(w) || len <= 5)
}

/// The first token of the long form of `short` in the words before token `open`, if any.
fn long_form(doc: &Doc<'_>, short: &str, open: usize) -> Option<usize> {
    let letters: Vec<char> = short.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    let max_words = (letters.len() + 5).min(letters.len() * 2);
    // Candidate words: back from the bracket, within the sentence, stopping at punctuation.
    let mut first = open;
    let mut words = 0;
    while first > 0 && words < max_words {
        let t = &doc.tokens[first - 1];
        if t.kind == TokenKind::Punct || t.sentence != doc.tokens[open].sentence {
            break;
        }
        first -= 1;
        words += 1;
    }
    if first == open {
        return None;
    }
    // chars of the candidate text, each with its token index.
    let mut chars: Vec<(char, usize)> = Vec::new();
    for i in first..open {
        if !chars.is_empty() {
            chars.push((' ', i));
        }
        chars.extend(doc.tokens[i].norm.chars().map(|c| (c, i)));
    }
    let mut li = chars.len() as isize - 1;
    for si in (0..letters.len()).rev() {
        let c = letters[si];
        loop {
            if li < 0 {
                return None;
            }
            let (lc, _) = chars[li as usize];
            let word_start = li == 0 || !chars[li as usize - 1].0.is_alphanumeric();
            if lc == c && (si > 0 || word_start) {
                break;
            }
            li -= 1;
        }
        li -= 1;
    }
    let start = chars[(li + 1) as usize].1;
    Some(start)
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Label, Options};

    #[test]
    fn defined_abbreviations_link() {
        let a = Analyzer::new(Options::default()).unwrap();
        let text = "Versterkt zijn de Dienst Speciale Interventies (DSI) en de Politie. De DSI werkt hard.";
        let r = a.analyze(text);
        let dsi: Vec<_> = r.entities.iter().filter(|e| e.text == "DSI").collect();
        assert_eq!(dsi.len(), 2, "{:?}", r.entities);
        assert!(dsi.iter().all(|e| e.label == Label::Org && e.canonical.as_deref() == Some("Dienst Speciale Interventies")));
        assert!(r.entities.iter().any(|e| e.text == "Dienst Speciale Interventies" && e.label == Label::Org));
    }

    #[test]
    fn no_link_without_match() {
        let a = Analyzer::new(Options::default()).unwrap();
        let r = a.analyze("Het proces van identificatie en registratie (I&R) van asielzoekers.");
        assert!(r.entities.iter().all(|e| e.canonical.as_deref() != Some("identificatie en registratie")));
    }
}

//! Named entities, dates and document references.
//!
//! Labels follow the CoNLL-2002 conventions (PER, ORG, LOC, MISC; nationality words such as
//! "Nederlandse" are MISC) plus DATE and REF. Recognition runs in stages, each proposing
//! [`Candidate`]s over token ranges:
//!
//! 1. [`patterns`]: dates ("17 november 2015", "vrijdag 20 november a.s.") and references
//!    ("Kamerstuk 29 754, nr. 325", "artikel 42 lid 7 VEU");
//! 2. [`gazetteer`]: lists of organisations, people, places and nationalities, matched with
//!    Aho–Corasick on normalised tokens, longest match first;
//! 3. a [`Recognize`] model, when one is set (the seam for a learned tagger);
//! 4. [`names`]: rules for names no list has (capitalised sequences with particles, initials,
//!    titles, acronyms).
//!
//! Candidates are resolved so that entities never overlap (earlier stage first, then longer),
//! and [`abbreviations`] links an abbreviation defined in the text ("Koninklijke Marechaussee
//! (Kmar)") to its long form, giving both the same label and canonical name.

pub mod abbreviations;
pub mod gazetteer;
pub mod names;
pub mod patterns;

use std::collections::HashSet;

use serde::Serialize;

use crate::analysis::AnalyzedToken;
use crate::tokenize::TokenKind;
use crate::Error;

/// An entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Label {
    Per,
    Org,
    Loc,
    Misc,
    Date,
    Ref,
}

impl Label {
    pub const ALL: [Label; 6] = [Label::Per, Label::Org, Label::Loc, Label::Misc, Label::Date, Label::Ref];

    /// "PER", "ORG", ...
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
            Label::Date => "DATE",
            Label::Ref => "REF",
        }
    }

    /// Parses "PER", "org", ...
    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str().eq_ignore_ascii_case(s))
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an entity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Gazetteer,
    Rule,
    Model,
}

/// A recognised entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entity {
    /// The entity as written (`&text[start..end]`).
    pub text: String,
    pub label: Label,
    /// Half-open UTF-8 byte span into the analysed text.
    pub start: usize,
    pub end: usize,
    /// Index of the first token and one past the last, into [`crate::Analysis::tokens`].
    pub token_start: usize,
    pub token_end: usize,
    pub source: Source,
    /// Full name, for a known organisation or person or an abbreviation defined in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

/// A proposed entity over tokens `start..end`.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub source: Source,
    pub canonical: Option<String>,
}

/// The seam for a learned tagger: anything that proposes entities over a document.
pub trait Recognize: Send + Sync {
    fn recognize(&self, doc: &Doc<'_>) -> Vec<Candidate>;
}

/// A tokenised text with the document-level facts the recognisers share.
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: &'a [AnalyzedToken],
    /// Whether token `i` starts a sentence, a line or a quotation (so its capital says little).
    pub initial: Vec<bool>,
    /// Normalised forms written in lowercase somewhere in the text.
    pub seen_lower: HashSet<&'a str>,
    /// Normalised forms written capitalised somewhere other than at a sentence start.
    pub seen_cap_inside: HashSet<&'a str>,
    /// Per sentence: whether it has two or more words, all written in capitals (a heading).
    pub caps_sentence: Vec<bool>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, tokens: &'a [AnalyzedToken]) -> Doc<'a> {
        let mut initial = vec![false; tokens.len()];
        let mut seen_lower = HashSet::new();
        let mut seen_cap_inside = HashSet::new();
        let mut prev: Option<&AnalyzedToken> = None;
        for (i, t) in tokens.iter().enumerate() {
            let s = &text[t.start..t.end];
            initial[i] = match prev {
                None => true,
                Some(p) => {
                    p.sentence != t.sentence
                        || text[p.end..t.start].contains('\n')
                        || matches!(&text[p.start..p.end], "‘" | "“" | "\"" | "'" | "(" | ":" | ";" | "•" | "-" | "–" | "„" | "«" | "*")
                }
            };
            if t.kind == TokenKind::Word {
                if s.chars().next().is_some_and(char::is_lowercase) {
                    seen_lower.insert(t.norm.as_str());
                } else if !initial[i] && !crate::normalize::is_all_caps(s) {
                    seen_cap_inside.insert(t.norm.as_str());
                }
            }
            prev = Some(t);
        }
        let sentences = tokens.last().map_or(0, |t| t.sentence + 1);
        let mut caps = vec![(0usize, true); sentences];
        for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            let c = &mut caps[t.sentence];
            c.0 += 1;
            c.1 &= crate::normalize::is_all_caps(&text[t.start..t.end]);
        }
        let caps_sentence = caps.into_iter().map(|(n, all)| n >= 2 && all).collect();
        Doc { text, tokens, initial, seen_lower, seen_cap_inside, caps_sentence }
    }

    /// The token as written ("" past the end).
    pub fn surface(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// A word starting with a capital letter.
    pub fn is_cap(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word)
            && crate::normalize::is_capitalized(self.surface(i))
    }
}

/// Joins a given name found by the rules to the surname a list knows right after it:
/// "Jan" + "de Vries" is one person. The list's canonical name belongs to someone else then.
fn merge_person_parts(accepted: &mut Vec<Candidate>) {
    let mut out: Vec<Candidate> = Vec::with_capacity(accepted.len());
    for c in accepted.drain(..) {
        if let Some(last) = out.last_mut() {
            if last.end == c.start
                && last.label == Label::Per
                && c.label == Label::Per
                && last.source == Source::Rule
                && c.source == Source::Gazetteer
            {
                last.end = c.end;
                last.canonical = None;
                continue;
            }
        }
        out.push(c);
    }
    *accepted = out;
}

/// Gazetteers, rules and an optional model, combined.
pub struct EntityRecognizer {
    gazetteer: gazetteer::Gazetteer,
    names: names::NameRules,
    model: Option<Box<dyn Recognize>>,
}

impl EntityRecognizer {
    /// Loads the built-in gazetteers.
    pub fn new() -> Result<EntityRecognizer, Error> {
        Ok(EntityRecognizer {
            gazetteer: gazetteer::Gazetteer::builtin()?,
            names: names::NameRules::builtin(),
            model: None,
        })
    }

    /// Sets a model whose candidates rank after the patterns and gazetteers and before the rules.
    pub fn set_model(&mut self, model: Option<Box<dyn Recognize>>) {
        self.model = model;
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &gazetteer::Gazetteer {
        &self.gazetteer
    }

    /// Finds the entities of an analysed text, in text order, never overlapping.
    pub fn recognize(&self, text: &str, tokens: &[AnalyzedToken]) -> Vec<Entity> {
        let doc = Doc::new(text, tokens);
        let mut taken = vec![false; tokens.len()];
        let mut accepted: Vec<Candidate> = Vec::new();
        let accept = |cands: Vec<Candidate>, taken: &mut Vec<bool>, accepted: &mut Vec<Candidate>| {
            let mut cands = cands;
            // Longer first, then earlier; a candidate is kept only if all its tokens are free.
            cands.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
            for c in cands {
                if c.start < c.end && c.end <= taken.len() && !taken[c.start..c.end].iter().any(|&x| x) {
                    taken[c.start..c.end].iter_mut().for_each(|x| *x = true);
                    accepted.push(c);
                }
            }
        };
        accept(patterns::find(&doc), &mut taken, &mut accepted);
        accept(self.gazetteer.find(&doc), &mut taken, &mut accepted);
        if let Some(model) = &self.model {
            accept(model.recognize(&doc), &mut taken, &mut accepted);
        }
        accept(self.names.find(&doc, &taken, &self.gazetteer), &mut taken, &mut accepted);
        abbreviations::link(&doc, &mut accepted, &mut taken);
        accepted.sort_by_key(|c| c.start);
        merge_person_parts(&mut accepted);
        accepted
            .into_iter()
            .map(|c| {
                let (start, end) = (tokens[c.start].start, tokens[c.end - 1].end);
                Entity {
                    text: text[start..end].to_owned(),
                    label: c.label,
                    start,
                    end,
                    token_start: c.start,
                    token_end: c.end,
                    source: c.source,
                    canonical: c.canonical,
                }
            })
            .collect()
    }
}

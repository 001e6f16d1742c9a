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
//! 3. a [`Recognize`] model, when one is set (the seam for a learned tagger, see
//!    [`crate::tagger`]); it gets the list matches and rule proposals as [`Evidence`];
//! 4. [`names`]: rules for names no list has (capitalised sequences with particles, initials,
//!    titles, acronyms); with a model, only where the model found a name that a list cut.
//!
//! Candidates are resolved so that entities never overlap (earlier stage first, then longer;
//! a model may outrank the lists, see [`EntityRecognizer::recognize`]),
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

/// What the lists and rules say about a document, handed to a [`Recognize`] model (a learned
/// tagger uses them as features rather than as decisions).
pub struct Evidence<'a> {
    pub gazetteer: &'a gazetteer::Gazetteer,
    /// Every list match in the document that passes its case rule, overlapping, unresolved
    /// (what [`gazetteer::Gazetteer::find`] returns).
    pub matches: Vec<Candidate>,
    /// What the name rules propose when no other stage has taken any token.
    pub rules: Vec<Candidate>,
}

/// The seam for a learned tagger: anything that proposes entities over a document, given what
/// the lists and rules say about it.
pub trait Recognize: Send + Sync {
    fn recognize(&self, doc: &Doc<'_>, evidence: &Evidence<'_>) -> Vec<Candidate>;

    /// Whether this model's entities outrank list matches (see [`EntityRecognizer::recognize`]).
    /// By default the lists come first.
    fn outranks_lists(&self) -> bool {
        false
    }
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

/// Gives a model's entities the canonical name of a list match with the same tokens and label,
/// and drops any that do not fit the document (a model is outside code).
fn with_canonical(mut found: Vec<Candidate>, matches: &[Candidate], tokens: usize) -> Vec<Candidate> {
    found.retain(|c| c.start < c.end && c.end <= tokens);
    for c in &mut found {
        if let Some(m) = matches.iter().find(|m| m.start == c.start && m.end == c.end && m.label == c.label) {
            c.canonical = m.canonical.clone();
        }
    }
    found
}

/// Gazetteers, rules and an optional model, combined.
pub struct EntityRecognizer {
    gazetteer: gazetteer::Gazetteer,
    names: names::NameRules,
    model: Option<Box<dyn Recognize>>,
}

impl EntityRecognizer {
    /// Loads the built-in gazetteers and, if this build has one, the shipped model
    /// ([`crate::tagger::builtin`]).
    pub fn new() -> Result<EntityRecognizer, Error> {
        Ok(EntityRecognizer {
            gazetteer: gazetteer::Gazetteer::builtin()?,
            names: names::NameRules::builtin(),
            model: crate::tagger::builtin()?.map(|t| Box::new(t) as Box<dyn Recognize>),
        })
    }

    /// Sets the model (`None`: lists and rules only). See [`EntityRecognizer::recognize`] for how
    /// its entities combine with the lists' and the rules'.
    pub fn set_model(&mut self, model: Option<Box<dyn Recognize>>) {
        self.model = model;
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &gazetteer::Gazetteer {
        &self.gazetteer
    }

    /// What the lists and rules say about `doc`, for a model.
    pub fn evidence(&self, doc: &Doc<'_>) -> Evidence<'_> {
        Evidence {
            gazetteer: &self.gazetteer,
            matches: self.gazetteer.find(doc),
            rules: self.names.find(doc, &vec![false; doc.tokens.len()], &self.gazetteer),
        }
    }

    /// Finds the entities of an analysed text, in text order, never overlapping.
    ///
    /// Dates and references come first. Without a model, list matches, then the rules. With a
    /// model that does not outrank the lists (the default), list matches, then the model's
    /// entities on the tokens left, then the rules, but only inside model entities that a list
    /// match cut: the model decides where names are, and the rules do not add the many false
    /// names they find elsewhere (they are features of the model already). With a model that
    /// outranks the lists, the model's entities and the list matches compete, longer first and
    /// the model's on equal spans, and the rules do not run. Measured in [`crate::tagger`].
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
        match &self.model {
            None => {
                accept(self.gazetteer.find(&doc), &mut taken, &mut accepted);
                accept(self.names.find(&doc, &taken, &self.gazetteer), &mut taken, &mut accepted);
            }
            Some(model) => {
                let evidence = self.evidence(&doc);
                let found = with_canonical(model.recognize(&doc, &evidence), &evidence.matches, tokens.len());
                if model.outranks_lists() {
                    // Longer first; on the same span the model's label wins (it comes first).
                    let mut all = found;
                    all.extend(evidence.matches);
                    accept(all, &mut taken, &mut accepted);
                } else {
                    accept(evidence.matches, &mut taken, &mut accepted);
                    // Model entities that a list match cuts ("VN Speciaal Gezant voor Syrië
                    // Staffan de Mistura" with "Syrië" known) are left to the rules.
                    let mut closed = vec![true; taken.len()];
                    for c in found.iter().filter(|c| taken[c.start..c.end].iter().any(|&x| x)) {
                        closed[c.start..c.end].iter_mut().for_each(|x| *x = false);
                    }
                    accept(found, &mut taken, &mut accepted);
                    for (c, &t) in closed.iter_mut().zip(&taken) {
                        *c |= t;
                    }
                    accept(self.names.find(&doc, &closed, &self.gazetteer), &mut taken, &mut accepted);
                }
            }
        }
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

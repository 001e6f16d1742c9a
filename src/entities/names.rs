//! Rules for names that no list has.
//!
//! In Dutch only names (and words derived from names) are capitalised inside a sentence, so a
//! run of capitalised words, joined by name particles ("van", "de", "van der", "ter", "’t"), is
//! a name. The rules decide its type from cues: titles before it ("minister", "Hoge
//! Vertegenwoordiger", "de heer"), initials ("M. Rutte"), given names, organisation and place
//! words inside it, and acronyms. A capital at the start of a sentence, line or quotation is
//! trusted only when the text also capitalises that word elsewhere or a list knows it.

use super::gazetteer::Gazetteer;
use super::{rsplit_hyphen, Candidate, Doc, Label, Source, SuffixSet, WordSet};

/// Particles inside Dutch (and some foreign) personal and place names.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "la", "le", "du",
    "da", "di", "dos", "von", "zu", "al", "el", "bin", "ibn", "y",
];
/// Words that stand before a person's name; lowercase in running text, capitalised in titles.
const TITLES: &[&str] = &[
    "minister", "minister-president", "premier", "staatssecretaris", "president", "koning",
    "koningin", "prins", "prinses", "paus", "burgemeester", "wethouder", "gedeputeerde",
    "commissaris", "voorzitter", "vertegenwoordiger", "gezant", "ambassadeur", "kamerlid",
    "fractievoorzitter", "de heer", "heer", "mevrouw", "mevr.", "mw.", "dhr.", "mr.", "dr.",
    "drs.", "prof.", "ir.", "ing.", "generaal", "kardinaal", "bisschop", "secretaris-generaal",
    "bondskanselier", "schrijver", "dichter", "oud-minister", "oud-premier", "collega",
    "advocaat", "officier", "rechter", "woordvoerder", "directeur", "topman", "trainer",
    "speler", "zanger", "zangeres", "auteur", "journalist", "hoogleraar",
];
/// Title words that are capitalised inside an office name and are not part of a person's name.
pub(crate) const CAP_TITLES: &[&str] = &[
    "hoge", "speciaal", "speciale", "gezant", "vertegenwoordiger", "minister", "staatssecretaris",
    "premier", "president", "koning", "koningin", "prins", "prinses", "paus", "burgemeester",
    "commissaris", "voorzitter", "minister-president", "secretaris-generaal", "mr.", "dr.",
    "drs.", "prof.", "ir.", "ing.", "de heer", "mevrouw", "dhr.", "mevr.", "mw.",
];
/// Words that make a name an organisation.
pub(crate) const ORG_WORDS: &[&str] = &[
    "raad", "dienst", "ministerie", "commissie", "partij", "bank", "universiteit", "hogeschool",
    "stichting", "vereniging", "bond", "groep", "inspectie", "autoriteit", "agentschap",
    "rechtbank", "hof", "kamer", "parlement", "politie", "unie", "organisatie", "bureau",
    "centrum", "instituut", "fonds", "federatie", "genootschap", "maatschappij", "omroep",
    "krant", "zaken", "justitie", "defensie", "financiën", "college", "comité", "senaat",
    "congres", "regering", "kabinet", "leger", "marine", "luchtmacht", "brigade", "korps",
    "club", "fc", "nv", "bv", "n.v.", "b.v.", "holding", "airlines", "group", "company",
    "corporation", "inc", "ltd", "council", "agency", "office", "ministry", "party", "union",
    "association", "front", "beweging", "alliantie", "coalitie", "consortium", "ziekenhuis",
    "academie", "museum", "orkest", "staten", "gemeente", "provincie", "waterschap",
    "directie", "directoraat-generaal", "secretariaat", "tribunaal", "inlichtingendienst",
];
/// Endings of single words that are organisations: "Rijkswaterstaat", "Staatsbosbeheer".
const ORG_SUFFIXES: &[&str] = &["dienst", "bank", "raad", "partij", "bond", "ministerie", "inspectie", "omroep"];
/// Endings of place names.
pub(crate) const LOC_SUFFIXES: &[&str] = &[
    "straat", "weg", "plein", "laan", "gracht", "kade", "dijk", "dam", "burg", "stad", "land",
    "dorp", "veen", "meer", "zee", "rivier", "berg", "bergen", "haven", "eiland", "eilanden",
    "hoven", "hoek", "wijk", "polder", "woude", "horst", "broek", "donk", "rode", "sloot",
    "gebergte", "vallei", "baai", "kanaal", "ië", "stan", "street", "avenue", "square",
];
/// Words in a name that make it a place.
const LOC_WORDS: &[&str] = &["koninkrijk", "republiek", "volksrepubliek", "groothertogdom", "vorstendom", "noord", "zuid", "oost", "west", "midden", "centraal", "golf", "kaap", "sint", "san", "santa", "saint", "port", "porte", "mount", "lake", "new"];

/// Prepositions after which a lone unknown name is most often a place ("in Diepenbeek").
const LOC_PREPOSITIONS: &[&str] = &["in", "uit", "naar", "te", "nabij", "vanuit", "richting", "rond", "buiten"];

/// Capitalised words that are not names in Dutch running text even inside a sentence.
pub(crate) const NOT_NAMES: &[&str] = &[
    "ik", "u", "uw", "god", "mijnheer", "ja", "nee", "ok", "oké", "heer", "heren", "excellentie",
    "uwer", "hoogedelgestrenge", "hoogedelgestrengen", "hooggeachte", "monsieur", "madame",
    "bijlage", "bijlagen", "verslag", "zitting", "boek", "hoofdstuk", "artikel", "afdeling",
    "deel", "pagina", "nedergelegd", "inhoud", "bijl", "vergaderjaar", "nota", "brief",
];
/// Endings of names of laws, treaties, plans and reports (MISC in CoNLL): "Grondwet",
/// "EGKS-Verdrag", "Vervolgnota".
const MISC_SUFFIXES: &[&str] = &[
    "wet", "wetboek", "verdrag", "overeenkomst", "protocol", "akkoord", "nota", "notitie",
    "programma", "besluit", "regeling", "richtlijn", "verordening", "conventie", "handvest",
];

// The lists as hashed sets: the rules test every capitalised token against several of them.
static PARTICLES_SET: WordSet = WordSet::new(PARTICLES);
static TITLES_SET: WordSet = WordSet::new(TITLES);
pub(crate) static CAP_TITLES_SET: WordSet = WordSet::new(CAP_TITLES);
pub(crate) static ORG_WORDS_SET: WordSet = WordSet::new(ORG_WORDS);
pub(crate) static NOT_NAMES_SET: WordSet = WordSet::new(NOT_NAMES);
static LOC_WORDS_SET: WordSet = WordSet::new(LOC_WORDS);
static LOC_PREPOSITIONS_SET: WordSet = WordSet::new(LOC_PREPOSITIONS);
static STARTER_SET: WordSet = WordSet::new(crate::tokenize::SENTENCE_STARTERS);
static ORG_SUFFIXES_SET: SuffixSet = SuffixSet::new(ORG_SUFFIXES);
pub(crate) static LOC_SUFFIXES_SET: SuffixSet = SuffixSet::new(LOC_SUFFIXES);
static MISC_SUFFIXES_SET: SuffixSet = SuffixSet::new(MISC_SUFFIXES);
static COMMON_NOUN_ENDINGS_SET: SuffixSet = SuffixSet::new(COMMON_NOUN_ENDINGS);

/// The name rules, with their word lists.
#[derive(Debug, Default)]
pub struct NameRules;

impl NameRules {
    pub fn builtin() -> NameRules {
        NameRules
    }

    /// Proposes names over tokens that no earlier stage took.
    pub fn find(&self, doc: &Doc<'_>, taken: &[bool], gaz: &Gazetteer) -> Vec<Candidate> {
        self.find_memo(doc, taken, gaz, &mut Memo::default())
    }

    /// [`NameRules::find`], remembering what each run of tokens was classified as. The rules
    /// run up to three times on a text with a model (once on all tokens, twice on those the
    /// lists and the model leave), and a run's class depends only on the document, not on
    /// what is taken: the later runs reuse most of the first one's work.
    pub(crate) fn find_memo(&self, doc: &Doc<'_>, taken: &[bool], gaz: &Gazetteer, memo: &mut Memo) -> Vec<Candidate> {
        let n = doc.tokens.len();
        if memo.0.is_empty() {
            // At most a run per capitalised word: the first call fills the memo without
            // rehashing it as it grows.
            memo.0.reserve(doc.cap_count());
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            // To the next capitalised word (one in five), reading the flags alone.
            match doc.next_cap(i) {
                Some(k) => i = k,
                None => break,
            }
            if taken.get(i).is_none_or(|&t| t) {
                i += 1;
                continue;
            }
            // A run of capitalised words joined by particles.
            let mut end = i + 1;
            loop {
                let mut k = end;
                while k < n && !taken[k] && is_particle(doc, k) && !doc.initial[k] {
                    k += 1;
                }
                if k < n && !taken[k] && doc.is_cap(k) && !doc.initial[k] && !line_break_before(doc, k) {
                    end = k + 1;
                } else {
                    break;
                }
            }
            // Titles inside the run split it: "VN | Speciaal Gezant | Staffan de Mistura".
            let mut seg = i;
            for k in i..=end {
                if k == end || (k > seg && CAP_TITLES_SET.contains(norm(doc, k))) {
                    let c = memo.0.entry((seg, k)).or_insert_with(|| classify(doc, gaz, seg, k));
                    if let Some(c) = c {
                        out.push(c.clone());
                    }
                    seg = k;
                }
            }
            i = end;
        }
        out
    }
}

/// What [`NameRules::find_memo`] remembers for one document: the class of each run of tokens
/// (`start..end`) it classified.
#[derive(Default)]
pub(crate) struct Memo(crate::terms::FxMap<(usize, usize), Option<Candidate>>);

/// A name particle as written inside a name: a word not capitalised whose normalised form
/// [`is_particle_form`] (decided with the [`Doc`]).
pub(crate) fn is_particle(doc: &Doc<'_>, i: usize) -> bool {
    doc.particle.get(i).copied().unwrap_or(false)
}

pub(crate) fn is_particle_form(norm: &str) -> bool {
    PARTICLES_SET.contains(norm)
}

fn line_break_before(doc: &Doc<'_>, i: usize) -> bool {
    // The gap's bytes (`contains` on the str was a memchr call per capitalised word).
    i > 0 && doc.text.as_bytes().get(doc.tokens[i - 1].end..doc.tokens[i].start).is_some_and(super::has_newline)
}

fn norm<'a>(doc: &Doc<'a>, i: usize) -> &'a str {
    doc.tokens.get(i).map_or("", |t| t.norm.as_str())
}

/// A word that looks like an acronym: "ISIS", "DT&V", "JBZ-Raad" is not one.
pub(crate) fn is_acronym(w: &str) -> bool {
    crate::normalize::is_all_caps(w) && w.chars().filter(|c| c.is_alphabetic()).count() <= 7
}

pub(crate) fn is_initial_token(w: &str) -> bool {
    w.ends_with('.') && w.trim_end_matches('.').split('.').all(crate::tokenize::is_initial_letter)
}

/// "II", "XIV": Roman numerals in headings and volume numbers, not acronyms.
pub(crate) fn is_roman_numeral(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M' | 'D'))
        && w.len() <= 6
}

/// A capitalised particle inside a sentence that starts a surname: "De Prins", "Van der Voort".
fn surname_particle(doc: &Doc<'_>, i: usize) -> bool {
    !doc.initial[i]
        && PARTICLES_SET.contains(norm(doc, i))
        && (i + 1..doc.tokens.len().min(i + 4))
            .find(|&k| !is_particle(doc, k))
            .is_some_and(|k| doc.is_cap(k))
}

/// Whether a person title stands just before token `i` ("minister Plasterk", "de heer Jansen").
pub(crate) fn title_before(doc: &Doc<'_>, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = norm(doc, i - 1);
    TITLES_SET.contains(p) || (p == "heer" && i >= 2 && norm(doc, i - 2) == "de")
}

fn classify(doc: &Doc<'_>, gaz: &Gazetteer, mut start: usize, end: usize) -> Option<Candidate> {
    // Trim the front of the run: an untrusted capital at a sentence start ("De", "Gisteren"),
    // titles capitalised in an office name ("Hoge Vertegenwoordiger Mogherini", "Minister
    // Plasterk") and particles left in front are not part of the name.
    let first = start;
    let mut after_title = false;
    while start < end {
        if CAP_TITLES_SET.contains(norm(doc, start)) {
            after_title = true;
        } else if !(is_particle(doc, start)
            || NOT_NAMES_SET.contains(norm(doc, start))
            || doc.tokens[start].stop && !surname_particle(doc, start)
            || start == first && doc.initial[start] && !trusted_initial(doc, gaz, start))
        {
            break;
        }
        start += 1;
    }
    if start >= end {
        return None;
    }
    // An all-capitals line ("DE MINISTER-PRESIDENT,") is a heading, not a run of acronyms.
    if heading(doc, start) {
        return None;
    }
    // The run's words as written and normalised, as slices of the document (this runs for
    // every capitalised word: no vectors are built).
    let len = end - start;
    let words = (start..end).map(|i| doc.surface(i));
    let norms = (start..end).map(|i| norm(doc, i));
    let first = doc.surface(start);
    let first_norm = norm(doc, start);
    let last_norm = norm(doc, end - 1);
    let heads = norms.clone().map(head);
    if len == 1
        && (NOT_NAMES_SET.contains(first_norm)
            || PARTICLES_SET.contains(first_norm)
            || is_roman_numeral(first)
            || first_norm.starts_with("issn")
            || first_norm.starts_with("isbn")
            || common_noun(first, first_norm) && !ORG_WORDS_SET.contains(first_norm))
    {
        return None;
    }
    // The last part of a hyphenated word decides its type: "JBZ-Raad" is a council.
    let last_head = head(last_norm);
    let label = if MISC_SUFFIXES_SET.ends(last_head, |s| last_head.len() >= s + 3 || last_head.len() == s)
        && last_head.len() > 3
    {
        // "Grondwet", "Algemene Ouderdomswet", "EGKS-Verdrag", "Nota Energiebesparing" is not.
        Label::Misc
    } else if heads.clone().any(|n| ORG_WORDS_SET.contains(n)) && !is_initial_token(first) {
        Label::Org
    } else if after_title || title_before(doc, start) || is_initial_token(first) {
        Label::Per
    } else if len == 1 && is_acronym(first) {
        Label::Org
    } else if len >= 2 && gaz.is_first_name(first_norm) {
        Label::Per
    } else if norms.clone().any(|n| LOC_WORDS_SET.contains(n))
        || LOC_SUFFIXES_SET.ends(last_norm, |s| last_norm.len() > s + 2)
    {
        Label::Loc
    } else if len == 1 && ORG_SUFFIXES_SET.ends(first_norm, |_| true) {
        Label::Org
    } else if len == 1 && start > 0 && LOC_PREPOSITIONS_SET.contains(norm(doc, start - 1)) {
        Label::Loc
    } else if len == 1 {
        match gaz.single_word_label(first_norm) {
            Some(l) => l,
            None if first_norm.ends_with("ische") || first_norm.ends_with("isch") || first_norm.ends_with("se") && first_norm.len() > 5 => Label::Misc,
            None => Label::Per,
        }
    } else if len <= 3 && !words.clone().any(is_acronym) {
        // Two or three capitalised words without a cue are most often a person's name
        // ("Staffan de Mistura", "Cathy Galle").
        Label::Per
    } else {
        // Longer runs without a cue: titles of programmes, events, works.
        Label::Misc
    };
    Some(Candidate { start, end, label, source: Source::Rule, canonical: None })
}

/// Endings of Dutch common nouns that government prose capitalises ("Lidstaten",
/// "Vreemdelingenketen", "Voorzitterschap"): such a single word is not taken for a name.
const COMMON_NOUN_ENDINGS: &[&str] = &[
    "heid", "heden", "ing", "ingen", "schap", "schappen", "teit", "iteit", "isme", "keten",
    "staten", "beleid", "plan", "nota", "brief", "brieven", "zaken", "tie", "ties", "sie",
    "aanpak", "programma", "niveau", "proces", "beeld", "beelden", "lid", "leden", "rapport",
];

/// A capitalised common noun or a compound of a name and a common noun ("EU-niveau",
/// "I&R-proces", "Exit-faciliteit").
fn common_noun(word: &str, norm: &str) -> bool {
    if let Some((_, last)) = rsplit_hyphen(word)
        && last.chars().next().is_some_and(char::is_lowercase)
    {
        return true;
    }
    // Cheapest tests first (a word of 8 letters has at least 8 bytes).
    norm.len() >= 8
        && COMMON_NOUN_ENDINGS_SET.ends(norm, |_| true)
        && norm.chars().count() >= 8
        && !crate::normalize::is_all_caps(word)
}

/// The last part of a hyphenated word, or the word: `n.rsplit('-').next()`, by bytes (it runs
/// for every word of every run).
fn head(n: &str) -> &str {
    rsplit_hyphen(n).map_or(n, |(_, head)| head)
}

/// Whether token `i` is an all-capitals stop word ("DE") or sits in a sentence written all in
/// capitals ("DE MINISTER-PRESIDENT,").
fn heading(doc: &Doc<'_>, i: usize) -> bool {
    // The flags first: they rule out most runs without decoding the word.
    (doc.tokens[i].stop || doc.caps_sentence.get(doc.tokens[i].sentence).copied().unwrap_or(false))
        && crate::normalize::is_all_caps(doc.surface(i))
}

/// Whether a capital at a sentence start can be trusted as a name.
fn trusted_initial(doc: &Doc<'_>, gaz: &Gazetteer, i: usize) -> bool {
    let n = norm(doc, i);
    let w = doc.surface(i);
    if doc.tokens[i].stop || NOT_NAMES_SET.contains(n) {
        return false;
    }
    if is_acronym(w) || is_initial_token(w) {
        return true;
    }
    if doc.seen_lower.contains(n) {
        return false;
    }
    // Known names, and a capital directly followed by another ("Cathy Galle zegt").
    doc.seen_cap_inside.contains(n)
        || gaz.single_word_label(n).is_some()
        || gaz.is_first_name(n)
        || (doc.is_cap(i + 1)
            && !doc.initial.get(i + 1).copied().unwrap_or(true)
            && !STARTER_SET.contains(n))
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Label, Options};

    #[test]
    fn table() {
        let a = Analyzer::new(Options::default()).unwrap();
        let cases: &[(&str, &str, Label)] = &[
            ("in aanwezigheid van VN Speciaal Gezant voor Syrië Staffan de Mistura, de", "Staffan de Mistura", Label::Per),
            ("De Hoge Vertegenwoordiger Mogherini bevestigde", "Mogherini", Label::Per),
            ("Minister van Algemene Zaken,\nM. Rutte", "M. Rutte", Label::Per),
            ("De Staatssecretaris van Binnenlandse Zaken, D. IJ. W. de Graaff-Nauta", "D. IJ. W. de Graaff-Nauta", Label::Per),
            ("Daarover sprak minister Plasterk gisteren.", "Plasterk", Label::Per),
            ("Het advies van de Vereniging Eigen Huis kwam laat.", "Vereniging Eigen Huis", Label::Org),
            ("aanslagen door ISIS en Boko Haram", "ISIS", Label::Org),
            ("We spraken met Jan de Vries uit Zwolle.", "Jan de Vries", Label::Per),
            ("ingevolge de Algemene Ouderdomswet is dat zo", "Algemene Ouderdomswet", Label::Misc),
            ("omdat de Grondwet dat zo bepaalt.", "Grondwet", Label::Misc),
            ("het Koninkrijk der Nederlanden en de Franse Republiek", "Koninkrijk der Nederlanden", Label::Loc),
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

    /// A memo shared across calls with different taken tokens gives what fresh calls give.
    #[test]
    fn memo_equals_fresh_search() {
        let a = Analyzer::new(Options::default()).unwrap();
        let text = include_str!("../../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt");
        let tokens = a.analyze(text).tokens;
        let doc = crate::entities::Doc::new(text, &tokens);
        let gaz = a.recognizer().gazetteer();
        let rules = super::NameRules::builtin();
        let mut memo = super::Memo::default();
        for step in [0usize, 3, 7, 2, 1, 5] {
            let taken: Vec<bool> = (0..tokens.len()).map(|i| step > 0 && i % step == 0).collect();
            assert_eq!(rules.find_memo(&doc, &taken, gaz, &mut memo), rules.find(&doc, &taken, gaz), "every {step}th taken");
        }
    }

    /// The hashed ending lists answer as the linear tests they replace.
    #[test]
    fn suffix_sets_are_the_lists() {
        let words = [
            "", "a", "ië", "België", "straat", "Plantijnstraat", "plantijnstraat", "veen", "eilanden",
            "wet", "grondwet", "ouderdomswet", "nota", "vervolgnota", "bank", "rabobank", "lidstaten",
            "vreemdelingenketen", "voorzitterschap", "ë", "stan", "afghanistan", "x",
        ];
        let sets: [(&[&str], &super::SuffixSet); 4] = [
            (super::LOC_SUFFIXES, &super::LOC_SUFFIXES_SET),
            (super::MISC_SUFFIXES, &super::MISC_SUFFIXES_SET),
            (super::ORG_SUFFIXES, &super::ORG_SUFFIXES_SET),
            (super::COMMON_NOUN_ENDINGS, &super::COMMON_NOUN_ENDINGS_SET),
        ];
        for (list, set) in sets {
            for w in words.iter().copied().chain(list.iter().copied()) {
                for fits in [|_: usize, _: usize| true, |w: usize, s: usize| w > s + 2, |w: usize, s: usize| w >= s + 3 || w == s] {
                    let want = list.iter().any(|e| w.ends_with(e) && fits(w.len(), e.len()));
                    assert_eq!(set.ends(w, |s| fits(w.len(), s)), want, "{w:?}");
                }
            }
        }
    }

    #[test]
    fn sentence_initial_capitals_need_evidence() {
        let a = Analyzer::new(Options::default()).unwrap();
        let r = a.analyze("Gisteren wapperde de vlag. Uiteraard is er sprake van paraatheid.");
        assert!(r.entities.is_empty(), "{:?}", r.entities);
        let r = a.analyze("DE MINISTER-PRESIDENT,");
        assert!(r.entities.is_empty(), "{:?}", r.entities);
        // Honorifics, volume numbers and sentence-initial verbs are no names.
        let r = a.analyze("Aan de Heer Voorzitter. Zitting 1951-1952 II. Zie Bijlagen VIII. Uwer Excellentie.");
        assert!(r.entities.is_empty(), "{:?}", r.entities);
    }
}

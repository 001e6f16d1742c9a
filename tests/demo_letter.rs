//! The reference input: the Prime Minister's letter to the Tweede Kamer after the Paris attacks
//! (17 November 2015), as published, footnote markers and all.

use std::collections::HashSet;
use std::sync::OnceLock;

use tekstlens::{Analysis, Analyzer, Label, Options};

const LETTER: &str = include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt");

fn analysis() -> &'static Analysis {
    static A: OnceLock<Analysis> = OnceLock::new();
    A.get_or_init(|| Analyzer::new(Options::default()).unwrap().analyze(LETTER))
}

fn found(label: Label) -> HashSet<&'static str> {
    analysis().entities.iter().filter(|e| e.label == label).map(|e| e.text.as_str()).collect()
}

#[test]
fn organisations() {
    let org = found(Label::Org);
    for name in ["ISIS", "AIVD", "MIVD", "Kmar", "Koninklijke Marechaussee", "IND", "COA", "EU", "DT&V", "Dienst Speciale Interventies", "DSI"] {
        assert!(org.contains(name), "ORG {name} missing; ORG = {org:?}");
    }
}

#[test]
fn kmar_is_linked_to_the_koninklijke_marechaussee() {
    let a = analysis();
    let kmar: Vec<_> = a.entities.iter().filter(|e| e.text == "Kmar").collect();
    assert_eq!(kmar.len(), 2, "the definition and the later use");
    for e in kmar.iter().chain(a.entities.iter().filter(|e| e.text == "Koninklijke Marechaussee").collect::<Vec<_>>().iter()) {
        assert_eq!(e.label, Label::Org);
        assert_eq!(e.canonical.as_deref(), Some("Koninklijke Marechaussee"), "{e:?}");
    }
}

#[test]
fn places_people_dates_references() {
    let loc = found(Label::Loc);
    for name in ["Parijs", "Frankrijk", "België", "Syrië", "Nederland", "Madrid", "Londen", "Beiroet", "Wenen", "Italië", "Griekenland", "Duitsland", "Irak", "Porte de Vincennes"] {
        assert!(loc.contains(name), "LOC {name} missing; LOC = {loc:?}");
    }
    let per = found(Label::Per);
    for name in ["M. Rutte", "Mogherini", "Staffan de Mistura"] {
        assert!(per.contains(name), "PER {name} missing; PER = {per:?}");
    }
    let misc = found(Label::Misc);
    for name in ["Nederlandse", "Franse", "Nederlanders", "Europese"] {
        assert!(misc.contains(name), "MISC {name} missing; MISC = {misc:?}");
    }
    let date = found(Label::Date);
    for d in ["17 november 2015", "16 en 17 november", "vrijdag 20 november a.s.", "14 november jl."] {
        assert!(date.contains(d), "DATE {d} missing; DATE = {date:?}");
    }
    let r = found(Label::Ref);
    for d in ["Kamerstuk 29 754, nr. 325", "Kamerstuk 21 501-02, nr. 1458", "artikel 42 lid 7 VEU"] {
        assert!(r.contains(d), "REF {d} missing; REF = {r:?}");
    }
    let rutte = analysis().entities.iter().find(|e| e.text == "M. Rutte").unwrap();
    assert_eq!(rutte.canonical.as_deref(), Some("Mark Rutte"));
}

#[test]
fn no_false_names_from_ordinary_words() {
    let a = analysis();
    let all: HashSet<&str> = a.entities.iter().map(|e| e.text.as_str()).collect();
    for word in ["Het", "De", "Gisteren", "Uiteraard", "Daarnaast", "Maatregelen", "Dreigingsbeeld", "Exit-faciliteit", "DE", "MINISTER-PRESIDENT"] {
        assert!(!all.contains(word), "{word} is not an entity");
    }
    // A name that modifies a common noun is a name-derived word: MISC if tagged at all, as in
    // CoNLL-2002 ("EU-landen", "EU-burgers") and docs/annotation-guidelines.md 4.2.
    for e in a.entities.iter().filter(|e| e.text == "EU-niveau") {
        assert_eq!(e.label, Label::Misc, "{e:?}");
    }
    for e in &a.entities {
        assert_eq!(&LETTER[e.start..e.end], e.text);
    }
}

#[test]
fn top_terms() {
    let a = analysis();
    let top: Vec<&str> = a.terms.iter().take(15).map(|t| t.stem.as_str()).collect();
    for stem in ["aanslag", "maatregel", "dreiging"] {
        assert!(top.contains(&stem), "{stem} not in the top terms {top:?}");
    }
    let aanslag = a.terms.iter().find(|t| t.stem == "aanslag").unwrap();
    let forms: HashSet<&str> = aanslag.forms.iter().map(|f| f.form.as_str()).collect();
    assert!(forms.contains("aanslagen") && forms.contains("aanslag"), "{forms:?}");
    assert_eq!(aanslag.display, "aanslagen");
    assert_eq!(aanslag.positions.len(), aanslag.count);
    for &p in &aanslag.positions {
        assert_eq!(a.tokens[p].stem.as_deref(), Some("aanslag"));
    }
    // Stop words are excluded by default.
    assert!(a.terms.iter().all(|t| !["de", "en", "van", "het"].contains(&t.stem.as_str())));
    // Ordered by count, then display form.
    for w in a.terms.windows(2) {
        assert!(w[0].count > w[1].count || w[0].count == w[1].count && w[0].display <= w[1].display);
    }
}

#[test]
fn statistics() {
    let s = &analysis().stats;
    assert!((100..140).contains(&s.sentences), "{s:?}");
    assert!((2200..2400).contains(&s.words), "{s:?}");
    let f = s.flesch_douma.unwrap();
    // A government letter: difficult prose (Flesch–Douma 30-45).
    assert!((25.0..50.0).contains(&f), "{f}");
    assert!((s.type_token_ratio - s.distinct_words as f64 / s.words as f64).abs() < 1e-12);
}

//! Table-driven tokenisation cases, taken from real sentences: the 2015 Kamerbrief on the Paris
//! attacks and OCR'd ministerial letters from Staten-Generaal Digitaal.

use tekstlens::tokenize::{tokenize, TokenKind};

fn tokens(text: &str) -> Vec<&str> {
    tokenize(text).tokens.iter().map(|t| t.text(text)).collect()
}

#[test]
fn tokens_of_real_sentences() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Zoals ook aangegeven in DTN40  (Kamerstuk 29 754, nr. 325) zijn er zorgen",
            &["Zoals", "ook", "aangegeven", "in", "DTN40", "(", "Kamerstuk", "29 754", ",", "nr.", "325", ")", "zijn", "er", "zorgen"],
        ),
        (
            "Op vrijdag 20 november a.s. is er een extra EU JBZ-Raad (Justitie en Binnenlandse Zaken) bijeen geroepen.",
            &["Op", "vrijdag", "20", "november", "a.s.", "is", "er", "een", "extra", "EU", "JBZ-Raad", "(", "Justitie", "en", "Binnenlandse", "Zaken", ")", "bijeen", "geroepen", "."],
        ),
        (
            "dat illegaal wapenbezit en –handel gezamenlijk moet worden bestreden",
            &["dat", "illegaal", "wapenbezit", "en", "–handel", "gezamenlijk", "moet", "worden", "bestreden"],
        ),
        (
            "de huidige mogelijkheden van immigratie- en veiligheidsdiensten in Europa",
            &["de", "huidige", "mogelijkheden", "van", "immigratie-", "en", "veiligheidsdiensten", "in", "Europa"],
        ),
        (
            "waaronder COA, DT&V, IND).  Binnen",
            &["waaronder", "COA", ",", "DT&V", ",", "IND", ")", ".", "Binnen"],
        ),
        (
            "Op vele locaties werd op maandag om 12.00u door een minuut stilte respect getoond",
            &["Op", "vele", "locaties", "werd", "op", "maandag", "om", "12.00u", "door", "een", "minuut", "stilte", "respect", "getoond"],
        ),
        (
            "als risico’s zich voordoen en zijn een Exit-faciliteit opgericht",
            &["als", "risico’s", "zich", "voordoen", "en", "zijn", "een", "Exit-faciliteit", "opgericht"],
        ),
        (
            "hierbij gesteund door o.a. de versterkingsgelden",
            &["hierbij", "gesteund", "door", "o.a.", "de", "versterkingsgelden"],
        ),
        (
            "'s-Gravenhage, 4 October 1951.",
            &["'s-Gravenhage", ",", "4", "October", "1951", "."],
        ),
        (
            "in ’s-Hertogenbosch en z’n auto's, ’s avonds",
            &["in", "’s-Hertogenbosch", "en", "z’n", "auto's", ",", "’s", "avonds"],
        ),
        (
            "de rente steeg tot 5,75% in 1 000 000 gevallen",
            &["de", "rente", "steeg", "tot", "5,75%", "in", "1 000 000", "gevallen"],
        ),
        (
            "het politie-\napparaat en de veiligheids-\n   diensten",
            &["het", "politie-\napparaat", "en", "de", "veiligheids-\n   diensten"],
        ),
        (
            "„Het is ‘substantieel’,” zei hij.",
            &["„", "Het", "is", "‘", "substantieel", "’", ",", "”", "zei", "hij", "."],
        ),
        (
            "Het politieke proces en het staakt-het-vuren zijn nauw verbonden",
            &["Het", "politieke", "proces", "en", "het", "staakt-het-vuren", "zijn", "nauw", "verbonden"],
        ),
        (
            "het I&R-proces verder te verbeteren",
            &["het", "I&R-proces", "verder", "te", "verbeteren"],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(&tokens(text), want, "{text:?}");
    }
}

#[test]
fn kinds_of_real_tokens() {
    let text = "Meer dan 300 personen, 100% veiligheid (Kamerstuk 29 754) 👍🏽";
    let t = tokenize(text);
    let kinds: Vec<(&str, TokenKind)> = t.tokens.iter().map(|x| (x.text(text), x.kind)).collect();
    use TokenKind::*;
    assert_eq!(kinds, [
        ("Meer", Word), ("dan", Word), ("300", Number), ("personen", Word), (",", Punct),
        ("100%", Number), ("veiligheid", Word), ("(", Punct), ("Kamerstuk", Word),
        ("29 754", Number), (")", Punct), ("👍🏽", Symbol),
    ]);
}

#[test]
fn sentences_of_real_text() {
    let cases: &[(&str, usize)] = &[
        // Abbreviations and initials do not end sentences.
        ("Hierbij gesteund door o.a. de versterkingsgelden. Het kabinet zal dit steunen.", 2),
        ("De besprekingen in Wenen van 14 november jl. Het politieke proces gaat door.", 2),
        ("DE MINISTER-PRESIDENT,\nMinister van Algemene Zaken,\nM. Rutte", 1),
        // "IJ" is one letter of an initial.
        ("De Staatssecretaris van Binnenlandse Zaken, D. IJ. W. de Graaff-Nauta", 1),
        ("Zie Kamerstuk 29 754, nr. 325. Daarin staat meer.", 2),
        // Headings on their own line are sentences.
        ("Dreigingsbeeld\nDe ontwikkelingen in Parijs worden gevolgd.", 2),
        // OCR line wraps inside a sentence are not boundaries.
        ("Ter voldoening aan het bepaalde in artikel 60 van de\nGrondwet, heb ik de eer U hiernevens\nte doen toekomen.", 1),
        // A blank line always is.
        ("Tot slot\n\nWe houden rekening met de mogelijkheid.", 2),
        ("Wat nu? Niemand weet het! Zo is het.", 3),
    ];
    for (text, n) in cases {
        let t = tokenize(text);
        let got: Vec<&str> = t.sentences.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(got.len(), *n, "{text:?}: {got:?}");
    }
}

#[test]
fn spans_survive_unicode() {
    // België (precomposed), combining marks, emoji, curly apostrophes: spans slice exactly.
    let text = "In Belgie\u{308} en België, ’s-Hertogenbosch 👍🏽 en cafe\u{301}.";
    let t = tokenize(text);
    let words: Vec<&str> = t.tokens.iter().map(|x| x.text(text)).collect();
    assert_eq!(words, ["In", "Belgie\u{308}", "en", "België", ",", "’s-Hertogenbosch", "👍🏽", "en", "cafe\u{301}", "."]);
    assert_eq!(t.tokens[1].norm(text), "belgië");
    assert_eq!(t.tokens[1].norm(text), t.tokens[3].norm(text));
}

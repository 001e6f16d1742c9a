//! The Snowball Dutch reference: all 45,670 words of `voc.txt` must stem, through the public
//! API (normalise, then stem), to the stems in `output-porter.txt` (snowball-data, BSD-3).

use tekstlens::normalize::normalize;
use tekstlens::stem::Stemmer;

#[test]
fn reproduces_the_snowball_reference() {
    let voc = include_str!("data/snowball-dutch/voc.txt");
    let expected = include_str!("data/snowball-dutch/output-porter.txt");
    let stemmer = Stemmer::dutch();
    let mut n = 0;
    let mut wrong = Vec::new();
    for (word, want) in voc.lines().zip(expected.lines()) {
        n += 1;
        let norm = normalize(word);
        let got = stemmer.stem(&norm);
        if got != want {
            wrong.push(format!("{word} -> {got} (want {want})"));
        }
    }
    assert_eq!(n, 45_670, "word count of the reference");
    assert_eq!(voc.lines().count(), expected.lines().count());
    assert!(wrong.is_empty(), "{} of {n} differ, e.g. {:?}", wrong.len(), &wrong[..wrong.len().min(20)]);
}

#[test]
fn analysis_uses_the_same_stems() {
    let analyzer = tekstlens::Analyzer::new(Default::default()).unwrap();
    let a = analyzer.analyze("Aanslagen, maatregelen en dreigingen.");
    let stems: Vec<&str> = a.tokens.iter().filter_map(|t| t.stem.as_deref()).collect();
    assert_eq!(stems, ["aanslag", "maatregel", "en", "dreiging"]);
}

//! The classic Snowball Dutch (Porter-style) stemmer, step by step, for teaching.
//!
//! [`explain`] re-implements the algorithm that rust-stemmers runs (Snowball's `dutch.sbl`
//! before Snowball 3, now `dutch_porter`) and records every step with a short explanation in
//! Dutch and English. It is not used for stemming: `tests/stemmers.rs` checks that its final
//! stem equals rust-stemmers' stem for all 45,670 words of Snowball's Dutch vocabulary, so the
//! explanation can never drift from what the analyzer does.
//!
//! The algorithm, in order:
//! 1. *prelude*: á ä é ë í ï ó ö ú ü lose their accent (è, à, ê, ... stay);
//! 2. *marking*: an initial "y", a "y" after a vowel and an "i" between vowels are written "Y"
//!    and "I" and count as consonants from then on;
//! 3. *regions*: R1 is what follows the first consonant after a vowel, but at least 3 letters
//!    (UTF-8 bytes, as in the Snowball runtime) in; R2 is the same rule applied again inside R1;
//! 4. step 1: "-heden" → "-heid", "-en"/"-ene" after a consonant (not after "gem"), "-s"/"-se"
//!    after a consonant other than "j", each only in R1;
//! 5. step 2: a final "-e" in R1 after a consonant;
//! 6. step 3a: "-heid" in R2 (not after "c"), then an "-en" before it as in step 1;
//! 7. step 3b: "-end"/"-ing" (and then "-ig"), "-ig" (not after "e"), "-lijk" (then step 2
//!    again), "-baar", "-bar" (only if step 2 removed an "e"), each in R2;
//! 8. step 4: a double vowel aa/ee/oo/uu before a final consonant, with a consonant before it,
//!    loses one vowel ("maan" → "man");
//! 9. undoubling: after steps 1, 2 and 3b a final "dd", "kk" or "tt" loses one letter;
//! 10. *postlude*: "Y" and "I" are written "y" and "i" again.
//!
//! Vowels are a e i o u y è. Positions are counted in `char`s except where the Snowball runtime
//! counts bytes (the minimum of 3 for R1), so that words with è, à, ê agree exactly.

use serde::Serialize;

/// What a [`StemStep`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StepKind {
    /// á ä é ë í ï ó ö ú ü → a e i o u.
    AccentRemoval,
    /// y and i that act as consonants become Y and I.
    MarkVowels,
    /// R1 and R2 are determined (the word does not change).
    Regions,
    /// -heden, -en, -ene, -s, -se.
    Step1,
    /// A final -e.
    Step2,
    /// -heid.
    Step3a,
    /// -end, -ing, -ig, -lijk, -baar, -bar.
    Step3b,
    /// A final dd, kk or tt loses a letter (after step 1, 2 or 3b).
    UndoubleConsonant,
    /// A double vowel before the final consonant loses a letter (step 4).
    Step4,
    /// Y and I become y and i again.
    Restore,
}

/// One step of the algorithm applied to a word.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StemStep {
    pub kind: StepKind,
    /// Whether the step changed the word.
    pub applied: bool,
    /// The word before and after the step (marked letters Y and I in capitals).
    pub before: String,
    pub after: String,
    /// The ending this step looked at (removed or replaced when `applied`), if there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// What happened and why, in plain Dutch.
    pub nl: String,
    /// The same in English.
    pub en: String,
}

/// How the Porter-style Dutch stemmer stems one word.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StemExplanation {
    /// The word as given (a normalised form).
    pub word: String,
    /// The word after accent removal and marking: what the suffix steps work on.
    pub prepared: String,
    /// Where R1 and R2 start in `prepared`, in `char`s (equal to its length when empty).
    pub r1_start: usize,
    pub r2_start: usize,
    /// The text of R1 and R2 in `prepared`.
    pub r1: String,
    pub r2: String,
    /// Every step in order. Fixed steps always appear (with `applied: false` when nothing
    /// happened); [`StepKind::UndoubleConsonant`] appears only when it removed a letter.
    pub steps: Vec<StemStep>,
    /// The final stem, equal to what [`crate::stem::Stemmer::dutch`] returns.
    pub stem: String,
}

/// Explains how the Porter-style Dutch stemmer stems `word` (a normalised form: lowercase NFC).
/// Never panics; any string is accepted.
///
/// ```
/// use tekstlens::stem::{explain, StepKind};
/// let e = explain("aanslagen");
/// assert_eq!(e.stem, "aanslag");
/// assert_eq!(e.r1, "slagen");
/// let step1 = e.steps.iter().find(|s| s.kind == StepKind::Step1).unwrap();
/// assert!(step1.applied);
/// assert_eq!(step1.suffix.as_deref(), Some("en"));
/// ```
pub fn explain(word: &str) -> StemExplanation {
    let mut w = Word { chars: word.chars().collect(), p1: 0, p2: 0, steps: Vec::new(), undoubled: Vec::new() };
    w.prelude();
    let prepared = w.string();
    w.mark_regions();
    let r1_start = w.char_index(w.p1);
    let r2_start = w.char_index(w.p2);
    let r1: String = w.chars[r1_start..].iter().collect();
    let r2: String = w.chars[r2_start..].iter().collect();
    w.step1();
    let e_found = w.step2();
    w.step3a();
    w.step3b(e_found);
    w.step4();
    w.postlude();
    let stem = w.string();
    StemExplanation { word: word.to_owned(), prepared, r1_start, r2_start, r1, r2, steps: w.steps, stem }
}

/// Vowels of the algorithm (the grouping `v` in dutch.sbl).
fn is_v(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'è')
}

/// `v` plus "j": "-s" is not removed after these.
fn is_v_j(c: char) -> bool {
    is_v(c) || c == 'j'
}

/// `v` plus the marked "I": step 4 needs a final letter outside this set.
fn is_v_i(c: char) -> bool {
    is_v(c) || c == 'I'
}

/// The word being stemmed, with the regions as UTF-8 byte offsets (as the Snowball runtime
/// keeps them) and the steps recorded so far.
struct Word {
    chars: Vec<char>,
    p1: usize,
    p2: usize,
    steps: Vec<StemStep>,
    /// Undoublings not yet recorded: the word before each and the letter removed.
    undoubled: Vec<(String, char)>,
}

/// The outcome of one suffix rule: removed, or why not.
type Outcome = Result<(), (&'static str, &'static str)>;

impl Word {
    fn string(&self) -> String {
        self.chars.iter().collect()
    }

    /// UTF-8 byte offset of char index `i`.
    fn byte(&self, i: usize) -> usize {
        self.chars[..i.min(self.chars.len())].iter().map(|c| c.len_utf8()).sum()
    }

    /// The first char index at or after byte offset `b` (the regions may point inside a
    /// multi-byte letter when R1 is pushed to byte 3).
    fn char_index(&self, b: usize) -> usize {
        let mut off = 0;
        for (i, c) in self.chars.iter().enumerate() {
            if off >= b {
                return i;
            }
            off += c.len_utf8();
        }
        self.chars.len()
    }

    fn in_r1(&self, i: usize) -> bool {
        self.byte(i) >= self.p1
    }

    fn in_r2(&self, i: usize) -> bool {
        self.byte(i) >= self.p2
    }

    /// Where `suffix` starts if the word ends with it.
    fn ends_with(&self, suffix: &str) -> Option<usize> {
        let s: Vec<char> = suffix.chars().collect();
        self.chars.ends_with(&s).then(|| self.chars.len() - s.len())
    }

    /// The letter before char index `i`, if any.
    fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).map(|j| self.chars[j])
    }

    fn push(&mut self, kind: StepKind, before: String, suffix: Option<&str>, nl: String, en: String) {
        let after = self.string();
        self.steps.push(StemStep {
            kind,
            applied: before != after,
            before,
            after,
            suffix: suffix.map(str::to_owned),
            nl,
            en,
        });
    }

    fn prelude(&mut self) {
        let before = self.string();
        let mut changed = Vec::new();
        for c in self.chars.iter_mut() {
            let plain = match *c {
                'á' | 'ä' => 'a',
                'é' | 'ë' => 'e',
                'í' | 'ï' => 'i',
                'ó' | 'ö' => 'o',
                'ú' | 'ü' => 'u',
                _ => continue,
            };
            changed.push(format!("{c} → {plain}"));
            *c = plain;
        }
        let (nl, en) = if changed.is_empty() {
            (
                "Geen letters met accent om te vereenvoudigen (á, ä, é, ë, í, ï, ó, ö, ú, ü).".to_owned(),
                "No accented letters to simplify (á, ä, é, ë, í, ï, ó, ö, ú, ü).".to_owned(),
            )
        } else {
            let list = changed.join(", ");
            (
                format!("Accenten weggehaald: {list}, zodat bijvoorbeeld ‘ideeën’ en ‘ideeen’ gelijk behandeld worden."),
                format!("Accents removed: {list}, so that e.g. ‘ideeën’ and ‘ideeen’ are treated alike."),
            )
        };
        self.push(StepKind::AccentRemoval, before, None, nl, en);

        let before = self.string();
        if self.chars.first() == Some(&'y') {
            self.chars[0] = 'Y';
        }
        // Left to right, each position once: a marked letter is no vowel for the next test,
        // exactly as Snowball's `repeat goto` sees it.
        for i in 0..self.chars.len() {
            if !is_v(self.chars[i]) {
                continue;
            }
            match (self.chars.get(i + 1), self.chars.get(i + 2)) {
                (Some('i'), Some(&n)) if is_v(n) => self.chars[i + 1] = 'I',
                (Some('y'), _) => self.chars[i + 1] = 'Y',
                _ => {}
            }
        }
        let (nl, en) = if before == self.string() {
            (
                "Geen i of y die als medeklinker telt.".to_owned(),
                "No i or y that counts as a consonant.".to_owned(),
            )
        } else {
            (
                "Een y aan het begin of na een klinker en een i tussen twee klinkers zijn hier medeklinkers (‘draaien’, ‘haya’): ze worden tijdelijk als I en Y geschreven.".to_owned(),
                "A y at the start or after a vowel and an i between two vowels act as consonants here (‘draaien’, ‘haya’): they are written I and Y for now.".to_owned(),
            )
        };
        self.push(StepKind::MarkVowels, before, None, nl, en);
    }

    fn mark_regions(&mut self) {
        let len = self.byte(self.chars.len());
        self.p1 = len;
        self.p2 = len;
        let c = &self.chars;
        // gopast v, gopast non-v: the position after the first consonant that follows a vowel.
        let after_vc = |from: usize| -> Option<usize> {
            let v = from + c.get(from..)?.iter().position(|&x| is_v(x))?;
            let n = v + 1 + c.get(v + 1..)?.iter().position(|&x| !is_v(x))?;
            Some(n + 1)
        };
        let mut at_least_3 = false;
        if let Some(i1) = after_vc(0) {
            self.p1 = self.byte(i1);
            if self.p1 < 3 {
                // Snowball: R1 starts at least 3 bytes in ("$p1 < 3 $p1 = 3").
                self.p1 = 3;
                at_least_3 = true;
            }
            if let Some(i2) = after_vc(i1) {
                self.p2 = self.byte(i2);
            }
        }
        let word = self.string();
        let r1: String = self.chars[self.char_index(self.p1)..].iter().collect();
        let r2: String = self.chars[self.char_index(self.p2)..].iter().collect();
        let show = |r: &str| if r.is_empty() { "(leeg)".to_owned() } else { format!("‘{r}’") };
        let show_en = |r: &str| if r.is_empty() { "(empty)".to_owned() } else { format!("‘{r}’") };
        let extra_nl = if at_least_3 { " R1 begint altijd pas na de derde letter." } else { "" };
        let extra_en = if at_least_3 { " R1 never starts before the fourth letter." } else { "" };
        let nl = format!(
            "R1 is het deel na de eerste medeklinker die op een klinker volgt: {}. R2 is het deel na de volgende klinker-medeklinker binnen R1: {}. Uitgangen worden alleen verwijderd als ze in R1 (of R2) staan, zodat korte woorden heel blijven.{extra_nl}",
            show(&r1),
            show(&r2)
        );
        let en = format!(
            "R1 is the part after the first consonant that follows a vowel: {}. R2 is the part after the next vowel-consonant pair inside R1: {}. Endings are only removed when they lie in R1 (or R2), so short words stay whole.{extra_en}",
            show_en(&r1),
            show_en(&r2)
        );
        self.push(StepKind::Regions, word, None, nl, en);
    }

    /// "-en"/"-ene" at `start`: in R1, after a consonant, not after "gem"; then undoubling.
    fn en_ending(&mut self, start: usize) -> Outcome {
        if !self.in_r1(start) {
            return Err(("staat niet in R1", "is not in R1"));
        }
        match self.before(start) {
            None => return Err(("is het hele woord", "is the whole word")),
            Some(c) if is_v(c) => return Err(("volgt op een klinker", "follows a vowel")),
            _ => {}
        }
        if self.chars[..start].ends_with(&['g', 'e', 'm']) {
            return Err(("volgt op ‘gem’", "follows ‘gem’"));
        }
        self.chars.truncate(start);
        self.undouble();
        Ok(())
    }

    /// A final dd, kk or tt loses its last letter. Recorded as its own step by [`Word::finish`],
    /// after the step that caused it.
    fn undouble(&mut self) {
        let n = self.chars.len();
        if n >= 2 && self.chars[n - 1] == self.chars[n - 2] && matches!(self.chars[n - 1], 'd' | 'k' | 't') {
            self.undoubled.push((self.string(), self.chars[n - 1]));
            self.chars.pop();
        }
    }

    /// Records a suffix step and then any undoubling it caused, each with its own before/after.
    fn finish(&mut self, kind: StepKind, before: String, suffix: Option<&str>, nl: String, en: String) {
        let undoubled = std::mem::take(&mut self.undoubled);
        let end = self.string();
        let after = undoubled.first().map_or_else(|| end.clone(), |u| u.0.clone());
        self.steps.push(StemStep { kind, applied: before != after, before, after, suffix: suffix.map(str::to_owned), nl, en });
        for (i, (before, c)) in undoubled.iter().enumerate() {
            let after = undoubled.get(i + 1).map_or_else(|| end.clone(), |u| u.0.clone());
            self.steps.push(StemStep {
                kind: StepKind::UndoubleConsonant,
                applied: true,
                before: before.clone(),
                after,
                suffix: Some(c.to_string()),
                nl: format!("De dubbele medeklinker ‘{c}{c}’ aan het eind wordt ‘{c}’ (‘bedden’ → ‘bedd’ → ‘bed’)."),
                en: format!("The final double consonant ‘{c}{c}’ becomes ‘{c}’ (‘bedden’ → ‘bedd’ → ‘bed’)."),
            });
        }
    }

    fn step1(&mut self) {
        let before = self.string();
        let Some(suffix) = ["heden", "ene", "en", "se", "s"].into_iter().find(|s| self.ends_with(s).is_some()) else {
            self.push(
                StepKind::Step1,
                before,
                None,
                "Geen van de uitgangen -heden, -ene, -en, -se, -s.".to_owned(),
                "None of the endings -heden, -ene, -en, -se, -s.".to_owned(),
            );
            return;
        };
        let start = self.chars.len() - suffix.chars().count();
        let (nl, en) = match suffix {
            "heden" => {
                if self.in_r1(start) {
                    self.chars.truncate(start);
                    self.chars.extend("heid".chars());
                    ("‘-heden’ staat in R1 en wordt ‘-heid’ (‘mogelijkheden’ → ‘mogelijkheid’).".to_owned(),
                     "‘-heden’ lies in R1 and becomes ‘-heid’ (‘mogelijkheden’ → ‘mogelijkheid’).".to_owned())
                } else {
                    ("‘-heden’ staat niet in R1: niets veranderd.".to_owned(),
                     "‘-heden’ is not in R1: nothing changed.".to_owned())
                }
            }
            "en" | "ene" => match self.en_ending(start) {
                Ok(()) => (
                    format!("Uitgang ‘-{suffix}’ verwijderd: staat in R1 en volgt op een medeklinker."),
                    format!("Ending ‘-{suffix}’ removed: it lies in R1 and follows a consonant."),
                ),
                Err((nl, en)) => (
                    format!("Uitgang ‘-{suffix}’ blijft staan: {nl}."),
                    format!("Ending ‘-{suffix}’ stays: it {en}."),
                ),
            },
            _ => {
                let why = if !self.in_r1(start) {
                    Some(("staat niet in R1", "is not in R1"))
                } else {
                    match self.before(start) {
                        None => Some(("is het hele woord", "is the whole word")),
                        Some(c) if is_v_j(c) => Some(("volgt op een klinker of j", "follows a vowel or j")),
                        _ => None,
                    }
                };
                match why {
                    None => {
                        self.chars.truncate(start);
                        (
                            format!("Uitgang ‘-{suffix}’ verwijderd: staat in R1 en volgt op een medeklinker (niet j)."),
                            format!("Ending ‘-{suffix}’ removed: it lies in R1 and follows a consonant (not j)."),
                        )
                    }
                    Some((nl, en)) => (
                        format!("Uitgang ‘-{suffix}’ blijft staan: {nl}."),
                        format!("Ending ‘-{suffix}’ stays: it {en}."),
                    ),
                }
            }
        };
        self.finish(StepKind::Step1, before, Some(suffix), nl, en);
    }

    /// Step 2 (also run after "-lijk"): removes a final "e" in R1 after a consonant. Returns
    /// whether it did (Snowball's `e_found`).
    fn e_ending(&mut self) -> Outcome {
        let Some(start) = self.ends_with("e") else {
            return Err(("", ""));
        };
        if !self.in_r1(start) {
            return Err(("staat niet in R1", "is not in R1"));
        }
        match self.before(start) {
            None => return Err(("is het hele woord", "is the whole word")),
            Some(c) if is_v(c) => return Err(("volgt op een klinker", "follows a vowel")),
            _ => {}
        }
        self.chars.truncate(start);
        self.undouble();
        Ok(())
    }

    fn step2(&mut self) -> bool {
        let before = self.string();
        let outcome = self.e_ending();
        let (nl, en) = match outcome {
            Ok(()) => (
                "Slot-e verwijderd: staat in R1 na een medeklinker (‘grote’ → ‘grot’).".to_owned(),
                "Final e removed: it lies in R1 after a consonant (‘grote’ → ‘grot’).".to_owned(),
            ),
            Err(("", _)) => ("Het woord eindigt niet op -e.".to_owned(), "The word does not end in -e.".to_owned()),
            Err((nl, en)) => (format!("Slot-e blijft staan: {nl}."), format!("Final e stays: it {en}.")),
        };
        let suffix = (!matches!(outcome, Err(("", _)))).then_some("e");
        self.finish(StepKind::Step2, before, suffix, nl, en);
        outcome.is_ok()
    }

    fn step3a(&mut self) {
        let before = self.string();
        let (nl, en, suffix) = match self.ends_with("heid") {
            None => ("Het woord eindigt niet op -heid.".to_owned(), "The word does not end in -heid.".to_owned(), None),
            Some(start) if !self.in_r2(start) => (
                "‘-heid’ blijft staan: staat niet in R2.".to_owned(),
                "‘-heid’ stays: it is not in R2.".to_owned(),
                Some("heid"),
            ),
            Some(start) if self.before(start) == Some('c') => (
                "‘-heid’ blijft staan: volgt op een c.".to_owned(),
                "‘-heid’ stays: it follows a c.".to_owned(),
                Some("heid"),
            ),
            Some(start) => {
                self.chars.truncate(start);
                let en_removed = match self.ends_with("en") {
                    Some(s) => self.en_ending(s).is_ok(),
                    None => false,
                };
                if en_removed {
                    (
                        "‘-heid’ in R2 verwijderd, en daarna ook ‘-en’ ervoor (zoals in stap 1).".to_owned(),
                        "‘-heid’ in R2 removed, and then ‘-en’ before it as well (as in step 1).".to_owned(),
                        Some("heid"),
                    )
                } else {
                    (
                        "‘-heid’ verwijderd: staat in R2 (‘zekerheid’ → ‘zeker’).".to_owned(),
                        "‘-heid’ removed: it lies in R2 (‘zekerheid’ → ‘zeker’).".to_owned(),
                        Some("heid"),
                    )
                }
            }
        };
        self.finish(StepKind::Step3a, before, suffix, nl, en);
    }

    fn step3b(&mut self, e_found: bool) {
        let before = self.string();
        let Some(suffix) = ["lijk", "baar", "end", "ing", "bar", "ig"].into_iter().find(|s| self.ends_with(s).is_some()) else {
            self.push(
                StepKind::Step3b,
                before,
                None,
                "Geen van de uitgangen -end, -ing, -ig, -lijk, -baar, -bar.".to_owned(),
                "None of the endings -end, -ing, -ig, -lijk, -baar, -bar.".to_owned(),
            );
            return;
        };
        let start = self.chars.len() - suffix.chars().count();
        let not_r2 = || (format!("‘-{suffix}’ blijft staan: staat niet in R2."), format!("‘-{suffix}’ stays: it is not in R2."));
        let (nl, en) = if !self.in_r2(start) {
            not_r2()
        } else {
            match suffix {
                "end" | "ing" => {
                    self.chars.truncate(start);
                    let ig = self.ends_with("ig").filter(|&s| self.in_r2(s) && self.before(s) != Some('e'));
                    if let Some(s) = ig {
                        self.chars.truncate(s);
                        (
                            format!("‘-{suffix}’ in R2 verwijderd, en daarna ‘-ig’ ervoor (ook in R2, niet na e)."),
                            format!("‘-{suffix}’ in R2 removed, and then ‘-ig’ before it (also in R2, not after e)."),
                        )
                    } else {
                        self.undouble();
                        (
                            format!("‘-{suffix}’ verwijderd: staat in R2."),
                            format!("‘-{suffix}’ removed: it lies in R2."),
                        )
                    }
                }
                "ig" if self.before(start) == Some('e') => (
                    "‘-ig’ blijft staan: volgt op een e.".to_owned(),
                    "‘-ig’ stays: it follows an e.".to_owned(),
                ),
                "ig" | "baar" => {
                    self.chars.truncate(start);
                    (format!("‘-{suffix}’ verwijderd: staat in R2."), format!("‘-{suffix}’ removed: it lies in R2."))
                }
                "lijk" => {
                    self.chars.truncate(start);
                    if self.e_ending().is_ok() {
                        (
                            "‘-lijk’ in R2 verwijderd, en daarna een slot-e zoals in stap 2.".to_owned(),
                            "‘-lijk’ in R2 removed, and then a final e as in step 2.".to_owned(),
                        )
                    } else {
                        ("‘-lijk’ verwijderd: staat in R2.".to_owned(), "‘-lijk’ removed: it lies in R2.".to_owned())
                    }
                }
                // "bar": only when step 2 removed an e ("-bare" → "-bar" → "").
                _ if e_found => {
                    self.chars.truncate(start);
                    (
                        "‘-bar’ verwijderd: staat in R2 en stap 2 haalde er een e achter weg (‘-bare’).".to_owned(),
                        "‘-bar’ removed: it lies in R2 and step 2 removed an e after it (‘-bare’).".to_owned(),
                    )
                }
                _ => (
                    "‘-bar’ blijft staan: alleen ‘-bare’ (met de e die stap 2 weghaalde) wordt verwijderd.".to_owned(),
                    "‘-bar’ stays: only ‘-bare’ (with the e that step 2 removed) is removed.".to_owned(),
                ),
            }
        };
        self.finish(StepKind::Step3b, before, Some(suffix), nl, en);
    }

    fn step4(&mut self) {
        let before = self.string();
        let n = self.chars.len();
        let c = &self.chars;
        let applies = n >= 4
            && !is_v_i(c[n - 1])
            && c[n - 2] == c[n - 3]
            && matches!(c[n - 2], 'a' | 'e' | 'o' | 'u')
            && !is_v(c[n - 4]);
        let (nl, en) = if applies {
            let v = c[n - 2];
            self.chars.remove(n - 2);
            (
                format!("Dubbele klinker ‘{v}{v}’ voor de laatste medeklinker wordt ‘{v}’, zodat ‘maan’ en ‘manen’ samenvallen (‘man’)."),
                format!("Double vowel ‘{v}{v}’ before the final consonant becomes ‘{v}’, so ‘maan’ and ‘manen’ meet (‘man’)."),
            )
        } else {
            (
                "Geen dubbele klinker (aa, ee, oo, uu) tussen medeklinkers aan het eind.".to_owned(),
                "No double vowel (aa, ee, oo, uu) between consonants at the end.".to_owned(),
            )
        };
        self.push(StepKind::Step4, before, None, nl, en);
    }

    fn postlude(&mut self) {
        let before = self.string();
        for c in self.chars.iter_mut() {
            match *c {
                'Y' => *c = 'y',
                'I' => *c = 'i',
                _ => {}
            }
        }
        let (nl, en) = if before == self.string() {
            ("Geen gemarkeerde I of Y om terug te zetten.".to_owned(), "No marked I or Y to restore.".to_owned())
        } else {
            ("De gemarkeerde I en Y worden weer i en y.".to_owned(), "The marked I and Y become i and y again.".to_owned())
        };
        self.push(StepKind::Restore, before, None, nl, en);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stem::Stemmer;

    fn step(e: &StemExplanation, kind: StepKind) -> &StemStep {
        e.steps.iter().find(|s| s.kind == kind).unwrap()
    }

    #[test]
    fn words_from_the_demo_letter() {
        let porter = Stemmer::dutch();
        for w in ["aanslagen", "maatregelen", "dreigingen", "nederlanders", "veiligheid", "mogelijkheden",
                  "vrijheid", "draaien", "ideeën", "bedden", "lopende", "eenvoudige", "zichtbare",
                  "vriendelijke", "maan", "gemeenten", "y", "", "🙂", "è", "àè", "pèrel", "1e"] {
            let e = explain(w);
            assert_eq!(e.stem, porter.stem(w), "{w}");
            // Each step continues where the previous one stopped.
            let mut cur = w.to_owned();
            for s in &e.steps {
                assert_eq!(s.before, cur, "{w}: {:?}", s.kind);
                assert_eq!(s.applied, s.before != s.after);
                cur = s.after.clone();
            }
            assert_eq!(cur, e.stem, "{w}");
        }
    }

    #[test]
    fn regions_and_steps() {
        let e = explain("aanslagen");
        assert_eq!((e.r1.as_str(), e.r2.as_str()), ("slagen", "en"));
        let s1 = step(&e, StepKind::Step1);
        assert_eq!((s1.before.as_str(), s1.after.as_str()), ("aanslagen", "aanslag"));
        assert!(s1.nl.contains("-en") && s1.en.contains("removed"));
        assert!(!step(&e, StepKind::Step2).applied);

        // R1 starts at least 3 letters in: "open" → R1 "n", not "en".
        let e = explain("open");
        assert_eq!(e.r1, "n");
        assert!(e.steps[2].nl.contains("derde letter"));
        assert_eq!(e.stem, "open");
        assert!(step(&e, StepKind::Step1).nl.contains("niet in R1"));

        // -heden → -heid in R1, then -heid stays unless in R2.
        let e = explain("mogelijkheden");
        assert_eq!(step(&e, StepKind::Step1).after, "mogelijkheid");
        assert_eq!(step(&e, StepKind::Step3a).after, "mogelijk");
        assert_eq!(e.stem, "mogelijk");

        // Marking: the i between two vowels is a consonant.
        let e = explain("draaien");
        assert_eq!(e.prepared, "draaIen");
        assert!(step(&e, StepKind::MarkVowels).applied);
        assert!(step(&e, StepKind::Restore).applied);

        // Undoubling follows the step that caused it.
        let e = explain("bedden");
        let kinds: Vec<StepKind> = e.steps.iter().map(|s| s.kind).collect();
        let i = kinds.iter().position(|k| *k == StepKind::Step1).unwrap();
        assert_eq!(kinds[i + 1], StepKind::UndoubleConsonant);
        assert_eq!(e.steps[i].after, "bedd");
        assert_eq!(e.stem, "bed");

        // Step 4: double vowel.
        let e = explain("maan");
        assert_eq!(step(&e, StepKind::Step4).after, "man");

        // -bare: step 2 removes the e, then -bar goes.
        let e = explain("betaalbare");
        assert!(step(&e, StepKind::Step2).applied);
        assert_eq!(step(&e, StepKind::Step3b).after, "betaal");
        assert_eq!(e.stem, "betal");
        // ... but -bar is not in R2 in "zichtbare".
        let e = explain("zichtbare");
        assert!(step(&e, StepKind::Step3b).nl.contains("niet in R2"));

        // Accents.
        let e = explain("ideeën");
        assert_eq!(step(&e, StepKind::AccentRemoval).after, "ideeen");
    }

    #[test]
    fn serialises_camel_case() {
        let v = serde_json::to_value(explain("aanslagen")).unwrap();
        assert!(v.get("r1Start").is_some());
        assert_eq!(v["steps"][0]["kind"], "accentRemoval");
        assert!(v["steps"][0].get("suffix").is_none());
    }
}

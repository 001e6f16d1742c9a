//! CoNLL token-per-line files: reading, tagging with an [`Analyzer`], and conlleval-style scoring.
//!
//! Format: the first space-separated column is the token, the last (if present) a gold IOB tag;
//! a blank line ends a sentence; `-DOCSTART-` lines separate documents. Tagging keeps every line
//! and appends the predicted IOB2 tag as a new last column, so the output is conlleval input.

use std::collections::BTreeMap;

use crate::{Analyzer, Error, Label};

/// One line of a CoNLL file.
#[derive(Debug, Clone, PartialEq)]
pub enum Line<'a> {
    /// A `-DOCSTART-` line, kept verbatim.
    DocStart(&'a str),
    /// A blank line (sentence end).
    Blank,
    /// A token line, verbatim, with its first column.
    Token { line: &'a str, token: &'a str },
}

/// Splits a CoNLL file into lines.
pub fn parse(input: &str) -> Vec<Line<'_>> {
    input
        .lines()
        .map(|l| {
            let l = l.trim_end_matches('\r');
            let first = l.split([' ', '\t']).next().unwrap_or("");
            if l.trim().is_empty() {
                Line::Blank
            } else if first == "-DOCSTART-" {
                Line::DocStart(l)
            } else {
                Line::Token { line: l, token: first }
            }
        })
        .collect()
}

/// Predicts an IOB2 tag (PER, ORG, LOC, MISC; dates and references are `O`) for every token
/// line, in order. Each document (see [`documents`]) is analysed as one text, so document-level
/// cues apply.
pub fn tag(analyzer: &Analyzer, lines: &[Line<'_>]) -> Vec<String> {
    let mut tags = Vec::new();
    for doc in documents(lines) {
        let mut tokens: Vec<&str> = Vec::new();
        let mut breaks: Vec<bool> = Vec::new(); // sentence break before token i
        for sentence in &doc {
            for (k, &i) in sentence.iter().enumerate() {
                if let Line::Token { token, .. } = lines[i] {
                    tokens.push(token);
                    breaks.push(k == 0);
                }
            }
        }
        tags.extend(tag_doc(analyzer, &tokens, &breaks));
    }
    tags
}

/// Sentences longer than this with no blank line among them are unsegmented text (Europeana's
/// files have no blank lines at all): they are split after tokens ending in `.`, `!` or `?`.
const MAX_SENTENCE: usize = 250;
/// A file without `-DOCSTART-` lines is cut into documents of this many sentences, so that the
/// document-level cues (the same word capitalised elsewhere) see a text, not a whole corpus.
const SENTENCES_PER_DOC: usize = 40;

/// The documents of a CoNLL file: each a list of sentences, each a list of indices of token
/// lines into `lines`. Documents are separated by `-DOCSTART-` lines, sentences by blank lines.
/// A run of more than 250 token lines without a blank line (Europeana's files have none) is
/// split after sentence-final tokens ("geweest.", not "J."), and a file without `-DOCSTART-` is
/// cut into documents of 40 sentences.
pub fn documents(lines: &[Line<'_>]) -> Vec<Vec<Vec<usize>>> {
    let has_docstart = lines.iter().any(|l| matches!(l, Line::DocStart(_)));
    let mut docs: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut doc: Vec<Vec<usize>> = Vec::new();
    let mut sentence: Vec<usize> = Vec::new();
    let end_sentence = |sentence: &mut Vec<usize>, doc: &mut Vec<Vec<usize>>| {
        if sentence.len() > MAX_SENTENCE {
            let mut part = Vec::new();
            for &i in sentence.iter() {
                part.push(i);
                if let Line::Token { token, .. } = lines[i]
                    && ends_sentence(token)
                {
                    doc.push(std::mem::take(&mut part));
                }
            }
            if !part.is_empty() {
                doc.push(part);
            }
            sentence.clear();
        } else if !sentence.is_empty() {
            doc.push(std::mem::take(sentence));
        }
    };
    for (i, l) in lines.iter().enumerate() {
        match l {
            Line::DocStart(_) => {
                end_sentence(&mut sentence, &mut doc);
                if !doc.is_empty() {
                    docs.push(std::mem::take(&mut doc));
                }
            }
            Line::Blank => end_sentence(&mut sentence, &mut doc),
            Line::Token { .. } => sentence.push(i),
        }
    }
    end_sentence(&mut sentence, &mut doc);
    if !doc.is_empty() {
        docs.push(doc);
    }
    if has_docstart {
        return docs;
    }
    docs.into_iter()
        .flat_map(|d| d.chunks(SENTENCES_PER_DOC).map(<[_]>::to_vec).collect::<Vec<_>>())
        .collect()
}

/// A sentence-final token of unsegmented text: ".", or a word with the period glued to it
/// ("geweest."), but not an initial or a title ("J.", "Mr.") that a name follows.
fn ends_sentence(token: &str) -> bool {
    let Some(body) = token.strip_suffix(['.', '!', '?']) else { return false };
    body.is_empty()
        || body.chars().count() >= 2
            && body.chars().last().is_some_and(char::is_lowercase)
            && !body.chars().next().is_some_and(char::is_uppercase)
}

/// A gold tag in IOB2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Iob {
    O,
    B(Label),
    I(Label),
}

/// The gold tags of the token lines of `lines` (the last of two or more columns), in order,
/// normalised to IOB2: an `I-X` that does not continue an `X` chunk of the same sentence (IOB1,
/// as in Europeana's files) becomes `B-X`. Fails with the line number on a token line without a
/// tag or with a tag other than `O`, `B-TYPE` or `I-TYPE` (TYPE one of PER, ORG, LOC, MISC,
/// DATE, REF).
pub fn gold_tags(lines: &[Line<'_>]) -> Result<Vec<Iob>, Error> {
    let mut tags = Vec::new();
    let mut index = vec![usize::MAX; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        let Line::Token { line, .. } = l else { continue };
        let cols: Vec<&str> = line.split([' ', '\t']).filter(|c| !c.is_empty()).collect();
        let bad = |why: String| Error::new(format!("line {}: {why}", i + 1));
        if cols.len() < 2 {
            return Err(bad(format!("no tag column in {line:?} (expected `TOKEN [...] TAG`)")));
        }
        let t = cols[cols.len() - 1];
        let iob = match t.split_once('-') {
            None if t == "O" => Iob::O,
            Some((p @ ("B" | "I"), ty)) => match Label::parse(ty) {
                Some(l) if p == "B" => Iob::B(l),
                Some(l) => Iob::I(l),
                None => return Err(bad(format!("unknown entity type in tag {t:?} (expected PER, ORG, LOC, MISC, DATE or REF)"))),
            },
            _ => return Err(bad(format!("unknown tag {t:?} (expected O, B-TYPE or I-TYPE)"))),
        };
        index[i] = tags.len();
        tags.push(iob);
    }
    for doc in documents(lines) {
        for sentence in doc {
            let mut prev = Iob::O;
            for i in sentence {
                let t = &mut tags[index[i]];
                if let Iob::I(l) = *t
                    && !matches!(prev, Iob::B(p) | Iob::I(p) if p == l)
                {
                    *t = Iob::B(l);
                }
                prev = *t;
            }
        }
    }
    Ok(tags)
}

/// Tags `lines` with `analyzer` and scores the result against the gold tags in their last
/// column, conlleval-style.
pub fn evaluate_lines(analyzer: &Analyzer, lines: &[Line<'_>]) -> Report {
    let predicted = tag(analyzer, lines);
    // Gold = last column; sentence ends become O so chunks never cross them.
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    let mut p = predicted.iter();
    for l in lines {
        match l {
            Line::Token { line, .. } => {
                gold.push(line.rsplit([' ', '\t']).next().unwrap_or("O"));
                pred.push(p.next().map_or("O", |s| s.as_str()));
            }
            _ => {
                gold.push("O");
                pred.push("O");
            }
        }
    }
    let mut report = evaluate(&gold, &pred);
    report.tokens = lines.iter().filter(|l| matches!(l, Line::Token { .. })).count();
    report
}

fn tag_doc(analyzer: &Analyzer, tokens: &[&str], breaks: &[bool]) -> Vec<String> {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            text.push_str(if breaks[i] { "\n\n" } else { " " });
        }
        spans.push((text.len(), text.len() + t.len()));
        text.push_str(t);
    }
    let mut tags = vec!["O".to_string(); tokens.len()];
    let analysis = analyzer.analyze(&text);
    for e in &analysis.entities {
        if matches!(e.label, Label::Date | Label::Ref) {
            continue;
        }
        // CoNLL tokens overlapping the entity.
        let first = spans.partition_point(|&(_, end)| end <= e.start);
        let mut begin = true;
        for (i, &(s, _)) in spans.iter().enumerate().skip(first) {
            if s >= e.end {
                break;
            }
            if tags[i] == "O" {
                tags[i] = format!("{}-{}", if begin { "B" } else { "I" }, e.label);
                begin = false;
            }
        }
    }
    tags
}

/// Precision, recall and F1 (in percent) of one entity type or of all.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        pct(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        pct(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 }
}

/// A conlleval-style report: exact-match entity chunks per type and overall.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub tokens: usize,
    pub per_type: BTreeMap<String, Score>,
    pub overall: Score,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let o = &self.overall;
        writeln!(f, "processed {} tokens with {} phrases; found: {} phrases; correct: {}.", self.tokens, o.gold, o.predicted, o.correct)?;
        writeln!(f, "{:>8}  precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}", "overall", o.precision(), o.recall(), o.f1())?;
        for (t, s) in &self.per_type {
            writeln!(f, "{t:>8}  precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}", s.precision(), s.recall(), s.f1(), s.predicted)?;
        }
        Ok(())
    }
}

/// Chunks `(type, start, end)` of an IOB1 or IOB2 tag sequence (conlleval's rules).
pub fn chunks(tags: &[&str]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, ty) = match tag.split_once('-') {
            Some((p, t)) => (p, t),
            None => ("O", ""),
        };
        let continues = matches!(prefix, "I") && cur.as_ref().is_some_and(|(t, _)| t == ty);
        if !continues {
            if let Some((t, s)) = cur.take() {
                out.push((t, s, i));
            }
            if prefix == "B" || prefix == "I" {
                cur = Some((ty.to_string(), i));
            }
        }
    }
    if let Some((t, s)) = cur {
        out.push((t, s, tags.len()));
    }
    out
}

/// Scores predicted against gold tags (one tag per token, sentences concatenated; chunks never
/// cross a sentence because callers insert `O` between sentences or score per sentence).
pub fn evaluate(gold: &[&str], predicted: &[&str]) -> Report {
    let g = chunks(gold);
    let p = chunks(predicted);
    let mut report = Report { tokens: gold.len(), ..Report::default() };
    let gs: std::collections::HashSet<&(String, usize, usize)> = g.iter().collect();
    for c in &g {
        report.per_type.entry(c.0.clone()).or_default().gold += 1;
        report.overall.gold += 1;
    }
    for c in &p {
        let s = report.per_type.entry(c.0.clone()).or_default();
        s.predicted += 1;
        report.overall.predicted += 1;
        if gs.contains(c) {
            s.correct += 1;
            report.overall.correct += 1;
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunking_iob1_and_iob2() {
        assert_eq!(chunks(&["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC"]), [
            ("PER".to_string(), 0, 2),
            ("LOC".to_string(), 3, 5),
            ("LOC".to_string(), 5, 6)
        ]);
    }

    #[test]
    fn scoring() {
        let r = evaluate(&["B-PER", "I-PER", "O", "B-LOC"], &["B-PER", "I-PER", "O", "B-ORG"]);
        assert_eq!(r.overall.correct, 1);
        assert_eq!(r.overall.f1(), 50.0);
        assert_eq!(r.per_type["ORG"].predicted, 1);
    }

    #[test]
    fn unsegmented_files_are_cut_into_sentences_and_documents() {
        // 300 tokens without a blank line: split after "geweest." but not after "J.".
        let mut input = String::new();
        for _ in 0..100 {
            input.push_str("J. B-PER\nSmit I-PER\ngeweest. O\n");
        }
        let lines = parse(&input);
        let docs = documents(&lines);
        let sentences: Vec<usize> = docs.iter().flatten().map(Vec::len).collect();
        assert_eq!(sentences.len(), 100);
        assert!(sentences.iter().all(|&n| n == 3));
        assert_eq!(docs.len(), 100usize.div_ceil(SENTENCES_PER_DOC));
        let tags = gold_tags(&lines).unwrap();
        assert_eq!(&tags[..3], [Iob::B(Label::Per), Iob::I(Label::Per), Iob::O]);
        assert!(ends_sentence("geweest.") && ends_sentence(".") && ends_sentence("?"));
        assert!(!ends_sentence("J.") && !ends_sentence("Mr.") && !ends_sentence("Europa"));
    }

    #[test]
    fn tagging_keeps_lines() {
        let a = Analyzer::new(Default::default()).unwrap();
        let input = "-DOCSTART- -DOCSTART- O\nDe Art O\nAIVD N B-ORG\nwerkt V O\n\nIn Prep O\nParijs N B-LOC\n";
        let lines = parse(input);
        let tags = tag(&a, &lines);
        assert_eq!(tags, ["O", "B-ORG", "O", "O", "B-LOC"]);
    }
}

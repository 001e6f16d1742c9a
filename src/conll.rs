//! CoNLL token-per-line files: reading, tagging with an [`Analyzer`], and conlleval-style scoring.
//!
//! Format: the first space-separated column is the token, the last (if present) a gold IOB tag;
//! a blank line ends a sentence; `-DOCSTART-` lines separate documents. Tagging keeps every line
//! and appends the predicted IOB2 tag as a new last column, so the output is conlleval input.

use std::collections::BTreeMap;

use crate::{Analyzer, Label};

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
/// line, in order. Each document is analysed as one text, so document-level cues apply.
pub fn tag(analyzer: &Analyzer, lines: &[Line<'_>]) -> Vec<String> {
    let mut tags = Vec::new();
    let mut doc: Vec<&str> = Vec::new();
    let mut breaks: Vec<bool> = Vec::new(); // sentence break before token i
    let mut pending_break = false;
    for l in lines {
        match l {
            Line::DocStart(_) => {
                tags.extend(tag_doc(analyzer, &doc, &breaks));
                doc.clear();
                breaks.clear();
                pending_break = false;
            }
            Line::Blank => pending_break = true,
            Line::Token { token, .. } => {
                doc.push(token);
                breaks.push(pending_break);
                pending_break = false;
            }
        }
    }
    tags.extend(tag_doc(analyzer, &doc, &breaks));
    tags
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
    fn tagging_keeps_lines() {
        let a = Analyzer::new(Default::default()).unwrap();
        let input = "-DOCSTART- -DOCSTART- O\nDe Art O\nAIVD N B-ORG\nwerkt V O\n\nIn Prep O\nParijs N B-LOC\n";
        let lines = parse(input);
        let tags = tag(&a, &lines);
        assert_eq!(tags, ["O", "B-ORG", "O", "O", "B-LOC"]);
    }
}

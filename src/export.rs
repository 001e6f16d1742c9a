//! Exports: CSV of the terms and of the entities, JSON of the whole analysis.
//!
//! CSV follows RFC 4180: fields containing the delimiter, a quote, CR or LF are quoted, quotes
//! doubled, records end in CRLF, the first record is a header. Text cells that a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading
//! apostrophe ("CSV injection", OWASP); numeric cells are written by the code and never start
//! that way except for a minus sign, so they are left alone. Excel in a Dutch locale expects
//! `;` as the delimiter and a byte-order mark to read UTF-8: see [`CsvOptions`].
//!
//! JSON: [`analysis_json`] writes the text, the analysis (UTF-8 byte offsets) and the version.
//! The browser page can instead `JSON.stringify` the object it already has (UTF-16 offsets);
//! in the wasm build this function costs code size only if the bindings call it.

use serde::Serialize;

use crate::analysis::Analysis;

/// Options for the CSV exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// Field delimiter: `,` (default, RFC 4180) or `;` (what Excel expects in Dutch locales).
    pub delimiter: char,
    /// Start with a UTF-8 byte-order mark, so that Excel reads "ë" correctly (default false).
    pub bom: bool,
}

impl Default for CsvOptions {
    fn default() -> CsvOptions {
        CsvOptions { delimiter: ',', bom: false }
    }
}

/// A CSV writer: cells are text (sanitised against formula injection) or numbers (verbatim).
struct Csv {
    out: String,
    delimiter: char,
    first: bool,
}

impl Csv {
    fn new(options: CsvOptions) -> Csv {
        // A delimiter that is a quote or a line break would make the output unparseable.
        let delimiter = match options.delimiter {
            '"' | '\r' | '\n' => ',',
            d => d,
        };
        let out = if options.bom { "\u{FEFF}".to_owned() } else { String::new() };
        Csv { out, delimiter, first: true }
    }

    fn sep(&mut self) {
        if !self.first {
            self.out.push(self.delimiter);
        }
        self.first = false;
    }

    /// A text cell, with formula-starting characters neutralised.
    fn text(&mut self, s: &str) -> &mut Csv {
        self.sep();
        let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let needs_quotes = s.contains([self.delimiter, '"', '\r', '\n']);
        if needs_quotes {
            self.out.push('"');
        }
        if risky {
            self.out.push('\'');
        }
        for c in s.chars() {
            if c == '"' {
                self.out.push('"');
            }
            self.out.push(c);
        }
        if needs_quotes {
            self.out.push('"');
        }
        self
    }

    /// A number cell, written as is.
    fn num(&mut self, n: impl std::fmt::Display) -> &mut Csv {
        self.sep();
        self.out.push_str(&n.to_string());
        self
    }

    fn end(&mut self) {
        self.out.push_str("\r\n");
        self.first = true;
    }
}

/// The terms as CSV: `term,stem,count,frequency,forms`, one row per term in the analysis'
/// order; `forms` lists the grouped surface forms as "aanslag (2); Aanslagen (1)".
///
/// ```
/// let text = "Aanslagen, aanslagen en de aanslag.";
/// let a = tekstlens::Analyzer::new(Default::default()).unwrap().analyze(text);
/// let csv = tekstlens::export::terms_csv(&a, Default::default());
/// assert!(csv.starts_with("term,stem,count,frequency,forms\r\n"));
/// assert!(csv.contains("aanslagen,aanslag,3,0.6,aanslagen (2); aanslag (1)\r\n"));
/// ```
pub fn terms_csv(analysis: &Analysis, options: CsvOptions) -> String {
    let mut csv = Csv::new(options);
    for h in ["term", "stem", "count", "frequency", "forms"] {
        csv.text(h);
    }
    csv.end();
    for t in &analysis.terms {
        let forms: Vec<String> = t.forms.iter().map(|f| format!("{} ({})", f.form, f.count)).collect();
        csv.text(&t.display).text(&t.stem).num(t.count).num(t.frequency).text(&forms.join("; "));
        csv.end();
    }
    csv.out
}

/// The entities as CSV, one row per mention in text order:
/// `text,label,canonical,source,sentence,start,end`. `sentence` counts from 1; `start` and
/// `end` are **character** offsets (Unicode scalar values, not bytes), half-open; line breaks
/// inside an entity's text become spaces.
pub fn entities_csv(text: &str, analysis: &Analysis, options: CsvOptions) -> String {
    let mut csv = Csv::new(options);
    for h in ["text", "label", "canonical", "source", "sentence", "start", "end"] {
        csv.text(h);
    }
    csv.end();
    // Byte offsets to character offsets, counting forward from the previous offset (entities
    // are in text order and never overlap, so this is one pass over the text).
    let (mut byte, mut chr) = (0usize, 0usize);
    let mut to_char = |target: usize| -> usize {
        if target < byte {
            (byte, chr) = (0, 0);
        }
        // `get` is None only for an offset off a char boundary or past the end: stay put.
        if let Some(t) = text.get(byte..target) {
            chr += t.chars().count();
            byte = target;
        }
        chr
    };
    for e in &analysis.entities {
        let s = to_char(e.start);
        let en = to_char(e.end.max(e.start));
        let sentence = analysis.tokens.get(e.token_start).map_or(0, |t| t.sentence + 1);
        let source = match e.source {
            crate::Source::Gazetteer => "gazetteer",
            crate::Source::Rule => "rule",
            crate::Source::Model => "model",
        };
        csv.text(&e.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .text(e.label.as_str())
            .text(e.canonical.as_deref().unwrap_or(""))
            .text(source)
            .num(sentence)
            .num(s)
            .num(en);
        csv.end();
    }
    csv.out
}

/// The analysis as JSON: `{"tekstlens": version, "offsets": "utf8", "text": ..., "analysis":
/// ...}` (the analysis as it serialises, camelCase). `pretty` indents it.
pub fn analysis_json(text: &str, analysis: &Analysis, pretty: bool) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        tekstlens: &'static str,
        /// Offsets in `analysis` are UTF-8 byte offsets into `text`.
        offsets: &'static str,
        text: &'a str,
        analysis: &'a Analysis,
    }
    let e = Export { tekstlens: env!("CARGO_PKG_VERSION"), offsets: "utf8", text, analysis };
    let r = if pretty { serde_json::to_string_pretty(&e) } else { serde_json::to_string(&e) };
    // Serialising plain data to a String cannot fail (no maps with non-string keys, no I/O);
    // should it ever, an empty object is still valid JSON.
    r.unwrap_or_else(|_| "{}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Options};

    /// A small RFC 4180 parser for the tests: records of fields.
    fn parse(csv: &str, delim: char) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut chars = csv.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if quoted {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        field.push('"');
                        chars.next();
                    } else {
                        quoted = false;
                    }
                } else {
                    field.push(c);
                }
            } else if c == '"' && field.is_empty() {
                quoted = true;
            } else if c == delim {
                row.push(std::mem::take(&mut field));
            } else if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            } else {
                field.push(c);
            }
        }
        assert!(field.is_empty() && row.is_empty(), "records end in CRLF");
        rows
    }

    #[test]
    fn quoting_and_injection() {
        let mut c = Csv::new(CsvOptions::default());
        c.text("plain").text("a,b").text("say \"hi\"").text("two\nlines").text("=SUM(A1)").text("-5").text("@x,y").num(-1.5);
        c.end();
        assert_eq!(c.out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=SUM(A1),'-5,\"'@x,y\",-1.5\r\n");
        let rows = parse(&c.out, ',');
        assert_eq!(rows[0], ["plain", "a,b", "say \"hi\"", "two\nlines", "'=SUM(A1)", "'-5", "'@x,y", "-1.5"]);
        let mut c = Csv::new(CsvOptions { delimiter: ';', bom: true });
        c.text("a;b").text("c,d").text("\tx");
        c.end();
        assert_eq!(c.out, "\u{FEFF}\"a;b\";c,d;'\tx\r\n");
    }

    #[test]
    fn terms_and_entities_of_the_demo_letter() {
        let text = include_str!("../benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt");
        let a = Analyzer::new(Options::default()).unwrap().analyze(text);
        let rows = parse(&terms_csv(&a, CsvOptions::default()), ',');
        assert_eq!(rows[0], ["term", "stem", "count", "frequency", "forms"]);
        assert_eq!(rows.len(), a.terms.len() + 1);
        for (row, t) in rows[1..].iter().zip(&a.terms) {
            assert_eq!(row.len(), 5);
            assert_eq!(row[2].parse::<usize>().unwrap(), t.count);
            assert!(row[1] == t.stem || row[1] == format!("'{}", t.stem));
        }
        let rows = parse(&entities_csv(text, &a, CsvOptions { delimiter: ';', bom: false }), ';');
        assert_eq!(rows[0], ["text", "label", "canonical", "source", "sentence", "start", "end"]);
        assert_eq!(rows.len(), a.entities.len() + 1);
        let chars: Vec<char> = text.chars().collect();
        for (row, e) in rows[1..].iter().zip(&a.entities) {
            let (s, en): (usize, usize) = (row[5].parse().unwrap(), row[6].parse().unwrap());
            let slice: String = chars[s..en].iter().collect();
            assert_eq!(slice, e.text, "character offsets");
            assert_eq!(row[1], e.label.as_str());
            assert!(row[4].parse::<usize>().unwrap() >= 1);
        }
    }

    #[test]
    fn json_round_trips() {
        let text = "De AIVD en de Koninklijke Marechaussee (Kmar) in Den Haag.";
        let a = Analyzer::new(Options::default()).unwrap().analyze(text);
        let v: serde_json::Value = serde_json::from_str(&analysis_json(text, &a, false)).unwrap();
        assert_eq!(v["text"], text);
        assert_eq!(v["offsets"], "utf8");
        assert_eq!(v["analysis"]["entities"].as_array().unwrap().len(), a.entities.len());
        assert!(v["analysis"]["readability"]["sentences"].is_array());
        assert_eq!(v["analysis"]["stemmer"], "porter");
        assert!(analysis_json(text, &a, true).contains("\n  \"tekstlens\""));
    }

    #[test]
    fn empty_analysis() {
        let a = Analyzer::new(Options::default()).unwrap().analyze("");
        assert_eq!(terms_csv(&a, CsvOptions::default()), "term,stem,count,frequency,forms\r\n");
        assert_eq!(entities_csv("", &a, CsvOptions::default()).lines().count(), 1);
    }
}

//! The `tekstlens` command-line tool: its commands, and one clear line on bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tekstlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn analyze_summary_and_json() {
    let o = run(&["analyze"], "De AIVD volgt de aanslagen in Parijs. Aanslagen zijn erg.".as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Flesch-Douma"), "{out}");
    assert!(out.contains("aanslagen"), "{out}");
    assert!(out.contains("AIVD"), "{out}");

    let o = run(&["analyze", "-", "--json"], "Den Haag, 17 november 2015. M. Rutte".as_bytes());
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ents = v["entities"].as_array().unwrap();
    assert!(ents.iter().any(|e| e["label"] == "DATE" && e["text"] == "17 november 2015"));
    assert!(ents.iter().any(|e| e["label"] == "PER" && e["text"] == "M. Rutte"));
    assert!(v["stats"]["fleschDouma"].is_number());
    assert!(v["terms"][0]["forms"].is_array());
}

#[test]
fn analyze_a_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt");
    let o = run(&["analyze", path], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Kmar (Koninklijke Marechaussee)"));
}

#[test]
fn stop_words_can_be_replaced_and_extended() {
    let dir = std::env::temp_dir().join(format!("tekstlens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("stop.txt");
    std::fs::write(&list, "kabinet | het kabinet\nmaatregel\n").unwrap();
    let text = "Het kabinet neemt maatregelen. Het kabinet.".as_bytes();
    let json = |args: &[&str]| -> serde_json::Value {
        let o = run(args, text);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let terms = |v: &serde_json::Value| -> Vec<String> {
        v["terms"].as_array().unwrap().iter().map(|t| t["stem"].as_str().unwrap().to_owned()).collect()
    };
    let list = list.to_str().unwrap();
    let replaced = terms(&json(&["analyze", "--json", "--stop-words", list]));
    assert!(!replaced.contains(&"kabinet".to_string()) && replaced.contains(&"het".to_string()), "{replaced:?}");
    let extended = terms(&json(&["analyze", "--json", "--extra-stop-words", list]));
    assert!(!extended.contains(&"kabinet".to_string()) && !extended.contains(&"het".to_string()), "{extended:?}");
    assert!(extended.contains(&"neemt".to_string()), "{extended:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stem_one_word_per_line() {
    let o = run(&["stem"], "aanslagen\nMaatregelen\ndreigingen\n".as_bytes());
    assert!(o.status.success());
    assert_eq!(stdout(&o), "aanslag\nmaatregel\ndreiging\n");
}

#[test]
fn ner_conll_appends_a_column() {
    let input = "-DOCSTART- -DOCSTART- O\n\nDe Art O\nAIVD N B-ORG\nwerkt V O\n.  Punc O\n\nIn Prep O\nParijs N B-LOC\n";
    let o = run(&["ner", "--conll", "-"], input.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), input.lines().count());
    assert_eq!(lines[0], "-DOCSTART- -DOCSTART- O");
    assert_eq!(lines[1], "");
    assert_eq!(lines[3], "AIVD N B-ORG B-ORG");
    assert_eq!(lines[2], "De Art O O");
    assert_eq!(lines[8], "Parijs N B-LOC B-LOC");
}

#[test]
fn bad_input_gives_one_clear_line() {
    let cases: &[(&[&str], &[u8], &str)] = &[
        (&["analyze", "/no/such/file.txt"], b"", "cannot read /no/such/file.txt"),
        (&["analyze", "--colour"], b"", "unknown option \"--colour\""),
        (&["analyze"], b"geen \xff utf-8", "not valid UTF-8"),
        (&["frobnicate"], b"", "unknown command"),
        (&["ner"], b"", "ner needs --conll"),
        (&["analyze", "--top", "veel"], b"", "--top needs a number"),
        (&[], b"", "no command given"),
    ];
    for (args, input, want) in cases {
        let o = run(args, input);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with("tekstlens: ") && err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    }
}

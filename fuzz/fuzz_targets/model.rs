//! Model loading (`src/tagger` format) on arbitrary bytes: no panic; a model that loads
//! analyses a text with valid, non-overlapping entities. Half the inputs (first byte even) have
//! their length field and CRC-32 fixed up, so that mutations reach the structure parser behind
//! the checksum instead of stopping at "checksum mismatch".
#![no_main]

use libfuzzer_sys::fuzz_target;
use tekstlens::tagger::format::crc32;
use tekstlens::{Analyzer, Options};

#[path = "check.rs"]
mod check;

thread_local! {
    static ANALYZER: std::cell::RefCell<Analyzer> =
        std::cell::RefCell::new(Analyzer::new(Options::default()).unwrap());
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.to_vec();
    if bytes.first().is_some_and(|b| b % 2 == 0) && bytes.len() >= 18 {
        let body = bytes.len() - 18;
        bytes[10..14].copy_from_slice(&(body as u32).to_le_bytes());
        let n = bytes.len() - 4;
        let crc = crc32(&bytes[..n]);
        bytes[n..].copy_from_slice(&crc.to_le_bytes());
        // Keep the magic and version so the parser goes further.
        bytes[..8].copy_from_slice(b"TKLNSNER");
        bytes[8..10].copy_from_slice(&1u16.to_le_bytes());
    }
    ANALYZER.with(|a| {
        let mut analyzer = a.borrow_mut();
        if analyzer.load_model(&bytes).is_ok() {
            let text = "De AIVD sprak met M. Rutte in Parijs over de Koninklijke Marechaussee (Kmar).";
            let a = analyzer.analyze(text);
            check::check_analysis(text, &a);
        }
    });
});

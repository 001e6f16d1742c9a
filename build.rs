//! Compiles the shipped entity model in when `data/model/tekstlens-nl.model` exists (rebuilt by
//! `scripts/train-default-model`; see `data/model/README.md`) and the `embedded-data` feature is
//! on (the default; the wasm build turns it off and ships the model as a file beside the wasm).
//! Without it, or when it exceeds the size budget, the analyzer uses gazetteers and rules only
//! until a model is given at run time.

use std::path::Path;

/// The wasm plus model must stay within 1 MB gzipped; the script checks the gzip size, this is
/// a backstop against a stray large file.
const MAX_MODEL_BYTES: u64 = 1_500_000;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(tekstlens_default_model)");
    // The directory, so that adding or removing the model reruns this script.
    println!("cargo::rerun-if-changed=data/model");
    if std::env::var_os("CARGO_FEATURE_EMBEDDED_DATA").is_none() {
        return;
    }
    let model = Path::new("data/model/tekstlens-nl.model");
    match std::fs::metadata(model) {
        Ok(m) if m.len() <= MAX_MODEL_BYTES => println!("cargo::rustc-cfg=tekstlens_default_model"),
        Ok(m) => println!(
            "cargo::warning={} has {} bytes, over the {MAX_MODEL_BYTES}-byte budget: not built in",
            model.display(),
            m.len()
        ),
        Err(_) => {}
    }
}

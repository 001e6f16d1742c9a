//! Throughput of `Analyzer::analyze` over real Dutch texts in `benches/texts/`, in bytes/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tekstlens::{Analyzer, Options};

fn analyze(c: &mut Criterion) {
    let analyzer = Analyzer::new(Options::default()).unwrap();
    let mut g = c.benchmark_group("analyze");
    for (name, text) in [
        ("kamerbrief-2015", include_str!("texts/kamerbrief-2015-11-17-aanslagen-parijs.txt")),
        ("sgd-letters-100k", include_str!("texts/sgd-letters-sample.txt")),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| analyzer.analyze(black_box(text))));
    }
    g.finish();
}

fn build(c: &mut Criterion) {
    c.bench_function("Analyzer::new", |b| b.iter(|| Analyzer::new(Options::default()).unwrap()));
}

criterion_group!(benches, analyze, build);
criterion_main!(benches);

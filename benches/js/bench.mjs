// tekstlens against the plain-JS baseline, in one Node process, on the same texts.
// Usage: node benches/js/bench.mjs [runs] (scripts/bench builds www/pkg first).
// Baseline (issue 7): Unicode regex tokenise, lowercase, @nlpjs/lang-nl StemmerNl memoised per
// form, count in a Map.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import init, { Analyzer, loadEntityModel, loadGazetteers } from '../../www/pkg/tekstlens.js';

const require = createRequire(import.meta.url);
const { StemmerNl } = require('@nlpjs/lang-nl');
const root = new URL('../../', import.meta.url);
const runs = Number(process.argv[2] || 7);

// Start-up, as a page pays it before its first analysis (files already in memory, so no
// network): compiling and instantiating the wasm, then loading the entity data.
const wasmBytes = readFileSync(new URL('www/pkg/tekstlens_bg.wasm', root));
const gazetteers = readFileSync(new URL('www/pkg/tekstlens-gazetteers.txt', root), 'utf8');
const model = readFileSync(new URL('www/pkg/tekstlens-nl.model', root));
const t0 = performance.now();
await init({ module_or_path: wasmBytes });
const t1 = performance.now();
// The entity data ships beside the wasm (as on the page, loaded before the first analysis). An
// analyzer made before the model is loaded uses the gazetteers and rules only: the difference
// between the two is the tagger's time in wasm (issue 4 asks for tagging speed in wasm).
loadGazetteers(gazetteers);
const t2 = performance.now();
const rulesOnly = new Analyzer();
loadEntityModel(model);
const t3 = performance.now();
const analyzer = new Analyzer();
const startup = { init: t1 - t0, gazetteers: t2 - t1, model: t3 - t2 };

function baseline(text) {
  const stemmer = new StemmerNl();
  const memo = new Map();
  const counts = new Map();
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’\-.&][\p{L}\p{N}]+)*/gu)) {
    const form = m[0].toLowerCase();
    let stem = memo.get(form);
    if (stem === undefined) {
      stem = stemmer.stemWord(form);
      memo.set(form, stem);
    }
    counts.set(stem, (counts.get(stem) || 0) + 1);
  }
  return counts;
}

// A ~1 MB Dutch text built at bench time: the SGD ministerial letters, then the UD Dutch
// sentences, repeated up to 1 MB (UTF-8).
function megabyte() {
  const parts = [];
  const sgd = '/work/shared/texts/sgd-ministerial-letters.jsonl';
  try {
    for (const line of readFileSync(sgd, 'utf8').split('\n')) if (line.trim()) parts.push(JSON.parse(line).text);
  } catch {}
  for (const f of ['nl_alpino-ud-dev.conllu', 'nl_lassysmall-ud-dev.conllu']) {
    try {
      const sents = readFileSync(`/work/shared/data/ud-dutch/${f}`, 'utf8')
        .split('\n').filter((l) => l.startsWith('# text = ')).map((l) => l.slice(9));
      parts.push(sents.join(' '));
    } catch {}
  }
  if (!parts.length) parts.push(readFileSync(new URL('benches/texts/sgd-letters-sample.txt', root), 'utf8'));
  let text = parts.join('\n\n');
  while (Buffer.byteLength(text) < 1_000_000) text += '\n\n' + text;
  // Cut at a paragraph break near 1 MB.
  const cut = text.indexOf('\n\n', 1_000_000 - 2_000);
  return cut > 0 ? text.slice(0, cut) : text;
}

// Warm-up: V8 first runs wasm (and JS) in a baseline tier and optimises in the background;
// timing from the first calls would measure the compiler, not the code (the letter's analysis
// falls from ~100 ms to ~13 ms over its first calls). Each function is warmed for at least
// three calls and 500 ms.
function warm(f) {
  const start = performance.now();
  for (let i = 0; i < 3 || performance.now() - start < 500; i++) f();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// Interleaved rounds: each round calls every function once (in an order that rotates from
// round to round) and the ratios are taken per round, then their median. On a shared host
// the load drifts over seconds; timing all runs of one function and then all of the next
// let that drift into the ratios (the baseline's median varied from 90 to 195 ms between
// runs of this script while the wasm's barely moved).
function rounds(fs) {
  for (const f of Object.values(fs)) warm(f);
  const names = Object.keys(fs);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(i + j) % names.length];
      const t = performance.now();
      fs[k]();
      times[k].push(performance.now() - t);
    }
  }
  return times;
}

const letter = readFileSync(new URL('benches/texts/kamerbrief-2015-11-17-aanslagen-parijs.txt', root), 'utf8');
const big = megabyte();
// For the native run (scripts/bench): the same text.
mkdirSync(new URL('target/', root), { recursive: true });
writeFileSync(new URL('target/bench-1mb.txt', root), big);
const texts = [['kamerbrief', letter], ['1 MB', big]];
const rows = [];
for (const [name, text] of texts) {
  const mb = Buffer.byteLength(text) / 1e6;
  const t = rounds({
    base: () => baseline(text),
    count: () => analyzer.countTerms(text),
    full: () => analyzer.analyze(text, { tokens: false }),
    fullTokens: () => analyzer.analyze(text),
    rules: () => rulesOnly.analyze(text, { tokens: false }),
  });
  const paired = (a, b) => median(t[a].map((x, i) => x / t[b][i]));
  const tokens = analyzer.analyze(text).tokens.length;
  rows.push({
    name, mb, tokens,
    base: median(t.base), count: median(t.count), full: median(t.full), fullTokens: median(t.fullTokens), rules: median(t.rules),
    ratioA: paired('base', 'count'), ratioB: paired('base', 'full'), ratioC: paired('base', 'rules'),
    tagger: median(t.full.map((x, i) => x - t.rules[i])),
  });
}
const f = (ms) => ms.toFixed(1).padStart(8);
const rate = (mb, ms) => (mb / (ms / 1000)).toFixed(1).padStart(6);
console.log(`medians of ${runs} interleaved rounds (after a warm-up of ≥ 3 calls and ≥ 500 ms each), Node ${process.version}`);
console.log('text        bytes      JS baseline ms (MB/s)   countTerms ms (MB/s)  ratio(a)   analyze ms (MB/s)  ratio(b)   analyze+tokens ms');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(10)} ${String(Math.round(r.mb * 1e6)).padStart(8)}  ${f(r.base)} (${rate(r.mb, r.base)})      ${f(r.count)} (${rate(r.mb, r.count)})   ${r.ratioA.toFixed(2).padStart(6)}×  ${f(r.full)} (${rate(r.mb, r.full)})   ${r.ratioB.toFixed(2).padStart(6)}×   ${f(r.fullTokens)}`,
  );
}
console.log('ratio(a) = baseline / countTerms (target ≥ 3); ratio(b) = baseline / full analysis with entities (target ≥ 1);\neach the median of the ratios within a round');
console.log('entity tagger in wasm: analyze with the model minus analyze with gazetteers and rules only');
for (const r of rows) {
  const tagger = Math.max(r.tagger, 1e-3);
  console.log(
    `${r.name.padEnd(10)} ${String(r.tokens).padStart(8)} tokens  rules only ${f(r.rules)} ms (${r.ratioC.toFixed(2)}× the baseline's speed)  tagger ${f(tagger)} ms  (${(r.tokens / tagger / 1000).toFixed(2)} M tokens/s)`,
  );
}
console.log(
  `start-up (once per page, cold): wasm compile + instantiate ${startup.init.toFixed(1)} ms, ` +
    `loadGazetteers ${startup.gazetteers.toFixed(1)} ms, loadEntityModel ${startup.model.toFixed(1)} ms`,
);
if (process.env.BENCH_JSON) console.log(JSON.stringify(rows));

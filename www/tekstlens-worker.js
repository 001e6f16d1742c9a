// tekstlens analysis worker (module worker, started by tekst-lens.js from the same folder).
//
// Protocol (one request at a time per widget; the worker handles them in order):
//   in:  { type: 'analyze', id, text }
//   out: { type: 'stage', id, stage: 'load' | 'analyse' | 'transfer', chars }
//        { type: 'part', id, key: 'entities' | 'terms', items }      (in chunks, in order)
//        { type: 'done', id, stats, counts: { entities, terms }, timings, dataError }
//        { type: 'error', id, message }
//   and once, unprompted: { type: 'ready', loadMs } or { type: 'error', id: null, message }
//
// Loading fetches pkg/tekstlens_bg.wasm and, in parallel, the entity data beside it
// (tekstlens-data.js); the first analysis waits for both. If the entity data cannot be loaded,
// the analyses run with the rules only and every 'done' says why in `dataError` (else null).
//
// The result goes back in chunks of PART items: each message is deserialised on the page's main
// thread as its own task, so a large analysis never blocks the page in one piece.

import init, { Analyzer, loadGazetteers, loadEntityModel } from './pkg/tekstlens.js';
import { fetchEntityData, loadEntityData } from './tekstlens-data.js';

const PART = 4000;

/** @type {Analyzer | null} */
let analyzer = null;
let loadMs = 0;
/** Why the entity data could not be loaded, or null. */
let dataError = null;

const loading = (async () => {
  const t0 = performance.now();
  const data = fetchEntityData(); // the gazetteers and the model, beside the wasm
  await init(); // fetches tekstlens_bg.wasm beside pkg/tekstlens.js
  dataError = await loadEntityData({ loadGazetteers, loadEntityModel }, data);
  analyzer = new Analyzer();
  loadMs = performance.now() - t0;
})();

loading.then(
  () => postMessage({ type: 'ready', loadMs }),
  (err) => postMessage({ type: 'error', id: null, message: messageOf(err) }),
);

/** Requests waiting while the wasm loads or while another analysis runs. */
const queue = [];
let busy = false;

self.onmessage = (event) => {
  const msg = event.data;
  if (msg && msg.type === 'analyze') {
    queue.push(msg);
    if (!busy) drain();
  }
};

async function drain() {
  busy = true;
  while (queue.length) {
    const msg = queue.shift();
    try {
      await run(msg);
    } catch (err) {
      postMessage({ type: 'error', id: msg.id, message: messageOf(err) });
    }
  }
  busy = false;
}

async function run({ id, text }) {
  const chars = typeof text === 'string' ? text.length : 0;
  if (!analyzer) {
    postMessage({ type: 'stage', id, stage: 'load', chars });
    await loading;
  }
  postMessage({ type: 'stage', id, stage: 'analyse', chars });
  const t0 = performance.now();
  // Entities, terms and statistics only: the widget needs no tokens (about twice as fast).
  const a = analyzer.analyze(text, { tokens: false });
  const t1 = performance.now();
  postMessage({ type: 'stage', id, stage: 'transfer', chars });
  for (const key of /** @type {const} */ (['entities', 'terms'])) {
    const items = a[key];
    for (let i = 0; i < items.length; i += PART) {
      postMessage({ type: 'part', id, key, items: items.slice(i, i + PART) });
    }
  }
  const measure = (name) => performance.getEntriesByName(name, 'measure').at(-1)?.duration ?? null;
  postMessage({
    type: 'done',
    id,
    stats: a.stats,
    counts: { entities: a.entities.length, terms: a.terms.length },
    dataError,
    timings: {
      loadMs,
      analyseMs: t1 - t0,
      coreMs: measure('tekstlens:analyze'),
      convertMs: measure('tekstlens:convert'),
    },
  });
}

function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}

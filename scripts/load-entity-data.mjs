// Preload for the Node benchmarks (scripts/bench): initialises www/pkg and loads the entity data
// beside the wasm (which the wasm does not embed), so that benches/js/*.mjs measure the full
// analysis, as on the page. Their own init() then finds the module initialised and returns.
//   node --import ./scripts/load-entity-data.mjs benches/js/bench.mjs
import { readFileSync } from 'node:fs';
import { initSync, loadGazetteers, loadEntityModel } from '../www/pkg/tekstlens.js';

const pkg = new URL('../www/pkg/', import.meta.url);
initSync({ module: readFileSync(new URL('tekstlens_bg.wasm', pkg)) });
loadGazetteers(readFileSync(new URL('tekstlens-gazetteers.txt', pkg), 'utf8'));
loadEntityModel(readFileSync(new URL('tekstlens-nl.model', pkg)));

// The entity data of the wasm package: the name lists (gazetteers) and the entity model, files
// beside pkg/tekstlens_bg.wasm that the wasm does not embed (it stays small; see scripts/size).
// The page (app.js) and the widget's worker (tekstlens-worker.js) fetch them in parallel with
// init() and hand them to the core before the first analysis, so that the first analysis finds
// the same entities as a build with the data compiled in. Fetched from the package's own folder
// (relative to this module), so nothing but the page's origin is contacted: connect-src 'self'.

/** The files, in pkg/ beside the wasm (written by scripts/build). */
export const ENTITY_DATA_FILES = /** @type {const} */ (['tekstlens-gazetteers.txt', 'tekstlens-nl.model']);

/**
 * Starts fetching the entity data; call it before (or while) awaiting init().
 * @param {URL} [base] the folder of the files (default: pkg/ beside this module)
 * @returns {Promise<PromiseSettledResult<string | Uint8Array>[]>} never rejects
 */
export function fetchEntityData(base = new URL('./pkg/', import.meta.url)) {
  const get = async (/** @type {string} */ name) => {
    const res = await fetch(new URL(name, base));
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    return name.endsWith('.txt') ? res.text() : new Uint8Array(await res.arrayBuffer());
  };
  return Promise.allSettled(ENTITY_DATA_FILES.map(get));
}

/**
 * Hands the fetched data to the initialised core (`loadGazetteers`, `loadEntityModel` of
 * pkg/tekstlens.js). Analyzers created afterwards use it. What failed (a fetch, or a damaged
 * file) is left out: the analyzer then finds names with its rules (and whatever did load).
 * @param {{ loadGazetteers: (text: string) => number, loadEntityModel: (bytes: Uint8Array) => string }} core
 * @param {ReturnType<typeof fetchEntityData>} fetched
 * @returns {Promise<string | null>} null, or what failed (English, technical)
 */
export async function loadEntityData(core, fetched) {
  const [gazetteers, model] = await fetched;
  const problems = [];
  for (const [result, load] of /** @type {const} */ ([[gazetteers, core.loadGazetteers], [model, core.loadEntityModel]])) {
    try {
      if (result.status === 'rejected') throw result.reason;
      load(/** @type {any} */ (result.value));
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return problems.length ? problems.join('; ') : null;
}

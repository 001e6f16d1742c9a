// Builds `analyze`'s result from the flat arrays that src/bindings/convert.rs fills (the layout
// is documented on `analysis_to_js` there): one string cut by UTF-16 lengths, u32 and f64 views
// of wasm memory read front to back, and `rest` (stats, keywords, stemmer, enum names) already
// converted by serde-wasm-bindgen. Crossing in bulk and building the objects here is several
// times faster than creating them field by field from Rust. The keys are written in the order
// serde writes them, so the objects are the same, key order included. Arrays are made at their
// final length and filled in order (faster than push in V8; every slot is filled, no holes).
export function buildAnalysis(joined, lengths, ints, floats, rest) {
  const nStrings = ints[5];
  const strings = new Array(nStrings);
  for (let i = 0, p = 0; i < nStrings; i++) {
    const q = p + lengths[i];
    strings[i] = joined.slice(p, q);
    p = q;
  }
  const { labels, sources, kinds } = rest;
  let k = 6, f = 0;

  const tokens = new Array(ints[0]);
  for (let i = 0; i < tokens.length; i++, k += 6) {
    const flags = ints[k + 2], stem = ints[k + 5];
    tokens[i] = {
      start: ints[k],
      end: ints[k + 1],
      kind: kinds[flags & 3],
      sentence: ints[k + 3],
      norm: strings[ints[k + 4]],
      stem: stem === 0 ? null : strings[stem - 1],
      stop: (flags & 4) !== 0,
    };
  }

  const sentences = new Array(ints[1]);
  for (let i = 0; i < sentences.length; i++, k += 2) {
    sentences[i] = { start: ints[k], end: ints[k + 1] };
  }

  const terms = new Array(ints[2]);
  for (let i = 0; i < terms.length; i++) {
    const display = strings[ints[k]], stem = strings[ints[k + 1]], count = ints[k + 2];
    const nForms = ints[k + 3], nPositions = ints[k + 4];
    const forms = new Array(nForms), positions = new Array(nPositions);
    k += 5;
    for (let j = 0; j < nForms; j++, k += 2) {
      forms[j] = { form: strings[ints[k]], count: ints[k + 1] };
    }
    for (let j = 0; j < nPositions; j++) positions[j] = ints[k++];
    terms[i] = { display, stem, count, frequency: floats[f++], forms, positions };
  }

  const entities = new Array(ints[3]);
  for (let i = 0; i < entities.length; i++, k += 8) {
    const canonical = ints[k + 7];
    const e = {
      text: strings[ints[k]],
      label: labels[ints[k + 1]],
      start: ints[k + 2],
      end: ints[k + 3],
      tokenStart: ints[k + 4],
      tokenEnd: ints[k + 5],
      source: sources[ints[k + 6]],
    };
    // Absent, not undefined, when there is none (as serde's skip_serializing_if).
    if (canonical !== 0) e.canonical = strings[canonical - 1];
    entities[i] = e;
  }

  const readable = new Array(ints[4]);
  for (let i = 0; i < readable.length; i++, k += 4, f += 2) {
    const flags = ints[k + 3];
    readable[i] = {
      sentence: ints[k],
      words: ints[k + 1],
      syllables: ints[k + 2],
      fleschDouma: flags & 1 ? floats[f] : null,
      brouwer: flags & 2 ? floats[f + 1] : null,
      hard: (flags & 4) !== 0,
    };
  }

  return {
    tokens,
    sentences,
    terms,
    entities,
    stats: rest.stats,
    readability: { brouwer: rest.brouwer, sentences: readable },
    keywords: rest.keywords,
    stemmer: rest.stemmer,
  };
}

// countTerms' Map, from the stems in one string cut by UTF-16 lengths and their counts: one
// call across the boundary instead of one `Map.set` call per term.
export function buildCountMap(joined, lengths, counts) {
  const map = new Map();
  for (let i = 0, p = 0; i < lengths.length; i++) {
    const q = p + lengths[i];
    map.set(joined.slice(p, q), counts[i]);
    p = q;
  }
  return map;
}

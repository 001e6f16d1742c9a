// tekstlens page: wires the textarea, the wasm analyzer and the views together.

import init, { Analyzer, loadGazetteers, loadEntityModel } from './pkg/tekstlens.js';
import { fetchEntityData, loadEntityData } from './tekstlens-data.js';
import { fmt, renderChart, renderEntityGroups, renderLegend, renderStats, renderTermRows, renderText } from './render.js';
import { applyUserEntities, loadUserLists, setupViews, updateViews, afterTextRender, onTermSelected, onEntitySelected } from './views.js';

const EXAMPLE_URL = './examples/kamerbrief-2015-11-17.txt';
/** Texts longer than this are analysed on the button only, not on every pause in typing. */
const LIVE_LIMIT = 200_000;
/** Term table rows shown at first, and added per click on "Toon meer termen". */
const TERM_PAGE = 25;
const TERM_MORE = 100;

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const ui = {
  input: /** @type {HTMLTextAreaElement} */ ($('invoer')),
  analyse: $('analyseer'),
  example: $('voorbeeld'),
  clear: $('wissen'),
  optStop: /** @type {HTMLInputElement} */ ($('opt-stopwoorden')),
  optNum: /** @type {HTMLInputElement} */ ($('opt-getallen')),
  status: $('status'),
  results: $('resultaten'),
  stats: $('stats'),
  legend: $('legenda'),
  text: $('tekst'),
  selection: $('selectie'),
  selectionText: $('selectie-tekst'),
  selectionClear: $('selectie-wis'),
  entities: $('entiteiten'),
  chart: $('grafiek'),
  termRows: /** @type {HTMLTableElement} */ ($('termen')).tBodies[0],
  moreTerms: $('meer-termen'),
};

/** Timings the end-to-end tests (and curious people) can read. */
const metrics = (window.tekstlens = { ready: null, renders: [], firstRender: null });

const state = {
  /** @type {Analyzer | null} */ analyzer: null,
  /** @type {import('./pkg/tekstlens.js').Analysis | null} */ analysis: null,
  text: '',
  /** @type {number | null} */ term: null,
  /** @type {number[]} */ selectedEntities: [],
  hidden: new Set(),
  termLimit: TERM_PAGE,
  /** The analyzer's stemmer: 'porter' or 'kraaijPohlmann'. */
  stemmer: 'porter',
  /** The general-Dutch word list once fetched (keywords are on from then). */
  /** @type {string | null} */ referenceList: null,
  /** A user's own entity model: { name, bytes }. */
  /** @type {{name: string, bytes: Uint8Array} | null} */ model: null,
  /** User lists from localStorage: extra stop words and names ("NCTV = ORG"). */
  user: loadUserLists(),
  /** Why the entity data (name lists, model) could not be loaded, or null. */
  /** @type {string | null} */ dataError: null,
};

function setStatus(msg, kind = '') {
  ui.status.textContent = msg;
  ui.status.dataset.kind = kind;
}

function makeAnalyzer() {
  state.analyzer?.free();
  state.analyzer = null;
  const analyzer = new Analyzer({
    includeStopWords: ui.optStop.checked,
    includeNumbers: ui.optNum.checked,
    stemmer: state.stemmer,
    extraStopWords: state.user.stopWords,
  });
  if (state.referenceList != null) analyzer.setReferenceList(state.referenceList);
  if (state.model) {
    try {
      analyzer.loadModel(state.model.bytes);
    } catch {
      state.model = null; // checked when it was loaded; cannot happen
    }
  }
  state.analyzer = analyzer;
}

function analyse() {
  if (!state.analyzer) return;
  const text = ui.input.value;
  if (text.trim() === '') {
    state.analysis = null;
    state.text = '';
    ui.results.hidden = true;
    setStatus('Plak een tekst of kies het voorbeeld.');
    return;
  }
  const t0 = performance.now();
  let analysis;
  try {
    analysis = state.analyzer.analyze(text);
  } catch (err) {
    setStatus(`De analyse is mislukt: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return;
  }
  applyUserEntities(text, analysis, state.user.names);
  const t1 = performance.now();
  state.analysis = analysis;
  state.text = text;
  state.term = null;
  state.selectedEntities = [];
  state.termLimit = TERM_PAGE;
  renderAll();
  const t2 = performance.now();
  const wasm = performance.getEntriesByName('tekstlens:analyze', 'measure').at(-1)?.duration;
  metrics.renders.push({ at: t2, analyseMs: t1 - t0, renderMs: t2 - t1, chars: text.length });
  if (metrics.firstRender == null) metrics.firstRender = t2;
  const s = analysis.stats;
  setStatus(
    `${fmt(s.words)} woorden, ${fmt(analysis.entities.length)} entiteiten · analyse ${Math.round(t1 - t0)} ms` +
      (wasm != null ? ` (waarvan ${Math.round(wasm)} ms in WebAssembly)` : '') +
      `, weergave ${Math.round(t2 - t1)} ms` +
      (state.dataError ? ` · ${dataErrorMessage()}` : ''),
    state.dataError ? 'error' : '',
  );
  document.documentElement.dataset.analysed = String(metrics.renders.length);
  document.documentElement.dataset.stemmer = analysis.stemmer;
}

function renderAll() {
  const a = state.analysis;
  if (!a) return;
  ui.results.hidden = false;
  renderStats(ui.stats, a);
  renderLegend(ui.legend, a.entities, state.hidden, toggleLabel);
  renderEntityGroups(ui.entities, a.entities, selectEntities);
  renderChart(ui.chart, a.terms, selectTerm);
  renderTerms();
  renderTextView();
  updateSelectionBar();
  updateViews();
}

function renderTerms() {
  const a = state.analysis;
  const n = renderTermRows(ui.termRows, a.terms, state.termLimit, selectTerm);
  ui.moreTerms.hidden = n >= a.terms.length;
  ui.moreTerms.textContent = `Toon meer termen (${fmt(n)} van ${fmt(a.terms.length)})`;
  markPressed();
}

function renderTextView() {
  const a = state.analysis;
  const hits = [];
  if (state.term != null) {
    for (const p of a.terms[state.term].positions) {
      const tok = a.tokens[p];
      if (tok) hits.push({ start: tok.start, end: tok.end });
    }
  }
  renderText(ui.text, state.text, a.entities, hits);
  for (const label of ['PER', 'ORG', 'LOC', 'MISC', 'DATE', 'REF']) ui.text.classList.toggle(`hide-${label}`, state.hidden.has(label));
  for (const i of state.selectedEntities) ui.text.querySelector(`mark[data-i="${i}"]`)?.classList.add('is-selected');
  afterTextRender();
}

function toggleLabel(label, visible) {
  if (visible) state.hidden.delete(label);
  else state.hidden.add(label);
  ui.text.classList.toggle(`hide-${label}`, !visible);
  ui.entities.querySelector(`.entity-group[data-label="${label}"]`)?.classList.toggle('is-hidden', !visible);
}

function selectTerm(index) {
  state.term = state.term === index ? null : index;
  state.selectedEntities = [];
  for (const b of ui.entities.querySelectorAll('.entity-btn[aria-pressed="true"]')) b.setAttribute('aria-pressed', 'false');
  renderTextView();
  markPressed();
  updateSelectionBar();
  if (state.term != null) {
    ui.text.querySelector('.term-hit')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    onTermSelected(state.analysis.terms[state.term]);
  }
}

function selectEntities(indices, name, button) {
  const same = state.selectedEntities.length === indices.length && state.selectedEntities.every((v, i) => v === indices[i]);
  for (const m of ui.text.querySelectorAll('mark.is-selected')) m.classList.remove('is-selected');
  for (const b of ui.entities.querySelectorAll('.entity-btn[aria-pressed="true"]')) b.setAttribute('aria-pressed', 'false');
  state.selectedEntities = same ? [] : indices;
  state.selectedName = name;
  if (!same && indices.length) onEntitySelected(state.analysis?.entities[indices[0]], name);
  let first = null;
  for (const i of state.selectedEntities) {
    const m = ui.text.querySelector(`mark[data-i="${i}"]`);
    if (m) {
      m.classList.add('is-selected');
      first ??= m;
    }
  }
  if (!same) button?.setAttribute('aria-pressed', 'true');
  updateSelectionBar();
  first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function markPressed() {
  for (const node of document.querySelectorAll('[data-term]')) {
    const on = state.term != null && node.getAttribute('data-term') === String(state.term);
    node.classList.toggle('is-selected', on);
    if (node.matches('button, g')) node.setAttribute('aria-pressed', String(on));
  }
}

function updateSelectionBar() {
  const a = state.analysis;
  let msg = '';
  if (a && state.term != null) {
    const t = a.terms[state.term];
    msg = `Term „${t.display}”: ${fmt(t.count)}× gemarkeerd`;
  } else if (state.selectedEntities.length) {
    msg = `„${state.selectedName}”: ${fmt(state.selectedEntities.length)}× gemarkeerd`;
  }
  ui.selection.hidden = msg === '';
  ui.selectionText.textContent = msg;
}

function clearSelection() {
  state.term = null;
  selectEntities([], '', null);
  state.selectedEntities = [];
  renderTextView();
  markPressed();
  updateSelectionBar();
}

async function loadExample() {
  ui.example.disabled = true;
  setStatus('Voorbeeld laden…');
  try {
    const res = await fetch(EXAMPLE_URL);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    ui.input.value = await res.text();
    analyse();
  } catch (err) {
    setStatus(`Het voorbeeld kon niet worden geladen (${err instanceof Error ? err.message : err}).`, 'error');
  } finally {
    ui.example.disabled = false;
  }
}

function debounce(fn) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    const len = ui.input.value.length;
    if (len > LIVE_LIMIT) {
      setStatus(`Lange tekst (${fmt(len)} tekens): klik op Analyseer.`);
      return;
    }
    timer = setTimeout(fn, 250 + len / 1000);
  };
}

function dataErrorMessage() {
  return `Let op: namen worden beperkt herkend, want niet alles kon worden geladen (${state.dataError}).`;
}

async function main() {
  ui.analyse.disabled = true;
  // The entity data (name lists and model, beside the wasm) loads in parallel with the wasm;
  // the first analysis waits for both, so it finds the same entities as every later one.
  const data = fetchEntityData();
  try {
    await init();
    state.dataError = await loadEntityData({ loadGazetteers, loadEntityModel }, data);
    makeAnalyzer();
  } catch (err) {
    setStatus(`De analyse kon niet worden geladen: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return;
  }
  setupViews({ state, ui, makeAnalyzer, analyse, setStatus });
  metrics.ready = performance.now();
  ui.analyse.disabled = false;
  ui.input.addEventListener('input', debounce(analyse));
  ui.analyse.addEventListener('click', analyse);
  ui.example.addEventListener('click', loadExample);
  ui.clear.addEventListener('click', () => {
    ui.input.value = '';
    analyse();
    ui.input.focus();
  });
  for (const opt of [ui.optStop, ui.optNum]) {
    opt.addEventListener('change', () => {
      makeAnalyzer();
      analyse();
    });
  }
  ui.selectionClear.addEventListener('click', clearSelection);
  ui.moreTerms.addEventListener('click', () => {
    state.termLimit += TERM_MORE;
    renderTerms();
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && (state.term != null || state.selectedEntities.length)) clearSelection();
  });
  const params = new URLSearchParams(location.search);
  if (params.has('voorbeeld')) await loadExample();
  else if (ui.input.value.trim()) analyse();
  else if (state.dataError) setStatus(dataErrorMessage(), 'error');
  else setStatus('Klaar. Plak een tekst of kies het voorbeeld.');
}

main();

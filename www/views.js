// The "Verdieping" views of the page: stemming explained, keyword in context, distinctive
// words, readability per sentence, comparing two texts, exports, user lists and a user's model.
// User text only enters the page as Text nodes (see render.js).

import { explainStem, stemWord } from './pkg/tekstlens.js';
import { el, fmt } from './render.js';
import { LABEL_NAME } from './labels.js';
import { download, entitiesCsv, analysisJson, chartSvg, reportHtml } from './export.js';

const REFERENCE_URL = './data/nl-forms.txt';
const STORE_STOP = 'tekstlens.stopwoorden';
const STORE_NAMES = 'tekstlens.namen';
const LABEL_CODES = ['PER', 'ORG', 'LOC', 'MISC', 'DATE', 'REF'];
const HARD = 'tl-moeilijk';
const CHOSEN = 'tl-zin';

const nf1 = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {{state: any, ui: any, makeAnalyzer: () => void, analyse: () => void, setStatus: (m: string, k?: string) => void}} */
let ctx;
/** Views already rendered for the current analysis (rendered lazily when their tab opens). */
let fresh = new Set();
let active = 'stemming';

// ---------------------------------------------------------------------------------------------
// User lists (localStorage)

function storageGet(key) {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function storageSet(key, value) {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Parses "NCTV = ORG" lines; returns the entries and the lines that are not understood. */
export function parseNames(src) {
  const entries = [];
  const bad = [];
  for (const raw of src.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^(.+?)\s*=\s*([A-Za-z]+)$/);
    const label = m?.[2].toUpperCase();
    if (m && m[1].trim() && LABEL_CODES.includes(label)) entries.push({ name: m[1].trim(), label });
    else bad.push(line);
  }
  return { entries, bad };
}

function parseStopWords(src) {
  return [...new Set(src.split(/[\n,;]/).map((w) => w.trim()).filter(Boolean))];
}

/** The stored user lists: `{ stopWords: string[], names: {name, label}[] }`. */
export function loadUserLists() {
  return { stopWords: parseStopWords(storageGet(STORE_STOP)), names: parseNames(storageGet(STORE_NAMES)).entries };
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * User names as entities: every exact occurrence that starts and ends on token boundaries becomes
 * an entity (source "user"), replacing what the analysis found there. Longer names win.
 */
export function applyUserEntities(text, analysis, names) {
  if (!names.length || !analysis.tokens.length) return;
  const startAt = new Map(analysis.tokens.map((t, i) => [t.start, i]));
  const endAt = new Map(analysis.tokens.map((t, i) => [t.end, i]));
  const found = [];
  for (const { name, label } of names) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(name)}(?![\\p{L}\\p{N}])`, 'gu');
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      const ts = startAt.get(start);
      const te = endAt.get(end);
      if (ts == null || te == null || te < ts) continue;
      found.push({ text: m[0], label, start, end, tokenStart: ts, tokenEnd: te + 1, source: 'user' });
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen = [];
  const overlaps = (a, b) => a.start < b.end && b.start < a.end;
  for (const f of found) if (!chosen.some((c) => overlaps(c, f))) chosen.push(f);
  if (!chosen.length) return;
  const kept = analysis.entities.filter((e) => !chosen.some((c) => overlaps(c, e)));
  analysis.entities = [...kept, ...chosen].sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Setup and the tabs

export function setupViews(context) {
  ctx = context;
  const tabs = [...document.querySelectorAll('.tabs [role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => activate(tab.id.replace('tab-', '')));
    tab.addEventListener('keydown', (ev) => {
      const i = tabs.indexOf(tab);
      const next = ev.key === 'ArrowRight' ? i + 1 : ev.key === 'ArrowLeft' ? i - 1 : ev.key === 'Home' ? 0 : ev.key === 'End' ? tabs.length - 1 : null;
      if (next == null) return;
      ev.preventDefault();
      const t = tabs[(next + tabs.length) % tabs.length];
      t.focus();
      activate(t.id.replace('tab-', ''));
    });
  }

  // Stemming.
  $('stam-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    explainWord(/** @type {HTMLInputElement} */ ($('stam-woord')).value);
  });
  for (const radio of document.querySelectorAll('input[name="stemmer"]')) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      ctx.state.stemmer = radio.value;
      rebuild();
    });
  }
  explainWord('aanslagen');

  // Keyword in context.
  $('context-doel').addEventListener('change', renderKwic);
  for (const r of document.querySelectorAll('input[name="context-sort"]')) r.addEventListener('change', renderKwic);

  // Readability.
  $('moeilijk-markeren').addEventListener('change', afterTextRender);

  // Compare.
  $('vergelijk-neem').addEventListener('click', () => {
    /** @type {HTMLTextAreaElement} */ ($('vergelijk-a')).value = ctx.ui.input.value;
  });
  $('vergelijk-knop').addEventListener('click', runCompare);

  // Exports.
  for (const b of document.querySelectorAll('[data-export]')) b.addEventListener('click', () => runExport(b.getAttribute('data-export')));

  // User lists.
  /** @type {HTMLTextAreaElement} */ ($('eigen-stopwoorden')).value = storageGet(STORE_STOP);
  /** @type {HTMLTextAreaElement} */ ($('eigen-namen')).value = storageGet(STORE_NAMES);
  $('eigen-opslaan').addEventListener('click', saveUserLists);

  // A user's model.
  $('model-bestand').addEventListener('change', loadModelFile);
  $('model-standaard').addEventListener('click', () => {
    ctx.state.model = null;
    $('model-standaard').hidden = true;
    /** @type {HTMLInputElement} */ ($('model-bestand')).value = '';
    setViewStatus('model-status', 'Het ingebouwde model is weer in gebruik.');
    rebuild();
  });
}

function activate(name) {
  active = name;
  for (const tab of document.querySelectorAll('.tabs [role="tab"]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !on;
  }
  renderActive();
}

/** Called after each new analysis. */
export function updateViews() {
  fresh = new Set();
  fillKwicTargets();
  renderActive();
}

function renderActive() {
  if (fresh.has(active)) return;
  fresh.add(active);
  if (active === 'context') renderKwic();
  else if (active === 'kenmerkend') renderKeywords();
  else if (active === 'leesbaarheid') renderReadability();
  else if (active === 'stemming') explainWord(/** @type {HTMLInputElement} */ ($('stam-woord')).value);
}

/** Rebuilds the analyzer (new stemmer, lists or model) and analyses the text again. */
function rebuild() {
  try {
    ctx.makeAnalyzer();
  } catch (err) {
    ctx.setStatus(`De analyse kon niet worden ingesteld: ${messageOf(err)}`, 'error');
    return;
  }
  ctx.analyse();
}

/** A term was clicked in the table or the chart. */
export function onTermSelected(term) {
  if (!term) return;
  /** @type {HTMLInputElement} */ ($('stam-woord')).value = term.display;
  explainWord(term.display);
  const select = /** @type {HTMLSelectElement} */ ($('context-doel'));
  const value = JSON.stringify({ term: term.stem });
  if ([...select.options].some((o) => o.value === value)) {
    select.value = value;
    fresh.delete('context');
    if (active === 'context') renderActive();
  }
}

/** A name was clicked in the entity list: it becomes the keyword-in-context target. */
export function onEntitySelected(entity, name) {
  if (!entity) return;
  const select = /** @type {HTMLSelectElement} */ ($('context-doel'));
  const value = JSON.stringify(entity.source === 'user' ? { user: name } : { entity: name });
  if ([...select.options].some((o) => o.value === value)) {
    select.value = value;
    fresh.delete('context');
    if (active === 'context') renderActive();
  }
}

function setViewStatus(id, msg, kind = '') {
  const node = $(id);
  node.textContent = msg;
  node.dataset.kind = kind;
}

const messageOf = (err) => (err instanceof Error ? err.message : String(err)).replace(/^tekstlens: /, '');

// ---------------------------------------------------------------------------------------------
// Stemming explained

const STEP_NAME = {
  accentRemoval: 'Accenten weg',
  markVowels: 'Klinkers als medeklinker',
  regions: 'Gebieden R1 en R2',
  step1: 'Stap 1: -en, -s, -heden',
  step2: 'Stap 2: slot-e',
  step3a: 'Stap 3a: -heid',
  step3b: 'Stap 3b: -end, -ing, -ig, -lijk, -baar',
  undoubleConsonant: 'Ontdubbelen',
  step4: 'Stap 4: dubbele klinker',
  restore: 'Terugzetten',
};

function explainWord(word) {
  const out = $('stam-uitleg');
  const w = word.trim();
  if (!w) {
    out.replaceChildren(el('p', { class: 'empty' }, 'Typ een woord.'));
    return;
  }
  let e;
  let kp;
  try {
    e = explainStem(w);
    kp = stemWord(w, 'kraaijPohlmann');
  } catch (err) {
    out.replaceChildren(el('p', { class: 'status', 'data-kind': 'error' }, messageOf(err)));
    return;
  }
  const steps = el('ol', { class: 'stem-steps' },
    ...e.steps.map((s) => el('li', { class: s.applied ? 'applied' : 'skipped', 'data-step': s.kind },
      el('span', { class: 'step-name' }, STEP_NAME[s.kind] ?? s.kind),
      s.applied ? el('span', { class: 'step-change' }, el('code', {}, s.before), ' → ', el('code', {}, s.after)) : '',
      el('span', { class: 'step-note' }, s.nl))));
  const porter = el('section', { class: 'stem-card', 'data-stemmer': 'porter' },
    el('h3', {}, 'Porter (klassiek Snowball)'),
    el('p', { class: 'stem-result' }, el('code', {}, e.word), ' → ', el('strong', { class: 'stem-out' }, e.stem)),
    el('p', { class: 'hint' }, 'R1 = „', el('code', {}, e.r1), '”, R2 = „', el('code', {}, e.r2), '”. Achtervoegsels gaan alleen weg als ze in R1 (of R2) staan.'),
    steps);
  const cards = [porter,
    el('section', { class: 'stem-card', 'data-stemmer': 'kraaijPohlmann' },
      el('h3', {}, 'Kraaij-Pohlmann (Snowball 3)'),
      el('p', { class: 'stem-result' }, el('code', {}, e.word), ' → ', el('strong', { class: 'stem-out' }, kp)),
      el('p', { class: 'hint' }, kp === e.stem
        ? 'Zelfde stam als Porter.'
        : 'Andere stam dan Porter: Kraaij-Pohlmann houdt onder meer een lange klinker lang („slagen” → „slaag”) en haalt ook verkleinwoorden, -iteit en -isme weg, zodat het vaak meer vormen samenvoegt.'),
      groupedForms(kp, 'kraaijPohlmann'))];
  porter.append(groupedForms(e.stem, 'porter'));
  out.replaceChildren(...cards);
}

/** "In deze tekst: aanslagen, aanslag → aanslag" when the analysis used `stemmer`. */
function groupedForms(stem, stemmer) {
  const a = ctx?.state.analysis;
  if (!a || a.stemmer !== stemmer) return '';
  const term = a.terms.find((t) => t.stem === stem);
  if (!term) return '';
  return el('p', { class: 'stem-grouped' }, 'In deze tekst: ', term.forms.map((f) => f.form).join(', '), ' → ', el('strong', {}, stem), ` (${fmt(term.count)}×)`);
}

// ---------------------------------------------------------------------------------------------
// Keyword in context

function fillKwicTargets() {
  const a = ctx.state.analysis;
  const select = /** @type {HTMLSelectElement} */ ($('context-doel'));
  const before = select.value;
  if (!a) {
    select.replaceChildren();
    return;
  }
  const terms = el('optgroup', { label: 'Termen' },
    ...a.terms.slice(0, 300).map((t) => el('option', { value: JSON.stringify({ term: t.stem }) }, `${t.display} (${fmt(t.count)}×)`)));
  const names = new Map();
  for (const e of a.entities) {
    const name = e.canonical ?? e.text.replace(/\s+/g, ' ');
    const key = `${e.source === 'user' ? 'user' : 'entity'}\u0000${name}`;
    const n = names.get(key);
    if (n) n.count++;
    else names.set(key, { name, label: e.label, user: e.source === 'user', count: 1 });
  }
  const entities = el('optgroup', { label: 'Namen, data en verwijzingen' },
    ...[...names.values()].sort((x, y) => y.count - x.count || x.name.localeCompare(y.name, 'nl'))
      .map((n) => el('option', { value: JSON.stringify(n.user ? { user: n.name } : { entity: n.name }) }, `${n.name} · ${LABEL_NAME[n.label] ?? n.label} (${fmt(n.count)}×)`)));
  select.replaceChildren(terms, entities);
  if ([...select.options].some((o) => o.value === before)) select.value = before;
}

function renderKwic() {
  const out = $('context-resultaat');
  const { analysis: a, analyzer, text } = ctx.state;
  const value = /** @type {HTMLSelectElement} */ ($('context-doel')).value;
  if (!a || !analyzer || !value) {
    out.replaceChildren(el('p', { class: 'empty' }, 'Analyseer eerst een tekst.'));
    return;
  }
  const sort = /** @type {HTMLInputElement} */ (document.querySelector('input[name="context-sort"]:checked')).value;
  const target = JSON.parse(value);
  let lines;
  try {
    lines = target.user ? userKwic(text, a, target.user, sort) : analyzer.kwic(text, target, { sort, width: 7 });
  } catch (err) {
    out.replaceChildren(el('p', { class: 'status', 'data-kind': 'error' }, messageOf(err)));
    return;
  }
  const rows = lines.map((l) => el('tr', {},
    el('td', { class: 'kwic-left' }, el('span', {}, l.left)),
    el('td', { class: 'kwic-key' }, l.keyword),
    el('td', { class: 'kwic-right' }, el('span', {}, l.right))));
  out.replaceChildren(
    el('p', { class: 'hint' }, `${fmt(lines.length)} keer gevonden.`),
    el('table', { class: 'kwic-table', id: 'context-tabel' },
      el('caption', { class: 'visually-hidden' }, 'Woord in context'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'kwic-left' }, 'Links'), el('th', { scope: 'col', class: 'kwic-key' }, 'Woord'), el('th', { scope: 'col', class: 'kwic-right' }, 'Rechts'))),
      el('tbody', {}, ...rows)));
}

/** Keyword in context for a user's own name (the core does not know those entities). */
function userKwic(text, a, name, sort, width = 7) {
  const tokens = a.tokens;
  const isWord = (t) => t.kind === 'word' || t.kind === 'number';
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  const lines = a.entities.filter((e) => e.source === 'user' && e.text.replace(/\s+/g, ' ') === name).map((e) => {
    let first = e.tokenStart;
    const leftWords = [];
    while (first > 0 && leftWords.length < width) {
      first--;
      if (isWord(tokens[first])) leftWords.push(tokens[first].norm);
    }
    let last = e.tokenEnd;
    const rightWords = [];
    while (last < tokens.length && rightWords.length < width) {
      if (isWord(tokens[last])) rightWords.push(tokens[last].norm);
      last++;
    }
    const leftStart = first < e.tokenStart ? tokens[first].start : e.start;
    const rightEnd = last > e.tokenEnd ? tokens[last - 1].end : e.end;
    return {
      start: e.start, end: e.end, leftStart, rightEnd,
      left: squash(text.slice(leftStart, e.start)), keyword: squash(e.text), right: squash(text.slice(e.end, rightEnd)),
      leftWords, rightWords,
    };
  });
  const key = sort === 'left' ? 'leftWords' : sort === 'right' ? 'rightWords' : null;
  if (key) lines.sort((x, y) => x[key].join(' ').localeCompare(y[key].join(' '), 'nl') || x.start - y.start);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Distinctive words

let referenceLoading = null;

async function renderKeywords() {
  const out = $('kenmerkend-resultaat');
  const { state } = ctx;
  if (state.referenceList == null) {
    out.replaceChildren();
    referenceLoading ??= (async () => {
      setViewStatus('kenmerkend-status', 'De woordenlijst van gewoon Nederlands wordt geladen…');
      const res = await fetch(REFERENCE_URL);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      state.referenceList = await res.text();
      state.analyzer?.setReferenceList(state.referenceList);
    })();
    try {
      await referenceLoading;
    } catch (err) {
      referenceLoading = null;
      fresh.delete('kenmerkend');
      setViewStatus('kenmerkend-status', `De woordenlijst kon niet worden geladen (${messageOf(err)}).`, 'error');
      return;
    }
    setViewStatus('kenmerkend-status', '');
    if (state.analysis) {
      ctx.analyse(); // renders the keywords through updateViews
      return;
    }
  }
  const a = state.analysis;
  if (!a) {
    out.replaceChildren(el('p', { class: 'empty' }, 'Analyseer eerst een tekst.'));
    return;
  }
  if (!a.keywords.length) {
    out.replaceChildren(el('p', { class: 'empty' }, 'Geen woorden die opvallend vaker voorkomen dan in gewoon Nederlands (de tekst is te kort of heel gewoon).'));
    return;
  }
  out.replaceChildren(el('table', { class: 'data-table', id: 'kenmerkend-tabel' },
    el('caption', { class: 'visually-hidden' }, 'Kenmerkende woorden'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Woord'), el('th', { scope: 'col', class: 'num' }, 'Aantal'),
      el('th', { scope: 'col', class: 'num' }, 'Per miljoen'), el('th', { scope: 'col', class: 'num' }, 'Gewoon Nederlands'),
      el('th', { scope: 'col', class: 'num' }, 'Log-likelihood'), el('th', { scope: 'col', class: 'num' }, 'Log Ratio'),
      el('th', { scope: 'col' }, 'Uitleg'))),
    el('tbody', {}, ...a.keywords.slice(0, 40).map((k) => el('tr', { 'data-stem': k.stem },
      el('th', { scope: 'row' }, k.display),
      el('td', { class: 'num' }, fmt(k.count)),
      el('td', { class: 'num' }, fmt(Math.round(k.perMillion))),
      el('td', { class: 'num' }, k.inReference ? nf1.format(k.referencePerMillion) : '< 1'),
      el('td', { class: 'num' }, nf1.format(k.logLikelihood)),
      el('td', { class: 'num' }, nf1.format(k.logRatio)),
      el('td', { class: 'explain' }, k.explanation))))));
}

// ---------------------------------------------------------------------------------------------
// Readability per sentence

/** Marks the hardest sentences in the text view (CSS Custom Highlight API: no DOM changes). */
export function afterTextRender() {
  if (!ctx || typeof CSS === 'undefined' || !('highlights' in CSS)) return;
  CSS.highlights.delete(HARD);
  CSS.highlights.delete(CHOSEN);
  const a = ctx.state.analysis;
  if (!a || !/** @type {HTMLInputElement} */ ($('moeilijk-markeren')).checked) return;
  const spans = a.readability.sentences.filter((r) => r.hard).map((r) => a.sentences[r.sentence]).filter(Boolean);
  if (spans.length) CSS.highlights.set(HARD, new Highlight(...textRanges(ctx.ui.text, spans)));
}

/** DOM Ranges in `container` (whose text content is the analysed text) for UTF-16 spans, sorted. */
function textRanges(container, spans) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const ranges = [];
  let offset = 0;
  let node = walker.nextNode();
  let i = 0;
  let range = null;
  while (node && i < spans.length) {
    const len = node.nodeValue.length;
    const span = spans[i];
    if (!range && span.start < offset + len) {
      range = document.createRange();
      range.setStart(node, span.start - offset);
    }
    if (range && span.end <= offset + len) {
      range.setEnd(node, span.end - offset);
      ranges.push(range);
      range = null;
      i++;
      continue; // the next span may start in this node too
    }
    offset += len;
    node = walker.nextNode();
  }
  return ranges;
}

function renderReadability() {
  const out = $('leesbaarheid-resultaat');
  const { analysis: a, text } = ctx.state;
  if (!a) {
    out.replaceChildren(el('p', { class: 'empty' }, 'Analyseer eerst een tekst.'));
    return;
  }
  // Headings and list items (under 5 words) score by word length alone: left out, as in the core.
  const scored = a.readability.sentences.filter((r) => r.fleschDouma != null && r.words >= 5);
  scored.sort((x, y) => x.fleschDouma - y.fleschDouma || x.sentence - y.sentence);
  const hard = scored.filter((r) => r.hard).length;
  const summary = el('p', {},
    `Hele tekst: Flesch–Douma ${a.stats.fleschDouma == null ? '–' : nf1.format(a.stats.fleschDouma)}, Brouwer ${a.readability.brouwer == null ? '–' : nf1.format(a.readability.brouwer)}. `,
    hard ? `${fmt(hard)} ${hard === 1 ? 'zin is' : 'zinnen zijn'} als moeilijkst gemarkeerd.` : 'Geen zin is als zeer moeilijk gemarkeerd.');
  const rows = scored.slice(0, 40).map((r) => {
    const s = a.sentences[r.sentence];
    const full = text.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
    const short = full.length > 160 ? `${full.slice(0, 159)}…` : full;
    const btn = el('button', { type: 'button', class: 'sentence-btn', title: 'Toon in de tekst' }, short);
    btn.addEventListener('click', () => showSentence(s));
    return el('tr', { class: r.hard ? 'is-hard' : '', 'data-sentence': r.sentence },
      el('td', { class: 'num muted' }, String(r.sentence + 1)),
      el('td', {}, btn, r.hard ? el('span', { class: 'hard-badge' }, 'moeilijk') : ''),
      el('td', { class: 'num' }, fmt(r.words)),
      el('td', { class: 'num' }, nf1.format(r.fleschDouma)),
      el('td', { class: 'num' }, r.brouwer == null ? '–' : nf1.format(r.brouwer)));
  });
  out.replaceChildren(summary,
    el('table', { class: 'data-table', id: 'leesbaarheid-tabel' },
      el('caption', {}, 'Moeilijkste zinnen eerst (zinnen van minstens 5 woorden)'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'num' }, 'Zin'), el('th', { scope: 'col' }, 'Tekst'),
        el('th', { scope: 'col', class: 'num' }, 'Woorden'), el('th', { scope: 'col', class: 'num' }, 'Flesch–Douma'), el('th', { scope: 'col', class: 'num' }, 'Brouwer'))),
      el('tbody', {}, ...rows)));
}

function showSentence(span) {
  const view = ctx.ui.text;
  const [range] = textRanges(view, [span]);
  if (!range) return;
  if ('highlights' in CSS) CSS.highlights.set(CHOSEN, new Highlight(range));
  const r = range.getBoundingClientRect();
  const v = view.getBoundingClientRect();
  view.scrollTop += r.top - v.top - 40;
  view.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

// ---------------------------------------------------------------------------------------------
// Compare two texts

function runCompare() {
  const a = /** @type {HTMLTextAreaElement} */ ($('vergelijk-a')).value;
  const b = /** @type {HTMLTextAreaElement} */ ($('vergelijk-b')).value;
  const out = $('vergelijk-resultaat');
  if (!a.trim() || !b.trim()) {
    setViewStatus('vergelijk-status', 'Vul beide teksten in.', 'error');
    out.replaceChildren();
    return;
  }
  let c;
  try {
    c = ctx.state.analyzer.compare(a, b);
  } catch (err) {
    setViewStatus('vergelijk-status', `Vergelijken is mislukt: ${messageOf(err)}`, 'error');
    return;
  }
  setViewStatus('vergelijk-status', `Tekst A: ${fmt(c.wordsA)} woorden, tekst B: ${fmt(c.wordsB)} woorden.`);
  const side = (key, name, terms, entities) => el('section', { class: 'compare-side', 'data-side': key },
    el('h3', {}, `Meer in tekst ${name}`),
    terms.length
      ? el('table', { class: 'data-table' },
        el('caption', { class: 'visually-hidden' }, `Termen die meer in tekst ${name} voorkomen`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Term'), el('th', { scope: 'col', class: 'num' }, 'A'), el('th', { scope: 'col', class: 'num' }, 'B'), el('th', { scope: 'col' }, 'Uitleg'))),
        el('tbody', {}, ...terms.slice(0, 20).map((t) => el('tr', { 'data-stem': t.stem },
          el('th', { scope: 'row' }, t.display), el('td', { class: 'num' }, fmt(t.countA)), el('td', { class: 'num' }, fmt(t.countB)), el('td', { class: 'explain' }, t.explanation)))))
      : el('p', { class: 'empty' }, 'Geen termen.'),
    el('h4', {}, 'Namen'),
    entities.length
      ? el('ul', { class: 'compare-entities' }, ...entities.slice(0, 15).map((e) => el('li', {},
        el('span', { class: 'swatch', 'data-entity': e.label, 'aria-hidden': 'true' }), ' ',
        el('strong', {}, e.name), ` (${LABEL_NAME[e.label] ?? e.label}): ${e.explanation}`)))
      : el('p', { class: 'empty' }, 'Geen namen.'));
  out.replaceChildren(side('a', 'A', c.termsA, c.entitiesA), side('b', 'B', c.termsB, c.entitiesB));
}

// ---------------------------------------------------------------------------------------------
// Exports

function runExport(kind) {
  const { analysis: a, analyzer, text } = ctx.state;
  if (!a || !analyzer) {
    setViewStatus('export-status', 'Analyseer eerst een tekst.', 'error');
    return;
  }
  const semicolon = /** @type {HTMLInputElement} */ ($('export-puntkomma')).checked;
  const csvOptions = semicolon ? { delimiter: ';', bom: true } : { delimiter: ',', bom: false };
  try {
    if (kind === 'termen-csv') download('tekstlens-termen.csv', analyzer.termsCsv(text, csvOptions), 'text/csv;charset=utf-8');
    else if (kind === 'entiteiten-csv') download('tekstlens-entiteiten.csv', entitiesCsv(text, a, csvOptions), 'text/csv;charset=utf-8');
    else if (kind === 'json') download('tekstlens-analyse.json', analysisJson(text, a), 'application/json');
    else if (kind === 'svg') {
      const svg = chartSvg(ctx.ui.chart.querySelector('svg'));
      if (!svg) throw new Error('er is geen grafiek');
      download('tekstlens-grafiek.svg', svg, 'image/svg+xml');
    } else if (kind === 'rapport') download('tekstlens-rapport.html', reportHtml(text, a), 'text/html;charset=utf-8');
    setViewStatus('export-status', 'Gedownload.');
  } catch (err) {
    setViewStatus('export-status', `Exporteren is mislukt: ${messageOf(err)}`, 'error');
  }
}

// ---------------------------------------------------------------------------------------------
// User lists and a user's model

function saveUserLists() {
  const stopSrc = /** @type {HTMLTextAreaElement} */ ($('eigen-stopwoorden')).value;
  const namesSrc = /** @type {HTMLTextAreaElement} */ ($('eigen-namen')).value;
  const { entries, bad } = parseNames(namesSrc);
  const stored = storageSet(STORE_STOP, stopSrc) && storageSet(STORE_NAMES, namesSrc);
  ctx.state.user = { stopWords: parseStopWords(stopSrc), names: entries };
  const n = ctx.state.user.stopWords.length;
  let msg = `${stored ? 'Opgeslagen' : 'Toegepast (niet opgeslagen: deze browser staat geen lokale opslag toe)'}: ${fmt(n)} ${n === 1 ? 'stopwoord' : 'stopwoorden'}, ${fmt(entries.length)} ${entries.length === 1 ? 'naam' : 'namen'}.`;
  if (bad.length) msg += ` Niet begrepen (schrijf „Naam = ORG”): ${bad.join('; ')}`;
  setViewStatus('eigen-status', msg, bad.length ? 'error' : '');
  rebuild();
}

async function loadModelFile() {
  const input = /** @type {HTMLInputElement} */ ($('model-bestand'));
  const file = input.files?.[0];
  if (!file) return;
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    setViewStatus('model-status', `Het bestand kon niet worden gelezen: ${messageOf(err)}`, 'error');
    return;
  }
  let description;
  try {
    description = ctx.state.analyzer.loadModel(bytes);
  } catch (err) {
    input.value = '';
    setViewStatus('model-status', `„${file.name}” is geen bruikbaar tekstlens-model: ${messageOf(err)}. Het vorige model blijft in gebruik.`, 'error');
    return;
  }
  ctx.state.model = { name: file.name, bytes };
  $('model-standaard').hidden = false;
  setViewStatus('model-status', `Model „${file.name}” geladen (${description}).`);
  ctx.analyse();
}

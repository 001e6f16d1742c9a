// Exports of the page: the entities as CSV (with the user's own names), the whole analysis as
// JSON, the bar chart as a standalone SVG, and a self-contained HTML report. The terms CSV comes
// from the core (`analyzer.termsCsv`).

import { version } from './pkg/tekstlens.js';
import { renderText } from './render.js';
import { LABELS, LABEL_NAME, SOURCE_NAME, readabilityBand } from './labels.js';

/** Offers `content` as a file download (a Blob URL on a temporary link). */
export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A CSV text cell as the core writes it: quoted when needed, formula starts neutralised. */
function cell(value, delimiter) {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The entities as CSV, like the core's `entitiesCsv` (`text,label,canonical,source,sentence,
 * start,end`, character offsets, CRLF) but including the user's own names (source "user").
 */
export function entitiesCsv(text, a, { delimiter = ',', bom = false } = {}) {
  const rows = [['text', 'label', 'canonical', 'source', 'sentence', 'start', 'end']];
  // UTF-16 offsets to character (code point) offsets, counting forward.
  let unit = 0;
  let chr = 0;
  const toChar = (target) => {
    if (target < unit) [unit, chr] = [0, 0];
    for (const _ of text.slice(unit, target)) chr++; // one per code point
    unit = target;
    return chr;
  };
  for (const e of a.entities) {
    const sentence = (a.tokens[e.tokenStart]?.sentence ?? -1) + 1;
    rows.push([e.text.replace(/\s+/g, ' '), e.label, e.canonical ?? '', e.source, { n: sentence }, { n: toChar(e.start) }, { n: toChar(e.end) }]);
  }
  const lines = rows.map((r) => r.map((v) => (typeof v === 'object' ? String(v.n) : cell(v, delimiter))).join(delimiter));
  return `${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** The whole analysis: `{ tekstlens, offsets: "utf16", text, analysis }`. */
export function analysisJson(text, a) {
  return JSON.stringify({ tekstlens: version(), offsets: 'utf16', text, analysis: a }, null, 2);
}

const CHART_CSS = `
  text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
  .bar-hit { fill: none; }
  .bar-fill { fill: #2952cc; opacity: .85; }
  .bar.is-selected .bar-fill { fill: #e0a800; opacity: 1; }
  .bar-label { fill: #1b1f24; }
  .bar-count { fill: #5b6470; }`;

/** The page's bar chart as a standalone SVG document (fixed width, its own styles). */
export function chartSvg(svgEl) {
  if (!svgEl) return null;
  const width = 640;
  const copy = /** @type {SVGSVGElement} */ (svgEl.cloneNode(true));
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('viewBox', `0 0 ${width} ${copy.getAttribute('height')}`);
  for (const g of copy.querySelectorAll('[tabindex]')) g.removeAttribute('tabindex');
  // The styles go in as text: a <style> element created in this page would break its CSP.
  const xml = new XMLSerializer().serializeToString(copy).replace(/^<svg\b[^>]*>/, (open) => `${open}<style>${CHART_CSS}</style>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

const REPORT_CSS = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; color: #1b1f24; background: #f6f7f9; }
  body { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
  .meta { color: #5b6470; font-size: .9rem; }
  section { background: #fff; border: 1px solid #dde1e6; border-radius: 10px; padding: 1rem 1.25rem; margin-top: 1rem; }
  dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .5rem; margin: 0; }
  dt { font-size: .8rem; color: #5b6470; text-transform: uppercase; } dd { margin: 0; font-size: 1.3rem; font-weight: 700; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.85; }
  mark { color: inherit; border-radius: 4px; padding: .05em .2em; }
  mark::after { content: attr(data-entity); font-size: .62em; font-weight: 700; margin-left: .3em; vertical-align: .12em; }
  mark[data-entity="PER"] { background: #f1e4ff; } mark[data-entity="PER"]::after { color: #6b21a8; }
  mark[data-entity="ORG"] { background: #dde9ff; } mark[data-entity="ORG"]::after { color: #1d4ed8; }
  mark[data-entity="LOC"] { background: #d9f5e3; } mark[data-entity="LOC"]::after { color: #15803d; }
  mark[data-entity="MISC"] { background: #fff0d1; } mark[data-entity="MISC"]::after { color: #a15c07; }
  mark[data-entity="DATE"] { background: #ffe1ec; } mark[data-entity="DATE"]::after { color: #be185d; }
  mark[data-entity="REF"] { background: #e6e8ec; } mark[data-entity="REF"]::after { color: #3f4753; }
  .hard { text-decoration: underline wavy #c62828; text-decoration-thickness: 1px; text-underline-offset: 3px; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #dde1e6; vertical-align: top; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  .legend span { display: inline-block; margin-right: .75rem; font-size: .85rem; }`;

/**
 * A self-contained HTML report (inline CSS, no scripts, no requests): statistics, the text with
 * entities marked and the hardest sentences underlined, the entities, terms and keywords.
 */
export function reportHtml(text, a) {
  const doc = document.implementation.createHTMLDocument('tekstlens-rapport');
  doc.documentElement.lang = 'nl';
  const h = (tag, attrs = {}, ...children) => {
    const n = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v != null) n.setAttribute(k, String(v));
    n.append(...children);
    return n;
  };
  const nf = new Intl.NumberFormat('nl-NL');
  const nf1 = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // The head is written as text: a <style> element created here would count against the page's
  // own CSP (the inert document inherits it).
  const head =
    '<head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>tekstlens-rapport</title><style>${REPORT_CSS}</style></head>`;

  // The text: entity marks as on the page, hardest sentences wrapped in <span class="hard">.
  const textBox = h('div', { class: 'text' });
  const tmp = document.createElement('div');
  renderText(tmp, text, a.entities, a.readability.sentences.filter((r) => r.hard).map((r) => a.sentences[r.sentence]).filter(Boolean));
  for (const span of tmp.querySelectorAll('.term-hit')) span.className = 'hard';
  for (const m of tmp.querySelectorAll('mark')) {
    m.removeAttribute('tabindex');
    m.removeAttribute('data-tip');
    m.removeAttribute('data-i');
  }
  textBox.append(doc.importNode(tmp, true));

  const s = a.stats;
  const score = s.fleschDouma;
  const stats = h('dl', {},
    ...[
      ['Woorden', nf.format(s.words)],
      ['Zinnen', nf.format(s.sentences)],
      ['Unieke termen', nf.format(a.terms.length)],
      ['Entiteiten', nf.format(a.entities.length)],
      ['Flesch–Douma', score == null ? '–' : `${nf1.format(score)} (${readabilityBand(score).band})`],
      ['Brouwer', a.readability.brouwer == null ? '–' : nf1.format(a.readability.brouwer)],
    ].map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));

  const entityRows = new Map();
  for (const e of a.entities) {
    const name = e.canonical ?? e.text.replace(/\s+/g, ' ');
    const key = `${e.label}\u0000${name}`;
    const r = entityRows.get(key) ?? { name, label: e.label, n: 0 };
    r.n++;
    entityRows.set(key, r);
  }
  const order = LABELS.map((l) => l.label);
  const entities = [...entityRows.values()].sort((x, y) => order.indexOf(x.label) - order.indexOf(y.label) || y.n - x.n || x.name.localeCompare(y.name, 'nl'));
  const table = (cols, rows) => h('table', {},
    h('thead', {}, h('tr', {}, ...cols.map(([c, cls]) => h('th', { class: cls }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((v, i) => h('td', { class: cols[i][1] }, v))))));

  const body = doc.body;
  body.append(
    h('h1', {}, 'tekstlens-rapport'),
    h('p', { class: 'meta' }, `Gemaakt op ${new Date().toLocaleString('nl-NL')} met tekstlens ${version()} (stemmer: ${a.stemmer === 'kraaijPohlmann' ? 'Kraaij-Pohlmann' : 'Porter'}). Alles is in de browser berekend.`),
    h('section', {}, h('h2', {}, 'Statistieken'), stats),
    h('section', {}, h('h2', {}, 'Tekst met entiteiten'),
      h('p', { class: 'legend' }, ...LABELS.map((l) => h('span', {}, h('mark', { 'data-entity': l.label }, l.name)))),
      textBox),
    h('section', {}, h('h2', {}, 'Entiteiten'),
      table([['Naam'], ['Soort'], ['Aantal', 'num']], entities.map((e) => [e.name, LABEL_NAME[e.label] ?? e.label, nf.format(e.n)]))),
    h('section', {}, h('h2', {}, 'Termen (top 50)'),
      table([['Term'], ['Aantal', 'num'], ['Vormen → stam']], a.terms.slice(0, 50).map((t) => [t.display, nf.format(t.count), `${t.forms.map((f) => f.form).join(', ')} → ${t.stem}`]))),
  );
  if (a.keywords.length) {
    body.append(h('section', {}, h('h2', {}, 'Kenmerkende woorden'),
      table([['Woord'], ['Aantal', 'num'], ['Log-likelihood', 'num'], ['Uitleg']], a.keywords.slice(0, 30).map((k) => [k.display, nf.format(k.count), nf1.format(k.logLikelihood), k.explanation]))));
  }
  body.append(h('p', { class: 'meta' }, `Bronnen van de entiteiten: ${Object.values(SOURCE_NAME).join(', ')}. Moeilijkste zinnen onderstreept (Flesch–Douma onder 30).`));
  return `<!doctype html>\n<html lang="nl">${head}${body.outerHTML}</html>\n`;
}

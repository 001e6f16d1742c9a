// DOM builders for the analysis. Text from the user only ever enters the page as Text nodes
// (append(string) / textContent): never as HTML.

import { LABELS, LABEL_NAME, SOURCE_NAME, readabilityBand } from './labels.js';

const SVG = 'http://www.w3.org/2000/svg';
const nf = new Intl.NumberFormat('nl-NL');
const nf1 = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = new Intl.NumberFormat('nl-NL', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const fmt = (n) => nf.format(n);

/**
 * Creates an element with attributes and children (strings become Text nodes).
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {(Node | string)[]} children
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children);
  return node;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/** Tooltip text of an entity: full name, kind and source. */
export function entityTip(e) {
  const name = e.canonical ?? e.text;
  return `${name} · ${LABEL_NAME[e.label] ?? e.label} · bron: ${SOURCE_NAME[e.source] ?? e.source}`;
}

/**
 * Renders `text` into `container` in one pass: plain stretches as Text nodes, every entity as a
 * focusable `<mark data-entity="LABEL">`, and every range in `hits` (sorted, not overlapping;
 * UTF-16 offsets) wrapped in `<span class="term-hit">`, inside or outside a mark.
 *
 * @param {HTMLElement} container
 * @param {string} text
 * @param {import('./pkg/tekstlens.js').Entity[]} entities sorted, not overlapping
 * @param {{start: number, end: number}[]} hits
 */
export function renderText(container, text, entities, hits = []) {
  const frag = document.createDocumentFragment();
  let h = 0;
  // Appends text[from, to) to parent, wrapping the parts covered by hits.
  const plain = (parent, from, to) => {
    while (h < hits.length && hits[h].start < to) {
      const hit = hits[h];
      if (hit.end <= from) { h++; continue; }
      const s = Math.max(hit.start, from);
      const e = Math.min(hit.end, to);
      if (s > from) parent.append(text.slice(from, s));
      const span = document.createElement('span');
      span.className = 'term-hit';
      span.textContent = text.slice(s, e);
      parent.append(span);
      from = e;
      if (hit.end <= to) h++;
      else break;
    }
    if (from < to) parent.append(text.slice(from, to));
  };
  let pos = 0;
  for (let i = 0; i < entities.length; i++) {
    const ent = entities[i];
    if (ent.start < pos || ent.end > text.length) continue; // never happens: entities do not overlap
    plain(frag, pos, ent.start);
    const mark = document.createElement('mark');
    mark.dataset.entity = ent.label;
    mark.dataset.i = String(i);
    mark.tabIndex = 0;
    const tip = entityTip(ent);
    mark.title = tip;
    mark.dataset.tip = tip;
    plain(mark, ent.start, ent.end);
    frag.append(mark);
    pos = ent.end;
  }
  plain(frag, pos, text.length);
  container.replaceChildren(frag);
}

/** @param {HTMLElement} dl @param {import('./pkg/tekstlens.js').Analysis} a */
export function renderStats(dl, a) {
  const s = a.stats;
  const items = [
    ['Woorden', fmt(s.words), `${nf1.format(s.meanSentenceLength)} woorden per zin`],
    ['Zinnen', fmt(s.sentences), `${nf1.format(s.meanSyllablesPerWord)} lettergrepen per woord`],
    ['Unieke termen', fmt(a.terms.length), `${fmt(s.distinctWords)} verschillende woordvormen`],
  ];
  const nodes = items.map(([k, v, sub]) =>
    el('div', { class: 'stat' }, el('dt', {}, k), el('dd', {}, el('span', { class: 'stat-value' }, v), el('span', { class: 'stat-sub' }, sub))),
  );
  if (s.fleschDouma == null) {
    nodes.push(el('div', { class: 'stat' }, el('dt', {}, 'Leesbaarheid'), el('dd', {}, el('span', { class: 'stat-value' }, '–'), el('span', { class: 'stat-sub' }, 'geen woorden'))));
  } else {
    const score = s.fleschDouma;
    const { band, note } = readabilityBand(score);
    const meter = el('meter', { min: 0, max: 100, low: 30, high: 60, optimum: 100, value: Math.max(0, Math.min(100, score)), 'aria-hidden': 'true' });
    nodes.push(
      el('div', { class: 'stat stat-readability' },
        el('dt', {}, 'Leesbaarheid (Flesch–Douma)'),
        el('dd', {},
          el('span', { class: 'stat-value' }, nf1.format(score), ' ', el('span', { class: 'band' }, band)),
          meter,
          el('span', { class: 'stat-sub' }, note))),
    );
  }
  dl.replaceChildren(...nodes);
}

/**
 * The colour legend, with a checkbox per label that shows or hides its marks.
 * @param {HTMLElement} container
 * @param {import('./pkg/tekstlens.js').Entity[]} entities
 * @param {Set<string>} hidden
 * @param {(label: string, visible: boolean) => void} onToggle
 */
export function renderLegend(container, entities, hidden, onToggle) {
  const counts = countBy(entities, (e) => e.label);
  container.replaceChildren(
    ...LABELS.map(({ label, name }) => {
      const input = el('input', { type: 'checkbox', 'data-label': label });
      input.checked = !hidden.has(label);
      input.addEventListener('change', () => onToggle(label, input.checked));
      return el('label', { class: 'legend-item' },
        input,
        el('span', { class: 'swatch', 'data-entity': label, 'aria-hidden': 'true' }),
        el('span', { class: 'legend-code' }, label),
        ` ${name} `,
        el('span', { class: 'legend-count' }, `(${fmt(counts.get(label) ?? 0)})`));
    }),
  );
}

/**
 * Entities grouped by label; within a label by full name, with counts.
 * @param {HTMLElement} container
 * @param {import('./pkg/tekstlens.js').Entity[]} entities
 * @param {(indices: number[], name: string) => void} onSelect
 */
export function renderEntityGroups(container, entities, onSelect) {
  /** @type {Map<string, Map<string, {name: string, indices: number[], forms: Map<string, number>}>>} */
  const groups = new Map(LABELS.map((l) => [l.label, new Map()]));
  entities.forEach((e, i) => {
    const byName = groups.get(e.label) ?? groups.set(e.label, new Map()).get(e.label);
    const name = e.canonical ?? e.text.replace(/\s+/g, ' ');
    const key = name.toLocaleLowerCase('nl');
    let g = byName.get(key);
    if (!g) byName.set(key, (g = { name, indices: [], forms: new Map() }));
    g.indices.push(i);
    const form = e.text.replace(/\s+/g, ' ');
    g.forms.set(form, (g.forms.get(form) ?? 0) + 1);
  });
  const sections = [];
  for (const { label, plural } of LABELS) {
    const byName = groups.get(label);
    if (!byName || byName.size === 0) continue;
    const items = [...byName.values()].sort((a, b) => b.indices.length - a.indices.length || a.name.localeCompare(b.name, 'nl'));
    const total = items.reduce((n, g) => n + g.indices.length, 0);
    const list = el('ul', { class: 'entity-list' },
      ...items.map((g) => {
        const others = [...g.forms.keys()].filter((f) => f !== g.name);
        const btn = el('button', { type: 'button', class: 'entity-btn', 'data-entity': label },
          el('span', { class: 'entity-name' }, g.name),
          others.length ? el('span', { class: 'entity-forms' }, `ook: ${others.join(', ')}`) : '',
          el('span', { class: 'entity-count', 'aria-label': `${g.indices.length} keer` }, `${fmt(g.indices.length)}×`));
        btn.addEventListener('click', () => onSelect(g.indices, g.name, btn));
        return el('li', {}, btn);
      }));
    sections.push(el('section', { class: 'entity-group', 'data-label': label },
      el('h3', {}, el('span', { class: 'swatch', 'data-entity': label, 'aria-hidden': 'true' }), `${plural} `, el('span', { class: 'group-count' }, `${fmt(total)}`)),
      list));
  }
  if (sections.length === 0) sections.push(el('p', { class: 'empty' }, 'Geen namen, data of verwijzingen gevonden.'));
  container.replaceChildren(...sections);
}

function formsText(term) {
  return term.forms.map((f) => `${f.form} (${fmt(f.count)})`).join(', ');
}

/**
 * Horizontal SVG bar chart of the top terms. Each bar is a focusable button.
 * @param {HTMLElement} container
 * @param {import('./pkg/tekstlens.js').Term[]} terms
 * @param {(index: number) => void} onSelect
 */
export function renderChart(container, terms, onSelect, top = 25) {
  const shown = terms.slice(0, top);
  if (shown.length === 0) {
    container.replaceChildren(el('p', { class: 'empty' }, 'Nog geen termen.'));
    return;
  }
  const row = 26;
  const max = shown[0].count;
  const root = svg('svg', {
    class: 'bar-chart', width: '100%', height: shown.length * row + 4,
    role: 'group', 'aria-label': `Staafdiagram van de ${shown.length} meest gebruikte termen`,
  });
  shown.forEach((t, i) => {
    const y = i * row + 2;
    const label = t.display.length > 22 ? `${t.display.slice(0, 21)}…` : t.display;
    const w = (58 * t.count) / max;
    const g = svg('g', {
      // The <title> child names the bar (SVG-AAM): term, count and forms, and it starts with
      // the visible label, so speech input can name it.
      class: 'bar', tabindex: 0, role: 'button', 'data-term': i,
    },
    svg('title', {}, `${t.display}: ${fmt(t.count)}× (${formsText(t)})`),
    svg('rect', { class: 'bar-hit', x: 0, y, width: '100%', height: row - 2 }),
    svg('text', { class: 'bar-label', x: '31%', y: y + row / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' }, label),
    svg('rect', { class: 'bar-fill', x: '33%', y: y + 4, width: `${Math.max(w, 0.5)}%`, height: row - 10, rx: 3 }),
    svg('text', { class: 'bar-count', x: `${33 + w + 1}%`, y: y + row / 2, 'dominant-baseline': 'central' }, fmt(t.count)));
    g.addEventListener('click', () => onSelect(i));
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); onSelect(i); }
    });
    root.append(g);
  });
  container.replaceChildren(root);
}

/**
 * Table rows for the first `limit` terms.
 * @param {HTMLTableSectionElement} tbody
 * @param {import('./pkg/tekstlens.js').Term[]} terms
 * @param {number} limit
 * @param {(index: number) => void} onSelect
 */
export function renderTermRows(tbody, terms, limit, onSelect) {
  const frag = document.createDocumentFragment();
  const n = Math.min(limit, terms.length);
  for (let i = 0; i < n; i++) {
    const t = terms[i];
    const btn = el('button', { type: 'button', class: 'term-btn', 'data-term': i, 'aria-pressed': 'false' }, t.display);
    btn.addEventListener('click', () => onSelect(i));
    frag.append(el('tr', { 'data-term': i },
      el('td', { class: 'num muted' }, String(i + 1)),
      el('th', { scope: 'row' }, btn),
      el('td', { class: 'num' }, fmt(t.count)),
      el('td', { class: 'num muted' }, pct.format(t.frequency)),
      el('td', { class: 'forms' }, `${t.forms.map((f) => f.form).join(', ')} → `, el('span', { class: 'stem' }, t.stem))));
  }
  tbody.replaceChildren(frag);
  return n;
}

function countBy(items, key) {
  const m = new Map();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return m;
}

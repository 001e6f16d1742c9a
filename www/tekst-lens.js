// <tekst-lens>: the embeddable tekstlens widget. One ES module; it starts tekstlens-worker.js
// (beside it), which loads tekstlens-data.js, pkg/tekstlens.js, pkg/tekstlens_bg.wasm and the
// entity data beside it (pkg/tekstlens-gazetteers.txt, pkg/tekstlens-nl.model). Nothing else is
// fetched, and after loading nothing at all: the text never leaves the page.
//
//   <script type="module" src="/tekstlens/tekst-lens.js"></script>
//   <tekst-lens for="article .body" labels="ORG PER LOC" lang="nl" theme="auto"></tekst-lens>
//
// Styles are constructable stylesheets (allowed under `style-src 'self'`): one in the shadow
// root, and one adopted by the document (in the cascade layer `tekstlens`, all `!important`) that
// styles only the `<mark data-tl>` elements the widget puts into the host's article.
// User text only ever enters the DOM as Text nodes, never as HTML.

const WORKER_URL = new URL('./tekstlens-worker.js', import.meta.url);

const LABELS = /** @type {const} */ (['ORG', 'PER', 'LOC', 'MISC', 'DATE', 'REF']);
const VIEWS = /** @type {const} */ (['stats', 'entities', 'terms', 'text']);

/** Characters of text shown at first in the widget's text view, and added per "show more". */
const TEXT_FIRST = 60_000;
const TEXT_MORE = 200_000;
/** Characters per rendered chunk (a block with content-visibility: auto). */
const CHUNK = 4_000;
/** A paste longer than this is kept out of the textarea (a 5 MB textarea freezes the page). */
const LARGE_PASTE = 100_000;
/** Typed text longer than this is not analysed on every pause. */
const LIVE_LIMIT = 200_000;
/** Names shown per label in the entities view. */
const NAMES_PER_LABEL = 8;
const TERMS_SHOWN = 10;
/** Progress is shown only for analyses that take longer than this (ms). */
const PROGRESS_DELAY = 120;

const STAGES = /** @type {const} */ (['load', 'analyse', 'transfer', 'render']);
/** Each stage's share of the progress bar. */
const STAGE_RANGE = { load: [0, 10], analyse: [10, 70], transfer: [70, 80], render: [80, 100] };

const I18N = {
  nl: {
    locale: 'nl-NL',
    region: 'tekstlens: tekstanalyse',
    sub: 'Tekstanalyse in je browser. De tekst blijft op dit apparaat.',
    label: { ORG: 'organisatie', PER: 'persoon', LOC: 'plaats', MISC: 'overig', DATE: 'datum', REF: 'verwijzing' },
    plural: { ORG: 'Organisaties', PER: 'Personen', LOC: 'Plaatsen', MISC: 'Overig', DATE: 'Data', REF: 'Verwijzingen' },
    source: { gazetteer: 'naamlijst', rule: 'regel', model: 'model' },
    cueStart: (l) => `begin ${l}: `,
    cueEnd: (l) => `, einde ${l}`,
    stage: { load: 'analyse laden', analyse: 'tekst analyseren', transfer: 'resultaat ophalen', render: 'tekst weergeven' },
    step: (i, n, what, size) => `Stap ${i} van ${n}: ${what}${size ? ` (${size})` : ''}…`,
    progress: 'Voortgang van de analyse',
    inputLabel: 'Plak of typ een Nederlandse tekst',
    inputHint: 'De analyse loopt mee terwijl je typt.',
    largePaste: (n) => `Geplakte tekst van ${n} tekens: te groot om hier te bewerken, hieronder weergegeven. Typ om opnieuw te beginnen.`,
    stats: 'Statistieken',
    words: 'Woorden',
    sentences: 'Zinnen',
    distinct: 'Unieke termen',
    readability: 'Leesbaarheid (Flesch–Douma)',
    perSentence: (n) => `${n} woorden per zin`,
    entities: 'Namen, data en verwijzingen',
    more: (n) => `en nog ${n}`,
    times: 'keer',
    noEntities: 'Geen namen gevonden.',
    terms: 'Meest gebruikte woorden',
    noTerms: 'Nog geen woorden.',
    text: 'Tekst met gemarkeerde namen',
    showMore: (shown, total) => `Toon meer tekst (${shown} van ${total} tekens)`,
    toggle: 'Markeringen in de tekst',
    prev: 'Vorige naam',
    next: 'Volgende naam',
    position: (i, n, name, label) => `${i} van ${n}: ${name}, ${label}`,
    none: 'Geen gemarkeerde namen.',
    done: (words, ents, ms) => `${words} woorden, ${ents} namen · ${ms} ms`,
    noSource: (sel) => `Geen element gevonden voor for="${sel}".`,
    failed: (msg) => `De analyse is mislukt: ${msg}`,
    noData: (msg) => `Let op: namen worden beperkt herkend, want niet alles kon worden geladen (${msg}).`,
    empty: 'Plak een tekst om te beginnen.',
    bands: ['zeer moeilijk', 'moeilijk', 'gemiddeld', 'vrij makkelijk', 'makkelijk', 'zeer makkelijk'],
  },
  en: {
    locale: 'en-GB',
    region: 'tekstlens: text analysis',
    sub: 'Text analysis in your browser. The text stays on this device.',
    label: { ORG: 'organisation', PER: 'person', LOC: 'place', MISC: 'other', DATE: 'date', REF: 'reference' },
    plural: { ORG: 'Organisations', PER: 'People', LOC: 'Places', MISC: 'Other', DATE: 'Dates', REF: 'References' },
    source: { gazetteer: 'name list', rule: 'rule', model: 'model' },
    cueStart: (l) => `start ${l}: `,
    cueEnd: (l) => `, end ${l}`,
    stage: { load: 'loading the analyser', analyse: 'analysing the text', transfer: 'collecting the result', render: 'showing the text' },
    step: (i, n, what, size) => `Step ${i} of ${n}: ${what}${size ? ` (${size})` : ''}…`,
    progress: 'Analysis progress',
    inputLabel: 'Paste or type a Dutch text',
    inputHint: 'The analysis follows as you type.',
    largePaste: (n) => `Pasted text of ${n} characters: too large to edit here, shown below. Type to start again.`,
    stats: 'Statistics',
    words: 'Words',
    sentences: 'Sentences',
    distinct: 'Distinct terms',
    readability: 'Readability (Flesch–Douma)',
    perSentence: (n) => `${n} words per sentence`,
    entities: 'Names, dates and references',
    more: (n) => `and ${n} more`,
    times: 'times',
    noEntities: 'No names found.',
    terms: 'Most frequent words',
    noTerms: 'No words yet.',
    text: 'Text with highlighted names',
    showMore: (shown, total) => `Show more text (${shown} of ${total} characters)`,
    toggle: 'Highlights in the text',
    prev: 'Previous name',
    next: 'Next name',
    position: (i, n, name, label) => `${i} of ${n}: ${name}, ${label}`,
    none: 'No highlighted names.',
    done: (words, ents, ms) => `${words} words, ${ents} names · ${ms} ms`,
    noSource: (sel) => `No element found for for="${sel}".`,
    failed: (msg) => `The analysis failed: ${msg}`,
    noData: (msg) => `Note: names are recognised less well, as not everything could be loaded (${msg}).`,
    empty: 'Paste a text to begin.',
    bands: ['very difficult', 'difficult', 'average', 'fairly easy', 'easy', 'very easy'],
  },
};

function band(score, t) {
  const i = score >= 80 ? 5 : score >= 70 ? 4 : score >= 60 ? 3 : score >= 50 ? 2 : score >= 30 ? 1 : 0;
  return t.bands[i];
}

// ---------------------------------------------------------------------------------------------
// Styles

const PALETTE_LIGHT = `
  --tl-bg: #ffffff; --tl-surface: #f4f5f7; --tl-text: #1b1f24; --tl-muted: #4b5563;
  --tl-border: #c4cad3; --tl-accent: #1d4ed8; --tl-accent-ink: #ffffff; --tl-focus: #1d4ed8;
  --tl-bar: #3b6fe0;
  --tl-ORG-bg: #dbe7ff; --tl-ORG-ink: #10213f; --tl-ORG-badge: #1d4ed8; --tl-ORG-badge-ink: #ffffff;
  --tl-PER-bg: #f0e2ff; --tl-PER-ink: #2e1147; --tl-PER-badge: #6b21a8; --tl-PER-badge-ink: #ffffff;
  --tl-LOC-bg: #d5f3e0; --tl-LOC-ink: #0d2e1a; --tl-LOC-badge: #166534; --tl-LOC-badge-ink: #ffffff;
  --tl-MISC-bg: #ffedc7; --tl-MISC-ink: #3a2503; --tl-MISC-badge: #92400e; --tl-MISC-badge-ink: #ffffff;
  --tl-DATE-bg: #ffdfeb; --tl-DATE-ink: #43091f; --tl-DATE-badge: #9d174d; --tl-DATE-badge-ink: #ffffff;
  --tl-REF-bg: #e4e7ec; --tl-REF-ink: #1f2937; --tl-REF-badge: #374151; --tl-REF-badge-ink: #ffffff;
`;
const PALETTE_DARK = `
  --tl-bg: #171b21; --tl-surface: #1f252d; --tl-text: #e6e9ee; --tl-muted: #a9b3c1;
  --tl-border: #3a424d; --tl-accent: #9db4ff; --tl-accent-ink: #0f1216; --tl-focus: #9db4ff;
  --tl-bar: #7c9cff;
  --tl-ORG-bg: #1e3160; --tl-ORG-ink: #e8efff; --tl-ORG-badge: #a9c1ff; --tl-ORG-badge-ink: #0b1020;
  --tl-PER-bg: #3a2552; --tl-PER-ink: #f4eaff; --tl-PER-badge: #dcc2ff; --tl-PER-badge-ink: #1a0b2b;
  --tl-LOC-bg: #163b27; --tl-LOC-ink: #e3f8ea; --tl-LOC-badge: #9fe0b6; --tl-LOC-badge-ink: #06190d;
  --tl-MISC-bg: #45320e; --tl-MISC-ink: #fff3dc; --tl-MISC-badge: #ffd27a; --tl-MISC-badge-ink: #231600;
  --tl-DATE-bg: #4c1d31; --tl-DATE-ink: #ffe8f1; --tl-DATE-badge: #ffb3cf; --tl-DATE-badge-ink: #2a0614;
  --tl-REF-bg: #2c323b; --tl-REF-ink: #eef0f3; --tl-REF-badge: #cfd5dd; --tl-REF-badge-ink: #111418;
`;

/** Per-label custom properties for a mark or a label code. */
const labelVars = (sel) =>
  LABELS.map((l) => `${sel.replaceAll('LABEL', l)} { --tl-m-bg: var(--tl-${l}-bg); --tl-m-ink: var(--tl-${l}-ink); --tl-m-badge: var(--tl-${l}-badge); --tl-m-badge-ink: var(--tl-${l}-badge-ink); }`).join('\n');

const VISUALLY_HIDDEN = `position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap;`;

// Lengths are px and em only: rem would follow the host page's root font size.
const SHADOW_CSS = `
:host { display: block; ${PALETTE_LIGHT} }
:host([hidden]) { display: none !important; }
:host([theme="dark"]) { ${PALETTE_DARK} }
@media (prefers-color-scheme: dark) { :host(:not([theme="light"])) { ${PALETTE_DARK} } }

/* Nothing inherits from the host page: .root resets every property, then sets its own. */
.root {
  all: initial; display: block; box-sizing: border-box; direction: ltr; unicode-bidi: isolate;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 15px; line-height: 1.5; color: var(--tl-text); background: var(--tl-bg);
  border: 1px solid var(--tl-border); border-radius: 10px; padding: 14px 16px; text-align: start;
  color-scheme: light; overflow-wrap: break-word;
}
:host([theme="dark"]) .root { color-scheme: dark; }
@media (prefers-color-scheme: dark) { :host(:not([theme="light"])) .root { color-scheme: dark; } }
.root *, .root *::before, .root *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.vh { ${VISUALLY_HIDDEN} }
:focus-visible { outline: 3px solid var(--tl-focus); outline-offset: 2px; }

.head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 10px; margin: 0 0 10px; }
h2, h3, h4 { font-family: inherit; color: inherit; letter-spacing: 0; text-transform: none; }
h2 { display: flex; align-items: center; gap: 6px; margin: 0; font-size: 1.2em; font-weight: 700; line-height: 1.3; }
h2 svg { width: 1.1em; height: 1.1em; fill: none; stroke: var(--tl-accent); stroke-width: 3; stroke-linecap: round; }
.sub { margin: 0; color: var(--tl-muted); font-size: 0.87em; }
h3 { margin: 0 0 6px; font-size: 1em; font-weight: 700; line-height: 1.35; }
h4 { display: flex; align-items: center; gap: 6px; margin: 8px 0 2px; font-size: 0.93em; font-weight: 650; }
section { margin: 14px 0 0; padding: 12px 0 0; border-top: 1px solid var(--tl-border); }
p { margin: 0; }

.btn {
  font: inherit; font-size: 0.93em; line-height: 1.3; color: var(--tl-text); background: var(--tl-surface);
  border: 1px solid var(--tl-border); border-radius: 6px; padding: 5px 10px; min-height: 32px; cursor: pointer;
  text-align: center; text-transform: none; letter-spacing: 0; margin: 0;
}
.btn:hover { border-color: var(--tl-muted); }
.btn[aria-pressed="true"] { background: var(--tl-accent); border-color: var(--tl-accent); color: var(--tl-accent-ink); }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 10px 0 0; }
.pos { color: var(--tl-muted); font-size: 0.87em; }

.input label { display: block; font-weight: 650; }
.hint, .note { color: var(--tl-muted); font-size: 0.87em; margin: 0 0 4px; }
.note { margin: 4px 0 0; }
textarea {
  display: block; width: 100%; min-height: 7em; resize: vertical; margin: 0; padding: 8px 10px;
  font: inherit; color: var(--tl-text); background: var(--tl-surface); border: 1px solid var(--tl-border);
  border-radius: 6px; line-height: 1.45;
}

.progress { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; margin: 10px 0 0; }
progress { width: 100%; max-width: 320px; height: 10px; accent-color: var(--tl-accent); }
.plabel { font-size: 0.87em; }
.status { margin: 8px 0 0; font-size: 0.87em; color: var(--tl-muted); min-height: 1.2em; }
.status[data-kind="error"] { color: var(--tl-text); font-weight: 650; }
.status[data-kind="error"]::before { content: "⚠ "; }

dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 8px; margin: 0; }
dl > div { background: var(--tl-surface); border-radius: 6px; padding: 6px 8px; }
dt { font-size: 0.8em; color: var(--tl-muted); }
dd { margin: 0; font-size: 1.15em; font-weight: 700; }
dd small { display: block; font-size: 0.7em; font-weight: 400; color: var(--tl-muted); }

ul, ol { margin: 0; padding: 0; list-style: none; }
.names li { display: inline; }
.name {
  font: inherit; font-size: 0.93em; color: var(--tl-text); background: none; border: 0; border-radius: 4px;
  padding: 2px 4px; margin: 0 2px 0 0; cursor: pointer; text-decoration: underline dotted; text-underline-offset: 3px;
  text-align: start; text-transform: none; letter-spacing: 0;
}
.name:hover { background: var(--tl-surface); }
.n { color: var(--tl-muted); font-size: 0.87em; }
.more { color: var(--tl-muted); font-size: 0.87em; }
.empty { color: var(--tl-muted); font-style: italic; }

.code {
  display: inline-block; font-size: 0.72em; font-weight: 700; line-height: 1.25; letter-spacing: 0.02em;
  padding: 1px 4px; border-radius: 3px; background: var(--tl-m-badge); color: var(--tl-m-badge-ink);
}
${labelVars('[data-tl="LABEL"]')}

.terms li { display: grid; grid-template-columns: minmax(0, 9em) 1fr auto; align-items: center; gap: 8px; padding: 1px 0; }
.term { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bar { height: 8px; border-radius: 4px; background: var(--tl-surface); overflow: hidden; }
.bar > span { display: block; height: 100%; width: 0; background: var(--tl-bar); }

.legend { display: flex; flex-wrap: wrap; gap: 4px 10px; margin: 0 0 6px; font-size: 0.87em; }
.legend li { display: flex; align-items: center; gap: 4px; }
.text {
  max-height: 28em; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.7;
  padding: 8px 10px; background: var(--tl-bg); border: 1px solid var(--tl-border); border-radius: 6px;
}
.chunk.cv { content-visibility: auto; contain-intrinsic-size: auto 300px; }
.text + .btn { margin-top: 8px; }

mark[data-tl] {
  background: var(--tl-m-bg); color: var(--tl-m-ink); border-radius: 3px; padding: 0 2px;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
}
mark[data-tl]::before { content: attr(data-tl-cue-start); ${VISUALLY_HIDDEN} }
mark[data-tl]::after {
  content: attr(data-tl);
  content: attr(data-tl) / attr(data-tl-cue-end);
  display: inline-block; margin-left: 3px; padding: 0 3px; border-radius: 3px; vertical-align: 0.12em;
  font-size: 0.66em; font-weight: 700; line-height: 1.35; letter-spacing: 0.02em;
  background: var(--tl-m-badge); color: var(--tl-m-badge-ink);
}
mark[data-tl-part="middle"]::before, mark[data-tl-part="last"]::before,
mark[data-tl-part="first"]::after, mark[data-tl-part="middle"]::after { content: none; }
mark[data-tl]:focus { outline: 3px solid var(--tl-focus); outline-offset: 1px; }
`;

/** The document-level sheet: styles only the marks the widget puts into the host page. */
const HOST_CSS = `
@layer tekstlens {
  mark[data-tl] { ${PALETTE_LIGHT} }
  mark[data-tl][data-tl-theme="dark"] { ${PALETTE_DARK} }
  @media (prefers-color-scheme: dark) { mark[data-tl][data-tl-theme="auto"] { ${PALETTE_DARK} } }
  ${labelVars('mark[data-tl="LABEL"]')}
  mark[data-tl] {
    all: unset !important;
    display: inline !important;
    background-color: var(--tl-m-bg) !important;
    color: var(--tl-m-ink) !important;
    border-radius: 0.2em !important;
    padding: 0 0.12em !important;
    -webkit-box-decoration-break: clone !important;
    box-decoration-break: clone !important;
    cursor: default !important;
  }
  mark[data-tl]::before {
    all: unset !important;
    content: attr(data-tl-cue-start) !important;
    position: absolute !important; width: 1px !important; height: 1px !important; margin: -1px !important;
    overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap !important;
  }
  mark[data-tl]::after {
    all: unset !important;
    content: attr(data-tl) !important;
    content: attr(data-tl) / attr(data-tl-cue-end) !important;
    display: inline-block !important; margin: 0 0 0 0.2em !important; padding: 0 0.25em !important;
    border-radius: 0.2em !important; vertical-align: 0.12em !important;
    font: 700 0.62em/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif !important;
    letter-spacing: 0.02em !important; text-transform: none !important; text-indent: 0 !important;
    background-color: var(--tl-m-badge) !important; color: var(--tl-m-badge-ink) !important;
  }
  mark[data-tl-part="middle"]::before, mark[data-tl-part="last"]::before,
  mark[data-tl-part="first"]::after, mark[data-tl-part="middle"]::after { content: none !important; }
  mark[data-tl]:focus { outline: 3px solid var(--tl-ORG-badge) !important; outline-offset: 1px !important; }
}
`;

/** @type {CSSStyleSheet | null} */ let shadowSheet = null;
/** @type {CSSStyleSheet | null} */ let hostSheet = null;

function sheet(css) {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

/** Adopts the mark stylesheet into `root` (a Document or ShadowRoot) once. */
function adoptHostSheet(root) {
  hostSheet ??= sheet(HOST_CSS);
  if (!root.adoptedStyleSheets.includes(hostSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, hostSheet];
}

// ---------------------------------------------------------------------------------------------
// The worker, shared by every widget on the page

/**
 * @typedef {{ text: string, entities: any[], terms: any[], stats: any, timings: Record<string, number | null>, dataError: string | null }} Analysis
 */

let client = null;

function getClient() {
  if (client) return client;
  const worker = new Worker(WORKER_URL, { type: 'module', name: 'tekstlens' });
  /** @type {Map<number, {parts: {entities: any[], terms: any[]}, onStage: (s: string) => void, resolve: (v: any) => void, reject: (e: Error) => void}>} */
  const jobs = new Map();
  let nextId = 1;
  /** @type {Error | null} */ let fatal = null;
  let readyResolve;
  const ready = new Promise((r) => (readyResolve = r));
  const fail = (err) => {
    fatal = err;
    readyResolve();
    for (const job of jobs.values()) job.reject(err);
    jobs.clear();
  };
  worker.onmessage = (event) => {
    const m = event.data;
    if (m.type === 'ready') return readyResolve();
    if (m.type === 'error' && m.id == null) return fail(new Error(`tekstlens: ${m.message}`));
    const job = jobs.get(m.id);
    if (!job) return;
    if (m.type === 'stage') job.onStage(m.stage);
    else if (m.type === 'part') {
      const into = job.parts[m.key];
      for (const item of m.items) into.push(item);
    } else if (m.type === 'done') {
      jobs.delete(m.id);
      job.resolve({ entities: job.parts.entities, terms: job.parts.terms, stats: m.stats, timings: m.timings, dataError: m.dataError ?? null });
    } else if (m.type === 'error') {
      jobs.delete(m.id);
      job.reject(new Error(m.message));
    }
  };
  worker.onerror = (event) => {
    event.preventDefault?.();
    fail(new Error(`tekstlens: the analysis worker could not start${event.message ? ` (${event.message})` : ''}; serve tekstlens-worker.js from the page's origin and allow it (worker-src 'self')`));
  };
  client = {
    ready,
    /** @returns {Promise<Omit<Analysis, 'text'>>} */
    analyze(text, onStage) {
      if (fatal) return Promise.reject(fatal);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        jobs.set(id, { parts: { entities: [], terms: [] }, onStage, resolve, reject });
        worker.postMessage({ type: 'analyze', id, text });
      });
    },
  };
  return client;
}

/** Yields to the page so that input and rendering can run. */
function yieldToPage() {
  // @ts-ignore scheduler.yield is in Chromium 129+
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((r) => setTimeout(r, 0));
}

// ---------------------------------------------------------------------------------------------
// Text of a host element, and in-place highlighting

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'OPTGROUP',
  'BUTTON', 'IFRAME', 'OBJECT', 'CANVAS', 'VIDEO', 'AUDIO', 'SVG', 'MATH', 'TEKST-LENS', 'HEAD', 'TITLE']);
const BLOCK = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP',
  'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH',
  'THEAD', 'TR', 'UL', 'BODY']);

/**
 * The text of `root` as a reader sees it, with the Text nodes it comes from. Block boundaries
 * become "\n\n" and `<br>` "\n" (these separators belong to no node); line breaks inside a text
 * node outside `<pre>` become spaces, one for one, so offsets map straight onto the nodes.
 * @param {Element} root
 */
function extractText(root) {
  /** @type {{node: Text, start: number}[]} */
  const segments = [];
  const parts = [];
  let length = 0;
  let lastBlock = null;
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      if (n.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
      const el = /** @type {Element} */ (n);
      const name = el.nodeName.toUpperCase();
      if (SKIP.has(name) || el.hasAttribute('hidden') || (name === 'MARK' && el.hasAttribute('data-tl'))) return NodeFilter.FILTER_REJECT;
      return name === 'BR' ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  const push = (s) => {
    parts.push(s);
    length += s.length;
  };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType !== Node.TEXT_NODE) {
      push('\n');
      continue;
    }
    const node = /** @type {Text} */ (n);
    let block = node.parentElement;
    let pre = false;
    while (block && block !== root && !BLOCK.has(block.nodeName.toUpperCase())) block = block.parentElement;
    for (let p = node.parentElement; p && p !== root.parentElement; p = p.parentElement) {
      if (p.nodeName.toUpperCase() === 'PRE') { pre = true; break; }
    }
    if (block !== lastBlock) {
      if (length > 0) push('\n\n');
      lastBlock = block;
    }
    segments.push({ node, start: length });
    push(pre ? node.data : node.data.replace(/[\n\r\t\f]/g, ' '));
  }
  return { text: parts.join(''), segments };
}

/**
 * Wraps the entities' ranges in `segments` in marks. Each changed Text node is replaced by new
 * nodes (text before, mark, text after…); the original node is kept, untouched, to put back.
 * @returns {{node: Text, nodes: Node[]}[]} what `unwrap` needs
 */
function wrapEntities(segments, entities, makeMark) {
  const records = [];
  let ei = 0;
  for (const { node, start } of segments) {
    const data = node.data;
    const end = start + data.length;
    if (!node.isConnected || !node.parentNode) continue;
    while (ei < entities.length && entities[ei].end <= start) ei++;
    const nodes = [];
    let pos = start;
    for (let j = ei; j < entities.length && entities[j].start < end; j++) {
      const e = entities[j];
      const s = Math.max(e.start, start);
      const t = Math.min(e.end, end);
      if (t <= s || data.slice(s - start, t - start).trim() === '') continue;
      if (s > pos) nodes.push(document.createTextNode(data.slice(pos - start, s - start)));
      const part = e.start >= start ? (e.end <= end ? 'whole' : 'first') : e.end <= end ? 'last' : 'middle';
      const mark = makeMark(e, j, part);
      mark.textContent = data.slice(s - start, t - start);
      nodes.push(mark);
      pos = t;
    }
    if (nodes.length === 0) continue;
    if (pos < end) nodes.push(document.createTextNode(data.slice(pos - start)));
    const frag = document.createDocumentFragment();
    frag.append(...nodes);
    node.parentNode.replaceChild(frag, node);
    records.push({ node, nodes });
  }
  return records;
}

/** Puts the original Text nodes back and removes the marks and the split pieces. */
function unwrap(records) {
  for (let i = records.length - 1; i >= 0; i--) {
    const { node, nodes } = records[i];
    const anchor = nodes.find((n) => n.parentNode);
    if (anchor) anchor.parentNode.insertBefore(node, anchor);
    for (const n of nodes) n.parentNode?.removeChild(n);
  }
}

function lowerBound(entities, pos) {
  let lo = 0;
  let hi = entities.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entities[mid].end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// The element

const TEMPLATE = `
<div class="root" part="panel" role="group">
  <div class="head" part="header">
    <h2 part="title"><svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><circle cx="13" cy="13" r="8.5"/><path d="M19.5 19.5 27 27"/></svg>tekstlens</h2>
    <p class="sub" data-t="sub"></p>
  </div>
  <div class="input" hidden>
    <label for="in" data-t="inputLabel"></label>
    <p class="hint" id="in-hint" data-t="inputHint"></p>
    <textarea id="in" part="input" rows="5" spellcheck="false" aria-describedby="in-hint"></textarea>
    <p class="note" hidden></p>
  </div>
  <div class="progress" part="progress" hidden>
    <progress max="100" value="0"></progress>
    <span class="plabel" aria-live="polite"></span>
  </div>
  <p class="status" part="status" role="status"></p>
  <div class="toolbar" part="toolbar" hidden>
    <button type="button" class="btn toggle" part="button toggle" aria-pressed="true" hidden data-t="toggle"></button>
    <button type="button" class="btn prev" part="button nav" data-t="prev"></button>
    <button type="button" class="btn next" part="button nav" data-t="next"></button>
    <span class="pos" aria-live="polite"></span>
  </div>
  <section class="view" data-view="stats" part="stats" hidden>
    <h3 id="h-stats" data-t="stats"></h3><dl></dl>
  </section>
  <section class="view" data-view="entities" part="entities" hidden>
    <h3 id="h-entities" data-t="entities"></h3><div class="groups"></div>
  </section>
  <section class="view" data-view="terms" part="terms" hidden>
    <h3 id="h-terms" data-t="terms"></h3><ol class="terms"></ol>
  </section>
  <section class="view" data-view="text" part="text-view" hidden>
    <h3 id="h-text" data-t="text"></h3>
    <ul class="legend" part="legend"></ul>
    <div class="text" part="text" tabindex="0" role="group" aria-labelledby="h-text"></div>
    <button type="button" class="btn show-more" part="button more" hidden></button>
  </section>
</div>`;

export class TekstLensElement extends HTMLElement {
  static observedAttributes = ['for', 'views', 'labels', 'lang', 'theme', 'editable'];

  /** @type {ShadowRoot} */ #shadow;
  #ui = /** @type {Record<string, any>} */ ({});
  /** @type {string | null} */ #explicitText = null;
  /** @type {Analysis | null} */ #analysis = null;
  /** The source of the analysis on screen: { kind: 'for' | 'text' | 'content', text, target?, segments? } */
  #src = null;
  #gen = 0;
  #connected = false;
  #scheduled = false;
  /** In-place highlighting of the `for` target. */
  #highlightOn = true;
  /** @type {{node: Text, nodes: Node[]}[] | null} */ #records = null;
  /** @type {Element | null} */ #hostTarget = null;
  /** Marks to navigate (first piece of each entity), in document order, and the entity of each. */
  /** @type {HTMLElement[]} */ #marks = [];
  /** @type {number[]} */ #markEntity = [];
  #current = -1;
  /** Entities shown (labels filter), sorted by start. */
  #shown = [];
  #textShown = 0;
  #progressTimer = 0;
  #progressShowTimer = 0;
  #rate = 4000; // characters per millisecond in the worker, learned from each analysis
  /** @type {MutationObserver | null} */ #observer = null;
  #inputTimer = 0;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    shadowSheet ??= sheet(SHADOW_CSS);
    this.#shadow.adoptedStyleSheets = [shadowSheet];
    const tpl = document.createElement('template');
    tpl.innerHTML = TEMPLATE; // a constant: no user text
    this.#shadow.append(tpl.content);
    const q = (s) => this.#shadow.querySelector(s);
    this.#ui = {
      root: q('.root'), input: q('.input'), textarea: q('textarea'), note: q('.note'),
      progress: q('.progress'), bar: q('progress'), plabel: q('.plabel'), status: q('.status'),
      toolbar: q('.toolbar'), toggle: q('.toggle'), prev: q('.prev'), next: q('.next'), pos: q('.pos'),
      stats: q('dl'), groups: q('.groups'), terms: q('.terms'), legend: q('.legend'), text: q('.text'),
      more: q('.show-more'),
    };
    const ui = this.#ui;
    ui.toggle.addEventListener('click', () => this.toggleHighlights());
    ui.prev.addEventListener('click', () => this.previousEntity());
    ui.next.addEventListener('click', () => this.nextEntity());
    ui.more.addEventListener('click', () => this.#showMoreText());
    ui.text.addEventListener('keydown', (e) => this.#onMarkKey(e));
    ui.text.addEventListener('focusin', (e) => this.#onMarkFocus(e));
    ui.groups.addEventListener('click', (e) => {
      const btn = /** @type {HTMLElement} */ (e.target).closest?.('button[data-name]');
      if (btn) this.#jumpToName(btn.dataset.label, btn.dataset.name);
    });
    ui.textarea.addEventListener('paste', (e) => this.#onPaste(e));
    ui.textarea.addEventListener('input', () => this.#onInput());
    this.#applyLanguage();
  }

  connectedCallback() {
    this.#connected = true;
    if (Object.prototype.hasOwnProperty.call(this, 'text')) {
      // Set before the element was defined: move it through the setter.
      const v = /** @type {any} */ (this).text;
      delete (/** @type {any} */ (this)).text;
      this.#explicitText = v == null ? null : String(v);
    }
    this.#observer = new MutationObserver(() => {
      if (this.#explicitText == null && !this.hasAttribute('for')) this.#schedule();
    });
    this.#observer.observe(this, { childList: true, characterData: true, subtree: true });
    getClient(); // start loading the worker and the wasm now: no request after the page has loaded
    this.#schedule();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#observer?.disconnect();
    this.#gen++;
    this.#removeHighlights();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === 'lang') this.#applyLanguage();
    if (name === 'theme') for (const m of this.#hostMarks()) m.setAttribute('data-tl-theme', this.#theme());
    if (!this.#connected) return;
    if (name === 'for' || name === 'editable') this.#schedule();
    else if (name === 'views' || name === 'labels' || name === 'lang') this.#rerender();
  }

  /** The analysed text: the `text` you set, else the `for` target's text, else the element's own. */
  get text() {
    return this.#explicitText ?? this.#src?.text ?? '';
  }

  set text(value) {
    this.#explicitText = value == null ? null : String(value);
    if (this.#connected) this.#schedule();
  }

  /** The latest analysis shown (null before the first). */
  get analysis() {
    return this.#analysis;
  }

  /** Whether entities in the `for` target are highlighted. */
  get highlighted() {
    return this.#highlightOn;
  }

  /**
   * Analyses `text` (and shows it), or with no argument the current source again.
   * @param {string} [text]
   */
  analyze(text) {
    if (text !== undefined) this.#explicitText = String(text);
    return this.#update();
  }

  /** Turns in-place highlighting of the `for` target on or off (toggles without an argument). */
  toggleHighlights(on = !this.#highlightOn) {
    this.#highlightOn = on;
    this.#ui.toggle.setAttribute('aria-pressed', String(on));
    if (this.#src?.kind !== 'for' || !this.#analysis) return;
    if (on) this.#applyHighlights();
    else this.#removeHighlights();
    this.#updateNav();
  }

  nextEntity() {
    this.#go(1);
  }

  previousEntity() {
    this.#go(-1);
  }

  // --- analysis ---------------------------------------------------------------------------

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.#connected) this.#update().catch(() => {});
    });
  }

  /** The text to analyse now. */
  #resolveSource() {
    if (this.#explicitText != null) return { kind: 'text', text: this.#explicitText };
    const sel = this.getAttribute('for');
    if (sel) {
      const root = /** @type {Document | ShadowRoot} */ (this.getRootNode());
      let target = null;
      try {
        target = root.querySelector(sel);
      } catch {
        target = null;
      }
      if (!target) return { kind: 'missing', text: '', selector: sel };
      const { text, segments } = extractText(target);
      return { kind: 'for', text, target, segments };
    }
    const own = this.textContent ?? '';
    if (own.trim()) return { kind: 'content', text: own.trim() };
    return { kind: 'none', text: '' };
  }

  async #update() {
    const gen = ++this.#gen;
    const t = this.#t();
    this.#removeHighlights();
    const src = this.#resolveSource();
    const ui = this.#ui;
    ui.input.hidden = !(this.hasAttribute('editable') || src.kind === 'none' || (src.kind === 'text' && ui.input.dataset.used === '1'));
    if (src.kind === 'missing' || src.kind === 'none') {
      this.#analysis = null;
      this.#src = null;
      this.#clearViews();
      this.#setStatus(src.kind === 'missing' ? t.noSource(src.selector) : t.empty, src.kind === 'missing' ? 'error' : '');
      this.dataset.state = src.kind === 'missing' ? 'error' : 'empty';
      return null;
    }
    const t0 = performance.now();
    this.#startProgress(gen, src.text.length);
    let result;
    try {
      result = await getClient().analyze(src.text, (stage) => {
        if (gen === this.#gen) this.#setStage(stage, src.text.length);
      });
    } catch (err) {
      if (gen === this.#gen) {
        this.#stopProgress();
        this.#setStatus(t.failed(err instanceof Error ? err.message : String(err)), 'error');
        this.dataset.state = 'error';
      }
      throw err;
    }
    const analysis = /** @type {Analysis} */ ({ text: src.text, ...result });
    if (result.timings.analyseMs > 20) this.#rate = Math.max(500, src.text.length / result.timings.analyseMs);
    if (gen !== this.#gen || !this.#connected) return analysis; // superseded: not shown
    this.#analysis = analysis;
    this.#src = src;
    this.#current = -1;
    this.#textShown = 0;
    await this.#render(gen);
    if (gen !== this.#gen) return analysis;
    analysis.timings.totalMs = performance.now() - t0;
    this.#stopProgress();
    const nf = new Intl.NumberFormat(t.locale);
    const done = t.done(nf.format(analysis.stats.words), nf.format(this.#shown.length), Math.round(analysis.timings.totalMs));
    if (analysis.dataError) this.#setStatus(`${done} · ${t.noData(analysis.dataError)}`, 'error');
    else this.#setStatus(done);
    this.dispatchEvent(new CustomEvent('tekstlens:analyzed', { detail: analysis, bubbles: true, composed: true }));
    return analysis;
  }

  // --- progress ---------------------------------------------------------------------------

  #startProgress(gen, chars) {
    this.#stopProgress();
    this.dataset.state = 'busy';
    this.#progressShowTimer = window.setTimeout(() => {
      if (gen === this.#gen) this.#ui.progress.hidden = false;
    }, PROGRESS_DELAY);
    this.#stageInfo = { stage: 'analyse', since: performance.now(), chars, fraction: 0 };
  }

  #stageInfo = { stage: 'analyse', since: 0, chars: 0, fraction: 0 };

  #setStage(stage, chars, fraction = 0) {
    const t = this.#t();
    const changed = this.#stageInfo.stage !== stage;
    this.#stageInfo = { stage, since: changed ? performance.now() : this.#stageInfo.since, chars, fraction };
    const [lo, hi] = STAGE_RANGE[stage];
    this.#ui.bar.value = Math.round(lo + (hi - lo) * fraction);
    const size = chars >= 100_000 ? `${new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 }).format(chars / 1_048_576)} MB` : '';
    const label = t.step(STAGES.indexOf(stage) + 1, STAGES.length, t.stage[stage], size);
    if (this.#ui.plabel.textContent !== label) this.#ui.plabel.textContent = label;
    if (changed || fraction === 0) {
      this.dispatchEvent(new CustomEvent('tekstlens:progress', { detail: { stage, value: this.#ui.bar.value }, bubbles: true, composed: true }));
    }
    clearInterval(this.#progressTimer);
    if (stage === 'analyse') {
      // The core reports no progress inside one call: estimate it from the measured speed.
      const expected = Math.max(50, chars / this.#rate);
      this.#progressTimer = window.setInterval(() => {
        const f = Math.min(0.95, (performance.now() - this.#stageInfo.since) / expected);
        this.#ui.bar.value = Math.round(lo + (hi - lo) * f);
      }, 100);
    }
  }

  #stopProgress() {
    clearInterval(this.#progressTimer);
    clearTimeout(this.#progressShowTimer);
    this.#ui.progress.hidden = true;
    this.#ui.bar.value = 0;
    this.dataset.state = 'done';
  }

  #setStatus(msg, kind = '') {
    this.#ui.status.textContent = msg;
    if (kind) this.#ui.status.dataset.kind = kind;
    else delete this.#ui.status.dataset.kind;
  }

  // --- rendering ----------------------------------------------------------------------------

  #t() {
    const lang = (this.getAttribute('lang') ?? 'nl').toLowerCase();
    return lang.startsWith('en') ? I18N.en : I18N.nl;
  }

  #views() {
    const attr = this.getAttribute('views');
    if (!attr) return new Set(VIEWS);
    return new Set(attr.toLowerCase().split(/[\s,]+/).filter((v) => VIEWS.includes(/** @type {any} */ (v))));
  }

  #labels() {
    const attr = this.getAttribute('labels');
    if (!attr) return new Set(LABELS);
    return new Set(attr.toUpperCase().split(/[\s,]+/).filter((l) => LABELS.includes(/** @type {any} */ (l))));
  }

  #theme() {
    const theme = this.getAttribute('theme');
    return theme === 'light' || theme === 'dark' ? theme : 'auto';
  }

  #applyLanguage() {
    const t = this.#t();
    const ui = this.#ui;
    ui.root.setAttribute('lang', t === I18N.en ? 'en' : 'nl');
    ui.root.setAttribute('aria-label', t.region);
    for (const el of this.#shadow.querySelectorAll('[data-t]')) el.textContent = t[el.dataset.t];
    ui.bar.setAttribute('aria-label', t.progress);
  }

  #clearViews() {
    const ui = this.#ui;
    for (const v of this.#shadow.querySelectorAll('.view')) v.hidden = true;
    ui.toolbar.hidden = true;
    ui.text.replaceChildren();
    this.#marks = [];
    this.#markEntity = [];
    this.#shown = [];
  }

  #rerender() {
    if (!this.#analysis) return;
    this.#removeHighlights();
    this.#textShown = 0;
    this.#render(++this.#gen).catch(() => {});
  }

  async #render(gen) {
    const a = /** @type {Analysis} */ (this.#analysis);
    const src = this.#src;
    const views = this.#views();
    const labels = this.#labels();
    this.#shown = a.entities.filter((e) => labels.has(e.label));
    const ui = this.#ui;
    const inPlace = src.kind === 'for';
    for (const v of this.#shadow.querySelectorAll('.view')) {
      const name = v.dataset.view;
      v.hidden = !views.has(name) || (name === 'text' && inPlace);
    }
    if (views.has('stats')) this.#renderStats(a);
    if (views.has('entities')) this.#renderEntities(labels);
    if (views.has('terms')) this.#renderTerms(a);
    ui.toolbar.hidden = !(inPlace || views.has('text'));
    ui.toggle.hidden = !inPlace;
    if (inPlace) {
      ui.text.replaceChildren();
      if (this.#highlightOn) this.#applyHighlights();
    } else if (views.has('text')) {
      this.#renderLegend(labels);
      ui.text.replaceChildren();
      this.#marks = [];
      this.#markEntity = [];
      await this.#renderTextUpTo(gen, Math.min(a.text.length, TEXT_FIRST));
    } else {
      this.#marks = [];
      this.#markEntity = [];
    }
    this.#updateNav();
  }

  #renderStats(a) {
    const t = this.#t();
    const nf = new Intl.NumberFormat(t.locale);
    const nf1 = new Intl.NumberFormat(t.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const s = a.stats;
    const item = (k, v, sub) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.append(v);
      if (sub) {
        const small = document.createElement('small');
        small.textContent = sub;
        dd.append(small);
      }
      div.append(dt, dd);
      return div;
    };
    this.#ui.stats.replaceChildren(
      item(t.words, nf.format(s.words), t.perSentence(nf1.format(s.meanSentenceLength))),
      item(t.sentences, nf.format(s.sentences), ''),
      item(t.distinct, nf.format(a.terms.length), ''),
      item(t.readability, s.fleschDouma == null ? '–' : nf1.format(s.fleschDouma), s.fleschDouma == null ? '' : band(s.fleschDouma, t)),
    );
  }

  #code(label) {
    const span = document.createElement('span');
    span.className = 'code';
    span.dataset.tl = label;
    span.setAttribute('part', 'label');
    span.textContent = label;
    return span;
  }

  #renderEntities(labels) {
    const t = this.#t();
    const nf = new Intl.NumberFormat(t.locale);
    /** @type {Map<string, Map<string, {name: string, count: number}>>} */
    const groups = new Map();
    for (const e of this.#shown) {
      let byName = groups.get(e.label);
      if (!byName) groups.set(e.label, (byName = new Map()));
      const name = e.canonical ?? e.text.replace(/\s+/g, ' ');
      const g = byName.get(name);
      if (g) g.count++;
      else byName.set(name, { name, count: 1 });
    }
    const sections = [];
    for (const label of LABELS) {
      const byName = groups.get(label);
      if (!labels.has(label) || !byName) continue;
      const items = [...byName.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'nl'));
      const total = items.reduce((n, g) => n + g.count, 0);
      const h = document.createElement('h4');
      const count = document.createElement('span');
      count.className = 'n';
      count.textContent = `(${nf.format(total)})`;
      h.append(this.#code(label), `${t.plural[label]} `, count);
      const ul = document.createElement('ul');
      ul.className = 'names';
      for (const g of items.slice(0, NAMES_PER_LABEL)) {
        const li = document.createElement('li');
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.className = 'name';
        btn.dataset.label = label;
        btn.dataset.name = g.name;
        const n = document.createElement('span');
        n.className = 'n';
        n.append(` ×${nf.format(g.count)}`);
        const vh = document.createElement('span');
        vh.className = 'vh';
        vh.textContent = ` ${t.times}`;
        n.append(vh);
        btn.append(g.name, n);
        li.append(btn, ' ');
        ul.append(li);
      }
      if (items.length > NAMES_PER_LABEL) {
        const li = document.createElement('li');
        li.className = 'more';
        li.textContent = t.more(nf.format(items.length - NAMES_PER_LABEL));
        ul.append(li);
      }
      const sec = document.createElement('div');
      sec.className = 'group';
      sec.dataset.label = label;
      sec.append(h, ul);
      sections.push(sec);
    }
    if (sections.length === 0) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = t.noEntities;
      sections.push(p);
    }
    this.#ui.groups.replaceChildren(...sections);
  }

  #renderTerms(a) {
    const t = this.#t();
    const nf = new Intl.NumberFormat(t.locale);
    const shown = a.terms.slice(0, TERMS_SHOWN);
    if (shown.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = t.noTerms;
      this.#ui.terms.replaceChildren(li);
      return;
    }
    const max = shown[0].count;
    this.#ui.terms.replaceChildren(
      ...shown.map((term) => {
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.className = 'term';
        name.textContent = term.display;
        name.title = term.forms.map((f) => `${f.form} (${nf.format(f.count)})`).join(', ');
        const bar = document.createElement('span');
        bar.className = 'bar';
        bar.setAttribute('aria-hidden', 'true');
        const fill = document.createElement('span');
        fill.style.width = `${Math.max(2, (100 * term.count) / max)}%`; // CSSOM: allowed under style-src 'self'
        bar.append(fill);
        const n = document.createElement('span');
        n.className = 'n';
        n.append(nf.format(term.count));
        const vh = document.createElement('span');
        vh.className = 'vh';
        vh.textContent = ` ${t.times}`;
        n.append(vh);
        li.append(name, bar, n);
        return li;
      }),
    );
  }

  #renderLegend(labels) {
    const t = this.#t();
    const present = new Set(this.#shown.map((e) => e.label));
    this.#ui.legend.replaceChildren(
      ...LABELS.filter((l) => labels.has(l) && present.has(l)).map((l) => {
        const li = document.createElement('li');
        li.append(this.#code(l), t.label[l]);
        return li;
      }),
    );
  }

  /** A mark for entity `e` (index `i` in #shown), in the shadow text view or the host page. */
  #makeMark(e, part) {
    const t = this.#t();
    const mark = document.createElement('mark');
    const name = t.label[e.label] ?? e.label;
    mark.setAttribute('data-tl', e.label);
    if (part !== 'whole') mark.setAttribute('data-tl-part', part);
    mark.setAttribute('data-tl-cue-start', t.cueStart(name));
    mark.setAttribute('data-tl-cue-end', t.cueEnd(name));
    mark.tabIndex = -1;
    mark.title = `${e.canonical ?? e.text} · ${name} · ${t.source[e.source] ?? e.source}`;
    return mark;
  }

  /** Renders the widget's text view from #textShown up to `to`, in time-sliced chunks. */
  async #renderTextUpTo(gen, to) {
    const a = /** @type {Analysis} */ (this.#analysis);
    const text = a.text;
    const ents = this.#shown;
    const from = this.#textShown;
    let pos = from;
    let ei = lowerBound(ents, pos);
    let slice = performance.now();
    const big = to - from > 4 * CHUNK;
    if (big) this.#setStage('render', text.length, 0);
    while (pos < to) {
      let cut = Math.min(to, pos + CHUNK);
      if (cut < text.length) {
        const nl = text.indexOf('\n', cut);
        if (nl !== -1 && nl - cut < 4 * CHUNK) cut = Math.min(text.length, nl + 1);
        // Never cut inside an entity.
        const k = lowerBound(ents, cut);
        if (k < ents.length && ents[k].start < cut) cut = ents[k].end;
      }
      const div = document.createElement('div');
      div.className = big ? 'chunk cv' : 'chunk';
      while (ei < ents.length && ents[ei].start < cut) {
        const e = ents[ei];
        if (e.start >= pos) {
          if (e.start > pos) div.append(text.slice(pos, e.start));
          const mark = this.#makeMark(e, 'whole');
          mark.textContent = text.slice(e.start, e.end);
          div.append(mark);
          this.#marks.push(mark);
          this.#markEntity.push(ei);
          pos = e.end;
        }
        ei++;
      }
      if (pos < cut) div.append(text.slice(pos, cut));
      pos = cut;
      this.#ui.text.append(div);
      this.#textShown = pos;
      if (big && performance.now() - slice > 8) {
        this.#setStage('render', text.length, (pos - from) / (to - from));
        await yieldToPage();
        if (gen !== this.#gen) return;
        slice = performance.now();
      }
    }
    const t = this.#t();
    const nf = new Intl.NumberFormat(t.locale);
    this.#ui.more.hidden = this.#textShown >= text.length;
    this.#ui.more.textContent = t.showMore(nf.format(this.#textShown), nf.format(text.length));
  }

  async #showMoreText() {
    if (!this.#analysis) return;
    const gen = this.#gen;
    const to = Math.min(this.#analysis.text.length, this.#textShown + TEXT_MORE);
    await this.#renderTextUpTo(gen, to);
    this.#stopProgress();
    this.#updateNav();
  }

  // --- in-place highlighting ----------------------------------------------------------------

  #applyHighlights() {
    const src = this.#src;
    if (!src || src.kind !== 'for' || this.#records) return;
    const target = /** @type {Element} */ (src.target);
    adoptHostSheet(/** @type {Document | ShadowRoot} */ (target.getRootNode()));
    const theme = this.#theme();
    const marks = [];
    const markEntity = [];
    this.#records = wrapEntities(src.segments, this.#shown, (e, i, part) => {
      const mark = this.#makeMark(e, part);
      mark.setAttribute('data-tl-theme', theme);
      if (part === 'whole' || part === 'first') {
        marks.push(mark);
        markEntity.push(i);
      }
      return mark;
    });
    this.#marks = marks;
    this.#markEntity = markEntity;
    this.#hostTarget = target;
    target.addEventListener('keydown', this.#onHostKey);
    target.addEventListener('focusin', this.#onHostFocus);
  }

  #removeHighlights() {
    if (this.#records) unwrap(this.#records);
    this.#records = null;
    if (this.#hostTarget) {
      this.#hostTarget.removeEventListener('keydown', this.#onHostKey);
      this.#hostTarget.removeEventListener('focusin', this.#onHostFocus);
      this.#hostTarget = null;
      this.#marks = [];
      this.#markEntity = [];
      this.#current = -1;
    }
  }

  *#hostMarks() {
    if (!this.#records) return;
    for (const r of this.#records) for (const n of r.nodes) if (n.nodeType === Node.ELEMENT_NODE) yield /** @type {Element} */ (n);
  }

  #onHostKey = (e) => this.#onMarkKey(e);
  #onHostFocus = (e) => this.#onMarkFocus(e);

  // --- keyboard navigation --------------------------------------------------------------------

  #updateNav() {
    const ui = this.#ui;
    const has = this.#marks.length > 0;
    ui.prev.disabled = !has;
    ui.next.disabled = !has;
    ui.pos.textContent = has ? '' : this.#src?.kind === 'for' && !this.#highlightOn ? '' : this.#t().none;
  }

  #go(delta) {
    const n = this.#marks.length;
    if (n === 0) return;
    const i = this.#current < 0 ? (delta > 0 ? 0 : n - 1) : (this.#current + delta + n) % n;
    this.#focusMark(i);
  }

  #focusMark(i) {
    const mark = this.#marks[i];
    if (!mark) return;
    this.#current = i;
    mark.focus({ preventScroll: true });
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    mark.scrollIntoView({ block: 'center', inline: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
    const e = this.#shown[this.#markEntity[i]];
    const t = this.#t();
    const nf = new Intl.NumberFormat(t.locale);
    this.#ui.pos.textContent = t.position(nf.format(i + 1), nf.format(this.#marks.length), e.canonical ?? e.text, t.label[e.label] ?? e.label);
  }

  #onMarkFocus(e) {
    const i = this.#marks.indexOf(/** @type {HTMLElement} */ (e.target));
    if (i >= 0) this.#current = i;
  }

  /** On a focused mark: arrows (or n/p) move to the next/previous name, Home/End, Escape back. */
  #onMarkKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = /** @type {HTMLElement} */ (e.target);
    const onMark = target.matches?.('mark[data-tl]');
    const onView = target === this.#ui.text;
    if (!onMark && !onView) return;
    let handled = true;
    switch (e.key) {
      case 'ArrowRight': case 'ArrowDown':
        if (onMark) this.#go(1); else handled = false;
        break;
      case 'ArrowLeft': case 'ArrowUp':
        if (onMark) this.#go(-1); else handled = false;
        break;
      case 'n': this.#go(1); break;
      case 'p': this.#go(-1); break;
      case 'Home': if (onMark) this.#focusMark(0); else handled = false; break;
      case 'End': if (onMark) this.#focusMark(this.#marks.length - 1); else handled = false; break;
      case 'Escape': if (onMark) this.#ui.next.focus(); else handled = false; break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  }

  /** Focuses the next occurrence of a name listed in the entities view. */
  #jumpToName(label, name) {
    const n = this.#marks.length;
    for (let k = 1; k <= n; k++) {
      const i = (Math.max(this.#current, -1) + k + n) % n;
      const e = this.#shown[this.#markEntity[i]];
      if (e && e.label === label && (e.canonical ?? e.text.replace(/\s+/g, ' ')) === name) {
        this.#focusMark(i);
        return;
      }
    }
  }

  // --- the input ------------------------------------------------------------------------------

  #onPaste(e) {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (text.length <= LARGE_PASTE) return;
    // A multi-megabyte textarea blocks the page for a second or more: keep it out.
    e.preventDefault();
    const t = this.#t();
    this.#ui.textarea.value = '';
    this.#ui.note.hidden = false;
    this.#ui.note.textContent = t.largePaste(new Intl.NumberFormat(t.locale).format(text.length));
    this.#ui.input.dataset.used = '1';
    this.#explicitText = text;
    clearTimeout(this.#inputTimer);
    this.#schedule();
  }

  #onInput() {
    this.#ui.note.hidden = true;
    this.#ui.input.dataset.used = '1';
    const value = this.#ui.textarea.value;
    clearTimeout(this.#inputTimer);
    if (value.length > LIVE_LIMIT) return;
    this.#inputTimer = window.setTimeout(() => {
      this.#explicitText = value.trim() ? value : null;
      this.#schedule();
    }, 250 + value.length / 2000);
  }
}

if (!customElements.get('tekst-lens')) customElements.define('tekst-lens', TekstLensElement);

export default TekstLensElement;

// End-to-end tests of the embeddable widget <tekst-lens> (issue 5) in Debian's Chromium:
// the strict-CSP page, in-place highlighting and its clean removal, hostile host CSS, a 5 MB
// paste with measured responsiveness, axe-core, and no request after loading.
// Run: node --test tests/e2e/   (after scripts/build has written www/pkg/)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { CHROMIUM, launchChromium } from './browser.mjs';
import { serve, STRICT_CSP, WWW } from './server.mjs';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);

let server;
let browser;

before(async () => {
  assert.ok(existsSync(`${WWW}pkg/tekstlens_bg.wasm`), 'www/pkg/ is missing: run scripts/build first');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`);
  await mkdir(ARTIFACTS, { recursive: true });
  server = await serve();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Opens `path` in a fresh context that records every request (page and workers), console
 * errors, page errors and CSP violations; waits until every widget has finished.
 */
async function openPage(t, path, { colorScheme = 'light', viewport = { width: 1280, height: 900 }, permissions = [] } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  if (permissions.length) await context.grantPermissions(permissions, { origin: server.origin });
  const page = await context.newPage();
  const log = { console: [], requests: [], foreign: [] };
  page.on('console', (m) => { if (m.type() === 'error') log.console.push(m.text()); });
  page.on('pageerror', (e) => log.console.push(`pageerror: ${e.message}`));
  context.on('request', (req) => {
    log.requests.push(req.url());
    if (!req.url().startsWith(`${server.origin}/`)) log.foreign.push(req.url());
  });
  await context.route('**/*', (route) => (route.request().url().startsWith(`${server.origin}/`) ? route.continue() : route.abort()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
    // The host page as parsed, before any script ran (module scripts run after this).
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      const body = document.querySelector('article .body');
      if (!body) return;
      const nodes = [];
      const w = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
      window.__original = { html: body.innerHTML, text: body.textContent, nodes };
    });
  });
  t.after(() => context.close());
  const response = await page.goto(server.origin + path);
  await waitForWidgets(page);
  return { page, log, response };
}

async function waitForWidgets(page) {
  await page.waitForFunction(
    () => [...document.querySelectorAll('tekst-lens')].every((w) => w.dataset.state && w.dataset.state !== 'busy'),
    null,
    { timeout: 60_000 },
  );
}

function assertClean(log) {
  assert.deepEqual(log.console, [], 'no console errors');
  assert.deepEqual(log.foreign, [], 'no request leaves the origin');
}

const violations = (page) => page.evaluate(() => window.__violations);

/** Runs `fn(widget)` in the page for the widget matching `selector` (use `widget.shadowRoot`). */
const inWidget = (page, selector, fn) => page.$eval(selector, fn);

/** The demo letter repeated to `size` characters. */
function bigText(size) {
  const letter = readFileSync(`${WWW}examples/kamerbrief-2015-11-17.txt`, 'utf8');
  const parts = [];
  let n = 0;
  while (n < size) {
    parts.push(letter, '\n\n');
    n += letter.length + 2;
  }
  return parts.join('');
}

describe('the <tekst-lens> widget', () => {
  test('strict CSP: three widgets work under the policy with zero violations', async (t) => {
    const { page, log, response } = await openPage(t, '/csp-test.html');
    assert.equal(response.headers()['content-security-policy'], STRICT_CSP, 'the policy is sent as a header');

    const states = await page.$$eval('tekst-lens', (ws) => ws.map((w) => `${w.id}:${w.dataset.state}`));
    assert.deepEqual(states, ['lens-artikel:done', 'lens-eigen:done', 'lens-plak:empty']);

    // The article widget highlighted the article in place.
    const marks = await page.$$eval('#artikel mark[data-tl]', (ms) => ms.map((m) => [m.textContent, m.dataset.tl]));
    for (const [text, label] of [['AIVD', 'ORG'], ['Kmar', 'ORG'], ['Mark Rutte', 'PER'], ['België', 'LOC'], ['Den Haag', 'LOC']]) {
      assert.ok(marks.some(([x, l]) => x === text && l === label), `${text} marked ${label}: ${JSON.stringify(marks)}`);
    }
    // The widget with its own text, in English, shows that text with marks inside its shadow root.
    const own = await inWidget(page, '#lens-eigen', (w, root = w.shadowRoot) => ({
      text: root.querySelector('.text').textContent,
      own: w.textContent.trim(),
      heading: root.querySelector('[data-view="entities"] h3').textContent,
      marks: [...root.querySelectorAll('.text mark')].map((m) => `${m.dataset.tl}:${m.textContent}`),
      lang: root.querySelector('.root').lang,
    }));
    assert.equal(own.text, own.own);
    assert.equal(own.heading, 'Names, dates and references');
    assert.equal(own.lang, 'en');
    assert.ok(own.marks.includes('ORG:AIVD') && own.marks.includes('LOC:Parijs'), own.marks.join());
    // Keyboard navigation inside the widget's own text view.
    const focused = () => page.$eval('#lens-eigen', (w) => w.shadowRoot.activeElement?.textContent);
    await page.locator('#lens-eigen button.next').click();
    assert.equal(await focused(), 'AIVD');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'Koninklijke Marechaussee');
    assert.equal(await page.locator('#lens-eigen .pos').textContent(), '2 of 7: Koninklijke Marechaussee, organisation');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'Parijs');

    // Constructable stylesheets are the only styles: no <style>, no style attributes.
    const inline = await page.evaluate(() => ({
      styles: document.querySelectorAll('style').length + [...document.querySelectorAll('tekst-lens')].reduce((n, w) => n + w.shadowRoot.querySelectorAll('style').length, 0),
      adopted: document.adoptedStyleSheets.length,
    }));
    assert.equal(inline.styles, 0);
    assert.equal(inline.adopted, 1, 'one adopted sheet for the in-place marks');

    // The worker runs under the policy too (a worker's policy comes from its script's response).
    const [worker] = page.workers();
    assert.ok(worker, 'the analysis worker runs');
    assert.match(worker.url(), /\/tekstlens-worker\.js$/);
    const blocked = await worker.evaluate(() => new Promise((resolve) => {
      self.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
      fetch('http://127.0.0.1:9/').catch(() => {}); // another origin (port): connect-src 'self' refuses it
      setTimeout(() => resolve('not blocked'), 2000);
    }));
    assert.equal(blocked, 'connect-src', 'the worker obeys the policy');

    assert.deepEqual(await violations(page), [], 'no CSP violations');
    await page.screenshot({ path: new URL('widget-csp.png', ARTIFACTS).pathname, fullPage: true });
    assertClean(log);
    // The listener does see violations: an inline style attribute is refused.
    await page.evaluate(() => { document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>'); });
    await page.waitForFunction(() => window.__violations.length > 0);
    assert.match((await violations(page))[0], /^style-src/);
  });

  test('in-place highlighting of an article: marks, cues, keyboard, clean removal', async (t) => {
    const { page, log } = await openPage(t, '/embed-demo.html');
    const body = page.locator('article .body');
    const original = await page.evaluate(() => ({ html: window.__original.html, text: window.__original.text }));
    assert.ok(original.html.length > 1000);

    const marks = await page.$$eval('article .body mark[data-tl]', (ms) => ms.map((m) => ({
      text: m.textContent, label: m.dataset.tl, part: m.dataset.tlPart ?? 'whole', display: getComputedStyle(m).display,
      after: getComputedStyle(m, '::after').content, before: getComputedStyle(m, '::before').content,
    })));
    assert.ok(marks.length >= 30, `${marks.length} marks`);
    const find = (text) => marks.find((m) => m.text === text);
    assert.equal(find('AIVD').label, 'ORG');
    assert.equal(find('Mark Rutte').label, 'PER');
    // "zei Rutte in Den Haag": the same person, not a place (the model alone reads LOC there).
    assert.equal(find('Rutte').label, 'PER');
    assert.equal(find('Den Haag').label, 'LOC');
    assert.equal(find('Kamerstuk 29 754, nr. 325').label, 'REF');
    assert.equal(find('dinsdag 17 november 2015').label, 'DATE');
    // An entity across host elements (<strong>Jeanine</strong> Hennis-Plasschaert): two pieces.
    assert.equal(find('Jeanine').part, 'first');
    assert.equal(find(' Hennis-Plasschaert').part, 'last');
    // The host's `mark { display: none !important }` loses; a visible label; spoken cues.
    assert.ok(marks.every((m) => m.display === 'inline'), 'every mark is displayed');
    assert.equal(find('AIVD').after, '"ORG" / ", einde organisatie"');
    assert.equal(find('AIVD').before, '"begin organisatie: "');
    assert.equal(find('Jeanine').after, 'none');
    assert.equal(find(' Hennis-Plasschaert').before, 'none');
    // Only the labels asked for (labels="ORG PER LOC DATE REF": no MISC).
    assert.ok(marks.every((m) => m.label !== 'MISC'));
    // The reader's text is unchanged: pseudo-element labels are not text.
    assert.equal(await body.evaluate((b) => b.textContent), original.text);

    // Screen readers get start and end cues (the accessibility tree of the page).
    const aria = await page.locator('article .body p.lead').ariaSnapshot();
    assert.match(aria, /- mark: "begin organisatie: AIVD , einde organisatie"/, aria);
    assert.match(aria, /- mark: "begin persoon: Mark Rutte , einde persoon"/, aria);

    // Keyboard: next/previous name from the widget's buttons, arrows on a focused mark.
    const widget = page.locator('tekst-lens');
    await widget.locator('button.next').focus();
    await page.keyboard.press('Enter');
    const active = () => page.evaluate(() => {
      const a = document.activeElement;
      return a?.matches('mark[data-tl]') ? a.textContent : `${a?.localName}:${a?.shadowRoot?.activeElement?.className ?? ''}`;
    });
    assert.equal(await active(), 'Koninklijke Marechaussee');
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'Kmar');
    assert.match(await widget.locator('.pos').textContent(), /^2 van \d+: Koninklijke Marechaussee, organisatie$/);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await active(), 'Koninklijke Marechaussee');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await active(), 'Rotterdam', 'previous from the first wraps to the last');
    await page.keyboard.press('Home');
    assert.equal(await active(), 'Koninklijke Marechaussee');
    await page.keyboard.press('Escape');
    assert.equal(await active(), 'tekst-lens:btn next');
    // "Mark Rutte" and the later "Rutte" are one person in the list of names.
    const people = await widget.locator('button.name[data-label="PER"]').evaluateAll((bs) => bs.map((b) => [b.dataset.name, b.querySelector('.n').firstChild.textContent.trim()]));
    assert.deepEqual(people.filter(([name]) => /Rutte/.test(name)), [['Mark Rutte', '×2']], JSON.stringify(people));
    // A name in the entities view jumps to its occurrences.
    await widget.locator('button.name', { hasText: 'Noord-Atlantische' }).or(widget.locator('button.name', { hasText: 'Mark Rutte' })).first().click();
    assert.match(await active(), /Mark Rutte|Rutte/);
    await page.screenshot({ path: new URL('widget-embed-demo.png', ARTIFACTS).pathname, fullPage: true });

    // Off: the article is exactly as it was, with its own original Text nodes back.
    const toggle = widget.locator('button.toggle');
    const same = () => page.evaluate(() => {
      const b = document.querySelector('article .body');
      const now = [];
      const w = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) now.push(n);
      const o = window.__original;
      return { html: b.innerHTML === o.html, nodes: now.length === o.nodes.length && now.every((n, k) => n === o.nodes[k]), marks: b.querySelectorAll('mark').length };
    });
    for (let round = 0; round < 2; round++) {
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      assert.deepEqual(await same(), { html: true, nodes: true, marks: 0 }, `round ${round}: original DOM restored`);
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.equal(await page.locator('article .body mark[data-tl]').count(), marks.length);
    }
    // Removing the widget removes its marks too.
    await page.evaluate(() => document.querySelector('tekst-lens').remove());
    assert.deepEqual(await same(), { html: true, nodes: true, marks: 0 });
    assertClean(log);
  });

  test('hostile host CSS changes nothing inside the widget; the widget styles nothing of the host', async (t) => {
    const { page, log } = await openPage(t, '/embed-demo.html');
    // Computed styles of every element in the shadow root (and the marks' pseudo-elements),
    // and of the in-place marks, with and without the host's stylesheet.
    const snapshot = () => page.evaluate(() => {
      const PROPS = ['font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing',
        'word-spacing', 'text-transform', 'text-align', 'text-indent', 'text-shadow', 'text-decoration-line', 'color',
        'background-color', 'background-image', 'border-top-width', 'border-top-style', 'border-top-color',
        'border-left-width', 'border-left-style', 'padding-top', 'padding-left', 'margin-top', 'margin-left',
        'display', 'position', 'z-index', 'visibility', 'opacity', 'box-sizing', 'white-space', 'cursor',
        'list-style-type', 'transform', 'float', 'content'];
      // The in-place marks take the article's font (and their em paddings scale with it): compare
      // what the widget sets, not what they inherit on purpose.
      const MARK_PROPS = ['display', 'background-color', 'color', 'visibility', 'position', 'opacity',
        'text-decoration-line', 'box-shadow', 'border-top-style', 'margin-left', 'float', 'transform'];
      const PSEUDO_PROPS = ['content', 'display', 'background-color', 'color', 'position', 'clip-path', 'text-transform'];
      const pick = (el, props, pseudo) => {
        const cs = getComputedStyle(el, pseudo);
        return props.map((p) => `${p}=${cs.getPropertyValue(p)}`).join('; ');
      };
      const out = {};
      const root = document.querySelector('tekst-lens').shadowRoot;
      root.querySelectorAll('*').forEach((el, i) => {
        if (el.closest('svg') && el.localName !== 'svg') return;
        out[`shadow ${i} ${el.localName}.${el.className?.baseVal ?? el.className}`] = pick(el, PROPS);
      });
      document.querySelectorAll('article .body mark[data-tl]').forEach((m, i) => {
        out[`mark ${i}`] = pick(m, MARK_PROPS);
        out[`mark ${i} ::after`] = pick(m, [...PSEUDO_PROPS, 'font-family', 'font-weight'], '::after');
        out[`mark ${i} ::before`] = pick(m, PSEUDO_PROPS, '::before');
      });
      return out;
    });
    const hostile = await snapshot();
    assert.ok(Object.keys(hostile).length > 100, `${Object.keys(hostile).length} elements compared`);
    await page.evaluate(() => { document.querySelector('link[rel="stylesheet"]').sheet.disabled = true; });
    const plain = await snapshot();
    const differ = Object.keys(plain).filter((k) => plain[k] !== hostile[k]).map((k) => `${k}\n  plain:   ${plain[k]}\n  hostile: ${hostile[k]}`);
    assert.deepEqual(differ, [], 'computed styles inside the widget do not depend on the host CSS');
    // Sanity: the host CSS does apply to the host (and the probe sees it).
    await page.evaluate(() => { document.querySelector('link[rel="stylesheet"]').sheet.disabled = false; });
    assert.equal(await page.$eval('article .body p', (p) => getComputedStyle(p).letterSpacing), '0.76px');

    // No leak: the one stylesheet the widget gives the document is a cascade layer whose every
    // rule selects the widget's own marks; removing it changes no host element.
    const leak = await page.evaluate(() => {
      const sheets = [...document.adoptedStyleSheets]; // a copy: the property is a live array
      const selectors = [];
      const walk = (rules) => {
        for (const r of rules) {
          if (r.selectorText) selectors.push(r.selectorText);
          if (r.cssRules) walk(r.cssRules);
        }
      };
      walk(sheets[0].cssRules);
      const hostStyles = () => [...document.querySelectorAll('body *')]
        .filter((el) => !el.closest('tekst-lens') && !el.matches('mark[data-tl]'))
        .map((el) => { const cs = getComputedStyle(el); return `${el.localName} ${cs.font} ${cs.color} ${cs.backgroundColor} ${cs.display} ${cs.margin} ${cs.padding}`; });
      const withSheet = hostStyles();
      document.adoptedStyleSheets = [];
      const without = hostStyles();
      document.adoptedStyleSheets = sheets;
      return {
        count: sheets.length,
        layer: sheets[0].cssRules[0].constructor.name + ' ' + sheets[0].cssRules[0].name,
        outside: selectors.filter((s) => !s.split(',').every((part) => part.trim().startsWith('mark[data-tl'))),
        changed: withSheet.filter((s, i) => s !== without[i]).length,
        styleElements: document.querySelectorAll('style, link[rel="stylesheet"]').length,
      };
    });
    assert.deepEqual(leak, { count: 1, layer: 'CSSLayerBlockRule tekstlens', outside: [], changed: 0, styleElements: 1 });
    assertClean(log);
  });

  test('a 5 MB paste keeps the page responsive and shows progress', async (t) => {
    const big = bigText(5 * 1024 * 1024);
    const { page, log } = await openPage(t, '/csp-test.html', { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.evaluate((text) => navigator.clipboard.writeText(text), big);
    const requestsBefore = log.requests.length;
    await page.evaluate(() => {
      const w = document.getElementById('lens-plak');
      const m = (window.__m = { gaps: [], keys: [], paints: [], longtasks: [], events: [], stages: [], progressShown: false, done: null });
      let last = performance.now();
      const frame = (now) => { m.gaps.push(now - last); last = now; if (!m.done) requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
      document.getElementById('typen').addEventListener('keydown', (e) => {
        const start = e.timeStamp;
        m.keys.push(performance.now() - start);
        requestAnimationFrame(() => m.paints.push(performance.now() - start));
      });
      new PerformanceObserver((list) => { for (const e of list.getEntries()) m.longtasks.push(e.duration); }).observe({ type: 'longtask' });
      new PerformanceObserver((list) => { for (const e of list.getEntries()) m.events.push(e.duration); }).observe({ type: 'event', durationThreshold: 16 });
      w.addEventListener('tekstlens:progress', (e) => m.stages.push(e.detail.stage));
      w.addEventListener('tekstlens:analyzed', () => { m.done = performance.now(); });
      new MutationObserver(() => { if (!w.shadowRoot.querySelector('.progress').hidden) m.progressShown = true; })
        .observe(w.shadowRoot.querySelector('.progress'), { attributes: true });
    });
    await page.locator('#lens-plak textarea').focus();
    const t0 = await page.evaluate(() => performance.now());
    await page.keyboard.press('Control+V');
    // Type into the host page's own input while the widget works.
    await page.locator('#typen').focus();
    let presses = 0;
    for (;;) {
      await page.keyboard.press(presses % 2 ? 'b' : 'a');
      presses++;
      if (await page.evaluate(() => window.__m.done != null)) break;
      assert.ok(presses < 2000, 'the analysis finishes');
      await page.waitForTimeout(25);
    }
    const m = await page.evaluate(() => window.__m);
    const w = await inWidget(page, '#lens-plak', (el, root = el.shadowRoot) => ({
      chars: el.analysis.text.length, entities: el.analysis.entities.length, timings: el.analysis.timings,
      textarea: root.querySelector('textarea').value.length, note: root.querySelector('.note').textContent,
      shown: root.querySelector('.text').textContent.length, chunks: root.querySelectorAll('.text .chunk').length,
      more: root.querySelector('.show-more').hidden ? null : root.querySelector('.show-more').textContent,
      progressHidden: root.querySelector('.progress').hidden,
    }));
    const max = (xs) => (xs.length ? Math.max(...xs) : 0);
    const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
    const during = m.keys.length;
    console.log(
      `# 5 MB paste (${big.length} chars): analysed and first text shown in ${(m.done - t0).toFixed(0)} ms ` +
        `(worker: analyse ${w.timings.analyseMs.toFixed(0)} ms, of which core ${w.timings.coreMs?.toFixed(0)} ms, convert ${w.timings.convertMs?.toFixed(0)} ms); ` +
        `${during} key presses while it worked: input latency max ${max(m.keys).toFixed(1)} ms, p95 ${p95(m.keys).toFixed(1)} ms; ` +
        `key to next frame max ${max(m.paints).toFixed(1)} ms; longest frame gap ${max(m.gaps).toFixed(0)} ms; ` +
        `long tasks ${m.longtasks.length} (longest ${max(m.longtasks).toFixed(0)} ms); event timing max ${max(m.events).toFixed(0)} ms; ` +
        `stages ${m.stages.join(' → ')}`,
    );
    assert.equal(w.chars, big.length, 'the whole text was analysed');
    assert.equal(w.textarea, 0, 'the 5 MB stay out of the textarea');
    assert.match(w.note, /5\.\d{3}\.\d{3} tekens/);
    assert.ok(w.entities > 40_000, `${w.entities} entities`);
    assert.ok(during >= 5, `typed during the work (${during} presses)`);
    assert.ok(max(m.keys) < 100, `input latency under 100 ms (max ${max(m.keys).toFixed(1)} ms)`);
    assert.ok(max(m.paints) < 150, `key to next frame under 150 ms (max ${max(m.paints).toFixed(1)} ms)`);
    assert.ok(m.progressShown, 'progress was shown');
    assert.deepEqual(m.stages.filter((s, i) => s !== m.stages[i - 1]), ['analyse', 'transfer', 'render'], 'stages in order');
    assert.ok(w.progressHidden, 'progress hidden when done');
    assert.ok(w.shown >= 60_000 && w.shown < 70_000, `text shown capped (${w.shown})`);
    assert.match(w.more, /Toon meer tekst/);
    // "Show more" renders the next part without freezing either.
    await page.locator('#lens-plak .show-more').click();
    await page.waitForFunction(() => document.getElementById('lens-plak').shadowRoot.querySelector('.text').textContent.length > 250_000);
    await page.screenshot({ path: new URL('widget-5mb.png', ARTIFACTS).pathname });
    assert.deepEqual(log.requests.slice(requestsBefore), [], 'the 5 MB never left the page');
    assertClean(log);
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core reports no violations, and text contrast is at least 4.5:1 (${colorScheme})`, async (t) => {
      const results = [];
      for (const path of ['/csp-test.html', '/embed-demo.html']) {
        const { page, log } = await openPage(t, path, { colorScheme });
        if (path === '/csp-test.html') {
          // Also the widget's text view with every label, and the input after a paste.
          await page.evaluate(() => document.getElementById('lens-plak').analyze(
            'De AIVD (Algemene Inlichtingen- en Veiligheidsdienst) en minister Ard van der Steur spraken op 17 november 2015 in Den Haag met Franse collega’s over Kamerstuk 29 754, nr. 325.'));
        }
        await page.addScriptTag({ url: `${server.origin}/__test__/axe.min.js` });
        const axe = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
        });
        results.push(`${path}: ${axe.length} axe violations`);
        assert.deepEqual(axe, [], `axe on ${path} (${colorScheme})`);
        const { checked, problems } = await contrastProblems(page);
        assert.ok(checked > 60, `${checked} texts checked`);
        assert.deepEqual(problems, [], `contrast in the widgets on ${path} (${colorScheme})`);
        results.push(`${checked} texts ≥ 4.5:1`);
        assert.deepEqual(await violations(page), []);
        assertClean(log);
      }
      console.log(`# axe-core ${colorScheme}: ${results.join('; ')}`);
    });
  }

  test('a worker that cannot start is reported in the widget, not thrown at the page', async (t) => {
    const context = await browser.newContext();
    t.after(() => context.close());
    await context.route('**/tekstlens-worker.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/embed-demo.html`);
    await page.waitForFunction(() => document.querySelector('tekst-lens').dataset.state === 'error');
    const status = await page.locator('tekst-lens .status').textContent();
    assert.match(status, /De analyse is mislukt: tekstlens: the analysis worker could not start/);
    assert.equal(await page.locator('article mark').count(), 0, 'the article is untouched');
    assert.deepEqual(errors, [], 'no uncaught errors');
  });

  test('after loading, no request at all: typing, analyze(), the event, attributes, highlights, ::part', async (t) => {
    const { page, log } = await openPage(t, '/csp-test.html');
    const loaded = log.requests.map((u) => u.replace(server.origin, ''));
    for (const file of ['/tekst-lens.js', '/tekstlens-worker.js', '/tekstlens-data.js', '/pkg/tekstlens.js', '/pkg/tekstlens_bg.wasm',
      '/pkg/tekstlens-gazetteers.txt', '/pkg/tekstlens-nl.model']) {
      assert.ok(loaded.includes(file), `${file} was loaded (and watched): ${loaded.join(' ')}`);
    }
    assert.equal(loaded.filter((u) => u === '/tekstlens-worker.js').length, 1, 'one worker for three widgets');
    const n = log.requests.length;

    // Type into the editable widget, analysed as you type.
    await page.locator('#lens-plak textarea').fill('Geheim: de AIVD volgt een verdachte in Utrecht.');
    await page.waitForFunction(() => document.getElementById('lens-plak').analysis?.entities.some((e) => e.text === 'Utrecht'));
    // analyze(text), the event, attributes, highlights.
    const result = await page.evaluate(async () => {
      const w = document.getElementById('lens-eigen');
      const got = new Promise((r) => w.addEventListener('tekstlens:analyzed', (e) => r(e.detail), { once: true }));
      const a = await w.analyze('De NAVO vergadert in Brussel met de EU.');
      const detail = await got;
      w.setAttribute('labels', 'LOC');
      w.setAttribute('lang', 'nl');
      w.setAttribute('theme', 'dark');
      await new Promise((r) => setTimeout(r, 50));
      const root = w.shadowRoot;
      const out = {
        entities: a.entities.map((e) => `${e.label}:${e.text}`),
        same: detail === a,
        text: w.text,
        marks: [...root.querySelectorAll('.text mark')].map((m) => `${m.dataset.tl}:${m.textContent}`),
        heading: root.querySelector('[data-view="entities"] h3').textContent,
        bg: getComputedStyle(root.querySelector('.root')).backgroundColor,
      };
      w.setAttribute('views', 'stats');
      await new Promise((r) => setTimeout(r, 50));
      out.views = [...root.querySelectorAll('.view')].filter((v) => !v.hidden).map((v) => v.dataset.view);
      const art = document.getElementById('lens-artikel');
      art.toggleHighlights(false);
      out.afterOff = document.querySelectorAll('#artikel mark').length;
      art.toggleHighlights(true);
      out.afterOn = document.querySelectorAll('#artikel mark').length;
      art.nextEntity();
      out.focused = document.activeElement.textContent;
      return out;
    });
    assert.deepEqual(result.entities, ['ORG:NAVO', 'LOC:Brussel', 'ORG:EU']);
    assert.ok(result.same, 'the event carries the analysis analyze() resolves with');
    assert.equal(result.text, 'De NAVO vergadert in Brussel met de EU.');
    assert.deepEqual(result.marks, ['LOC:Brussel'], 'labels="LOC"');
    assert.equal(result.heading, 'Namen, data en verwijzingen', 'lang="nl"');
    assert.equal(result.bg, 'rgb(23, 27, 33)', 'theme="dark"');
    assert.deepEqual(result.views, ['stats'], 'views="stats"');
    assert.equal(result.afterOff, 0);
    assert.ok(result.afterOn > 10);
    assert.equal(result.focused, 'Koninklijke Marechaussee');
    // ::part() lets the host theme the widget on purpose.
    await page.evaluate(() => {
      const s = new CSSStyleSheet();
      s.replaceSync('#lens-eigen::part(panel) { border-color: rgb(200, 0, 0); }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
    });
    assert.equal(await inWidget(page, '#lens-eigen', (w) => getComputedStyle(w.shadowRoot.querySelector('.root')).borderTopColor), 'rgb(200, 0, 0)');

    assert.deepEqual(log.requests.slice(n), [], 'no request after loading');
    assert.deepEqual(await violations(page), []);
    assertClean(log);
  });
});

/**
 * Text in the widgets (shadow roots, with their label pseudo-elements) and in the in-place marks
 * whose contrast with the background behind it is under 4.5:1.
 */
function contrastProblems(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
    });
    /** The background behind `el`, composited up the (flat) tree. */
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement ?? e.getRootNode().host) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg && bg.a > 0) { layers.push(bg); if (bg.a === 1) break; }
      }
      let c = { r: 255, g: 255, b: 255, a: 1 };
      if (matchMedia('(prefers-color-scheme: dark)').matches && !layers.some((l) => l.a === 1)) c = { r: 0, g: 0, b: 0, a: 1 };
      for (const l of layers.reverse()) c = over(l, c);
      return c;
    };
    const problems = [];
    let checked = 0;
    const check = (el, what, fg, bg) => {
      checked++;
      const r = ratio(fg, bg);
      if (r < 4.5) problems.push(`${what}: ${r.toFixed(2)} (${JSON.stringify(fg)} on ${JSON.stringify(bg)})`);
    };
    const elements = [];
    for (const w of document.querySelectorAll('tekst-lens')) elements.push(...w.shadowRoot.querySelectorAll('*'));
    elements.push(...document.querySelectorAll('mark[data-tl]'));
    for (const el of elements) {
      if (!el.getClientRects().length || el.closest('svg')) continue;
      const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
      const cs = getComputedStyle(el);
      const label = `${el.getRootNode() === document ? 'host' : 'widget'} ${el.localName}.${el.className} "${el.textContent.slice(0, 20)}"`;
      if (hasText && !el.closest('.vh')) check(el, label, parse(cs.color), background(el));
      if (el.matches('mark[data-tl], .code')) {
        const after = getComputedStyle(el, '::after');
        if (after.content !== 'none' && after.content !== 'normal') {
          const abg = parse(after.backgroundColor);
          check(el, `${label} ::after`, parse(after.color), abg.a === 1 ? abg : over(abg, background(el)));
        }
      }
    }
    return { checked, problems };
  });
}

// End-to-end tests of the page in Debian's Chromium (playwright-core, no downloaded browser).
// Run: node --test tests/e2e/   (after scripts/build has written www/pkg/)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { CHROMIUM, launchChromium, recordProblems } from './browser.mjs';
import { serve, WWW } from './server.mjs';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);
const EXAMPLE_BUTTON = 'Voorbeeld: Kamerbrief 17 november 2015';
const XSS = '<img src=x onerror=window.__xss=1><script>window.__xss=2</script>';

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
 * A fresh page that records console errors, page errors and every request; requests to any
 * other origin are recorded and aborted.
 */
async function openPage(t, { path = '/', viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const problems = await recordProblems(context, page, server.origin);
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(server.origin) && !problems.foreign.includes(url)) problems.foreign.push(url);
  });
  t.after(async () => {
    await context.close();
  });
  await page.goto(server.origin + path);
  await page.waitForFunction(() => window.tekstlens?.ready != null, null, { timeout: 30_000 });
  return { page, problems };
}

function assertClean(problems) {
  assert.deepEqual(problems.console, [], 'no console errors');
  assert.deepEqual(problems.foreign, [], 'no request leaves the origin');
  assert.ok(problems.requests.length > 0, 'requests were watched');
}

async function analysedCount(page) {
  return Number(await page.evaluate(() => document.documentElement.dataset.analysed ?? 0));
}

/** Waits until the page has rendered one more analysis than `before`. */
async function waitForAnalysis(page, before) {
  await page.waitForFunction((n) => Number(document.documentElement.dataset.analysed ?? 0) > n, before, { timeout: 30_000 });
}

async function loadExample(page) {
  const n = await analysedCount(page);
  await page.getByRole('button', { name: EXAMPLE_BUTTON }).click();
  await waitForAnalysis(page, n);
}

describe('tekstlens page', () => {
  test('entity data: fetched beside the wasm before the first analysis; a failed fetch is a clear error', async (t) => {
    const { page, problems } = await openPage(t, { path: '/?voorbeeld' });
    await waitForAnalysis(page, 0);
    const paths = problems.requests.map((u) => u.replace(server.origin, ''));
    for (const file of ['/tekstlens-data.js', '/pkg/tekstlens-gazetteers.txt', '/pkg/tekstlens-nl.model']) {
      assert.equal(paths.filter((p) => p === file).length, 1, `${file} fetched once: ${paths.join(' ')}`);
    }
    assert.notEqual(await page.locator('#status').getAttribute('data-kind'), 'error');
    const first = await page.locator('#tekst mark').count();
    assertClean(problems);

    // The model is missing on the server: the page says so, and the lists and rules still work.
    const context = await browser.newContext();
    t.after(() => context.close());
    await context.route(/\/pkg\/tekstlens-nl\.model$/, (route) => route.fulfill({ status: 404, body: '' }));
    const broken = await context.newPage();
    await broken.goto(`${server.origin}/?voorbeeld`);
    await broken.waitForFunction(() => Number(document.documentElement.dataset.analysed ?? 0) > 0, null, { timeout: 30_000 });
    assert.match(await broken.locator('#status').textContent(), /namen worden beperkt herkend, want niet alles kon worden geladen \(tekstlens-nl\.model: HTTP 404\)/);
    assert.equal(await broken.locator('#status').getAttribute('data-kind'), 'error');
    const rulesAndLists = await broken.locator('#tekst mark').count();
    assert.ok(rulesAndLists > 10 && rulesAndLists !== first, `${rulesAndLists} marks without the model, ${first} with it`);
  });

  test('the demo letter: entities are marked, the text is intact, labels can be hidden', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);

    const letter = await readFile(new URL('examples/kamerbrief-2015-11-17.txt', `file://${WWW}`), 'utf8');
    assert.equal(await page.inputValue('#invoer'), letter);
    // The rendered text is exactly the input: nothing lost, nothing added.
    assert.equal(await page.evaluate(() => document.getElementById('tekst').textContent), letter);

    const marks = await page.$$eval('#tekst mark', (ms) => ms.map((m) => ({ text: m.textContent, label: m.dataset.entity, title: m.title, tab: m.tabIndex })));
    assert.ok(marks.length > 50, `many entities (${marks.length})`);
    for (const name of ['ISIS', 'AIVD', 'Kmar']) {
      const found = marks.filter((m) => m.text === name);
      assert.ok(found.length > 0, `a mark for ${name}`);
      for (const m of found) assert.equal(m.label, 'ORG', `${name} is ORG`);
    }
    const kmar = marks.find((m) => m.text === 'Kmar');
    assert.match(kmar.title, /Koninklijke Marechaussee/);
    assert.match(kmar.title, /bron: /);
    assert.ok(marks.every((m) => m.tab === 0), 'every mark is focusable');
    assert.ok(marks.every((m) => ['PER', 'ORG', 'LOC', 'MISC', 'DATE', 'REF'].includes(m.label)));

    // The visible label comes from CSS (::after), so the text stays clean.
    const after = await page.$eval('#tekst mark[data-entity="ORG"]', (m) => getComputedStyle(m, '::after').content);
    assert.equal(after, '"ORG"');

    // The screenshot shows the results: statistics, highlighted text and entities.
    await page.evaluate(() => document.querySelector('.stats-panel').scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: new URL('tekstlens-desktop.png', ARTIFACTS).pathname });

    // Statistics.
    const stats = await page.$eval('#stats', (el) => el.textContent);
    assert.match(stats, /Woorden/);
    assert.match(stats, /Flesch–Douma/);
    assert.match(stats, /moeilijk|makkelijk|gemiddeld/);

    // Hide ORG: the marks stay in the DOM but lose their colour; show again.
    const orgBox = page.locator('#legenda input[data-label="ORG"]');
    const bg = () => page.$eval('#tekst mark[data-entity="ORG"]', (m) => getComputedStyle(m).backgroundColor);
    const shown = await bg();
    await orgBox.uncheck();
    assert.equal(await bg(), 'rgba(0, 0, 0, 0)');
    await orgBox.check();
    assert.equal(await bg(), shown);

    // Entities grouped by label; clicking one highlights each occurrence.
    const groups = await page.$$eval('#entiteiten .entity-group', (gs) => gs.map((g) => g.dataset.label));
    assert.ok(groups.includes('ORG') && groups.includes('LOC') && groups.includes('DATE'), groups.join());
    const aivd = page.locator('#entiteiten .entity-btn', { hasText: 'AIVD' }).first();
    await aivd.click();
    const selected = await page.$$eval('#tekst mark.is-selected', (ms) => ms.map((m) => m.textContent));
    assert.ok(selected.length >= 2, `AIVD marked ${selected.length}×`);
    assert.ok(selected.includes('AIVD'));
    assert.equal(await aivd.getAttribute('aria-pressed'), 'true');

    await page.screenshot({ path: new URL('tekstlens-desktop-full.png', ARTIFACTS).pathname, fullPage: true });
    assertClean(problems);
  });

  test('clicking a term highlights all its occurrences', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);

    const first = page.locator('#termen tbody .term-btn').first();
    const display = await first.textContent();
    const count = Number((await page.locator('#termen tbody tr').first().locator('td').nth(1).textContent()).replace(/\D/g, ''));
    assert.equal(display, 'aanslagen');
    await first.click();
    const hits = await page.$$eval('#tekst .term-hit', (hs) => hs.map((h) => h.textContent));
    assert.equal(hits.length, count, 'one highlight per occurrence');
    assert.ok(hits.every((h) => /^aanslag(en)?$/i.test(h)), hits.join());
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    // Entity marks are still there alongside the term highlights.
    assert.ok((await page.locator('#tekst mark[data-entity="ORG"]').count()) > 10);

    // A bar in the chart works the same way, by keyboard too.
    const bar = page.locator('#grafiek g.bar[data-term="3"]');
    await bar.focus();
    await page.keyboard.press('Enter');
    // The bar's accessible name is its <title>: "display: N× (forms)".
    const term = await bar.locator('title').textContent();
    const barHits = await page.locator('#tekst .term-hit').count();
    assert.equal(barHits, Number(term.match(/: ([\d.]+)×/)[1].replaceAll('.', '')), term);
    assert.ok(await page.locator('#selectie').isVisible());

    // Escape clears the highlight.
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#tekst .term-hit').count(), 0);
    assertClean(problems);
  });

  test('pasted HTML is shown as text and runs nothing', async (t) => {
    const { page, problems } = await openPage(t);
    const n = await analysedCount(page);
    const text = `Een test van de AIVD: ${XSS} en nog een zin over Parijs.`;
    await page.fill('#invoer', text);
    await page.click('#analyseer');
    await waitForAnalysis(page, n);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script ran');
    assert.equal(await page.locator('#tekst img, #tekst script, #entiteiten img, #termen img').count(), 0);
    assert.equal(await page.evaluate(() => document.getElementById('tekst').textContent), text);
    assert.equal(await page.locator('img').count(), 0, 'no img element anywhere');
    assertClean(problems);
  });

  test('keyboard only: type, analyse as you type, reach the results', async (t) => {
    const { page, problems } = await openPage(t);
    const n = await analysedCount(page);
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // textarea
    assert.equal(await page.evaluate(() => document.activeElement.id), 'invoer');
    await page.keyboard.type('De AIVD en de Kmar waarschuwen in Den Haag voor aanslagen.');
    await waitForAnalysis(page, n); // debounced, no button pressed
    assert.equal(await page.locator('#tekst mark[data-entity="ORG"]', { hasText: 'AIVD' }).count(), 1);
    const m = page.locator('#tekst mark', { hasText: 'AIVD' });
    await m.focus();
    const tip = await m.evaluate((el) => getComputedStyle(el, '::before').content);
    assert.match(tip, /AIVD|Inlichtingen/, 'focus shows the full name');
    assertClean(problems);
  });

  test('axe-core finds no violations on the analysed page (light and dark)', async (t) => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, problems } = await openPage(t, { path: '/?voorbeeld', colorScheme });
      await page.waitForFunction(() => window.tekstlens?.firstRender != null, null, { timeout: 30_000 });
      await page.addScriptTag({ url: `${server.origin}/__test__/axe.min.js` });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')})`);
      });
      assert.deepEqual(violations, [], `axe (${colorScheme})`);
      assertClean(problems);
    }
  });

  test('small screens and dark mode', async (t) => {
    const { page, problems } = await openPage(t, { viewport: { width: 360, height: 780 }, colorScheme: 'dark' });
    await loadExample(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (${overflow}px too wide)`);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 150, `dark background (${bg})`);
    await page.screenshot({ path: new URL('tekstlens-360-dark.png', ARTIFACTS).pathname });
    assertClean(problems);
  });

  test('time to the first rendered analysis of the demo letter', async (t) => {
    const { page, problems } = await openPage(t, { path: '/?voorbeeld' });
    await page.waitForFunction(() => window.tekstlens?.firstRender != null, null, { timeout: 30_000 });
    const m = await page.evaluate(() => ({ ...window.tekstlens, nav: performance.getEntriesByType('navigation')[0]?.toJSON() }));
    const r = m.renders[0];
    console.log(
      `# first rendered analysis of the demo letter: ${m.firstRender.toFixed(0)} ms after navigation ` +
        `(wasm ready at ${m.ready.toFixed(0)} ms; analyse ${r.analyseMs.toFixed(1)} ms, render ${r.renderMs.toFixed(1)} ms, ${r.chars} chars)`,
    );
    assert.ok(m.firstRender < 10_000);

    // And through the button, on the already loaded page.
    const n = await analysedCount(page);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: EXAMPLE_BUTTON }).click();
    await waitForAnalysis(page, n);
    const t1 = await page.evaluate(() => window.tekstlens.renders.at(-1).at);
    console.log(`# example button to rendered analysis: ${(t1 - t0).toFixed(0)} ms`);
    assertClean(problems);
  });
});

// End-to-end tests of the page's "Verdieping" views in Debian's Chromium (playwright-core):
// stemming explained and the stemmer switch, keyword in context, distinctive words (the word list
// fetched lazily), readability per sentence, comparing two texts, every export (the downloaded
// files parsed and checked), user lists kept over a reload, and the model picker.
// Run: node --test tests/e2e/   (after scripts/build has written www/pkg/ and www/data/)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, launchChromium, recordProblems } from './browser.mjs';
import { serve, WWW } from './server.mjs';

const EXAMPLE_BUTTON = 'Voorbeeld: Kamerbrief 17 november 2015';
const MODEL = new URL('../../data/model/tekstlens-nl.model', import.meta.url);

let server;
let browser;
let letter;

before(async () => {
  assert.ok(existsSync(`${WWW}pkg/tekstlens_bg.wasm`), 'www/pkg/ is missing: run scripts/build first');
  assert.ok(existsSync(`${WWW}data/nl-forms.txt`), 'www/data/nl-forms.txt is missing: run scripts/build first');
  server = await serve();
  browser = await launchChromium();
  letter = await readFile(new URL('examples/kamerbrief-2015-11-17.txt', pathToFileURL(WWW)), 'utf8');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page recording console errors, page errors and every request (other origins aborted). */
async function openPage(t, path = '/') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = await recordProblems(context, page, server.origin);
  t.after(() => context.close());
  await page.goto(server.origin + path);
  await page.waitForFunction(() => window.tekstlens?.ready != null, null, { timeout: 30_000 });
  return { page, problems, context };
}

function assertClean(problems) {
  assert.deepEqual(problems.console, [], 'no console errors');
  assert.deepEqual(problems.foreign, [], 'no request leaves the origin');
}

const analysedCount = (page) => page.evaluate(() => Number(document.documentElement.dataset.analysed ?? 0));

async function waitForAnalysis(page, n) {
  await page.waitForFunction((k) => Number(document.documentElement.dataset.analysed ?? 0) > k, n, { timeout: 30_000 });
}

async function loadExample(page) {
  const n = await analysedCount(page);
  await page.getByRole('button', { name: EXAMPLE_BUTTON }).click();
  await waitForAnalysis(page, n);
}

async function analyseText(page, text) {
  const n = await analysedCount(page);
  await page.fill('#invoer', text);
  await page.click('#analyseer');
  await waitForAnalysis(page, n);
}

const openTab = (page, name) => page.getByRole('tab', { name }).click();

/** Clicks an export button and returns the downloaded file's name and text. */
async function downloadOf(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), path, text: await readFile(path, 'utf8') };
}

/** RFC 4180 CSV to rows of fields. */
function parseCsv(src, delimiter = ',') {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) { row.push(field); field = ''; }
    else if (c === '\r' && src[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const fold = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

describe('tekstlens page: classroom and analyst views', () => {
  test('stemming explained, the grouped forms and the stemmer switch', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);

    // The term table shows which forms were grouped.
    const forms = await page.locator('#termen tbody tr').first().locator('td.forms').textContent();
    assert.match(forms, /aanslagen, aanslag → aanslag/);

    // Typing a word shows the Porter steps; Kraaij-Pohlmann beside it.
    await page.fill('#stam-woord', 'Huisje');
    await page.getByRole('button', { name: 'Leg uit' }).click();
    const porter = page.locator('.stem-card[data-stemmer="porter"]');
    assert.equal(await porter.locator('.stem-out').textContent(), 'huisj');
    assert.equal(await porter.locator('li.applied[data-step="step2"]').count(), 1, 'step 2 removed the final -e');
    assert.equal(await porter.locator('li.applied').count(), 1);
    assert.match(await porter.locator('li[data-step="regions"]').textContent(), /R1/);
    assert.equal(await page.locator('.stem-card[data-stemmer="kraaijPohlmann"] .stem-out').textContent(), 'huis');

    // Clicking a term explains it, with the forms grouped in this text.
    await page.locator('#termen tbody .term-btn').first().click();
    assert.equal(await page.inputValue('#stam-woord'), 'aanslagen');
    assert.equal(await porter.locator('.stem-out').textContent(), 'aanslag');
    assert.match(await porter.locator('.stem-grouped').textContent(), /aanslagen, aanslag → aanslag/);

    // The switch re-analyses with Kraaij-Pohlmann, and back.
    const uniqueTerms = () => page.$eval('#stats', (d) => d.querySelectorAll('.stat-value')[2].textContent);
    const porterTerms = await uniqueTerms();
    let n = await analysedCount(page);
    await page.getByLabel('Kraaij-Pohlmann (Snowball 3)').check();
    await waitForAnalysis(page, n);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.stemmer), 'kraaijPohlmann');
    assert.notEqual(await uniqueTerms(), porterTerms, 'Kraaij-Pohlmann groups the forms differently');
    n = await analysedCount(page);
    await page.getByLabel('Porter (klassiek Snowball)').check();
    await waitForAnalysis(page, n);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.stemmer), 'porter');
    assert.equal(await uniqueTerms(), porterTerms);
    assertClean(problems);
  });

  test('keyword in context for a term and an entity, sorted left and right', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);
    await openTab(page, 'Woord in context');
    const count = Number((await page.locator('#termen tbody tr').first().locator('td').nth(1).textContent()).replace(/\D/g, ''));
    await page.selectOption('#context-doel', JSON.stringify({ term: 'aanslag' }));
    const rows = page.locator('#context-tabel tbody tr');
    assert.equal(await rows.count(), count, 'one line per occurrence');
    const keys = await page.$$eval('#context-tabel tbody .kwic-key', (cs) => cs.map((c) => c.textContent));
    assert.ok(keys.every((k) => /^aanslag(en)?$/i.test(k)), keys.join());

    const sideWords = (side) => page.$$eval(`#context-tabel td.kwic-${side}`, (cs, s) => cs.map((c) => {
      const words = c.textContent.match(/[\p{L}\p{N}]+/gu) ?? [''];
      return s === 'left' ? words.at(-1) : words[0];
    }), side);
    for (const side of ['left', 'right']) {
      await page.getByLabel(side === 'left' ? 'woord links' : 'woord rechts').check();
      const words = (await sideWords(side)).map(fold);
      const sorted = [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      assert.deepEqual(words, sorted, `sorted by the word ${side}`);
    }

    // An entity, chosen by clicking it in the entity list; its full name comes along.
    await page.locator('#entiteiten .entity-btn', { hasText: 'AIVD' }).first().click();
    assert.equal(await page.inputValue('#context-doel'), JSON.stringify({ entity: 'Algemene Inlichtingen- en Veiligheidsdienst' }));
    const aivd = await page.$$eval('#context-tabel tbody .kwic-key', (cs) => cs.map((c) => c.textContent));
    assert.ok(aivd.length >= 2 && aivd.includes('AIVD'), aivd.join());
    assertClean(problems);
  });

  test('distinctive words: the word list is fetched on first use', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);
    const listRequests = () => problems.requests.filter((u) => u.endsWith('/data/nl-forms.txt')).length;
    assert.equal(listRequests(), 0, 'not fetched before the view is opened');
    await openTab(page, 'Kenmerkende woorden');
    await page.waitForSelector('#kenmerkend-tabel tbody tr[data-stem="aanslag"]', { timeout: 20_000 });
    assert.equal(listRequests(), 1);
    const row = await page.locator('#kenmerkend-tabel tbody tr[data-stem="aanslag"]').textContent();
    assert.match(row, /vaker voor dan in gewoon Nederlands/);
    assert.ok((await page.locator('#kenmerkend-tabel tbody tr').count()) >= 5);
    // Later analyses keep the keywords without fetching again.
    await analyseText(page, 'De aanslagen in Parijs. De aanslag. Na de aanslagen de dreiging en de dreiging.');
    await page.waitForSelector('#kenmerkend-tabel tbody tr[data-stem="aanslag"]');
    assert.equal(listRequests(), 1);
    assertClean(problems);
  });

  test('readability per sentence: the hardest sentences are flagged in the text', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);
    await openTab(page, 'Leesbaarheid per zin');
    const hardRows = await page.locator('#leesbaarheid-tabel tbody tr.is-hard').count();
    assert.ok(hardRows >= 1, `hard sentences listed (${hardRows})`);
    const flagged = () => page.evaluate(() => CSS.highlights.get('tl-moeilijk')?.size ?? 0);
    assert.equal(await flagged(), hardRows, 'each hard sentence underlined in the text view');
    const underlined = await page.evaluate(() => [...CSS.highlights.get('tl-moeilijk')].map((r) => r.toString()));
    for (const s of underlined) assert.ok(letter.includes(s) && s.split(/\s+/).length >= 5, s);
    await page.getByLabel('Moeilijke zinnen in de tekst markeren').uncheck();
    assert.equal(await flagged(), 0);
    await page.getByLabel('Moeilijke zinnen in de tekst markeren').check();
    assert.equal(await flagged(), hardRows);
    // A sentence button selects it in the text.
    await page.locator('#leesbaarheid-tabel .sentence-btn').first().click();
    assert.equal(await page.evaluate(() => CSS.highlights.get('tl-zin')?.size), 1);
    assertClean(problems);
  });

  test('compare two texts', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);
    await openTab(page, 'Vergelijk twee teksten');
    await page.getByRole('button', { name: 'Neem de tekst van boven' }).click();
    assert.equal(await page.inputValue('#vergelijk-a'), letter);
    // B about as long as A (a short B makes no difference in A significant).
    const b1 = 'Het water in Zeeland stijgt. Rijkswaterstaat versterkt de dijken in Zeeland. Het water en de dijken: Rijkswaterstaat waakt over het land. ';
    await page.fill('#vergelijk-b', b1.repeat(80));
    await page.getByRole('button', { name: 'Vergelijk', exact: true }).click();
    const a = page.locator('.compare-side[data-side="a"]');
    const b = page.locator('.compare-side[data-side="b"]');
    assert.equal(await a.locator('tr[data-stem="aanslag"]').count(), 1);
    assert.equal(await b.locator('tr[data-stem="water"]').count(), 1);
    assert.match(await b.locator('.compare-entities').textContent(), /Zeeland/);
    assert.match(await a.locator('tr[data-stem="aanslag"]').textContent(), /vaker|alleen/);
    assertClean(problems);
  });

  test('exports: CSV, JSON, SVG and an HTML report that opens offline', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);
    await openTab(page, 'Exporteren');

    const terms = await downloadOf(page, 'Termen (CSV)');
    assert.equal(terms.name, 'tekstlens-termen.csv');
    const trows = parseCsv(terms.text);
    assert.deepEqual(trows[0], ['term', 'stem', 'count', 'frequency', 'forms']);
    const aanslag = trows.find((r) => r[1] === 'aanslag');
    const count = (await page.locator('#termen tbody tr').first().locator('td').nth(1).textContent()).replace(/\D/g, '');
    assert.equal(aanslag[0], 'aanslagen');
    assert.equal(aanslag[2], count);
    assert.match(aanslag[4], /aanslagen \(\d+\); aanslag \(\d+\)/);
    assert.ok(trows.slice(1).every((r) => r.length === 5));

    const ents = await downloadOf(page, 'Entiteiten (CSV)');
    const erows = parseCsv(ents.text);
    assert.deepEqual(erows[0], ['text', 'label', 'canonical', 'source', 'sentence', 'start', 'end']);
    const chars = [...letter];
    const kmar = erows.find((r) => r[0] === 'Kmar');
    assert.equal(kmar[1], 'ORG');
    assert.equal(kmar[2], 'Koninklijke Marechaussee');
    for (const r of erows.slice(1)) {
      assert.equal(r.length, 7);
      assert.equal(chars.slice(Number(r[5]), Number(r[6])).join('').replace(/\s+/g, ' '), r[0].replace(/^'/, ''), 'character offsets');
    }
    const marks = await page.locator('#tekst mark').count();
    assert.equal(erows.length - 1, marks, 'one row per entity');

    // Semicolons and a BOM for a Dutch Excel.
    await page.getByLabel('CSV met puntkomma’s (Excel in het Nederlands)').check();
    const semi = await downloadOf(page, 'Termen (CSV)');
    assert.ok(semi.text.startsWith('\uFEFFterm;stem;count;frequency;forms\r\n'));

    const json = await downloadOf(page, 'Hele analyse (JSON)');
    const data = JSON.parse(json.text);
    assert.equal(data.text, letter);
    assert.equal(data.offsets, 'utf16');
    assert.ok(data.analysis.entities.length === marks);
    const e = data.analysis.entities.find((x) => x.text === 'AIVD');
    assert.equal(letter.slice(e.start, e.end), 'AIVD');
    assert.ok(data.analysis.readability.sentences.length === data.analysis.sentences.length);
    assert.equal(data.analysis.stemmer, 'porter');

    const svg = await downloadOf(page, 'Grafiek (SVG)');
    assert.equal(svg.name, 'tekstlens-grafiek.svg');
    // Parsed on a blank page of its own (the app page's CSP would refuse the SVG's <style>).
    const blank = await browser.newContext();
    t.after(() => blank.close());
    const parsed = await (await blank.newPage()).evaluate((src) => {
      const d = new DOMParser().parseFromString(src, 'image/svg+xml');
      return {
        error: d.querySelector('parsererror')?.textContent ?? null,
        root: d.documentElement.localName,
        ns: d.documentElement.namespaceURI,
        bars: d.querySelectorAll('g.bar').length,
        first: d.querySelector('.bar-label')?.textContent,
      };
    }, svg.text);
    assert.deepEqual(parsed, { error: null, root: 'svg', ns: 'http://www.w3.org/2000/svg', bars: 25, first: 'aanslagen' });

    const report = await downloadOf(page, 'Rapport (HTML)');
    assert.equal(report.name, 'tekstlens-rapport.html');
    assert.ok(!/<script/i.test(report.text), 'no scripts in the report');
    // Open it from disk with the network off: everything it needs is inside.
    const offline = await browser.newContext();
    t.after(() => offline.close());
    await offline.setOffline(true);
    const requests = [];
    offline.on('request', (r) => requests.push(r.url()));
    const rp = await offline.newPage();
    const errors = [];
    rp.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // The download has no extension; give it one so the browser reads it as HTML.
    const file = join(await mkdtemp(join(tmpdir(), 'tekstlens-')), report.name);
    await copyFile(report.path, file);
    await rp.goto(pathToFileURL(file).href);
    const text = await rp.$eval('.text', (d) => d.textContent);
    assert.equal(text, letter, 'the whole text, intact');
    const rmarks = await rp.$$eval('.text mark', (ms) => ms.map((m) => [m.textContent, m.dataset.entity]));
    assert.equal(rmarks.length, marks);
    assert.ok(rmarks.some(([txt, label]) => txt === 'AIVD' && label === 'ORG'));
    const bg = await rp.$eval('.text mark[data-entity="ORG"]', (m) => getComputedStyle(m).backgroundColor);
    assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'marks are coloured by the inline CSS');
    assert.ok((await rp.locator('.text .hard').count()) >= 1, 'hardest sentences underlined');
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'the report makes no requests');
    assert.deepEqual(errors, []);
    assertClean(problems);
  });

  test('the report of a hostile text shows it as text and runs nothing', async (t) => {
    const { page, problems } = await openPage(t);
    const xss = 'De AIVD las <img src=x onerror=alert(1)><script>alert(2)</script> in Parijs & Den Haag.';
    await analyseText(page, xss);
    await openTab(page, 'Exporteren');
    const report = await downloadOf(page, 'Rapport (HTML)');
    assert.ok(!/<script|<img/i.test(report.text), 'no markup from the text');
    assert.ok(report.text.includes('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;'));
    const data = JSON.parse((await downloadOf(page, 'Hele analyse (JSON)')).text);
    assert.equal(data.text, xss);
    assertClean(problems);
  });

  test('user stop words and names persist over a reload', async (t) => {
    const { page, problems } = await openPage(t);
    const text = 'De NCTV en het kabinet spraken. Het kabinet en de NCTV waarschuwen. NCTVs bestaan niet.';
    await analyseText(page, text);
    assert.ok(await page.locator('#termen tbody .term-btn', { hasText: /^kabinet$/ }).count() === 1);
    await openTab(page, 'Eigen lijsten en model');
    await page.fill('#eigen-stopwoorden', 'kabinet\nspraken');
    await page.fill('#eigen-namen', 'NCTV = ORG\nzomaar een regel');
    const n = await analysedCount(page);
    await page.getByRole('button', { name: 'Opslaan en opnieuw analyseren' }).click();
    await waitForAnalysis(page, n);
    assert.match(await page.locator('#eigen-status').textContent(), /1 naam.*zomaar een regel/);
    const check = async () => {
      assert.equal(await page.locator('#termen tbody .term-btn', { hasText: /^kabinet$/ }).count(), 0, 'kabinet is a stop word');
      const nctv = await page.$$eval('#tekst mark', (ms) => ms.filter((m) => m.textContent === 'NCTV').map((m) => [m.dataset.entity, m.title]));
      assert.equal(nctv.length, 2, 'exact tokens only: not inside "NCTVs"');
      for (const [label, title] of nctv) {
        assert.equal(label, 'ORG');
        assert.match(title, /eigen lijst/);
      }
    };
    await check();

    await page.reload();
    await page.waitForFunction(() => window.tekstlens?.ready != null, null, { timeout: 30_000 });
    await openTab(page, 'Eigen lijsten en model');
    assert.equal(await page.inputValue('#eigen-stopwoorden'), 'kabinet\nspraken');
    assert.equal(await page.inputValue('#eigen-namen'), 'NCTV = ORG\nzomaar een regel');
    await analyseText(page, text);
    await check();

    // Entity KWIC and the CSV include the user's names.
    await openTab(page, 'Woord in context');
    await page.selectOption('#context-doel', JSON.stringify({ user: 'NCTV' }));
    assert.equal(await page.locator('#context-tabel tbody tr').count(), 2);
    assertClean(problems);
  });

  test('axe-core finds no violations in any of the views (light and dark)', async (t) => {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
      t.after(() => context.close());
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(`${server.origin}/?voorbeeld`);
      await page.waitForFunction(() => window.tekstlens?.firstRender != null, null, { timeout: 30_000 });
      await page.addScriptTag({ url: `${server.origin}/__test__/axe.min.js` });
      for (const tab of ['Stemming uitgelegd', 'Woord in context', 'Kenmerkende woorden', 'Leesbaarheid per zin', 'Vergelijk twee teksten', 'Exporteren', 'Eigen lijsten en model']) {
        await openTab(page, tab);
        if (tab === 'Kenmerkende woorden') await page.waitForSelector('#kenmerkend-tabel');
        if (tab === 'Vergelijk twee teksten') {
          await page.getByRole('button', { name: 'Neem de tekst van boven' }).click();
          await page.fill('#vergelijk-b', 'Het water in Zeeland stijgt. '.repeat(100));
          await page.getByRole('button', { name: 'Vergelijk', exact: true }).click();
        }
        const axe = await page.evaluate(async () => {
          const r = await window.axe.run('.tools-panel', { resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')})`);
        });
        assert.deepEqual(axe, [], `axe on "${tab}" (${colorScheme})`);
      }
      assert.deepEqual(errors, []);
    }
  });

  test('the model picker: a bad file shows an error, a real model loads', async (t) => {
    const { page, problems } = await openPage(t);
    await loadExample(page);
    await openTab(page, 'Eigen lijsten en model');
    await page.setInputFiles('#model-bestand', { name: 'kapot.model', mimeType: 'application/octet-stream', buffer: Buffer.from('dit is geen model') });
    const status = page.locator('#model-status');
    await page.waitForFunction(() => document.getElementById('model-status').textContent !== '');
    assert.equal(await status.getAttribute('data-kind'), 'error');
    assert.match(await status.textContent(), /„kapot\.model” is geen bruikbaar tekstlens-model: .+\. Het vorige model blijft in gebruik\./);
    // Still analysing as before.
    assert.ok((await page.locator('#tekst mark').count()) > 50);

    const n = await analysedCount(page);
    await page.setInputFiles('#model-bestand', { name: 'tekstlens-nl.model', mimeType: 'application/octet-stream', buffer: await readFile(MODEL) });
    await waitForAnalysis(page, n);
    assert.notEqual(await status.getAttribute('data-kind'), 'error');
    assert.match(await status.textContent(), /Model „tekstlens-nl\.model” geladen/);
    assert.ok(await page.getByRole('button', { name: 'Terug naar het ingebouwde model' }).isVisible());
    assert.ok((await page.locator('#tekst mark[data-entity="ORG"]', { hasText: 'AIVD' }).count()) >= 1);
    assertClean(problems);
  });
});

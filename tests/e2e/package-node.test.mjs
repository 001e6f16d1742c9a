// The generated package also loads in Node: initSync with the wasm bytes, no fetch, no browser;
// the entity data (not in the wasm) is read from the files beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const pkg = new URL('../../www/pkg/', import.meta.url);
const { initSync, Analyzer, version, explainStem, stemWord, loadGazetteers, loadEntityModel, hasEntityData } = await import(
  new URL('tekstlens.js', pkg).href
);
initSync({ module: readFileSync(new URL('tekstlens_bg.wasm', pkg)) });

const letter = readFileSync(new URL('../../www/examples/kamerbrief-2015-11-17.txt', import.meta.url), 'utf8');

test('the entity data is not in the wasm: rules only until it is loaded, clear errors for bad files', () => {
  assert.equal(hasEntityData(), false, 'the wasm build does not embed the gazetteers and the model');
  const before = new Analyzer().analyze('De AIVD en minister Plasterk in Den Haag.');
  assert.ok(before.entities.every((e) => e.source === 'rule'), 'rules only');
  assert.throws(() => loadGazetteers('ORG\texact\tOM\t'), { name: 'Error', message: /could not load the gazetteers: not a tekstlens gazetteer file/ });
  assert.throws(() => loadGazetteers(new Uint8Array([1])), { name: 'Error', message: /expects the text of tekstlens-gazetteers.txt/ });
  assert.throws(() => loadEntityModel(new Uint8Array([1, 2, 3])), { name: 'Error', message: /could not load the entity model/ });
  assert.ok(loadGazetteers(readFileSync(new URL('tekstlens-gazetteers.txt', pkg), 'utf8')) > 5000);
  assert.match(loadEntityModel(readFileSync(new URL('tekstlens-nl.model', pkg))), /^labels /);
  assert.equal(hasEntityData(), true);
  const after = new Analyzer().analyze('De AIVD en minister Plasterk in Den Haag.');
  assert.ok(after.entities.some((e) => e.text === 'Den Haag' && e.source !== 'rule'), JSON.stringify(after.entities));
});

test('the package loads in Node and analyses the demo letter', () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
  const analyzer = new Analyzer();
  const a = analyzer.analyze(letter);
  assert.deepEqual(Object.keys(a).sort(), ['entities', 'keywords', 'readability', 'sentences', 'stats', 'stemmer', 'terms', 'tokens']);
  assert.equal(a.stemmer, 'porter');
  assert.deepEqual(a.keywords, [], 'keywords are off without a reference list');
  assert.equal(a.readability.sentences.length, a.sentences.length);
  for (const name of ['ISIS', 'AIVD', 'Kmar']) {
    assert.ok(a.entities.some((e) => e.text === name && e.label === 'ORG'), name);
  }
  for (const e of a.entities) assert.equal(letter.slice(e.start, e.end), e.text);
  for (const t of a.tokens) assert.ok(t.end > t.start && letter.slice(t.start, t.end).trim() !== '');
  assert.equal(a.terms[0].stem, 'aanslag');
  assert.ok(a.stats.words > 2000 && a.stats.fleschDouma > 0);
  analyzer.free();
});

test('the analyst API in Node: keywords, kwic, compare, stemming, CSV', () => {
  const analyzer = new Analyzer({ stemmer: 'kraaijPohlmann' });
  assert.equal(analyzer.stemmer, 'kraaijPohlmann');
  analyzer.setStemmer('porter');
  analyzer.setReferenceList(readFileSync(new URL('../../data/wordfreq/nl-forms.txt', import.meta.url), 'utf8'));
  const a = analyzer.analyze(letter);
  const k = a.keywords.find((x) => x.stem === 'aanslag');
  assert.match(k.explanation, /vaker voor dan in gewoon Nederlands/);
  const lines = analyzer.kwic(letter, { term: 'aanslag' }, { sort: 'left' });
  assert.equal(lines.length, a.terms[0].count);
  for (const l of lines) assert.equal(letter.slice(l.start, l.end), l.keyword);
  const c = analyzer.compare(letter, 'Het water in Zeeland. '.repeat(300));
  assert.ok(c.termsA.some((t) => t.stem === 'aanslag') && c.termsB.some((t) => t.stem === 'water'));
  assert.equal(explainStem('aanslagen').stem, 'aanslag');
  assert.equal(stemWord('huisje', 'kraaijPohlmann'), 'huis');
  assert.match(analyzer.termsCsv(letter), /^term,stem,count,frequency,forms\r\naanslagen,aanslag,/);
  assert.match(analyzer.entitiesCsv(letter, { delimiter: ';' }), /\r\nKmar;ORG;Koninklijke Marechaussee;/);
  assert.throws(() => analyzer.loadModel(new Uint8Array([1, 2, 3])), { name: 'Error', message: /not a usable model/ });
  analyzer.free();
});

test('UTF-16 offsets in Node: België, emoji, combining marks', () => {
  const analyzer = new Analyzer({ includeNumbers: true });
  const text = 'Ook België 👍🏽 en de cafe\u0301 in Parijs, 2015.';
  const a = analyzer.analyze(text);
  const belgie = a.entities.find((e) => e.text === 'België');
  assert.equal(belgie.start, text.indexOf('België'));
  const parijs = a.entities.find((e) => e.text === 'Parijs');
  assert.equal(text.slice(parijs.start, parijs.end), 'Parijs');
  assert.ok(a.tokens.some((t) => text.slice(t.start, t.end) === 'cafe\u0301'));
  assert.ok(a.terms.some((t) => t.display === '2015'));
  assert.equal(a.tokens.at(-1).end, text.length);
});

test('errors are thrown as Error with a clear message', () => {
  assert.throws(() => new Analyzer('ja'), { name: 'Error', message: /options must be an object/ });
  assert.throws(() => new Analyzer({ stopwords: [] }), { name: 'Error', message: /unknown Analyzer option "stopwords"/ });
  assert.throws(() => new Analyzer({ includeNumbers: 'ja' }), { name: 'Error', message: /invalid Analyzer options/ });
  const analyzer = new Analyzer(null);
  assert.throws(() => analyzer.analyze(42), { name: 'Error', message: /expects a string, got number/ });
  assert.equal(analyzer.analyze('').tokens.length, 0);
});

test('analyze(text, { tokens: false }): entities, terms and stats without tokens', () => {
  const analyzer = new Analyzer();
  const full = analyzer.analyze(letter);
  const lean = analyzer.analyze(letter, { tokens: false });
  assert.deepEqual(lean.tokens, []);
  assert.ok(lean.terms.every((t) => t.positions.length === 0));
  assert.deepEqual(lean.entities, full.entities);
  assert.deepEqual(lean.sentences, full.sentences);
  assert.deepEqual(lean.stats, full.stats);
  assert.deepEqual(lean.terms.map(({ positions, ...t }) => t), full.terms.map(({ positions, ...t }) => t));
  assert.deepEqual(analyzer.analyze('De AIVD.', { tokens: true }).tokens.length, 3);
  assert.deepEqual(analyzer.analyze('De AIVD.', null).tokens.length, 3);
  assert.throws(() => analyzer.analyze('x', { tokenz: false }), { name: 'Error', message: /unknown analyze option "tokenz"/ });
  assert.throws(() => analyzer.analyze('x', { tokens: 'nee' }), { name: 'Error', message: /"tokens" must be a boolean, got string/ });
  assert.throws(() => analyzer.analyze('x', 'nee'), { name: 'Error', message: /analyze options must be an object/ });
  analyzer.free();
});

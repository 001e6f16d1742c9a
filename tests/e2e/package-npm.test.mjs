// The npm package: `npm pack` ships exactly the widget, the worker, the core package and the
// licences; `exports` resolve; the TypeScript declarations compile against a usage sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));

test('npm pack ships only the intended files', () => {
  assert.ok(existsSync(`${ROOT}www/pkg/tekstlens_bg.wasm`), 'www/pkg/ is missing: run scripts/build first');
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' });
  const [packed] = JSON.parse(out);
  const files = packed.files.map((f) => f.path).sort();
  // The JS modules of the bindings that tekstlens.js imports (wasm-bindgen writes them under
  // www/pkg/snippets/<crate>-<hash>/): every one is shipped, and nothing else from there.
  const snippets = files.filter((f) => f.startsWith('www/pkg/snippets/'));
  const onDisk = readdirSync(`${ROOT}www/pkg/snippets`, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(ROOT, join(d.parentPath ?? d.path, d.name)))
    .sort();
  assert.deepEqual(snippets, onDisk);
  const glue = readFileSync(`${ROOT}www/pkg/tekstlens.js`, 'utf8');
  const imported = [...glue.matchAll(/from '\.\/(snippets\/[^']+)'/g)].map((m) => `www/pkg/${m[1]}`);
  assert.ok(imported.length > 0, 'tekstlens.js imports its snippets');
  for (const f of imported) assert.ok(snippets.includes(f), `${f} (imported by tekstlens.js) is packed`);
  assert.deepEqual(files.filter((f) => !snippets.includes(f)), [
    'LICENSE-APACHE',
    'LICENSE-MIT',
    'README.md',
    'data/gazetteers/LICENSE-CLDR-unicode.txt',
    'data/gazetteers/LICENSE-polder-CC0.txt',
    'data/stopwords/LICENSE-snowball-BSD.txt',
    'package.json',
    'www/pkg/DATA.md',
    'www/pkg/LICENSE-CLDR-unicode.txt',
    'www/pkg/LICENSE-model-CC-BY-SA-4.0.txt',
    'www/pkg/LICENSE-polder-CC0.txt',
    'www/pkg/tekstlens-gazetteers.txt',
    'www/pkg/tekstlens-nl.model',
    'www/pkg/tekstlens.d.ts',
    'www/pkg/tekstlens.js',
    'www/pkg/tekstlens_bg.wasm',
    'www/pkg/tekstlens_bg.wasm.d.ts',
    'www/tekst-lens.d.ts',
    'www/tekst-lens.js',
    'www/tekstlens-data.js',
    'www/tekstlens-worker.js',
  ]);
  console.log(`# npm pack: ${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked`);
});

test('package.json: name, module type, exports, types, licence', () => {
  assert.equal(pkg.name, 'tekstlens');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.equal(pkg.private, undefined);
  assert.equal(pkg.types, './www/tekst-lens.d.ts');
  assert.deepEqual(pkg.exports['.'], { types: './www/tekst-lens.d.ts', default: './www/tekst-lens.js' });
  assert.deepEqual(pkg.exports['./core'], { types: './www/pkg/tekstlens.d.ts', default: './www/pkg/tekstlens.js' });
  for (const target of Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))) {
    assert.ok(existsSync(`${ROOT}${target}`), `${target} exists`);
  }
  // Self-reference through `exports` resolves as a consumer's would.
  assert.equal(import.meta.resolve('tekstlens'), new URL('www/tekst-lens.js', `file://${ROOT}`).href);
  assert.equal(import.meta.resolve('tekstlens/core'), new URL('www/pkg/tekstlens.js', `file://${ROOT}`).href);
});

test('the TypeScript declarations compile against a usage sample (tsc --strict)', () => {
  const tsc = `${ROOT}node_modules/typescript/bin/tsc`;
  try {
    execFileSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url))], { cwd: ROOT, encoding: 'utf8' });
  } catch (err) {
    assert.fail(`tsc failed:\n${err.stdout}${err.stderr}`);
  }
});

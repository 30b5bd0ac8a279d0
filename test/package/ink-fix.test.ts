/**
 * Ink 6.8.0's incremental-render fix (tui/ink-fix/): applied to the bundled copy at build time and,
 * for runs from source, by a load hook — never by writing into node_modules.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleDashboard } from '../../scripts/build.mjs';
import { fixInkLogUpdate, fixYogaWasm } from '../../tui/ink-fix/fix.mjs';
import { load } from '../../tui/ink-fix/hook.mjs';
import { makeTmpDir } from '../helpers/tmp.ts';

const LOG_UPDATE = join(dirname(fileURLToPath(import.meta.resolve('ink'))), 'log-update.js');
const BUGGY = 'cursorUp(previousVisible - 1)';
const FIXED = 'cursorUp(previousLines.length - 1)';

test('the fix: buggy line replaced once, fixed source kept, unknown source reported', () => {
  const buggy = `a;\nbuffer.push(ansiEscapes.${BUGGY});\nb;`;
  assert.deepEqual(fixInkLogUpdate(buggy), { status: 'fixed', source: `a;\nbuffer.push(ansiEscapes.${FIXED});\nb;` });
  assert.deepEqual(fixInkLogUpdate(`buffer.push(ansiEscapes.${FIXED});`), { status: 'already', source: `buffer.push(ansiEscapes.${FIXED});` });
  assert.equal(fixInkLogUpdate('export default 1;').status, 'missing');
  assert.equal(fixInkLogUpdate(`${buggy}\n${buggy}`).status, 'missing', 'two copies: not the file the fix was written for');
});

test('the load hook fixes Ink as it loads, and leaves other modules alone', async () => {
  const source = readFileSync(LOG_UPDATE);
  const url = pathToFileURL(LOG_UPDATE).href;
  const next = async () => ({ format: 'module', source });
  const fixed = await load(url, {}, next);
  assert.ok(String(fixed.source).includes(FIXED));
  assert.ok(!String(fixed.source).includes(BUGGY));
  const other = await load('file:///x/other.js', {}, next);
  assert.equal(other.source, source);
});

const YOGA_WASM = join(dirname(fileURLToPath(import.meta.resolve('yoga-layout'))), '..', 'binaries', 'yoga-wasm-base64-esm.js');

test('Yoga gets its WebAssembly bytes without fetch: undici is never loaded', async () => {
  const fixed = fixYogaWasm(readFileSync(YOGA_WASM, 'utf8'));
  assert.equal(fixed.status, 'fixed');
  assert.deepEqual(fixYogaWasm(fixed.source), { status: 'already', source: fixed.source });
  assert.equal(fixYogaWasm('export default 1;').status, 'missing');
  // Loaded in a fresh node: Yoga lays out, and `fetch` (whose first touch loads undici) was never read.
  const { dir, cleanup } = makeTmpDir('svtui-yoga-');
  try {
    writeFileSync(join(dir, 'yoga.mjs'), fixed.source);
    const probe = [
      "let touched = false; const f = Object.getOwnPropertyDescriptor(globalThis, 'fetch');",
      "Object.defineProperty(globalThis, 'fetch', { configurable: true, get() { touched = true; return f.get ? f.get.call(globalThis) : f.value; } });",
      `const Yoga = await (await import(${JSON.stringify(pathToFileURL(join(dir, 'yoga.mjs')).href)})).default();`,
      "const wasm = Object.keys(Yoga).length > 0 && typeof Yoga.Node === 'function';",
      'process.stdout.write(JSON.stringify({ wasm, touched }));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { wasm: true, touched: false });
  } finally {
    cleanup();
  }
});

test('the dashboard bundle carries the fix and node_modules is not written', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = makeTmpDir('svtui-bundle-');
  t.after(cleanup);
  const before = statSync(LOG_UPDATE).mtimeMs;
  const { inkFixed, inputs } = await bundleDashboard(dir, { minify: false });
  assert.deepEqual(inkFixed.map((p: string) => p.slice(p.lastIndexOf('node_modules') + 13)).sort(), [
    join('ink', 'build', 'log-update.js'),
    join('ink', 'build', 'measure-text.js'),
    join('ink', 'build', 'output.js'),
    join('ink', 'build', 'render-node-to-output.js'),
    join('ink', 'build', 'render.js'),
    join('ink', 'build', 'sanitize-ansi.js'),
    join('yoga-layout', 'dist', 'binaries', 'yoga-wasm-base64-esm.js'),
  ]);
  assert.ok(readFileSync(join(dir, 'run.js'), 'utf8').includes('inkGet'), 'the fast Output#get is in the bundle');
  const bundle = readFileSync(join(dir, 'run.js'), 'utf8');
  assert.ok(bundle.includes('previousLines.length - 1'), 'the fixed line is in the bundle');
  assert.ok(!bundle.includes('previousVisible - 1)'), 'the buggy line is not');
  assert.ok(bundle.includes('flushFrame: () => instance.throttledOnRender?.flush()'), 'render() returns flushFrame (key frames)');
  assert.equal(statSync(LOG_UPDATE).mtimeMs, before);
  assert.ok(inputs.some((i: string) => i.includes('node_modules/react/')), 'React is bundled');
  assert.ok(!readFileSync(join(dir, 'main.js'), 'utf8').includes('react'), 'the entry before the first frame does not load React');
  assert.match(readFileSync(join(dir, 'THIRD_PARTY_LICENSES'), 'utf8'), /^ink 6\.8\.0$/m);
});

/**
 * Facts about the Ink packages the dashboard is built on (see the README design note):
 * ink-table cannot be loaded with Ink 6, and the installed Ink carries our incremental-render fix.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('ink-table 3.1.0 does not load with Ink 6 (CommonJS require of an ESM graph with top-level await)', async () => {
  await assert.rejects(import('ink-table'), (err: NodeJS.ErrnoException) => {
    assert.equal(err.code, 'ERR_REQUIRE_ASYNC_MODULE');
    return true;
  });
});

test('the installed Ink 6.8.0 has the incremental-render fix (postinstall tui/patch-ink.mjs)', () => {
  const build = dirname(fileURLToPath(import.meta.resolve('ink')));
  const pkg = JSON.parse(readFileSync(join(build, '..', 'package.json'), 'utf8')) as { version: string };
  const src = readFileSync(join(build, 'log-update.js'), 'utf8');
  assert.equal(pkg.version, '6.8.0');
  assert.ok(src.includes('ansiEscapes.cursorUp(previousLines.length - 1)'), 'run `node tui/patch-ink.mjs` (npm install does)');
  assert.ok(!src.includes('ansiEscapes.cursorUp(previousVisible - 1)'));
});

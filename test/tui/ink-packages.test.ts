/**
 * Facts about the Ink packages the dashboard is built on (see the README design note):
 * ink-table cannot be loaded with Ink 6 (Ink's incremental-render fix: test/package/ink-fix.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('ink-table 3.1.0 does not load with Ink 6 (CommonJS require of an ESM graph with top-level await)', async () => {
  await assert.rejects(import('ink-table'), (err: NodeJS.ErrnoException) => {
    assert.equal(err.code, 'ERR_REQUIRE_ASYNC_MODULE');
    return true;
  });
});

/** A seeded 2,000-request slice of `npm run fuzz`: same generator, same checks, a few seconds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzDaemon } from './fuzz-daemon.ts';

test('2,000 hostile requests over the unix socket and TCP: no crash, no 5xx, no bad answer, programs undisturbed, RSS bounded', async () => {
  const r = await fuzzDaemon({ seed: 9, count: 2000, concurrency: 16, maxMs: 60_000, hugeEvery: 1000, slowEvery: 500 });
  assert.equal(r.requests, 2000);
  assert.equal(r.crashes, 0);
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.internalErrors, []);
  assert.deepEqual(r.disturbed, []);
  for (const family of ['wrong-arity', 'wrong-type', 'hostile-name', 'mutated-xml', 'smuggling', 'traversal', 'deep-nesting', 'non-utf8', 'huge-body', 'slow-client']) {
    assert.ok((r.families[family] ?? 0) > 0, `the slice covers ${family}`);
  }
  // Two 8 MiB bodies are refused while streaming, never held whole more than once at a time.
  assert.ok(r.peakRssKiB < 400 * 1024, `peak RSS ${r.peakRssKiB} KiB`);
});

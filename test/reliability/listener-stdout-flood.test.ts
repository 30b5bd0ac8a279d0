/**
 * An event listener flooding its protocol channel (stdout): a huge result body, or bytes without
 * a newline. The parser looks at each byte once and stores none of the flood, so the daemon keeps
 * answering while it arrives and its memory stays flat; the protocol verdicts are 4.2.5's
 * (a body other than OK rejects; a result line past 1 KiB is a violation → UNKNOWN).
 * The 200 MB figures (the slowest call during the flood) come from `npm run fuzz -- --load`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listenerFlood } from './flood.ts';

const FLOOD = 50 * 1024 * 1024;

test('a listener answering with a 50 MB result body: rejected, sent again, then processed; the daemon serves meanwhile, memory flat', async (t) => {
  await listenerFlood('body', FLOOD, async (d, r) => {
    t.diagnostic(`50 MB body: ${r.calls} getState calls during the flood, slowest ${r.maxMs.toFixed(0)} ms; RSS grew ${r.grewMiB.toFixed(0)} MiB`);
    assert.match(d.mainLog(), /WARN flood: event was rejected/);
    assert.equal((await d.client.getProcessInfo('flood')).statename, 'RUNNING');
    assert.ok(r.grewMiB < 48, `RSS grew ${r.grewMiB.toFixed(0)} MiB for a 50 MB flood`);
  });
});

test('a listener writing 50 MB without a newline: UNKNOWN once past 1 KiB, the rest read and dropped; the daemon serves meanwhile, memory flat', async (t) => {
  await listenerFlood('noline', FLOOD, async (d, r) => {
    t.diagnostic(`50 MB without newline: slowest getState ${r.maxMs.toFixed(0)} ms; RSS grew ${r.grewMiB.toFixed(0)} MiB`);
    assert.match(d.mainLog(), /WARN flood: bad result line: 'x{80}\.\.\. \(longer than 1024 bytes\)'/);
    assert.match(d.mainLog(), /WARN flood: has entered the UNKNOWN state/);
    assert.equal((await d.client.getState()).statename, 'RUNNING');
    assert.ok(r.grewMiB < 48, `RSS grew ${r.grewMiB.toFixed(0)} MiB for a 50 MB flood`);
  });
});

/**
 * Python's xmlrpc.client (what monitoring scripts use) calls every method once against our
 * daemon and against supervisord; the normalized results must be equal, call by call.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, runProcess } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { BASE_CONFIG } from './configs.ts';
import { PYTHON } from '../helpers/daemon.ts';
import { interopSkipReason, startPair, type Pair } from './harness.ts';

const skip = interopSkipReason();
if (skip) console.log(`# skipping interop with xmlrpc.client: ${skip}`);

const SCRIPT = join(ROOT, 'test/interop/call-every-method.py');

describe('xmlrpc.client against our daemon and supervisord', { skip }, () => {
  let pair: Pair;
  before(async () => {
    pair = await startPair(BASE_CONFIG);
    await waitFor(
      async () => {
        const r = await pair.both((d) => d.ctl(['status', 'sleeper', 'grp:g1', 'multi:*']));
        return r.ours.code === 0 && r.real.code === 0;
      },
      { timeoutMs: 20_000, intervalMs: 200, message: 'autostart on both sides' },
    );
  });
  after(async () => {
    await pair?.close();
  });

  it('every method gives the same normalized result', async () => {
    const r = await pair.both((d) => runProcess(PYTHON, [SCRIPT, d.sock, d.dir], { timeoutMs: 60_000 }));
    assert.equal(r.real.code, 0, r.real.stderr);
    assert.equal(r.ours.code, 0, r.ours.stderr);
    const ours = r.ours.stdout.trimEnd().split('\n');
    const real = r.real.stdout.trimEnd().split('\n');
    assert.ok(real.length >= 50, `the script ran every call (${real.length} lines)`);
    for (let i = 0; i < real.length; i++) assert.equal(ours[i], real[i]);
    assert.equal(ours.length, real.length);
  });
});

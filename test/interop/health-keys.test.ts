/**
 * One config serves both daemons: every depends_on / healthcheck* key and `[supervisord]
 * metrics` runs unchanged under the real supervisord 4.2.5 (which ignores them), and the real
 * supervisorctl shows both sides alike once everything is up. Only ours waits for the health
 * check before starting the dependent, and only ours answers supervisortui.getAllHealth.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/client/index.ts';
import { fetchAllHealth } from '../../src/client/health.ts';
import { LiveSource } from '../../tui/effects/live.ts';
import type { ProcessRow, Snapshot } from '../../tui/model.ts';
import { buildRows } from '../../tui/rows.ts';
import { freePort } from '../helpers/daemon.ts';
import { waitFor } from '../helpers/wait.ts';
import { FIXTURES, findLine } from '../health/helpers.ts';
import { COMMON } from './configs.ts';
import { interopSkipReason, mask, startPair, type Daemon, type Pair } from './harness.ts';

const skip = interopSkipReason();
if (skip) console.log(`# skipping interop of the health keys: ${skip}`);

// [supervisord] gains our metrics key: 4.2.5 must ignore it too.
const TEMPLATE = `${COMMON.replace('nodaemon=true\n', 'nodaemon=true\nmetrics = true\n')}
[program:db]
command = node ${join(FIXTURES, 'late-listen.mjs')} {PORT} 500
healthcheck = tcp://127.0.0.1:{PORT}
healthcheck_interval = 0.3
healthcheck_timeout = 2
healthcheck_retries = 5
healthcheck_start_period = 1
healthcheck_action = restart

[program:web]
command = node ${join(FIXTURES, 'idle.mjs')}
depends_on = db
healthcheck = cmd:true
healthcheck_interval = 5
`;

describe('the health keys under the real supervisord 4.2.5', { skip }, () => {
  let pair: Pair;
  before(async () => {
    const [o, r] = [await freePort(), await freePort()];
    pair = await startPair(TEMPLATE, { ours: { PORT: String(o) }, real: { PORT: String(r) } });
  });
  after(async () => {
    await pair?.close();
  });

  it('starts everything on both; supervisorctl status reads alike', async () => {
    const allRunning = async (d: Daemon): Promise<boolean> => {
      const r = await d.ctl(['status']);
      return r.code === 0 && r.stdout.split('\n').filter((l) => / RUNNING /.test(l)).length === 2;
    };
    await waitFor(async () => (await allRunning(pair.ours)) && (await allRunning(pair.real)), { timeoutMs: 30_000, message: 'both sides RUNNING' });
    const r = await pair.both((d) => d.ctl(['status']));
    assert.equal(mask(r.ours.stdout, pair.ours.dir), mask(r.real.stdout, pair.real.dir));
    assert.equal(r.ours.code, r.real.code);
    // The real one started web at once; ours waited for db's check.
    assert.ok(findLine(join(pair.ours.dir, 'supervisord.log'), /waiting for db before starting 'web'/));
  });

  it('health: ours reports it, the real supervisord has none (UNKNOWN_METHOD → null)', async () => {
    const ours = createClient({ serverurl: `unix://${pair.ours.sock}` });
    const real = createClient({ serverurl: `unix://${pair.real.sock}` });
    try {
      await waitFor(async () => (await fetchAllHealth(ours))?.every((h) => h.health === 'healthy'), { timeoutMs: 30_000, message: 'ours healthy' });
      assert.equal(await fetchAllHealth(real), null);
    } finally {
      ours.close();
      real.close();
    }
  });

  it('the dashboard source: health rows from ours (a HEALTH cell per checked process), none from the real one', async () => {
    const snapshotOf = async (sock: string, want: (s: Snapshot) => boolean): Promise<Snapshot> => {
      const client = createClient({ serverurl: `unix://${sock}` });
      let last: Snapshot | null = null;
      const poller = new LiveSource(client, { snapshot: (s: Snapshot) => (last = s), server: () => {}, connection: () => {} }, { intervalMs: 200, label: 'x', isPaused: () => false, statsWanted: () => new Set() });
      poller.start();
      try {
        return await waitFor(() => (last !== null && want(last) ? last : null), { timeoutMs: 30_000, message: 'a snapshot' });
      } finally {
        poller.stop();
        client.close();
      }
    };
    const ours = await snapshotOf(pair.ours.sock, (s) => s.health?.get('web')?.health === 'healthy');
    const cells = buildRows(ours, { collapsed: new Set(), filter: '', sort: { column: null, inverted: false } }).map((r) => [r.key, (r as ProcessRow).health]);
    assert.deepEqual(cells, [
      ['db', 'healthy'],
      ['web', 'healthy'],
    ]);
    const real = await snapshotOf(pair.real.sock, (s) => s.infos.length === 2);
    assert.ok(real.health == null);
  });
});

/**
 * An event listener flooding its stderr while it handles events: every event still arrives, the
 * flood lands in its log, the daemon keeps answering with flat memory. (Listeners that die
 * mid-event, never answer, or write garbage are covered in test/events: slow-listener.test.ts
 * and attach.test.ts, against the real supervisord too.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { startDaemon } from './daemon.ts';

test('a listener flooding stderr: no event lost, the daemon serves, memory stays flat', async (t) => {
  const script = join(ROOT, 'test/reliability/fixtures/flooding-listener.sh');
  const d = await startDaemon({
    programs:
      `[eventlistener:flood]\ncommand=sh ${script} {DIR}/headers\nevents=PROCESS_STATE_RUNNING\nbuffer_size=100\nstderr_logfile={DIR}/flood.err\nstderr_logfile_maxbytes=5MB\nstderr_logfile_backups=1\n` +
      `[program:w]\ncommand=sleep 100000\nstartsecs=0\nautostart=false\n`,
  });
  try {
    await waitFor(async () => (await d.client.getProcessInfo('flood')).statename === 'RUNNING', { message: 'listener RUNNING' });
    const before = d.memory().rssKiB;
    const cycles = 15;
    for (let i = 0; i < cycles; i++) {
      await d.client.startProcess('w', true);
      await d.client.stopProcess('w', true);
    }
    const headers = join(d.dir, 'headers');
    const count = (): number => (existsSync(headers) ? readFileSync(headers, 'utf8').split('\n').filter((l) => l.includes('eventname:PROCESS_STATE_RUNNING')).length : 0);
    // The listener's own RUNNING event plus one per cycle of w.
    await waitFor(() => count() >= cycles + 1, { timeoutMs: 30_000, message: `${cycles + 1} events (got ${count()}; ${d.mainLog().split('\n').slice(-6).join(' / ').slice(0, 800)})` });
    assert.equal(count(), cycles + 1);
    const serials = readFileSync(headers, 'utf8').trim().split('\n').map((l) => Number(/ serial:(\d+)/.exec(l)?.[1]));
    assert.equal(new Set(serials).size, serials.length, 'each event once');
    // The flood landed in the log (rotated at 5 MB: the live file may be between rename and re-creation).
    const logged = ['flood.err', 'flood.err.1'].map((f) => join(d.dir, f)).filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
    assert.ok(logged > 5_000_000, `${logged} bytes of stderr logged`);
    assert.equal((await d.client.getState()).statename, 'RUNNING');
    const grew = (d.memory().peakKiB - before) / 1024;
    t.diagnostic(`${(cycles + 1) * 2} MB of listener stderr; daemon RSS grew ${grew.toFixed(0)} MiB`);
    assert.ok(grew < 64, `RSS grew ${grew.toFixed(0)} MiB`);
  } finally {
    await d.stop();
  }
});

/**
 * An event listener flooding its protocol channel (stdout): a huge result body, or bytes without
 * a newline. The parser looks at each byte once and stores none of the flood, so the daemon keeps
 * answering while it arrives and its memory stays flat; the protocol verdicts are 4.2.5's
 * (a body other than OK rejects; a result line past 1 KiB is a violation → UNKNOWN).
 * The 200 MB figures (latency of every call during the flood) come from `npm run fuzz -- --load`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { startDaemon, type RunningDaemon } from './daemon.ts';
import { callsDuring } from './flood.ts';

const SCRIPT = join(ROOT, 'test/reliability/fixtures/stdout-flooding-listener.sh');
const FLOOD = 50 * 1024 * 1024;

function listener(mode: 'body' | 'noline'): string {
  return (
    `[eventlistener:flood]\ncommand=sh ${SCRIPT} ${mode} ${FLOOD} {DIR}/headers\nevents=PROCESS_STATE_RUNNING\nstdout_logfile=NONE\n` +
    `[program:w]\ncommand=sleep 100000\nstartsecs=0\nautostart=false\n`
  );
}

/** Whether the listener (pid) has written its whole flood: it then execs sleep. */
function sleeping(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep');
  } catch {
    return false;
  }
}

async function flooded(d: RunningDaemon, done: (pid: number) => boolean | Promise<boolean>): Promise<{ calls: number; maxMs: number; grewMiB: number }> {
  await waitFor(async () => (await d.client.getProcessInfo('flood')).statename === 'RUNNING', { message: 'listener RUNNING' });
  const pid = (await d.client.getProcessInfo('flood')).pid;
  const before = d.memory().rssKiB;
  await d.client.startProcess('w', true); // its event about w: the listener floods
  const r = await callsDuring(d.client, () => done(pid), 60_000);
  return { ...r, grewMiB: (d.memory().peakKiB - before) / 1024 };
}

test('a listener answering with a 50 MB result body: rejected, sent again, then processed; the daemon serves meanwhile, memory flat', async (t) => {
  const d = await startDaemon({ programs: listener('body') });
  try {
    const headers = join(d.dir, 'headers');
    const r = await flooded(d, () => existsSync(headers) && readFileSync(headers, 'utf8').includes('processname:w'));
    t.diagnostic(`50 MB body: ${r.calls} getState calls during the flood, slowest ${r.maxMs.toFixed(0)} ms; RSS grew ${r.grewMiB.toFixed(0)} MiB`);
    assert.ok(r.calls > 0);
    assert.match(d.mainLog(), /WARN flood: event was rejected/);
    assert.equal((await d.client.getProcessInfo('flood')).statename, 'RUNNING');
    assert.ok(r.grewMiB < 48, `RSS grew ${r.grewMiB.toFixed(0)} MiB for a 50 MB flood`);
  } finally {
    await d.stop();
  }
});

test('a listener writing 50 MB without a newline: UNKNOWN once past 1 KiB, the rest ignored; the daemon serves meanwhile, memory flat', async (t) => {
  const d = await startDaemon({ programs: listener('noline') });
  try {
    // Past the first KiB it is UNKNOWN; the rest is read and dropped, so the listener gets to write it all.
    const r = await flooded(d, (pid) => sleeping(pid));
    t.diagnostic(`50 MB without newline: slowest getState ${r.maxMs.toFixed(0)} ms; RSS grew ${r.grewMiB.toFixed(0)} MiB`);
    assert.match(d.mainLog(), /WARN flood: bad result line: 'x{80}\.\.\. \(longer than 1024 bytes\)'/);
    assert.match(d.mainLog(), /WARN flood: has entered the UNKNOWN state/);
    assert.equal((await d.client.getState()).statename, 'RUNNING');
    assert.ok(r.grewMiB < 48, `RSS grew ${r.grewMiB.toFixed(0)} MiB for a 50 MB flood`);
  } finally {
    await d.stop();
  }
});

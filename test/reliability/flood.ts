/**
 * An event listener flooding its protocol channel (fixtures/stdout-flooding-listener.sh), with
 * getState called in a loop meanwhile: how many calls, the slowest one, and the daemon's growth.
 * Used by listener-stdout-flood.test.ts (50 MB) and the load run (`npm run fuzz -- --load`, 200 MB).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SupervisorClient } from '../../src/client/index.ts';
import { ROOT } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { startDaemon, type RunningDaemon } from './daemon.ts';

const SCRIPT = join(ROOT, 'test/reliability/fixtures/stdout-flooding-listener.sh');

/** body: `RESULT n` then n bytes; noline: n bytes without a newline. */
export type FloodMode = 'body' | 'noline';

export interface FloodFigures {
  calls: number;
  maxMs: number;
  grewMiB: number;
}

export async function callsDuring(client: SupervisorClient, done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<{ calls: number; maxMs: number }> {
  const deadline = Date.now() + timeoutMs;
  let calls = 0;
  let maxMs = 0;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`the flood did not end within ${timeoutMs} ms (${calls} calls, slowest ${maxMs.toFixed(0)} ms)`);
    const t0 = performance.now();
    await client.getState();
    maxMs = Math.max(maxMs, performance.now() - t0);
    calls++;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { calls, maxMs };
}

/** Whether the listener (pid) has written its whole flood: it then execs sleep. */
function sleeping(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep');
  } catch {
    return false;
  }
}

/** The flood's end as the daemon sees it: the event after it arrived (body), or the listener wrote it all (noline). */
function floodOver(d: RunningDaemon, mode: FloodMode, pid: number): boolean {
  if (mode === 'noline') return sleeping(pid);
  try {
    return readFileSync(join(d.dir, 'headers'), 'utf8').includes('processname:w');
  } catch {
    return false;
  }
}

/** Run one flood of `bytes` against a fresh daemon; `check` sees the daemon before it stops. */
export async function listenerFlood(mode: FloodMode, bytes: number, check: (d: RunningDaemon, r: FloodFigures) => Promise<void> = async () => {}): Promise<FloodFigures> {
  const d = await startDaemon({
    programs:
      `[eventlistener:flood]\ncommand=sh ${SCRIPT} ${mode} ${bytes} {DIR}/headers\nevents=PROCESS_STATE_RUNNING\nstdout_logfile=NONE\n` +
      `[program:w]\ncommand=sleep 100000\nstartsecs=0\nautostart=false\n`,
  });
  try {
    await waitFor(async () => (await d.client.getProcessInfo('flood')).statename === 'RUNNING', { message: 'listener RUNNING' });
    const pid = (await d.client.getProcessInfo('flood')).pid;
    const before = d.memory().rssKiB;
    await d.client.startProcess('w', true); // its event about w: the listener floods
    const r = await callsDuring(d.client, () => floodOver(d, mode, pid), 300_000);
    const figures = { ...r, grewMiB: (d.memory().peakKiB - before) / 1024 };
    await check(d, figures);
    return figures;
  } finally {
    await d.stop();
  }
}

/**
 * The daemon scenarios, run the same way against either daemon through our client (src/client).
 * Each function starts its own daemon, records into `samples` under `who`, and stops it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { SupervisorClient } from '../../src/client/index.ts';
import { ProcessStates } from '../../src/protocol/states.ts';
import { programName } from './config.ts';
import { clientFor, startDaemon, SUPERVISORCTL, type Kind, type RunningDaemon } from './daemon.ts';
import { OURS_BIN } from './paths.ts';
import { rawCall } from './raw-call.ts';
import { mainLog, waitRunningEntries, runningEntries } from './mainlog.ts';
import { childPids, commOf, cpuMs, rssAnonMiB, rssMiB } from './proc.ts';
import { quantile, median } from './stats.ts';
import type { Samples } from './samples.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Sizes {
  /**
   * Idle time after start-up before RSS and idle CPU are read. V8's memory reducer runs a one-off full
   * GC ~8 s after the start-up burst (~30 ms CPU, and the heap shrinks from ~17 to ~9 MB committed): a
   * reading before it measures start-up, not idling.
   */
  settleMs: number;
  idleCpuMs: number;
  gapiCalls100: number;
  gapiCalls500: number;
  gpiCalls: number;
  concurrentMs: number;
  statusRuns: number;
  startStopRuns: number;
  restartRuns: number;
  /**
   * Crash loop: time to reach its steady rate — and past V8's one-off memory-reducer GC ~8 s after
   * start (settleMs above), a start-up cost — then the measured window.
   */
  crashSettleMs: number;
  crashWindowMs: number;
}

export const FULL: Sizes = { settleMs: 12_000, idleCpuMs: 10_000, gapiCalls100: 300, gapiCalls500: 40, gpiCalls: 500, concurrentMs: 3000, statusRuns: 5, startStopRuns: 3, restartRuns: 10, crashSettleMs: 12_000, crashWindowMs: 20_000 };
export const QUICK: Sizes = { settleMs: 12_000, idleCpuMs: 10_000, gapiCalls100: 60, gapiCalls500: 12, gpiCalls: 150, concurrentMs: 1000, statusRuns: 3, startStopRuns: 1, restartRuns: 3, crashSettleMs: 12_000, crashWindowMs: 10_000 };

const SLEEP = { command: 'sleep 100000', autostart: true, autorestart: false, startsecs: 0 };

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

/** Children of the daemon that have exec'd `sleep`: a cheap progress probe that costs the daemon nothing. */
function sleepingChildren(pid: number): number {
  return childPids(pid).filter((c) => commOf(c) === 'sleep').length;
}

/** Wait until every one of n processes is RUNNING: /proc first (no load on the daemon), then RPC. */
async function allRunning(d: RunningDaemon, n: number, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (sleepingChildren(d.pid) < n) {
    if (performance.now() > deadline) throw new Error(`${d.kind}: only ${sleepingChildren(d.pid)} of ${n} children spawned`);
    await sleep(5);
  }
  for (;;) {
    const infos = await d.client.getAllProcessInfo();
    if (infos.length === n && infos.every((p) => p.state === ProcessStates.RUNNING)) return;
    if (performance.now() > deadline) throw new Error(`${d.kind}: not all ${n} RUNNING in time`);
    await sleep(10);
  }
}

async function latencies(n: number, call: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await timed(call))[0]);
  return out;
}

/** Launch → RPC ready and idle RSS with no programs. */
export async function bootEmpty(kind: Kind, s: Samples, sizes: Sizes): Promise<void> {
  const d = await startDaemon(kind);
  try {
    s.add('launch → RPC ready, ms', kind, d.launchMs);
    await sleep(sizes.settleMs);
    s.add('RSS idle N=0, MiB', kind, rssMiB(d.pid));
    s.add('RssAnon (private) idle N=0, MiB', kind, rssAnonMiB(d.pid));
  } finally {
    await d.stop();
  }
}

/** The idle-CPU windows read by startupWindows: 5 s each over the first 30 s after launch. */
export const STARTUP_WINDOWS = [0, 5, 10, 15, 20, 25] as const;
export const startupWindowMetric = (from: number): string => `CPU ${from}–${from + 5} s after launch, N=100 idle, ms`;

/**
 * Daemon CPU per 5 s window over the first 30 s after launch, 100 sleep programs, nothing asked of it
 * (issue 13 item 8): shows V8's one-off memory-reducer GC a few seconds after the start-up burst, which
 * an idle-CPU reading taken too early would count as idling.
 */
export async function startupWindows(kind: Kind, s: Samples): Promise<void> {
  const d = await startDaemon(kind, { ...SLEEP, count: 100 });
  try {
    // Windows are anchored at the spawn; startDaemon returned once RPC answered, inside the first one.
    let prev = 0;
    for (const from of STARTUP_WINDOWS) {
      await sleep(Math.max(0, d.spawnedAt + (from + 5) * 1000 - performance.now()));
      const now = cpuMs(d.pid);
      s.add(startupWindowMetric(from), kind, now - prev);
      prev = now;
    }
  } finally {
    await d.stop();
  }
}

/** `n` sleep programs: launch → all RUNNING, idle RSS, then the RPC measurements for that size. */
export async function bootFleet(kind: Kind, n: number, s: Samples, sizes: Sizes): Promise<void> {
  const d = await startDaemon(kind, { ...SLEEP, count: n });
  try {
    const entries = await waitRunningEntries(mainLog(d), n, 120_000, `${kind} launch of ${n}`);
    s.add(`launch → ${n} RUNNING, ms`, kind, Math.max(...entries.map((e) => e.at)) - d.spawnedWall);
    await allRunning(d, n);
    await sleep(sizes.settleMs);
    s.add(`RSS idle N=${n}, MiB`, kind, rssMiB(d.pid));
    s.add(`RssAnon (private) idle N=${n}, MiB`, kind, rssAnonMiB(d.pid));
    if (n === 100) {
      const c0 = cpuMs(d.pid);
      await sleep(sizes.idleCpuMs);
      s.add('idle CPU N=100, ms per 10 s', kind, ((cpuMs(d.pid) - c0) * 10_000) / sizes.idleCpuMs);
    }
    const gapi = await latencies(n === 100 ? sizes.gapiCalls100 : sizes.gapiCalls500, () => d.client.getAllProcessInfo());
    s.add(`getAllProcessInfo N=${n} p50, ms`, kind, median(gapi));
    s.add(`getAllProcessInfo N=${n} p99, ms`, kind, quantile(gapi, 0.99));
    // The same call without our client's decoding: what the daemon itself costs.
    const raw = await latencies(n === 100 ? sizes.gapiCalls100 : sizes.gapiCalls500, () => rawCall(d.socket, 'supervisor.getAllProcessInfo'));
    s.add(`getAllProcessInfo N=${n} p50, raw HTTP without decoding, ms`, kind, median(raw));
    if (n === 100) await rpcAtHundred(d, s, sizes);
  } finally {
    await d.stop();
  }
}

async function rpcAtHundred(d: RunningDaemon, s: Samples, sizes: Sizes): Promise<void> {
  const kind = d.kind;
  const names = Array.from({ length: 100 }, (_, i) => programName(i, 100));
  let k = 0;
  const gpi = await latencies(sizes.gpiCalls, () => d.client.getProcessInfo(names[k++ % names.length]!));
  s.add('getProcessInfo N=100 p50, ms', kind, median(gpi));
  s.add('4 clients, getProcessInfo calls/s', kind, await concurrent(d, names, 4, sizes.concurrentMs));
  for (let i = 0; i < sizes.statusRuns; i++) s.add('`status` wall time N=100, ms', kind, await statusWall(d, 100));
  for (let i = 0; i < sizes.startStopRuns; i++) {
    const [stopMs, stopped] = await timed(() => d.client.stopAllProcesses(true));
    if (stopped.length !== 100) throw new Error(`${kind}: stopAllProcesses returned ${stopped.length} results`);
    s.add('stopAllProcesses(wait) N=100, ms', kind, stopMs);
    const [startMs] = await timed(() => d.client.startAllProcesses(true));
    s.add('startAllProcesses(wait) N=100, ms', kind, startMs);
    await allRunning(d, 100);
  }
}

/** `clients` connections calling getProcessInfo back to back for `ms`: total calls per second. */
async function concurrent(d: RunningDaemon, names: string[], clients: number, ms: number): Promise<number> {
  const cs: SupervisorClient[] = Array.from({ length: clients }, () => clientFor(d.socket));
  let calls = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    cs.map(async (c, j) => {
      let k = j;
      while (performance.now() < end) {
        await c.getProcessInfo(names[k++ % names.length]!);
        calls++;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  for (const c of cs) c.close();
  return calls / secs;
}

/** One `status` run, whole process: our CLI against ours, the real supervisorctl against supervisord. */
function statusWall(d: RunningDaemon, n: number): Promise<number> {
  const [cmd, args] = d.kind === 'supervisord' ? [SUPERVISORCTL, ['-c', d.conf, 'status']] : [process.execPath, [OURS_BIN, '-c', d.conf, 'status']];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 1 << 24 }, (err, stdout) => {
      const ms = performance.now() - t0;
      const lines = stdout.split('\n').filter((l) => l.includes('RUNNING')).length;
      if (lines !== n) reject(new Error(`${d.kind} status printed ${lines} RUNNING lines of ${n}: ${err?.message ?? ''}`));
      else resolve(ms);
    });
  });
}

/** Unexpected exit (SIGKILL) → the replacement RUNNING, autorestart=true, startsecs=0. */
export async function restartAfterCrash(kind: Kind, s: Samples, sizes: Sizes): Promise<void> {
  const d = await startDaemon(kind, { ...SLEEP, autorestart: true, count: 1 });
  const name = programName(0, 1);
  try {
    await allRunning(d, 1);
    for (let i = 0; i < sizes.restartRuns; i++) {
      const before = await d.client.getProcessInfo(name);
      const seen = runningEntries(mainLog(d)).length;
      const t0 = Date.now();
      process.kill(before.pid, 'SIGKILL');
      const entries = await waitRunningEntries(mainLog(d), seen + 1, 30_000, `${kind} restart of ${name}`);
      s.add('unexpected exit → RUNNING again, ms', kind, entries[seen]!.at - t0);
      const after = await d.client.getProcessInfo(name);
      if (after.state !== ProcessStates.RUNNING || after.pid === before.pid) throw new Error(`${kind}: ${name} logged RUNNING but reports ${after.statename} pid ${after.pid}`);
      // One crash at a time: a process that keeps dying within a second is a crash loop, which ours
      // damps (restart_delay_max, see crashLoop below); this row is about recovering from one crash.
      await sleep(1100);
    }
  } finally {
    await d.stop();
  }
}

/** `spawned:` lines in a main log so far. */
function spawnCount(d: RunningDaemon): number {
  try {
    return (readFileSync(mainLog(d), 'utf8').match(/ INFO spawned: '/g) ?? []).length;
  } catch {
    return 0;
  }
}

/**
 * A crash loop (issue 13): one program that exits at once, startsecs=0, autorestart=true. After it
 * reached its steady rate, the daemon's own CPU and the spawn rate over a window.
 */
export async function crashLoop(kind: Kind, s: Samples, sizes: Sizes): Promise<void> {
  const d = await startDaemon(kind, { count: 1, command: '/bin/false', autostart: true, autorestart: true, startsecs: 0 });
  try {
    await sleep(sizes.crashSettleMs);
    const c0 = cpuMs(d.pid);
    const n0 = spawnCount(d);
    const t0 = performance.now();
    await sleep(sizes.crashWindowMs);
    const secs = (performance.now() - t0) / 1000;
    const cpu = cpuMs(d.pid) - c0;
    const spawns = spawnCount(d) - n0;
    s.add('crash loop: daemon CPU, ms per 10 s', kind, (cpu * 10) / secs);
    s.add('crash loop: spawns per s', kind, spawns / secs);
    // supervisord's rate wanders (0.85–1.0/s, its poll loop): CPU per spawn compares the work itself.
    if (spawns > 0) s.add('crash loop: daemon CPU per spawn, ms', kind, cpu / spawns);
  } finally {
    await d.stop();
  }
}

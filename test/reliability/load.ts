/**
 * Load scenarios, bounded for `npm test` and full for `npm run fuzz -- --load`:
 * many programs under one daemon (start all, stop all, reread/update) and many concurrent
 * clients polling getAllProcessInfo while children flood their logs; in the full run, an event
 * listener flooding 200 MB on its protocol channel while calls are timed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createClient } from '../../src/client/index.ts';
import { allRunning, startDaemon } from './daemon.ts';
import { listenerFlood } from './flood.ts';
import { waitFor } from '../helpers/wait.ts';

function sleeperSections(names: readonly string[], autostart: boolean): string {
  return names.map((n) => `[program:${n}]\ncommand=sleep 100000\nstartsecs=0\nautostart=${autostart}\nstdout_logfile=NONE\nstderr_logfile=NONE\n`).join('\n');
}

export interface ManyProgramsFigures {
  programs: number;
  startAllMs: number;
  stopAllMs: number;
  reloadMs: number;
  updateMs: number;
  /** Results the calls returned (one per process), for the caller's checks. */
  started: number;
  stopped: number;
  added: number;
  changed: number;
  removed: number;
  finalCount: number;
  peakRssKiB: number;
}

/** `n` programs: startAllProcesses, stopAllProcesses, then a config edit applied by reloadConfig + remove/add. */
export async function manyPrograms(n: number): Promise<ManyProgramsFigures> {
  const names = Array.from({ length: n }, (_, i) => `p${String(i).padStart(4, '0')}`);
  // minfds/minprocs above the defaults would be refused in small containers; 1,000 sleepers fit the defaults' limits.
  const d = await startDaemon({ programs: sleeperSections(names, false), startTimeoutMs: 60_000 });
  try {
    const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const t0 = performance.now();
      const v = await fn();
      return [v, performance.now() - t0];
    };
    const [started, startAllMs] = await time(() => d.client.startAllProcesses(true));
    await allRunning(d, n, 60_000);
    const [stopped, stopAllMs] = await time(() => d.client.stopAllProcesses(true));
    // Edit: drop the last tenth, add as many new ones, change the command of ten.
    const tenth = Math.max(1, Math.floor(n / 10));
    const kept = names.slice(0, n - tenth);
    const fresh = Array.from({ length: tenth }, (_, i) => `q${String(i).padStart(4, '0')}`);
    const changedNames = kept.slice(0, 10);
    const sections = [
      ...kept.map((name) =>
        changedNames.includes(name)
          ? `[program:${name}]\ncommand=sleep 100001\nstartsecs=0\nautostart=false\nstdout_logfile=NONE\nstderr_logfile=NONE\n`
          : sleeperSections([name], false),
      ),
      sleeperSections(fresh, false),
    ];
    d.rewrite({ programs: sections.join('\n') });
    const [diff, reloadMs] = await time(() => d.client.reloadConfig());
    const [, updateMs] = await time(async () => {
      // What `supervisorctl update` does: remove removed and changed groups, add added and changed ones.
      for (const g of [...diff.removed, ...diff.changed]) await d.client.removeProcessGroup(g);
      for (const g of [...diff.added, ...diff.changed]) await d.client.addProcessGroup(g);
    });
    const finalCount = (await d.client.getAllProcessInfo()).length;
    return {
      programs: n,
      startAllMs,
      stopAllMs,
      reloadMs,
      updateMs,
      started: started.length,
      stopped: stopped.length,
      added: diff.added.length,
      changed: diff.changed.length,
      removed: diff.removed.length,
      finalCount,
      peakRssKiB: d.memory().peakKiB,
    };
  } finally {
    await d.stop();
  }
}

/**
 * Whether `text` is a contiguous piece of `seq 1 N` output: from its first complete line on,
 * each line is the previous number plus one. The first line may be cut (rotation boundary) and
 * the last may be cut (the writer was stopped mid-write). Returns the line count or an error.
 */
export function checkSeqRun(text: string): { lines: number } | { error: string } {
  const start = text.indexOf('\n') + 1;
  if (start === 0) return { lines: 0 };
  const body = text.slice(start);
  const lines = body.split('\n');
  const tail = lines.pop() ?? ''; // after the last newline: a cut line or ''
  let prev = -1;
  for (let i = 0; i < lines.length; i++) {
    const v = Number(lines[i]);
    if (!/^\d+$/.test(lines[i]!) || (prev >= 0 && v !== prev + 1)) return { error: `line ${i + 1} of the run is ${JSON.stringify(lines[i])} after ${prev}` };
    prev = v;
  }
  if (tail !== '' && !String(prev + 1).startsWith(tail)) return { error: `cut last line ${JSON.stringify(tail)} does not continue ${prev}` };
  return { lines: lines.length };
}

/** A channel's log with its backups, oldest first, as one text. */
function logWithBackups(path: string, backups: number): string {
  const parts: string[] = [];
  for (let i = backups; i >= 1; i--) if (existsSync(`${path}.${i}`)) parts.push(readFileSync(`${path}.${i}`, 'latin1'));
  parts.push(readFileSync(path, 'latin1'));
  return parts.join('');
}

export interface ClientsFigures {
  clients: number;
  seconds: number;
  calls: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  flooders: number;
  /** Per flooder: lines checked contiguous across the log and its backups, or the first error. */
  logs: ({ lines: number } | { error: string })[];
  peakRssKiB: number;
}

const FLOODERS = 4;
const LOG_BACKUPS = 3;

/** `clients` concurrent clients calling getAllProcessInfo for `seconds` while four children flood their logs. */
export async function concurrentClients(clients: number, seconds: number, maxbytes: string): Promise<ClientsFigures> {
  const programs = Array.from(
    { length: FLOODERS },
    (_, i) =>
      `[program:flood${i}]\ncommand=seq 1 999999999999\nstartsecs=0\nautorestart=false\nstdout_logfile={DIR}/flood${i}.log\nstdout_logfile_maxbytes=${maxbytes}\nstdout_logfile_backups=${LOG_BACKUPS}\n`,
  );
  programs.push('[program:quiet]\ncommand=sleep 100000\nstartsecs=0\n');
  const d = await startDaemon({ programs: programs.join('\n') });
  try {
    await allRunning(d, FLOODERS + 1);
    const latencies: number[] = [];
    let errors = 0;
    const deadline = Date.now() + seconds * 1000;
    const loop = async (): Promise<void> => {
      const c = createClient({ serverurl: `unix://${d.sock}`, timeoutMs: 30_000 });
      try {
        while (Date.now() < deadline) {
          const t0 = performance.now();
          try {
            const infos = await c.getAllProcessInfo();
            if (infos.length !== FLOODERS + 1) errors++;
            latencies.push(performance.now() - t0);
          } catch {
            errors++;
          }
        }
      } finally {
        c.close();
      }
    };
    await Promise.all(Array.from({ length: clients }, loop));
    for (let i = 0; i < FLOODERS; i++) await d.client.stopProcess(`flood${i}`, true);
    // Output already in the pipes is drained before the stop completes; the files are then final.
    await waitFor(async () => (await d.client.getAllProcessInfo()).filter((p) => p.statename === 'STOPPED').length === FLOODERS);
    const logs = Array.from({ length: FLOODERS }, (_, i) => checkSeqRun(logWithBackups(`${d.dir}/flood${i}.log`, LOG_BACKUPS)));
    latencies.sort((a, b) => a - b);
    const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    return {
      clients,
      seconds,
      calls: latencies.length,
      errors,
      p50Ms: q(0.5),
      p99Ms: q(0.99),
      maxMs: latencies.at(-1) ?? 0,
      flooders: FLOODERS,
      logs,
      peakRssKiB: d.memory().peakKiB,
    };
  } finally {
    await d.stop();
  }
}

const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

/** Both scenarios, printed; true when every call answered and every log is exact. */
export async function runLoad(o: { full: boolean; print: (line: string) => void }): Promise<boolean> {
  const m = await manyPrograms(o.full ? 1000 : 200);
  o.print(
    `\nload: ${m.programs} programs: startAll ${m.startAllMs.toFixed(0)} ms (${m.started} results), stopAll ${m.stopAllMs.toFixed(0)} ms (${m.stopped}), ` +
      `reloadConfig ${m.reloadMs.toFixed(0)} ms (+${m.added} ~${m.changed} -${m.removed}), update ${m.updateMs.toFixed(0)} ms, ${m.finalCount} after; peak RSS ${mib(m.peakRssKiB)}`,
  );
  const c = await concurrentClients(50, o.full ? 30 : 3, o.full ? '20MB' : '2MB');
  o.print(
    `load: ${c.clients} clients × getAllProcessInfo for ${c.seconds} s with ${c.flooders} children flooding: ${c.calls} calls, ${c.errors} errors, ` +
      `p50 ${c.p50Ms.toFixed(1)} ms, p99 ${c.p99Ms.toFixed(1)} ms, max ${c.maxMs.toFixed(1)} ms; peak RSS ${mib(c.peakRssKiB)}`,
  );
  o.print(`load: flood logs ${c.logs.map((l) => ('error' in l ? `BROKEN (${l.error})` : `${l.lines} lines contiguous`)).join(', ')}`);
  // Full run only (tests never assert timings): an event listener flooding its protocol channel
  // with 200 MB while every call is timed; the target is no call slower than 250 ms.
  const floodBytes = 200 * 1024 * 1024;
  let floodOk = true;
  for (const mode of o.full ? (['body', 'noline'] as const) : []) {
    const f = await listenerFlood(mode, floodBytes);
    o.print(
      `load: listener flooding ${floodBytes / 1024 / 1024} MB on stdout (${mode === 'body' ? 'a result body' : 'no newline'}): ${f.calls} getState calls meanwhile, ` +
        `slowest ${f.maxMs.toFixed(0)} ms; RSS grew ${f.grewMiB.toFixed(0)} MiB`,
    );
    floodOk &&= f.maxMs < 250;
  }
  const tenth = Math.max(1, Math.floor(m.programs / 10));
  return (
    floodOk &&
    m.started === m.programs &&
    m.stopped === m.programs &&
    m.added === tenth &&
    m.removed === tenth &&
    m.finalCount === m.programs &&
    c.errors === 0 &&
    c.logs.every((l) => !('error' in l) && l.lines > 0)
  );
}

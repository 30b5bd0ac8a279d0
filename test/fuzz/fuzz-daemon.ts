/**
 * The whole fuzz run shared by `npm run fuzz` and the slice in `npm test`: a daemon with a few
 * programs on a unix socket and a loopback port, the campaign, then the checks that matter —
 * the daemon is the same live process, logged no crash and no 5xx, and every program is still
 * RUNNING with the pid it had before.
 */
import { join } from 'node:path';
import { allRunning, startDaemon } from '../reliability/daemon.ts';
import { heapNodeOptions, liveHeap, type HeapFigures } from '../reliability/heap.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { methodShapes, runCampaign, type CampaignResult } from './campaign.ts';

export const FUZZ_PROGRAMS = 3;

export interface FuzzReport extends CampaignResult {
  /** VmHWM of the daemon after the run, KiB. */
  peakRssKiB: number;
  rssBeforeKiB: number;
  crashes: number;
  /** Main-log lines that show an internal failure (uncaught exception, a method or request that threw). */
  internalErrors: string[];
  /** Programs whose state or pid changed. */
  disturbed: string[];
  /** The daemon's live heap after a full GC, before and after the campaign (with `heap`; null after a crash). */
  heap: { before: HeapFigures; after: HeapFigures | null; rssAfterGcKiB: number } | null;
}

export async function fuzzDaemon(o: { seed: number; count: number; concurrency: number; maxMs: number; hugeEvery?: number; slowEvery?: number; onProgress?: (n: number) => void; heap?: boolean }): Promise<FuzzReport> {
  const programs = Array.from(
    { length: FUZZ_PROGRAMS },
    (_, i) => `[program:fuzz${i}]\ncommand=sh -c 'echo started; exec sleep 100000'\nstartsecs=0\nstdout_logfile={DIR}/fuzz${i}.log\n`,
  ).join('\n');
  const snapshots = o.heap === true ? makeTmpDir('svheap-') : null;
  const snapDir = snapshots === null ? '' : join(snapshots.dir, 'snapshots');
  const d = await startDaemon({ programs, inet: '', ...(snapshots === null ? {} : { nodeOptions: heapNodeOptions(snapDir) }) });
  try {
    const before = await allRunning(d, FUZZ_PROGRAMS);
    const heapBefore = snapshots === null ? null : await liveHeap(d.pid, snapDir);
    const rssBeforeKiB = d.memory().rssKiB;
    const methods = await methodShapes(d.client);
    const result = await runCampaign(methods, {
      seed: o.seed,
      count: o.count,
      concurrency: o.concurrency,
      maxMs: o.maxMs,
      hugeEvery: o.hugeEvery,
      slowEvery: o.slowEvery,
      targets: [{ path: d.sock }, { port: d.port! }],
      daemonAlive: () => !d.exited(),
      sampleMemory: () => (d.exited() ? 0 : d.memory().rssKiB),
      onProgress: o.onProgress,
    });
    const crashes = d.exited() ? 1 : 0;
    const peakRssKiB = crashes === 0 ? d.memory().peakKiB : result.peakSampleKiB;
    const internalErrors = d
      .mainLog()
      .split('\n')
      .filter((l) => / CRIT uncaught| ERRO HTTP request .* failed| ERRO XML-RPC method .* failed/.test(l))
      .map((l) => l.slice(0, 300));
    const disturbed: string[] = [];
    if (crashes === 0) {
      const after = new Map((await d.client.getAllProcessInfo()).map((p) => [`${p.group}:${p.name}`, p]));
      for (const [name, pid] of before) {
        const p = after.get(name);
        if (p === undefined || p.statename !== 'RUNNING' || p.pid !== pid) disturbed.push(`${name}: ${p?.statename ?? 'gone'} pid ${p?.pid ?? '-'} (was ${pid})`);
      }
    }
    const heapAfter = heapBefore === null || crashes !== 0 ? null : await liveHeap(d.pid, snapDir);
    const heap = heapBefore === null ? null : { before: heapBefore, after: heapAfter, rssAfterGcKiB: heapAfter === null ? 0 : d.memory().rssKiB };
    return { ...result, peakRssKiB, rssBeforeKiB, crashes, internalErrors, disturbed, heap };
  } finally {
    await d.stop();
    snapshots?.cleanup();
  }
}

/**
 * `npm run fuzz [-- --seed N --count N --concurrency N --max-seconds N --load]`: the full fuzz
 * campaign (100,000 requests by default, loopback only) against a fresh daemon, then — with
 * --load — the full load runs. Prints a summary; exits 1 on any crash, 5xx, bad answer, internal
 * error in the daemon's log or disturbed program. The daemon's live heap is read from heap snapshots
 * (after a full GC) before and after the run: RSS alone does not tell a leak from uncollected garbage.
 */
import { parseArgs } from 'node:util';
import { fuzzDaemon, type FuzzReport } from './fuzz-daemon.ts';
import type { HeapFigures } from '../reliability/heap.ts';
import { runLoad } from '../reliability/load.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20261123' },
    count: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '32' },
    'max-seconds': { type: 'string', default: '900' },
    load: { type: 'boolean', default: false },
  },
});

const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

function printFuzz(r: FuzzReport): boolean {
  const v = r.verdicts;
  console.log(`\nfuzz: ${r.requests} requests in ${(r.elapsedMs / 1000).toFixed(1)} s (unix socket and TCP loopback)`);
  console.log(`  answers: ${v.fault} faults, ${v['4xx']} 4xx, ${v.value} values (mutations that stayed valid reads), ${v.silent} closed on an incomplete request, ${v.bad} bad`);
  console.log(`  half-closed clients (shutdown(SHUT_WR) right after the request): ${r.halfClosed.sent}, unanswered ${r.halfClosed.unanswered}`);
  console.log(`  families: ${Object.entries(r.families).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`  crashes: ${r.crashes}; internal errors logged: ${r.internalErrors.length}; programs disturbed: ${r.disturbed.length}`);
  console.log(`  daemon RSS: ${mib(r.rssBeforeKiB)} before, peak ${mib(r.peakRssKiB)}`);
  if (r.heap !== null) {
    const h = (f: HeapFigures): string => `${(f.liveBytes / 1048576).toFixed(1)} MiB (sockets ${f.counts.Socket}, requests ${f.counts.IncomingMessage}, responses ${f.counts.ServerResponse}, timers ${f.counts.Timeout})`;
    console.log(`  daemon live heap after a full GC (heap snapshot): ${h(r.heap.before)} before, ${r.heap.after === null ? 'none (crashed)' : `${h(r.heap.after)} after, RSS then ${mib(r.heap.rssAfterGcKiB)}`}`);
  }
  console.log(`  RSS by requests done: ${r.rssTrajectory.map(([n, kib]) => `${n / 1000}k ${mib(kib)}`).join(', ')}`);
  for (const f of r.failures) console.log(`  BAD #${f.index} ${f.family} over ${f.target}: ${f.detail}`);
  for (const l of r.internalErrors.slice(0, 10)) console.log(`  LOG ${l}`);
  for (const l of r.disturbed) console.log(`  DISTURBED ${l}`);
  return r.crashes === 0 && v.bad === 0 && r.internalErrors.length === 0 && r.disturbed.length === 0;
}

const count = Number(values.count);
let lastShown = 0;
const report = await fuzzDaemon({
  seed: Number(values.seed),
  count,
  concurrency: Number(values.concurrency),
  maxMs: Number(values['max-seconds']) * 1000,
  heap: true,
  onProgress: (n) => {
    if (n - lastShown >= 10_000) {
      lastShown = n;
      process.stderr.write(`  ${n}/${count}\n`);
    }
  },
});
let ok = printFuzz(report);
if (report.requests < count) {
  console.log(`  stopped at ${report.requests} of ${count} requests (time bound)`);
  ok = false;
}
if (values.load) ok = (await runLoad({ full: true, print: (l) => console.log(l) })) && ok;
process.exitCode = ok ? 0 : 1;

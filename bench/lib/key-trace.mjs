/**
 * Preloaded into the dashboard by `bench/fleet.ts --trace` (node --import): where a key's time
 * goes inside the dashboard. It stamps, on the wall clock the bench shares (timeOrigin + now):
 * each stdin read that carries a space, every terminal write, every
 * GC pause; and the event loop's delay. Written to BENCH_KEY_TRACE when the bench's U ends the
 * key window: nothing is written during it.
 */
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.BENCH_KEY_TRACE;
const wall = () => performance.timeOrigin + performance.now();
/** @type {{ keys: { at: number }[]; writes: number[]; gc: { at: number; ms: number }[] }} */
const trace = { keys: [], writes: [], gc: [] };
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) trace.gc.push({ at: performance.timeOrigin + e.startTime, ms: e.duration });
}).observe({ entryTypes: ['gc'] });

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => {
  trace.writes.push(wall());
  return write(...args);
};

// Ink reads keys on 'readable' with stdin.read(); a read that returns a space is one traced key.
const stdin = process.stdin;
const read = stdin.read.bind(stdin);
let keyAt = null;
stdin.read = (...args) => {
  const chunk = read(...args);
  // The bench's U (unmark all) ends the key window: the trace is written once, and the idle
  // window after it is measured unwatched.
  if (chunk !== null && String(chunk).includes('U')) {
    loop.disable();
    const ms = (p) => loop.percentile(p) / 1e6;
    if (file) writeFileSync(file, JSON.stringify({ ...trace, delay: { p50: ms(50), p99: ms(99), max: loop.max / 1e6 } }));
  }
  if (chunk !== null && String(chunk).includes(' ')) {
    // The loop's delay is of the key window only.
    if (trace.keys.length === 0 && keyAt === null) loop.reset();
    keyAt = wall();
  }
  return chunk;
};
const emit = stdin.emit.bind(stdin);
stdin.emit = (event, ...args) => {
  if (event !== 'readable') return emit(event, ...args);
  keyAt = null;
  const r = emit(event, ...args);
  if (keyAt !== null) trace.keys.push({ at: keyAt });
  return r;
};

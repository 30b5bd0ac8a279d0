/**
 * The long tasks in a V8 .cpuprofile: stretches where the main thread ran without a break, each
 * with the functions that held it (inclusive time), so a key that waited can be pinned on what ran.
 */
import { readFileSync } from 'node:fs';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuNode[];
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface LongTask {
  /** when it began, in µs of CLOCK_MONOTONIC (V8's profile clock; `process.hrtime.bigint() / 1000n`) */
  startUs: number;
  ms: number;
  /** inclusive ms by function, biggest first, without the frames every task shares */
  held: { fn: string; ms: number }[];
}

const GENERIC = new Set(['(root)', '(program)', '(garbage collector)', 'processTicksAndRejections', 'listOnTimeout', 'processTimers', 'emit', 'runMicrotasks']);

/** Stretches of at least `minMs` with no idle sample, beginning at `fromUs` (CLOCK_MONOTONIC µs) or later. */
export function longTasks(path: string, minMs: number, fromUs = 0, top = 8): LongTask[] {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  const tasks: LongTask[] = [];
  let at = p.startTime;
  let run: { start: number; us: number; held: Map<string, number> } | null = null;
  const close = () => {
    if (run !== null && run.us / 1000 >= minMs && run.start >= fromUs) {
      const held = [...run.held.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ fn, ms: us / 1000 }));
      tasks.push({ startUs: run.start, ms: run.us / 1000, held });
    }
    run = null;
  };
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    const us = deltas[i + 1] ?? 0;
    const node = byId.get(samples[i]!);
    if (!node || node.callFrame.functionName === '(idle)') {
      close();
      continue;
    }
    run ??= { start: at, us: 0, held: new Map() };
    run.us += us;
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      const name = f.functionName || '(anonymous)';
      if (GENERIC.has(name)) continue;
      const key = `${name} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      run.held.set(key, (run.held.get(key) ?? 0) + us);
    }
  }
  close();
  return tasks;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // node --import tsx bench/lib/long-tasks.ts FILE.cpuprofile [MIN_MS]: every long task, from the profile's start.
  const [file, min = '30'] = process.argv.slice(2);
  const tasks = longTasks(file!, Number(min));
  const origin = tasks[0]?.startUs ?? 0;
  for (const t of tasks) {
    console.log(`+${((t.startUs - origin) / 1e6).toFixed(2)} s: ${t.ms.toFixed(1)} ms`);
    for (const h of t.held) console.log(`   ${h.ms.toFixed(1).padStart(7)} ms  ${h.fn}`);
  }
}

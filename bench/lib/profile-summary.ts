/** Top functions by self time in a V8 .cpuprofile (what `node --cpu-prof` writes). */
import { readFileSync } from 'node:fs';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: CpuNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotSpot {
  fn: string;
  selfMs: number;
  share: number;
}

/**
 * `window`: only samples taken in it, in µs of CLOCK_MONOTONIC (V8's profile clock; the bench's
 * `process.hrtime.bigint() / 1000n`), so one stretch of a run (its idle window) can be looked at.
 */
export function hotSpots(path: string, top = 25, window?: { fromUs: number; toUs: number }): { totalMs: number; spots: HotSpot[] } {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let total = 0;
  let at = p.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (window !== undefined && (at < window.fromUs || at > window.toUs)) continue;
    const n = byId.get(samples[i]!);
    // The sample's duration is the next delta (V8 records the gap before each sample).
    const us = deltas[i + 1] ?? 0;
    if (!n) continue;
    const f = n.callFrame;
    if (f.functionName === '(idle)') continue;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  const spots = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, us]) => ({ fn, selfMs: us / 1000, share: us / total }));
  return { totalMs: total / 1000, spots };
}

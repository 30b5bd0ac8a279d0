/**
 * The daemon's live heap from outside, for the fuzz and load runs: the daemon is started with
 * Node's own `--heapsnapshot-signal` (SIGWINCH: Supervisor gives it no meaning; SIGUSR2 is its log
 * reopen), a snapshot is taken after a full GC, and we sum what is still reachable and count the
 * server-side objects a leak per request would pile up. RSS alone cannot tell a leak from garbage
 * not yet collected or memory the allocator keeps.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait.ts';

export const HEAP_SIGNAL = 'SIGWINCH';

/** NODE_OPTIONS for a daemon whose heap is read with `liveHeap` (snapshots land in `dir`). */
export function heapNodeOptions(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return `--heapsnapshot-signal=${HEAP_SIGNAL} --diagnostic-dir=${dir}`;
}

export interface HeapFigures {
  /** Bytes reachable after the snapshot's GC (sum of every node's self size). */
  liveBytes: number;
  /** Objects by constructor name, for the ones a per-request leak would retain. */
  counts: Record<(typeof WATCHED)[number], number>;
}

const WATCHED = ['Socket', 'IncomingMessage', 'ServerResponse', 'Timeout'] as const;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Pure: the figures of one parsed heap snapshot. */
export function heapFigures(s: Snapshot): HeapFigures {
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const type = fields.indexOf('type');
  const name = fields.indexOf('name');
  const size = fields.indexOf('self_size');
  const objectType = s.snapshot.meta.node_types[0].indexOf('object');
  const counts = Object.fromEntries(WATCHED.map((w) => [w, 0])) as HeapFigures['counts'];
  const watched = new Set<string>(WATCHED);
  let liveBytes = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    liveBytes += s.nodes[i + size]!;
    if (s.nodes[i + type] === objectType) {
      const n = s.strings[s.nodes[i + name]!]!;
      if (watched.has(n)) counts[n as (typeof WATCHED)[number]]++;
    }
  }
  return { liveBytes, counts };
}

/** Signal the daemon, wait for its snapshot in `dir`, read it and delete it. */
export async function liveHeap(pid: number, dir: string, timeoutMs = 120_000): Promise<HeapFigures> {
  const known = new Set(existsSync(dir) ? readdirSync(dir) : []);
  process.kill(pid, HEAP_SIGNAL);
  // The file appears while it is being written: it is done once it parses.
  const parsed = await waitFor(
    () => {
      const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !known.has(f));
      if (file === undefined) return null;
      const s = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Snapshot;
      rmSync(join(dir, file));
      return s;
    },
    { timeoutMs, intervalMs: 200, message: `a heap snapshot of pid ${pid} in ${dir}` },
  );
  return heapFigures(parsed);
}

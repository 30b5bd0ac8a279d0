/**
 * Each process's state history as the dashboard saw it: the last HISTORY_MAX transitions with the
 * time they were seen and the exit status. Pure: folded from every snapshot the live source (or a
 * fleet's servers) delivers, kept in the view state. Only what changed allocates.
 */
import type { ProcessInfo, ProcessStateName } from '../../src/protocol/index.ts';

export const HISTORY_MAX = 20;

export interface Transition {
  /** Local ms when seen; for the first entry, when the state began (the server's start/stop time), else when first seen. */
  at: number;
  /** null: the state the process was in when the dashboard first saw it. */
  from: ProcessStateName | null;
  to: ProcessStateName;
  /** The exit status, for states a process reaches by exiting on its own (EXITED, BACKOFF, FATAL); a stop's is the signal's, not shown. */
  exitstatus: number | null;
  /** spawnerr, when the server gave one. */
  detail: string;
}

export type StateHistory = ReadonlyMap<string, readonly Transition[]>;

export const EMPTY_HISTORY: StateHistory = new Map();

const EXITED_STATES: ReadonlySet<ProcessStateName> = new Set(['EXITED', 'BACKOFF', 'FATAL']);

function entry(p: ProcessInfo, from: ProcessStateName | null, at: number): Transition {
  return { at, from, to: p.statename, exitstatus: EXITED_STATES.has(p.statename) ? p.exitstatus : null, detail: p.spawnerr };
}

/** When the current state began, as far as the info tells (seconds on the server's clock → local ms), else `fallback`. */
function since(p: ProcessInfo, fallback: number, skewMs: number): number {
  const t = p.statename === 'RUNNING' || p.statename === 'STARTING' ? p.start : p.stop;
  return t > 0 ? t * 1000 - skewMs : fallback;
}

/** One server's processes and how to name them (namespec, or namespec@server in a fleet). */
export interface HistorySource {
  infos: readonly ProcessInfo[];
  key: (p: ProcessInfo) => string;
  /** The server's clock minus the local clock, seconds (Snapshot.clockOffset): a start or stop time in local ms. */
  clockOffset: number;
  /**
   * The same server's previous infos, already recorded: a process whose info is the same object
   * at the same index is skipped unread (the live source keeps unchanged processes' objects).
   */
  before?: readonly ProcessInfo[];
}

/**
 * The history after the snapshots of `sources`, seen at local time `at`: a new entry for each
 * process whose state differs from its last one; processes in no source are forgotten (removed
 * from the config). Returns `h` itself when nothing changed.
 */
export function recordTransitions(h: StateHistory, sources: readonly HistorySource[], at: number): StateHistory {
  let out: Map<string, readonly Transition[]> | null = null;
  let count = 0;
  for (const { infos, key, clockOffset, before } of sources) for (let i = 0; i < infos.length; i++) {
    const p = infos[i]!;
    count++;
    if (before !== undefined && before[i] === p) continue;
    const k = key(p);
    const past = h.get(k);
    const last = past?.[past.length - 1];
    if (last !== undefined && last.to === p.statename) continue;
    out ??= new Map(h);
    if (last === undefined) {
      out.set(k, [entry(p, null, since(p, at, clockOffset * 1000))]);
    } else {
      const next = [...past!, entry(p, last.to, at)];
      out.set(k, next.length > HISTORY_MAX ? next.slice(next.length - HISTORY_MAX) : next);
    }
  }
  // Forget removed processes (only when some are gone: the common case costs nothing).
  const map = out ?? h;
  if (map.size > count) {
    const live = new Set(sources.flatMap(({ infos, key }) => infos.map(key)));
    const pruned = new Map<string, readonly Transition[]>();
    for (const [k, v] of map) if (live.has(k)) pruned.set(k, v);
    return pruned;
  }
  return map;
}

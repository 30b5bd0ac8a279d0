/** The data the dashboard shows, as the effects deliver it and the pure modules consume it. */
import type { ProcessInfo, ProcessStateName } from '../src/protocol/index.ts';

/** Per-process CPU% and RSS (bytes), read from /proc when the server is local. */
export interface ProcStats {
  cpu: number;
  rss: number;
}

/** Priorities from getAllConfigInfo, keyed by namespec. */
export interface Priority {
  group: number;
  process: number;
}

/** Supervisor's default priority, for a process getAllConfigInfo has not reported yet. */
const NO_PRIORITY: Priority = { group: 999, process: 999 };

export function priorityOf(snap: Snapshot | null, namespec: string): Priority {
  return snap?.priorities.get(namespec) ?? NO_PRIORITY;
}

export interface Snapshot {
  infos: readonly ProcessInfo[];
  /** Keyed by pid; null when the server is remote (columns show `-`). */
  stats: ReadonlyMap<number, ProcStats> | null;
  priorities: ReadonlyMap<string, Priority>;
  /** Local time (ms) of the refresh. */
  at: number;
}

export interface ServerInfo {
  /** What the header calls the server: host name or URL, plus identification when not the default. */
  label: string;
  version: string;
  state: string;
}

export type Connection =
  /** Since: when the first attempt started (local ms). */
  | { status: 'connecting'; since: number }
  | { status: 'up' }
  /** A refresh has been running for longer than staleAfterMs: the data shown is from lastGood. */
  | { status: 'slow'; since: number; lastGood: number | null }
  /** retryAt null: a permanent failure, no more retries (hint says what to do). */
  | { status: 'down'; error: string; lastGood: number | null; retryAt: number | null; hint: string | null };

export type ColumnId = 'name' | 'state' | 'pid' | 'uptime' | 'cpu' | 'rss' | 'prio' | 'exit' | 'description';

export const SORTABLE: readonly (ColumnId | null)[] = [null, 'name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio', 'exit'];

/** One drawn table row. Plain data so React can skip rows whose content did not change. */
export interface ProcessRow {
  kind: 'process';
  key: string; // namespec
  namespec: string;
  group: string;
  depth: 0 | 1;
  label: string;
  state: ProcessStateName;
  pid: string;
  uptime: string;
  cpu: string;
  rss: string;
  prio: string;
  exit: string;
  description: string;
}

export interface GroupRow {
  kind: 'group';
  key: string; // 'group:<name>'
  group: string;
  expanded: boolean;
  label: string;
  /** Counts per state, in display order, e.g. [['RUNNING', 6], ['BACKOFF', 1]]. */
  counts: readonly (readonly [ProcessStateName, number])[];
  /** The most severe member state (drives the colour). */
  worst: ProcessStateName;
  prio: string;
  members: readonly string[];
}

export type TableRow = ProcessRow | GroupRow;

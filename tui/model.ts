/** The data the dashboard shows, as the effects deliver it and the pure modules consume it. */
import type { HostMeter } from '../src/live/types.ts';
import type { ProcessInfo, ProcessStateName } from '../src/protocol/index.ts';
import type { StatsHistory } from './sparkline.ts';
import type { ProcessHealth } from '../src/protocol/types.ts';

/** Per-process CPU% and RSS (bytes): from our daemon's feed, or /proc on the server's host (local or over ssh). */
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
  /** Keyed by pid; null when no figures can be had (columns show `-`, `statsNote` says why). */
  stats: ReadonlyMap<number, ProcStats> | null;
  /** The server host's CPU/memory meter, when known. */
  host?: HostMeter | null;
  /** Why there are no CPU/RSS figures (header), or null. */
  statsNote?: string | null;
  /** Last samples per namespec, for the sparklines of the process whose log is open. */
  history?: ReadonlyMap<string, StatsHistory>;
  priorities: ReadonlyMap<string, Priority>;
  /** Health by namespec (supervisortui.getAllHealth); null or absent when the server has none (a real supervisord). */
  health?: ReadonlyMap<string, ProcessHealth> | null;
  /** Local time (ms) of the refresh. */
  at: number;
  /**
   * The server's clock minus the local clock, seconds (the watcher's estimate); 0 when absent.
   * The infos change only when the server reports a change: uptimes are derived from this and
   * the table clock at render, never advanced in the data.
   */
  clockOffset?: number;
}

export interface ServerInfo {
  /** What the header calls the server: host name or URL, plus identification when not the default. */
  label: string;
  /** Which daemon: `supervisor-tui 0.1.0` (from supervisortui.identify) or `supervisord 4.2.5`. */
  daemon: string;
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

export type ColumnId = 'name' | 'state' | 'pid' | 'uptime' | 'cpu' | 'rss' | 'prio' | 'exit' | 'health' | 'description';

export const SORTABLE: readonly (ColumnId | null)[] = [null, 'name', 'state', 'pid', 'uptime', 'cpu', 'rss', 'prio', 'exit'];

/** One drawn table row. Plain data so React can skip rows whose content did not change. */
export interface ProcessRow {
  kind: 'process';
  key: string; // namespec (`namespec@server` in a fleet)
  namespec: string;
  group: string;
  /** 2 under a server row and a group in a fleet. */
  depth: 0 | 1 | 2;
  /** Its server's data is old (that server is unreachable): drawn dimmed. */
  stale?: boolean;
  label: string;
  state: ProcessStateName;
  pid: string;
  /**
   * RUNNING: the local time (s) its uptime was 0 (start minus the server's clock offset), from
   * which the UPTIME and DESCRIPTION cells are derived at render (tui/clock/uptime.ts); else null.
   */
  since: number | null;
  cpu: string;
  rss: string;
  prio: string;
  exit: string;
  /** The health check verdict ('-' before one); '' without a check or against a server without health. */
  health: string;
  /** The server's description; a RUNNING one is derived at render from `since`. */
  description: string;
}

export interface GroupRow {
  kind: 'group';
  key: string; // 'group:<name>'; in a fleet 'group:<name>@<server>', and 'group:@<server>' for a server's row
  group: string;
  expanded: boolean;
  /** 1 for a group under a server row in a fleet. */
  depth?: 0 | 1;
  /** A fleet's server row. */
  server?: boolean;
  /** Shown before the counts: a server's connection state and round-trip time. */
  note?: string;
  stale?: boolean;
  label: string;
  /** Counts per state, in display order, e.g. [['RUNNING', 6], ['BACKOFF', 1]]. */
  counts: readonly (readonly [ProcessStateName, number])[];
  /** The most severe member state (drives the colour). */
  worst: ProcessStateName;
  prio: string;
  members: readonly string[];
}

export type TableRow = ProcessRow | GroupRow;

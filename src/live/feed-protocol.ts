/**
 * The change feed's wire format (`GET /supervisortui/feed`, our daemon only), shared by the
 * daemon (daemon/feed/) and the watcher (src/live/). One JSON object per line:
 *
 *   {"t":"snapshot","epoch":"k3f9…","serial":42,"now":1764755000.1,"state":{…},"processes":[ProcessInfo…],"health":[ProcessHealth…]}
 *   {"t":"changes","serial":43,"now":…,"state"?:{…},"processes"?:[{group,name,…changed fields}],"health"?:[ProcessHealth…],"removed"?:["g:n"],"groups_added"?:[…],"groups_removed"?:[…]}
 *   {"t":"stats","now":…,"host":{cpu,mem_total,mem_available},"rows":{"g:n":[cpu%,rss,tree_rss],…}}
 *   {"t":"ping","serial":43}
 *
 * Query: `since=EPOCH:SERIAL` resumes after that serial (changes only) when the daemon still
 * holds everything since then, else starts with a snapshot; `stats=MS` asks for stats samples
 * of the processes named in `names` (comma-separated namespecs) every MS ms (≥ 250). The first
 * line of every answer is `{"t":"hello","id":…,"epoch":…,"serial":…,"resumed":bool}`; `id` names
 * the subscription for `supervisortui.feedStats(id, ms, names)`, which changes the stats request
 * without reconnecting (the dashboard's visible rows change as the user scrolls).
 *
 * `health` (as supervisortui.getAllHealth answers) lists only processes with a healthcheck or a
 * depends_on — any other process's health is `none`, waiting for nothing — and a changes message
 * carries an entry whenever its verdict or what it waits for changed (its failures, detail and
 * last_check are as of that moment; supervisortui.getHealth has the latest).
 *
 * A process change carries `group`, `name` and every ProcessInfo field that changed (never
 * `now`; `description` whenever any field changed). A RUNNING process's uptime advances on the
 * client's clock, so an idle daemon sends nothing but a `ping` every PING_MS.
 */
import type { ProcessHealth, ProcessInfo, SupervisorStateInfo } from '../protocol/types.ts';

export const FEED_PATH = '/supervisortui/feed';
export const FEED_STATS_METHOD = 'supervisortui.feedStats';

/** A server whose method list has FEED_STATS_METHOD pushes changes; any other is polled. */
export function offersFeed(methods: readonly string[]): boolean {
  return methods.includes(FEED_STATS_METHOD);
}
export const MIN_STATS_MS = 250;
/** An idle feed sends a ping this often, so a client notices a dead connection. */
export const PING_MS = 15_000;

export type ProcessChange = Pick<ProcessInfo, 'group' | 'name'> & Partial<Omit<ProcessInfo, 'group' | 'name'>>;

export interface HelloMessage {
  t: 'hello';
  id: string;
  epoch: string;
  serial: number;
  resumed: boolean;
}

export interface SnapshotMessage {
  t: 'snapshot';
  epoch: string;
  serial: number;
  /** Server clock, epoch seconds. */
  now: number;
  state: SupervisorStateInfo;
  processes: ProcessInfo[];
  health: ProcessHealth[];
}

export interface ChangesMessage {
  t: 'changes';
  serial: number;
  now: number;
  state?: SupervisorStateInfo;
  processes?: ProcessChange[];
  health?: ProcessHealth[];
  /** Namespecs of processes gone with their group. */
  removed?: string[];
  groups_added?: string[];
  groups_removed?: string[];
}

/** Per requested namespec: CPU% of one core since the previous sample, RSS and whole-tree RSS in bytes. */
export type StatsRow = [cpu: number, rss: number, treeRss: number];

export interface StatsMessage {
  t: 'stats';
  now: number;
  /** The host: CPU% of all cores since the previous sample, memory in bytes. */
  host: { cpu: number; mem_total: number; mem_available: number };
  /** Only rows whose figures changed since the previous sample (a stopped process: [0, 0, 0]). */
  rows: Record<string, StatsRow>;
}

export interface PingMessage {
  t: 'ping';
  serial: number;
}

export type FeedMessage = HelloMessage | SnapshotMessage | ChangesMessage | StatsMessage | PingMessage;

/** `EPOCH:SERIAL`, as `since=` takes it. */
export function formatSince(epoch: string, serial: number): string {
  return `${epoch}:${serial}`;
}

export function parseSince(text: string | null): { epoch: string; serial: number } | null {
  if (text === null) return null;
  const m = /^([A-Za-z0-9_-]{1,64}):(\d{1,15})$/.exec(text);
  return m === null ? null : { epoch: m[1]!, serial: Number(m[2]) };
}

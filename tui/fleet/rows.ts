/**
 * The table over a fleet: each server a collapsible top-level row (its state counts, connection
 * and round-trip time), its groups and processes under it, named `namespec@server` so marks,
 * actions and the log pane say which server they mean; or flat, the server in front of each name.
 * `@web*` words in the filter choose servers; the rest filters names and states as before. Pure.
 */
import { serverMatches } from '../../src/fleet/select.ts';
import { makeNamespec, type ProcessStateName } from '../../src/protocol/index.ts';
import { countStates, severity } from '../format.ts';
import type { GroupRow, ProcessRow, TableRow } from '../model.ts';
import { buildRows, type RowOptions } from '../rows.ts';
import { qualify, unqualify, type FleetMember, type FleetView } from './model.ts';

/** The filter's `@glob` words (servers) apart from the rest (names and states). */
export function splitFilter(filter: string): { servers: string[]; rest: string } {
  const words = filter.split(/\s+/).filter((w) => w !== '');
  return { servers: words.filter((w) => w.startsWith('@')).map((w) => w.slice(1)), rest: words.filter((w) => !w.startsWith('@')).join(' ') };
}

/** How a server's row describes its connection: `up 12 ms`, `connecting…`, `unreachable 14s ago: …`. */
export function connectionText(m: FleetMember, now: number): string {
  const c = m.conn;
  if (c.status === 'connecting') return 'connecting…';
  if (c.status === 'up') return m.rttMs === null ? 'up' : `up ${Math.round(m.rttMs)} ms`;
  const age = c.lastGood === null ? 'no data' : `data ${Math.max(0, Math.round((now - c.lastGood) / 1000))}s old`;
  if (c.status === 'slow') return `no answer for ${Math.max(0, Math.round((now - c.since) / 1000))}s (${age})`;
  return `unreachable (${age}): ${c.error}`;
}

export function isDown(m: FleetMember): boolean {
  return m.conn.status === 'down';
}

export function qualifyRow(r: TableRow, server: string, tree: boolean, stale: boolean, width: number): TableRow {
  if (r.kind === 'group') {
    const g: GroupRow = {
      ...r,
      key: `group:${qualify(r.group, server)}`,
      group: qualify(r.group, server),
      members: r.members.map((n) => qualify(n, server)),
      label: tree ? r.label : `${server.padEnd(width)}  ${r.label}`,
      depth: tree ? 1 : 0,
    };
    if (stale) g.stale = true;
    return g;
  }
  const p: ProcessRow = {
    ...r,
    key: qualify(r.key, server),
    namespec: qualify(r.namespec, server),
    group: qualify(r.group, server),
    label: tree ? r.label : `${server.padEnd(width)}  ${r.label}`,
    depth: tree ? (r.depth + 1) as 1 | 2 : r.depth,
  };
  if (stale) p.stale = true;
  return p;
}

/** A server's own collapsed groups, from the fleet-wide set of qualified names. */
export function collapsedOf(collapsed: ReadonlySet<string>, server: string): Set<string> {
  const out = new Set<string>();
  for (const c of collapsed) {
    const [name, s] = unqualify(c);
    if (s === server && name !== '') out.add(name);
  }
  return out;
}

/** What a server row shows of its processes, once per snapshot: their state counts, the worst state, their names. */
interface SnapshotSummary {
  counts: ReturnType<typeof countStates>;
  worst: ProcessStateName;
  members: readonly string[];
}

const summaries = new WeakMap<object, SnapshotSummary>();

function snapshotSummary(m: FleetMember): SnapshotSummary {
  const infos = m.snapshot?.infos ?? [];
  const hit = summaries.get(infos);
  if (hit !== undefined) return hit;
  const states = infos.map((p) => p.statename);
  const out = {
    counts: memberCounts(m),
    worst: states.reduce((w, s) => (severity(s) > severity(w) ? s : w), states[0] ?? 'RUNNING'),
    members: infos.map((p) => qualify(makeNamespec(p.group, p.name), m.name)),
  };
  summaries.set(infos, out);
  return out;
}

/** A server's own top-level row (tree): its connection and round-trip time, its state counts. */
export function serverRow(m: FleetMember, now: number, expanded: boolean): GroupRow {
  const sum = snapshotSummary(m);
  const row: GroupRow = {
    kind: 'group',
    key: `group:${qualify('', m.name)}`,
    group: qualify('', m.name),
    expanded,
    label: m.name,
    note: connectionText(m, now),
    counts: sum.counts,
    worst: sum.worst,
    prio: '',
    members: sum.members,
    server: true,
  };
  if (isDown(m)) row.stale = true;
  return row;
}

/**
 * A server's groups and processes (under its server row, or flat), qualified with its name.
 * `collapsed`: the server's own collapsed groups.
 */
export function serverBody(m: FleetMember, tree: boolean, o: { collapsed: ReadonlySet<string>; rest: string; sort: RowOptions['sort']; width: number }): TableRow[] {
  if (m.snapshot === null) return [];
  const stale = isDown(m);
  return buildRows(m.snapshot, { collapsed: o.collapsed, filter: o.rest, sort: o.sort }).map((r) => qualifyRow(r, m.name, tree, stale, o.width));
}

/** The servers the filter's `@glob` words choose (all without any). */
export function chosenServers(fleet: FleetView, globs: readonly string[]): FleetMember[] {
  return fleet.members.filter((m) => globs.length === 0 || globs.some((g) => serverMatches(g, m.name)));
}

/** A server's state counts, once per process table (the header sums them on every frame). */
const countsCache = new WeakMap<object, ReturnType<typeof countStates>>();

function memberCounts(m: FleetMember): ReturnType<typeof countStates> {
  if (m.snapshot === null) return [];
  let c = countsCache.get(m.snapshot.infos);
  if (c === undefined) {
    c = countStates(m.snapshot.infos.map((p) => p.statename));
    countsCache.set(m.snapshot.infos, c);
  }
  return c;
}

/** The header's summary: `3 servers: 2 up, 1 unreachable · 750 procs: …` (counts for the caller to style). */
export function fleetSummary(fleet: FleetView): { servers: string; procs: number; counts: ReturnType<typeof countStates> } {
  const up = fleet.members.filter((m) => m.conn.status === 'up').length;
  const down = fleet.members.filter((m) => m.conn.status === 'down').length;
  const connecting = fleet.members.length - up - down;
  const parts = [`${up} up`];
  if (down > 0) parts.push(`${down} unreachable`);
  if (connecting > 0) parts.push(`${connecting} connecting`);
  const sums = new Map<ProcessStateName, number>();
  let procs = 0;
  for (const m of fleet.members) {
    procs += m.snapshot?.infos.length ?? 0;
    for (const [state, n] of memberCounts(m)) sums.set(state, (sums.get(state) ?? 0) + n);
  }
  // In countStates' order (worst first), as one server's header shows them.
  const order = countStates([...sums.keys()]).map(([state]) => state);
  return { servers: `${fleet.members.length} servers: ${parts.join(', ')}`, procs, counts: order.map((state): [ProcessStateName, number] => [state, sums.get(state)!]) };
}

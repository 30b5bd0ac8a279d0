/**
 * The table over a fleet: each server a collapsible top-level row (its state counts, connection
 * and round-trip time), its groups and processes under it, named `namespec@server` so marks,
 * actions and the log pane say which server they mean; or flat, the server in front of each name.
 * `@web*` words in the filter choose servers; the rest filters names and states as before. Pure.
 */
import { serverMatches } from '../../src/fleet/select.ts';
import { makeNamespec } from '../../src/protocol/index.ts';
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

function qualifyRow(r: TableRow, server: string, tree: boolean, stale: boolean, width: number): TableRow {
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
function collapsedOf(collapsed: ReadonlySet<string>, server: string): Set<string> {
  const out = new Set<string>();
  for (const c of collapsed) {
    const [name, s] = unqualify(c);
    if (s === server && name !== '') out.add(name);
  }
  return out;
}

export function buildFleetRows(fleet: FleetView, opts: RowOptions): TableRow[] {
  const now = fleet.now;
  const { servers: globs, rest } = splitFilter(opts.filter);
  const chosen = fleet.members.filter((m) => globs.length === 0 || globs.some((g) => serverMatches(g, m.name)));
  const width = Math.max(0, ...chosen.map((m) => m.name.length));
  const rows: TableRow[] = [];
  for (const m of chosen) {
    const stale = isDown(m);
    const own = m.snapshot ? buildRows(m.snapshot, { collapsed: collapsedOf(opts.collapsed, m.name), filter: rest, sort: opts.sort }) : [];
    const infos = m.snapshot?.infos ?? [];
    if (fleet.tree) {
      const expanded = !opts.collapsed.has(qualify('', m.name));
      const states = infos.map((p) => p.statename);
      const worst = states.reduce((w, s) => (severity(s) > severity(w) ? s : w), states[0] ?? 'RUNNING');
      const row: GroupRow = {
        kind: 'group',
        key: `group:${qualify('', m.name)}`,
        group: qualify('', m.name),
        expanded,
        label: m.name,
        note: connectionText(m, now),
        counts: countStates(states),
        worst,
        prio: '',
        members: infos.map((p) => qualify(makeNamespec(p.group, p.name), m.name)),
        server: true,
      };
      if (stale) row.stale = true;
      rows.push(row);
      if (!expanded) continue;
    }
    for (const r of own) rows.push(qualifyRow(r, m.name, fleet.tree, stale, width));
  }
  return rows;
}

/** The header's summary: `3 servers: 2 up, 1 unreachable · 750 procs: …` (counts for the caller to style). */
export function fleetSummary(fleet: FleetView): { servers: string; procs: number; counts: ReturnType<typeof countStates> } {
  const up = fleet.members.filter((m) => m.conn.status === 'up').length;
  const down = fleet.members.filter((m) => m.conn.status === 'down').length;
  const connecting = fleet.members.length - up - down;
  const parts = [`${up} up`];
  if (down > 0) parts.push(`${down} unreachable`);
  if (connecting > 0) parts.push(`${connecting} connecting`);
  const infos = fleet.members.flatMap((m) => m.snapshot?.infos ?? []);
  return { servers: `${fleet.members.length} servers: ${parts.join(', ')}`, procs: infos.length, counts: countStates(infos.map((p) => p.statename)) };
}

/**
 * From a snapshot and the view settings to the rows of the table: groups as collapsible rows with
 * aggregate state, a one-process group named like its process as a single row, filter and sort.
 * Pure. Rows are plain values; `reuseRows` keeps the previous object of an unchanged row so that
 * memoized row components skip it.
 */
import type { ProcessHealth } from '../src/protocol/types.ts';
import { makeNamespec, ProcessStates, type ProcessInfo } from '../src/protocol/index.ts';
import { textWidth } from './text-width.ts';
import { countStates, formatBytes, formatCpu, severity } from './format.ts';
import { runningSince } from './clock/uptime.ts';
import { priorityOf, type ColumnId, type GroupRow, type Priority, type ProcessRow, type Snapshot, type TableRow } from './model.ts';

export interface SortSpec {
  column: ColumnId | null;
  inverted: boolean;
}

export interface RowOptions {
  collapsed: ReadonlySet<string>;
  filter: string;
  sort: SortSpec;
}

export interface Matcher {
  test(info: ProcessInfo): boolean;
  /** The filter was not a valid regex and is matched as plain text. */
  literal: boolean;
}

/** Why a `/` filter is not a valid regex, or null. */
export function filterError(filter: string): string | null {
  const body = filter.startsWith('!') ? filter.slice(1) : filter;
  try {
    new RegExp(body, 'i');
    return null;
  } catch (err) {
    return `invalid regex: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

/** `/` filter: a case-insensitive regex on namespec, group or state; a leading `!` inverts. */
export function makeMatcher(filter: string): Matcher | null {
  if (filter === '' || filter === '!') return null;
  const invert = filter.startsWith('!');
  const body = invert ? filter.slice(1) : filter;
  let re: RegExp;
  let literal = false;
  try {
    re = new RegExp(body, 'i');
  } catch {
    re = new RegExp(body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    literal = true;
  }
  return {
    literal,
    test: (p) => {
      const hit = re.test(makeNamespec(p.group, p.name)) || re.test(p.group) || re.test(p.statename);
      return invert ? !hit : hit;
    },
  };
}

/** Sorting by uptime is sorting by start, newest first: the same order at every tick, so the rows need no rebuild as time passes. */
function uptimeKey(p: ProcessInfo): number {
  return p.state === ProcessStates.RUNNING && p.start > 0 ? -p.start : -Infinity;
}

function healthText(h: ProcessHealth | undefined): string {
  if (h === undefined || h.healthcheck === '') return '';
  return h.health === 'none' ? '-' : h.health;
}

/** A process with what sorting and drawing look up more than once, computed once per build. */
interface Entry {
  p: ProcessInfo;
  namespec: string;
  prio: Priority;
}

function processRow(snap: Snapshot, e: Entry, depth: 0 | 1): ProcessRow {
  const { p, namespec } = e;
  const stats = snap.stats && p.pid > 0 ? snap.stats.get(p.pid) : undefined;
  return {
    kind: 'process',
    key: namespec,
    namespec,
    group: p.group,
    depth,
    // Under its group row the group prefix is not repeated: `web_01`, not `web:web_01`.
    label: depth === 1 ? p.name : namespec,
    state: p.statename,
    pid: p.pid > 0 ? String(p.pid) : '',
    since: runningSince(p, snap.clockOffset ?? 0),
    cpu: snap.stats === null ? '-' : stats ? formatCpu(stats.cpu) : '',
    rss: snap.stats === null ? '-' : stats ? formatBytes(stats.rss) : '',
    prio: String(e.prio.process),
    exit: p.pid === 0 && p.stop > 0 ? String(p.exitstatus) : '',
    health: healthText(snap.health?.get(namespec)),
    description: p.description,
  };
}

type SortKey = number | string;

function sortKey(snap: Snapshot, e: Entry, column: ColumnId): SortKey {
  const p = e.p;
  const stats = snap.stats && p.pid > 0 ? snap.stats.get(p.pid) : undefined;
  switch (column) {
    case 'name':
      return e.namespec;
    case 'state':
      return -severity(p.statename);
    case 'pid':
      return p.pid;
    case 'uptime':
      return uptimeKey(p);
    case 'cpu':
      return stats?.cpu ?? -1;
    case 'rss':
      return stats?.rss ?? -1;
    case 'prio':
      return e.prio.process;
    case 'exit':
      return p.exitstatus;
    case 'health':
      return healthText(snap.health?.get(e.namespec));
    case 'description':
      return p.description;
  }
}

function compare(a: SortKey, b: SortKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Group {
  name: string;
  members: Entry[];
}

export function buildRows(snap: Snapshot, opts: RowOptions): TableRow[] {
  const matcher = makeMatcher(opts.filter);
  const groups = new Map<string, Group>();
  for (const p of snap.infos) {
    if (matcher && !matcher.test(p)) continue;
    let g = groups.get(p.group);
    if (!g) groups.set(p.group, (g = { name: p.group, members: [] }));
    const namespec = makeNamespec(p.group, p.name);
    g.members.push({ p, namespec, prio: priorityOf(snap, namespec) });
  }
  const { column, inverted } = opts.sort;
  const sign = inverted ? -1 : 1;
  const byConfig = (a: Entry, b: Entry): number => a.prio.process - b.prio.process || compare(a.p.name, b.p.name);
  const cmp = (a: Entry, b: Entry): number => sign * (column === null ? byConfig(a, b) : compare(sortKey(snap, a, column), sortKey(snap, b, column)) || byConfig(a, b));
  const list = [...groups.values()];
  for (const g of list) g.members.sort(cmp);
  list.sort((a, b) => {
    if (column !== null) return cmp(a.members[0]!, b.members[0]!) || compare(a.name, b.name);
    return sign * (a.members[0]!.prio.group - b.members[0]!.prio.group || compare(a.name, b.name));
  });

  const rows: TableRow[] = [];
  for (const g of list) {
    const only = g.members[0]!;
    if (g.members.length === 1 && only.p.name === g.name) {
      rows.push(processRow(snap, only, 0));
      continue;
    }
    const expanded = !opts.collapsed.has(g.name);
    const counts = countStates(g.members.map((m) => m.p.statename));
    const worst = g.members.reduce((w, m) => (severity(m.p.statename) > severity(w) ? m.p.statename : w), only.p.statename);
    const row: GroupRow = {
      kind: 'group',
      key: `group:${g.name}`,
      group: g.name,
      expanded,
      label: `${g.name} (${g.members.length})`,
      counts,
      worst,
      prio: String(only.prio.group),
      members: g.members.map((m) => m.namespec),
    };
    rows.push(row);
    if (expanded) for (const m of g.members) rows.push(processRow(snap, m, 1));
  }
  return rows;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (Array.isArray(a) && Array.isArray(b) && sameArray(a, b));
}

/** Element by element, nested arrays too (a group's counts are pairs; a fleet server row lists its 250 members). */
function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

/** Whether two rows draw the same (every field). */
export function sameRow(a: TableRow, b: TableRow): boolean {
  // A fleet server's rows are kept whole while it reports nothing new.
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  // Every key of both: an optional field (a fleet row's `stale`) may be on one only.
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k in ra) if (!sameValue(ra[k], rb[k])) return false;
  for (const k in rb) if (!(k in ra) && rb[k] !== undefined) return false;
  return true;
}

/** `next` with every row equal to its previous version replaced by that previous object; `prev` itself if nothing changed. */
export function reuseRows(prev: readonly TableRow[], next: TableRow[], changedRow?: (row: TableRow, before: TableRow | undefined) => void): readonly TableRow[] {
  // Built lazily: a fleet's unchanged servers hand back their previous row objects, in place.
  let byKey: Map<string, TableRow> | null = null;
  let changed = prev.length !== next.length;
  const out = next.map((r, i) => {
    if (prev[i] === r) return r;
    // Usually a row stays at its index: no key map needed.
    const at = prev[i];
    const old = at?.key === r.key ? at : (byKey ??= new Map(prev.map((p) => [p.key, p]))).get(r.key);
    if (old && sameRow(old, r)) {
      if (prev[i] !== old) changed = true;
      return old;
    }
    changed = true;
    changedRow?.(r, old);
    return r;
  });
  return changed ? out : prev;
}

/** Each row's wanted NAME width, kept per row object (rows are reused while they do not change). */
const labelWidths = new WeakMap<TableRow, number>();

/** Tables whose widest label their builder already knows (a fleet's: the widest of its servers' parts). */
const knownWidths = new WeakMap<readonly TableRow[], number>();

/** Record the widest label of `rows`, as widestLabel would find it, so that it is not measured again. */
export function noteWidestLabel(rows: readonly TableRow[], width: number): void {
  knownWidths.set(rows, width);
}

/**
 * The longest NAME label, for the column width (group rows carry a 2-cell arrow, children a 2-cell
 * indent). Members of collapsed groups count too: the column keeps its width when groups fold.
 */
export function widestLabel(rows: readonly TableRow[]): number {
  const known = knownWidths.get(rows);
  if (known !== undefined) return known;
  let w = 0;
  for (const r of rows) w = Math.max(w, labelWidth(r));
  return w;
}

/** What a row's NAME width depends on: its label, depth, and a folded group's members. */
function sameLabel(a: TableRow, b: TableRow): boolean {
  if (a.label !== b.label || a.kind !== b.kind || (a.depth ?? 0) !== (b.depth ?? 0)) return false;
  if (a.kind === 'process' || b.kind === 'process') return true;
  return a.expanded === b.expanded && (a.expanded || (a.group === b.group && sameArray(a.members, b.members)));
}

/**
 * One row's wanted NAME width, kept per row object. `before`: the previous version of the row
 * (same key), whose width carries over when the label did not change (only its state or figures
 * did), so a server's rebuilt rows are not measured again with string-width.
 */
export function labelWidth(r: TableRow, before?: TableRow): number {
  let rw = labelWidths.get(r);
  if (rw !== undefined) return rw;
  if (before !== undefined && sameLabel(before, r)) rw = labelWidths.get(before);
  if (rw === undefined) {
    rw = textWidth(r.label) + 2 + (r.kind === 'process' ? r.depth : (r.depth ?? 0)) * 2;
    if (r.kind === 'group' && !r.expanded) for (const m of r.members) rw = Math.max(rw, textWidth(m) - r.group.length - 1 + 4);
  }
  labelWidths.set(r, rw);
  return rw;
}

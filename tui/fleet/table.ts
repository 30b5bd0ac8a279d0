/**
 * The fleet's table kept per server: each server's part (its rows and their widest NAME label) is
 * rebuilt only when that server reported something (its member object was replaced) or the view
 * options that shape it changed: its processes' rows when its process table did, its server row
 * alone when only its connection or round-trip time did; a rebuilt part keeps the row objects that
 * did not change. The table is the parts in fleet order. With 20 servers × 250 processes, one server's news costs that
 * server's 250 rows, not the 5,000 of the table (which the old whole-table pass compared field by
 * field, re-measured and re-keyed on each of the 20 servers' updates a second). Pure.
 */
import type { TableRow } from '../model.ts';
import { labelWidth, noteWidestLabel, reuseRows, sameRow, widestLabel, type RowOptions } from '../rows.ts';
import { qualify, type FleetMember, type FleetView } from './model.ts';
import { chosenServers, collapsedOf, isDown, serverBody, serverRow, splitFilter } from './rows.ts';

interface ServerPart {
  member: FleetMember;
  /** The view options it was built with that apply to every server (tree, filter, sort, width). */
  shape: string;
  /** The second its row counts the age of its data to (a server without an answer), else -1. */
  second: number;
  /** The fleet-wide collapsed set it was built with, and this server's part of it as text. */
  collapsed: ReadonlySet<string>;
  folded: string;
  /** Its server row (tree), and its groups and processes with their widest label. */
  head: TableRow | null;
  body: readonly TableRow[];
  bodyWidth: number;
  rows: readonly TableRow[];
  nameWidth: number;
}

export interface FleetTable {
  /** By server name. */
  parts: ReadonlyMap<string, ServerPart>;
  rows: readonly TableRow[];
  /** The widest NAME label of `rows` (the NAME column's wanted width). */
  nameWidth: number;
}

/** This server's collapsed groups and whether its server row is folded, as a comparable string. */
function foldedKey(collapsed: ReadonlySet<string>, server: string): string {
  const own = [...collapsedOf(collapsed, server)].sort();
  return `${collapsed.has(qualify('', server)) ? '-' : '+'}${own.join('\0')}`;
}

function part(prev: ServerPart | undefined, m: FleetMember, fleet: FleetView, opts: RowOptions, rest: string, width: number): ServerPart {
  const shape = `${fleet.tree}\0${width}\0${rest}\0${opts.sort.column}\0${opts.sort.inverted}`;
  // A server without an answer counts the age of its data on its row: that row is rebuilt once a second.
  const second = m.conn.status === 'down' || m.conn.status === 'slow' ? Math.floor(fleet.now / 1000) : -1;
  if (prev !== undefined && prev.member === m && prev.shape === shape && prev.second === second && prev.collapsed === opts.collapsed) return prev;
  const folded = foldedKey(opts.collapsed, m.name);
  const expanded = folded.startsWith('+');
  const same = prev !== undefined && prev.shape === shape && prev.folded === folded;
  // Its processes' rows: rebuilt when its process table (or whether it is down) changed, not its connection or round-trip time.
  let body = prev?.body ?? [];
  let bodyWidth = prev?.bodyWidth ?? 0;
  if (!same || prev.member.snapshot !== m.snapshot || isDown(prev.member) !== isDown(m)) {
    const built = !fleet.tree || expanded ? serverBody(m, fleet.tree, { collapsed: collapsedOf(opts.collapsed, m.name), rest, sort: opts.sort, width }) : [];
    // A changed row whose label did not change keeps its measured width.
    body = prev === undefined ? built : reuseRows(prev.body, built, (r, before) => labelWidth(r, before));
    if (body !== prev?.body) bodyWidth = widestLabel(body);
  }
  let head: TableRow | null = null;
  if (fleet.tree) {
    const row = serverRow(m, fleet.now, expanded);
    head = prev?.head != null && sameRow(prev.head, row) ? prev.head : row;
  }
  const rows = prev !== undefined && head === prev.head && body === prev.body ? prev.rows : head === null ? body : [head, ...body];
  return { member: m, shape, second, collapsed: opts.collapsed, folded, head, body, bodyWidth, rows, nameWidth: Math.max(bodyWidth, head === null ? 0 : labelWidth(head, prev?.head ?? undefined)) };
}

/** The table after `fleet` or `opts` changed, from the previous one (null: build every part). */
export function updateFleetTable(prev: FleetTable | null, fleet: FleetView, opts: RowOptions): FleetTable {
  const { servers: globs, rest } = splitFilter(opts.filter);
  const chosen = chosenServers(fleet, globs);
  const width = Math.max(0, ...chosen.map((m) => m.name.length));
  const parts = new Map<string, ServerPart>();
  let same = prev !== null && prev.parts.size === chosen.length;
  let nameWidth = 0;
  for (const m of chosen) {
    const old = prev?.parts.get(m.name);
    const p = part(old, m, fleet, opts, rest, width);
    if (p.rows !== old?.rows) same = false;
    parts.set(m.name, p);
    nameWidth = Math.max(nameWidth, p.nameWidth);
  }
  if (same && prev !== null) {
    // The same servers in the same order, none of whose rows changed: the table stands.
    const order = [...prev.parts.keys()];
    if (chosen.every((m, i) => order[i] === m.name)) return { parts, rows: prev.rows, nameWidth };
  }
  const rows: TableRow[] = [];
  for (const p of parts.values()) for (const r of p.rows) rows.push(r);
  noteWidestLabel(rows, nameWidth);
  return { parts, rows, nameWidth };
}

/** The rows of a fleet built afresh (tests, and anything without a previous table). */
export function buildFleetRows(fleet: FleetView, opts: RowOptions): readonly TableRow[] {
  return updateFleetTable(null, fleet, opts).rows;
}

/**
 * The fleet's table kept per server: each server's part (its rows and their widest NAME label) is
 * rebuilt only when that server reported something (its member object was replaced) or the view
 * options that shape it changed, and a rebuilt part keeps the row objects that did not change. The
 * table is the parts in fleet order. With 20 servers × 250 processes, one server's news costs that
 * server's 250 rows, not the 5,000 of the table (which the old whole-table pass compared field by
 * field, re-measured and re-keyed on each of the 20 servers' updates a second). Pure.
 */
import type { TableRow } from '../model.ts';
import { labelWidth, noteWidestLabel, reuseRows, widestLabel, type RowOptions } from '../rows.ts';
import { qualify, type FleetMember, type FleetView } from './model.ts';
import { chosenServers, collapsedOf, serverRows, splitFilter } from './rows.ts';

interface ServerPart {
  member: FleetMember;
  /** The view options it was built with that apply to every server (tree, filter, sort, width, age second). */
  shape: string;
  /** The fleet-wide collapsed set it was built with, and this server's part of it as text. */
  collapsed: ReadonlySet<string>;
  folded: string;
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
  const ticking = m.conn.status === 'down' || m.conn.status === 'slow';
  // A server without an answer counts the age of its data on its row: rebuilt once a second.
  const shape = `${fleet.tree}\0${width}\0${rest}\0${opts.sort.column}\0${opts.sort.inverted}\0${ticking ? Math.floor(fleet.now / 1000) : ''}`;
  if (prev !== undefined && prev.member === m && prev.shape === shape && prev.collapsed === opts.collapsed) return prev;
  const folded = foldedKey(opts.collapsed, m.name);
  if (prev !== undefined && prev.member === m && prev.shape === shape && prev.folded === folded) return { ...prev, collapsed: opts.collapsed };
  const built = serverRows(m, fleet, { collapsed: collapsedOf(opts.collapsed, m.name), expanded: folded.startsWith('+'), rest, sort: opts.sort, width });
  // A changed row whose label did not change keeps its measured width.
  const rows = prev === undefined ? built : reuseRows(prev.rows, built, (r, before) => labelWidth(r, before));
  return { member: m, shape, collapsed: opts.collapsed, folded, rows, nameWidth: rows === prev?.rows ? prev.nameWidth : widestLabel(rows) };
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

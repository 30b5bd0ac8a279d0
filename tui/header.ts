/**
 * The header: server, connection, state counts and view settings, on one row when they fit and
 * on more when they do not. Pure. Items wrap whole onto the next row; a problem's text wraps by
 * words. Nothing is cut unless it cannot fit in MAX_ROWS, and then the least important items go
 * first: a non-zero fatal, backoff or unknown count, the filter and the marks are never hidden.
 */
import { clockTime, countStates, formatBytes } from './format.ts';
import { fleetHeaderSegs } from './fleet/header.ts';
import { meterBar } from './sparkline.ts';
import type { ColumnId, Connection, Snapshot } from './model.ts';
import { fitSegs, segWidth, type Seg } from './segments.ts';
import type { ProcessInfo, ProcessStateName } from '../src/protocol/index.ts';
import type { ViewState } from './state.ts';
import { stateStyle, type Theme } from './theme.ts';

/** Rows the header may take; a connection problem may take one more for its text. */
const MAX_ROWS = 2;
const MAX_ROWS_WITH_PROBLEM = 3;

const SORT_TITLES: Record<ColumnId, string> = {
  name: 'name',
  state: 'state',
  pid: 'pid',
  uptime: 'uptime',
  cpu: 'cpu%',
  rss: 'rss',
  prio: 'prio',
  exit: 'exit',
  health: 'health',
  description: 'description',
};

export type HeaderState = Pick<ViewState, 'server' | 'snapshot' | 'conn' | 'interval' | 'filter' | 'sort' | 'paused' | 'marks'> & Partial<Pick<ViewState, 'fleet' | 'readonly'>>;

const METER_WIDTH = 10;

/** htop's meters for the server host (`cpu [|||   ] 12%  mem [||||  ] 3.1G/24G`), or why CPU/RSS are missing. */
function meterSegs(snap: Snapshot, theme: Theme): Seg[] {
  const h = snap.host;
  if (h) {
    const used = h.memTotal - h.memAvailable;
    const color = (f: number) => (!theme.color ? undefined : f > 0.9 ? 'red' : f > 0.7 ? 'yellow' : 'green');
    return [
      { text: 'cpu [' },
      { text: meterBar(h.cpu / 100, METER_WIDTH, theme.glyphs.bar), color: color(h.cpu / 100) },
      { text: `] ${Math.round(h.cpu)}% mem [` },
      { text: meterBar(used / h.memTotal, METER_WIDTH, theme.glyphs.bar), color: color(used / h.memTotal) },
      { text: `] ${formatBytes(used)}/${formatBytes(h.memTotal)}` },
    ];
  }
  return snap.stats === null && snap.statsNote ? [{ text: snap.statsNote, dim: true }] : [];
}

/** One header item; `drop` ranks what goes first when even MAX_ROWS are too few (0: never). `words`: may wrap inside. */
interface Item {
  segs: Seg[];
  drop: number;
  words?: boolean;
  /** Starts on a fresh row (what to do about a problem). */
  own?: boolean;
  /** Put before it on the same row instead of the separator (state counts: a blank). */
  glue?: string;
}

function secs(ms: number): string {
  return String(Math.max(0, Math.round(ms / 1000)));
}

function connectionItems(conn: Connection, theme: Theme, now: number): Item[] {
  const red = theme.color ? ('red' as const) : undefined;
  const yellow = theme.color ? ('yellow' as const) : undefined;
  switch (conn.status) {
    case 'up':
      return [];
    case 'connecting':
      return [{ segs: [{ text: conn.since > 0 && now - conn.since >= 2000 ? `connecting… no answer for ${secs(now - conn.since)}s` : 'connecting…', color: yellow }], drop: 0 }];
    case 'slow': {
      const age = conn.lastGood === null ? '' : ` ${theme.glyphs.sep} data from ${clockTime(conn.lastGood)} (${secs(now - conn.lastGood)}s old)`;
      return [{ segs: [{ text: `${theme.glyphs.lost} STALE: no answer for ${secs(now - conn.since)}s${age}`, color: yellow, bold: true }], drop: 0 }];
    }
    case 'down': {
      const last = conn.lastGood === null ? 'never' : clockTime(conn.lastGood);
      const head =
        conn.retryAt === null
          ? `${theme.glyphs.lost} cannot connect, not retrying ${theme.glyphs.sep} last good ${last}`
          : `${theme.glyphs.lost} connection lost ${theme.glyphs.sep} retry in ${secs(conn.retryAt - now)}s ${theme.glyphs.sep} last good ${last}`;
      const items: Item[] = [
        { segs: [{ text: head, color: red, bold: true }], drop: 0 },
        { segs: [{ text: conn.error, color: red }], drop: 0, words: true },
      ];
      if (conn.hint) items.push({ segs: [{ text: `${conn.hint} (q quits)`, bold: true }], drop: 0, words: true, own: true });
      return items;
    }
  }
}

/**
 * The state counts of one infos array: the header is laid out again whenever the host meter moves
 * (about once a second), and the infos change only when a process does.
 */
const countsOf = new WeakMap<readonly ProcessInfo[], [ProcessStateName, number][]>();

function infoCounts(infos: readonly ProcessInfo[]): [ProcessStateName, number][] {
  let c = countsOf.get(infos);
  if (c === undefined) countsOf.set(infos, (c = countStates(infos.map((p) => p.statename))));
  return c;
}

/** "28 procs: 24 running 1 backoff 2 fatal": one item that moves whole to the next row; one per count only when it is wider than a row. */
function countItems(infos: readonly ProcessInfo[], theme: Theme, width: number): Item[] {
  const per: Item[] = infoCounts(infos).map(([state, n], i) => {
    const bad = state === 'FATAL' || state === 'BACKOFF' || state === 'UNKNOWN';
    const segs: Seg[] = [{ text: `${n} ${state.toLowerCase()}`, ...stateStyle(theme, state), bold: bad }];
    if (i === 0) segs.unshift({ text: `${infos.length} procs: ` });
    return { segs, drop: bad ? 0 : 1, ...(i > 0 ? { glue: ' ' } : {}) };
  });
  const whole = per.flatMap((it, i) => (i === 0 ? it.segs : [{ text: ' ' }, ...it.segs]));
  if (per.length === 0 || segWidth(whole) > width - 1) return per;
  return [{ segs: whole, drop: 0 }];
}

function items(s: HeaderState, theme: Theme, now: number, width: number): Item[] {
  const out: Item[] = [];
  if (s.fleet) {
    // A fleet: the context, the servers up and down and the summed counts (each server's own state is on its row).
    const [first, ...rest] = fleetHeaderSegs(s.fleet, theme, s.readonly === true);
    out.push({ segs: first ? [{ ...first, text: first.text.trimStart() }, ...rest] : rest, drop: 0 });
  } else {
    out.push({ segs: [{ text: s.server?.label ?? 'supervisord', bold: true }], drop: 0 });
    out.push(...connectionItems(s.conn, theme, now));
    if (s.server && s.conn.status !== 'down') {
      const bad = s.server.state !== 'RUNNING';
      out.push({ segs: [{ text: `${s.server.daemon} ` }, { text: s.server.state, color: theme.color ? (bad ? 'red' : 'green') : undefined, bold: bad }], drop: bad ? 0 : 3 });
    }
    if (s.snapshot) out.push(...countItems(s.snapshot.infos, theme, width));
  }
  out.push({ segs: [{ text: s.paused ? 'PAUSED' : `every ${s.interval}s`, bold: s.paused }], drop: s.paused ? 0 : 4 });
  if (s.filter !== '') out.push({ segs: [{ text: `filter: ${s.filter}` }], drop: 0 });
  if (s.sort.column !== null) out.push({ segs: [{ text: `sort: ${SORT_TITLES[s.sort.column]}${s.sort.inverted ? theme.glyphs.down : theme.glyphs.up}` }], drop: 2 });
  else if (s.sort.inverted) out.push({ segs: [{ text: `sort: config${theme.glyphs.down}` }], drop: 2 });
  if (s.marks.size > 0) out.push({ segs: [{ text: `${s.marks.size} marked`, bold: true }], drop: 0 });
  // Last and first to go: the host's meters.
  const meters = s.snapshot && !s.fleet ? meterSegs(s.snapshot, theme) : [];
  if (meters.length > 0) out.push({ segs: meters, drop: 4 });
  return out;
}

/** Split a one-segment item into word pieces that fit `width`. */
function wordPieces(item: Item, width: number): Item[] {
  const seg = item.segs[0]!;
  const pieces: Item[] = [];
  let line = '';
  for (const word of seg.text.split(/(?<=\s)/)) {
    if (line !== '' && segWidth([{ text: line + word }]) > width) {
      pieces.push({ ...item, segs: [{ ...seg, text: line.trimEnd() }] });
      line = '';
    }
    line += word;
  }
  if (line !== '') pieces.push({ ...item, segs: [{ ...seg, text: line.trimEnd() }] });
  return pieces.map((p, i) => (i === 0 ? p : { ...p, glue: ' ' }));
}

/** Lay items out in rows of `width` cells, `sep` between items on a row. */
function pack(list: readonly Item[], width: number, sep: string): Seg[][] {
  const rows: Seg[][] = [];
  let row: Seg[] = [];
  const room = width - 1; // one leading blank
  for (const item of list.flatMap((it) => (it.words ? wordPieces(it, room) : [it]))) {
    const w = segWidth(item.segs);
    const glue = item.glue ?? sep;
    if (row.length > 0 && (item.own || segWidth(row) + glue.length + w > room)) {
      rows.push(row);
      row = [];
    }
    if (row.length > 0) row.push({ text: glue });
    row.push(...item.segs);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** The header rows for `width` cells, each exactly `width` wide. */
export function headerLines(s: HeaderState, theme: Theme, width: number, now: number): Seg[][] {
  // Drawn on every frame (a key, a ticking uptime) and counting every process: kept per theme for unchanged inputs.
  const last = lastLines.get(theme);
  if (last !== undefined && last.width === width && last.now === now && sameHeaderInputs(last.s, s)) return last.rows;
  const rows = layoutHeader(s, theme, width, now);
  lastLines.set(theme, { s: { ...s }, width, now, rows });
  return rows;
}

const lastLines = new WeakMap<Theme, { s: HeaderState; width: number; now: number; rows: Seg[][] }>();

function sameHeaderInputs(a: HeaderState, b: HeaderState): boolean {
  return HEADER_INPUTS.every((k) => a[k] === b[k]);
}

function layoutHeader(s: HeaderState, theme: Theme, width: number, now: number): Seg[][] {
  let list = items(s, theme, now, width);
  const sep = ` ${theme.glyphs.sep} `;
  const max = s.conn.status === 'down' ? MAX_ROWS_WITH_PROBLEM + (s.conn.hint ? 1 : 0) : MAX_ROWS;
  let rows = pack(list, width, sep);
  // One row without the refresh interval rather than a second row for it alone.
  if (rows.length === 2) {
    const lean = list.filter((it) => it.drop !== 4);
    const one = pack(lean, width, sep);
    if (one.length === 1) return one.map((r) => fitSegs([{ text: ' ' }, ...r], width, theme.glyphs.ellipsis));
  }
  // Too many rows: drop the least important items first (highest rank), never rank 0.
  for (let rank = 4; rows.length > max && rank > 0; rank--) {
    list = list.filter((it) => it.drop !== rank);
    rows = pack(list, width, sep);
  }
  return rows.slice(0, max).map((r) => fitSegs([{ text: ' ' }, ...r], width, theme.glyphs.ellipsis));
}

/**
 * How many rows the header takes, for the layout (the reducer and the screen must agree, so no
 * clock): measured with its ticking figures at two digits (a retry is at most 30 s away), so
 * that the rows drawn as they tick fit in it. Without colour: widths do not depend on it.
 */
export function headerHeight(s: HeaderState, width: number): number {
  // Asked on every cursor move and render (layoutOf); the count items walk every process: the
  // answer for the same inputs is kept.
  const last = lastHeight;
  if (last !== null && last.width === width && sameHeaderInputs(last.s, s)) return last.rows;
  const rows = measureHeader(s, width);
  lastHeight = { s: { ...s }, width, rows };
  return rows;
}

/** Everything headerLines reads of the state (HeaderState's keys). */
const HEADER_INPUTS = ['server', 'snapshot', 'conn', 'interval', 'filter', 'sort', 'paused', 'marks', 'fleet', 'readonly'] as const satisfies readonly (keyof HeaderState)[];
// A field added to HeaderState and not to HEADER_INPUTS fails to compile here (the kept answer would go stale).
const HEADER_INPUTS_COMPLETE: [Exclude<keyof HeaderState, (typeof HEADER_INPUTS)[number]>] extends [never] ? true : never = true;
void HEADER_INPUTS_COMPLETE;
let lastHeight: { s: HeaderState; width: number; rows: number } | null = null;

function measureHeader(s: HeaderState, width: number): number {
  const c = s.conn;
  const at = c.status === 'down' ? (c.retryAt ?? 0) - 30_000 : c.status === 'slow' ? Math.max(c.since, c.lastGood ?? 0) + 99_000 : c.status === 'connecting' ? c.since + 99_000 : 0;
  return headerLines(s, PLAIN, width, at).length;
}

const PLAIN: Theme = { color: false, glyphs: { expanded: '▾', collapsed: '▸', rule: '─', sep: '·', mark: '*', ellipsis: '…', up: '↑', down: '↓', lost: '✖', spark: '▁▂▃▄▅▆▇█', bar: '|' } };

/** Builders of every drawn line (header, table, log, footer, overlays). Pure: state in, segments out. */
import type { Column } from './columns.ts';
import { clockTime, countStates, fit, fitRight, formatBytes, formatCpu } from './format.ts';
import { HELP } from './keymap.ts';
import type { ColumnId, Connection, GroupRow, ProcessRow, Snapshot, TableRow } from './model.ts';
import { fitSegs, segWidth, type Seg } from './segments.ts';
import { SIGNALS, type Mode, type ViewState } from './state.ts';
import { meterBar, sparkline } from './sparkline.ts';
import { stateStyle, type Theme } from './theme.ts';
import { fleetHeaderSegs } from './fleet/header.ts';

const METER_WIDTH = 10;
const SPARK_WIDTH = 20;

/** htop's meters for the server host (`cpu [|||   ] 12%  mem [||||  ] 3.1G/24G`), or why CPU/RSS are missing. */
function meterSegs(snap: Snapshot, theme: Theme, sep: Seg): Seg[] {
  const h = snap.host;
  if (h) {
    const used = h.memTotal - h.memAvailable;
    const color = (f: number) => (!theme.color ? undefined : f > 0.9 ? 'red' : f > 0.7 ? 'yellow' : 'green');
    return [
      sep,
      { text: 'cpu [' },
      { text: meterBar(h.cpu / 100, METER_WIDTH, theme.glyphs.bar), color: color(h.cpu / 100) },
      { text: `] ${Math.round(h.cpu)}% mem [` },
      { text: meterBar(used / h.memTotal, METER_WIDTH, theme.glyphs.bar), color: color(used / h.memTotal) },
      { text: `] ${formatBytes(used)}/${formatBytes(h.memTotal)}` },
    ];
  }
  return snap.stats === null && snap.statsNote ? [sep, { text: snap.statsNote, dim: true }] : [];
}

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

export function headerLine(
  s: Pick<ViewState, 'server' | 'snapshot' | 'conn' | 'interval' | 'filter' | 'sort' | 'paused' | 'marks'> & Partial<Pick<ViewState, 'fleet' | 'readonly'>>,
  theme: Theme,
  width: number,
  now: number,
): Seg[] {
  const sep = { text: ` ${theme.glyphs.sep} ` };
  if (s.fleet) {
    const segs = fleetHeaderSegs(s.fleet, theme, s.readonly === true);
    viewSettingSegs(s, theme, segs, sep);
    return fitSegs(segs, width, theme.glyphs.ellipsis);
  }
  const segs: Seg[] = [{ text: ' ' + (s.server?.label ?? 'supervisord'), bold: true }];
  const conn: Connection = s.conn;
  if (conn.status === 'down') {
    const last = conn.lastGood === null ? 'never' : clockTime(conn.lastGood);
    const secs = Math.max(0, Math.ceil((conn.retryAt - now) / 1000));
    // The countdown and last good time first: a long error text is what gets cut on narrow terminals.
    segs.push(sep, { text: `${theme.glyphs.lost} connection lost · retry in ${secs}s · last good ${last} · ${conn.error}`, color: theme.color ? 'red' : undefined, bold: true });
    return fitSegs(segs, width, theme.glyphs.ellipsis);
  }
  if (conn.status === 'connecting' || !s.snapshot) {
    segs.push(sep, { text: 'connecting…' });
    return fitSegs(segs, width, theme.glyphs.ellipsis);
  }
  if (s.server) {
    const bad = s.server.state !== 'RUNNING';
    segs.push(sep, { text: `${s.server.daemon} ` }, { text: s.server.state, color: bad && theme.color ? 'red' : theme.color ? 'green' : undefined, bold: bad });
  }
  const infos = s.snapshot.infos;
  segs.push(sep, { text: `${infos.length} procs:` });
  for (const [state, n] of countStates(infos.map((p) => p.statename))) {
    segs.push({ text: ' ' }, { text: `${n} ${state.toLowerCase()}`, ...stateStyle(theme, state) });
  }
  viewSettingSegs(s, theme, segs, sep);
  // Last: on a narrow terminal the meters are what gets cut.
  segs.push(...meterSegs(s.snapshot, theme, sep));
  return fitSegs(segs, width, theme.glyphs.ellipsis);
}

/** Refresh, filter, sort and marks: the header's tail, the same for one server and a fleet. */
function viewSettingSegs(s: Pick<ViewState, 'interval' | 'filter' | 'sort' | 'paused' | 'marks'>, theme: Theme, segs: Seg[], sep: Seg): void {
  segs.push(sep, { text: s.paused ? 'PAUSED' : `every ${s.interval}s`, bold: s.paused });
  if (s.filter !== '') segs.push(sep, { text: `filter: ${s.filter}` });
  if (s.sort.column !== null) segs.push(sep, { text: `sort: ${SORT_TITLES[s.sort.column]}${s.sort.inverted ? theme.glyphs.down : theme.glyphs.up}` });
  else if (s.sort.inverted) segs.push(sep, { text: `sort: config${theme.glyphs.down}` });
  if (s.marks.size > 0) segs.push(sep, { text: `${s.marks.size} marked` });
}

function cell(text: string, col: Column, ellipsis: string): string {
  return col.align === 'right' ? fitRight(text, col.width) : fit(text, col.width, ellipsis);
}

export function columnTitles(cols: readonly Column[], width: number, theme: Theme): Seg[] {
  const text = cols.map((c) => cell(c.title, c, theme.glyphs.ellipsis)).join(' ');
  return fitSegs([{ text: ' ' + text, bold: true }], width, theme.glyphs.ellipsis);
}

export interface RowDecor {
  selected: boolean;
  marked: boolean;
  /** Data is stale (connection lost): draw it dimmed. */
  stale: boolean;
}

function processRowSegs(row: ProcessRow, cols: readonly Column[], theme: Theme, d: RowDecor): Seg[] {
  const e = theme.glyphs.ellipsis;
  const segs: Seg[] = [{ text: d.marked ? theme.glyphs.mark : ' ', bold: true }];
  cols.forEach((c, i) => {
    const gap = i === 0 ? '' : ' ';
    switch (c.id) {
      case 'name':
        segs.push({ text: fit('  '.repeat(row.depth + (row.depth === 0 ? 1 : 0)) + row.label, c.width, e) });
        break;
      case 'state':
        segs.push({ text: gap }, { text: fit(row.state, c.width, e), ...stateStyle(theme, row.state) });
        break;
      case 'description':
        // Plain, not dim: a ticking uptime then costs its digits only, no style switches.
        segs.push({ text: gap + cell(row.description, c, e) });
        break;
      default:
        segs.push({ text: gap + cell(row[c.id], c, e) });
    }
  });
  return segs;
}

function groupRowSegs(row: GroupRow, cols: readonly Column[], theme: Theme, d: RowDecor): Seg[] {
  const e = theme.glyphs.ellipsis;
  const allMarked = d.marked;
  const arrow = row.expanded ? theme.glyphs.expanded : theme.glyphs.collapsed;
  const segs: Seg[] = [{ text: allMarked ? theme.glyphs.mark : ' ', bold: true }];
  // The counts span STATE through RSS; PRIO sits in its own column.
  let spanWidth = 0;
  let afterSpan = '';
  let seenPrio = false;
  cols.forEach((c, i) => {
    if (c.id === 'name') return;
    if (c.id === 'prio') {
      seenPrio = true;
      afterSpan += ' ' + cell(row.prio, c, e);
    } else if (seenPrio) afterSpan += ' ' + ' '.repeat(c.width);
    else spanWidth += c.width + (i === 1 ? 0 : 1);
  });
  segs.push({ text: fit(`${'  '.repeat(row.depth ?? 0)}${arrow} ${row.label}`, cols[0]!.width, e), bold: true }, { text: ' ' });
  const counts: Seg[] = [];
  if (row.note !== undefined) counts.push({ text: row.note + (row.counts.length > 0 ? ` ${theme.glyphs.sep} ` : ''), color: row.stale && theme.color ? 'red' : undefined });
  row.counts.forEach(([state, n], i) => {
    counts.push({ text: (i === 0 ? '' : ' ') + `${n} ${state.toLowerCase()}`, ...stateStyle(theme, state) });
  });
  segs.push(...fitSegs(counts, Math.max(0, spanWidth), e), { text: afterSpan });
  return segs;
}

export function tableRowSegs(row: TableRow, cols: readonly Column[], width: number, theme: Theme, d: RowDecor): Seg[] {
  const segs = row.kind === 'group' ? groupRowSegs(row, cols, theme, d) : processRowSegs(row, cols, theme, d);
  let out = fitSegs(segs, width, theme.glyphs.ellipsis);
  if (d.stale || row.stale === true) out = out.map((s) => ({ text: s.text, dim: true }));
  if (d.selected) out = out.map((s) => ({ ...s, inverse: true }));
  return out;
}

export function logTitle(s: Pick<ViewState, 'log' | 'focus' | 'logLines' | 'snapshot'>, width: number, theme: Theme): Seg[] {
  const r = theme.glyphs.rule;
  const parts = [s.log.target ?? '', s.log.channel, s.log.follow ? 'follow' : 'paused'];
  // The process's last minute of CPU and RSS, as sparklines.
  const hist = s.log.target === null ? undefined : s.snapshot?.history?.get(s.log.target);
  if (hist && hist.cpu.length > 0) {
    parts.push(`cpu ${sparkline(hist.cpu, SPARK_WIDTH, theme.glyphs.spark, Math.max(100, ...hist.cpu))} ${formatCpu(hist.cpu.at(-1)!)}%`);
    parts.push(`rss ${sparkline(hist.rss, SPARK_WIDTH, theme.glyphs.spark)} ${formatBytes(hist.rss.at(-1)!)}`);
  }
  if (s.log.wrap) parts.push('wrap');
  if (s.log.search) parts.push(`search: ${s.log.search}`);
  const text = `${r}${r} ${parts.join(` ${theme.glyphs.sep} `)} `;
  const focused = s.focus === 'log';
  return fitSegs([{ text: text + r.repeat(Math.max(0, width - [...text].length)), bold: focused, color: focused && theme.color ? 'cyan' : undefined }], width, theme.glyphs.ellipsis);
}

/** Split a line into rows of `width` cells (wrap on) or cut it (wrap off). */
function wrapLine(line: string, width: number, wrap: boolean): string[] {
  const chars = [...line];
  if (!wrap || chars.length <= width) return [chars.slice(0, width).join('')];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

/** The log rows to draw, bottom-aligned, `height` rows of `width` cells, matches of `search` highlighted. */
export function logRows(s: Pick<ViewState, 'log' | 'logLines'>, width: number, height: number, theme: Theme): Seg[][] {
  const { lines, dropped, partial } = s.logLines;
  const all = partial === '' ? lines : [...lines, partial];
  // A scrolled-back view whose lines were dropped from the bounded buffer shows the oldest kept page.
  const bottom = s.log.follow ? all.length - 1 : Math.min(all.length - 1, Math.max(height - 1, s.log.anchor - dropped));
  const rows: string[] = [];
  for (let i = bottom; i >= 0 && rows.length < height; i--) {
    const parts = wrapLine(all[i]!, width - 1, s.log.wrap);
    for (let k = parts.length - 1; k >= 0 && rows.length < height; k--) rows.unshift(parts[k]!);
  }
  while (rows.length < height) rows.push('');
  let re: RegExp | null = null;
  if (s.log.search) {
    try {
      re = new RegExp(s.log.search, 'gi');
    } catch {
      re = new RegExp(s.log.search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    }
  }
  return rows.map((text) => fitSegs(highlight(' ' + text, re, theme), width, theme.glyphs.ellipsis));
}

function highlight(text: string, re: RegExp | null, theme: Theme): Seg[] {
  if (!re) return [{ text }];
  const segs: Seg[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0] === '') break;
    const at = m.index;
    if (at > last) segs.push({ text: text.slice(last, at) });
    segs.push({ text: m[0], inverse: true, color: theme.color ? 'yellow' : undefined });
    last = at + m[0].length;
  }
  segs.push({ text: text.slice(last) });
  return segs;
}

const HINTS_TABLE: readonly (readonly [string, string, boolean])[] = [
  ['s', 'start', true],
  ['x', 'stop', true],
  ['r', 'restart', true],
  ['K', 'signal', true],
  ['l', 'log', false],
  ['Tab', 'log focus', false],
  ['/', 'filter', false],
  [':', 'command', true],
  ['R', 'reread', true],
  ['?', 'help', false],
  ['q', 'quit', false],
];

const HINTS_LOG: readonly (readonly [string, string, boolean])[] = [
  ['o', 'stdout/stderr', false],
  ['f', 'follow', false],
  ['w', 'wrap', false],
  ['F', 'full screen', false],
  ['PgUp/PgDn', 'scroll', false],
  ['/', 'search', false],
  ['h', 'table', false],
  ['Esc', 'close', false],
  ['?', 'help', false],
  ['q', 'quit', false],
];

export function footerLines(s: Pick<ViewState, 'mode' | 'message' | 'progress' | 'focus' | 'log' | 'readonly'>, width: number, theme: Theme): [Seg[], Seg[]] {
  const e = theme.glyphs.ellipsis;
  const m: Mode = s.mode;
  let first: Seg[] = [{ text: '' }];
  if (m.kind === 'confirm') first = [{ text: ` ${m.question} (y/n)`, bold: true, color: theme.color ? 'yellow' : undefined }];
  else if (m.kind === 'reread') first = [{ text: ' apply these changes (update)? (y/n)', bold: true, color: theme.color ? 'yellow' : undefined }];
  else if (s.progress) first = [{ text: ` ${s.progress}`, color: theme.color ? 'cyan' : undefined }];
  else if (s.message) first = [{ text: ` ${s.message.error && !theme.color ? 'error: ' : ''}${s.message.text}`, color: s.message.error && theme.color ? 'red' : undefined, bold: s.message.error }];

  let second: Seg[];
  if (m.kind === 'prompt') {
    const label = m.prompt === 'filter' ? '/' : m.prompt === 'command' ? ':' : 'search /';
    const hint = m.prompt === 'filter' ? '   (regex on name, group or state; ! inverts; Enter keeps, Esc clears)' : '   (Enter runs, Esc cancels)';
    second = [{ text: ` ${label}`, bold: true }, { text: m.text }, { text: '_', inverse: true }, { text: hint, dim: true }];
  } else if (m.kind === 'signal') {
    second = [{ text: ` signal ${m.label}:`, bold: true }];
    SIGNALS.forEach((sig, i) => {
      second.push({ text: ' ' }, { text: `${i + 1}:${sig}`, inverse: i === m.index, bold: i === m.index });
    });
    const hint = '  ↑↓ Enter · Esc';
    if (segWidth(second) + hint.length <= width) second.push({ text: hint, dim: true });
  } else {
    const all = (s.focus === 'log' && s.log.open ? HINTS_LOG : HINTS_TABLE).filter(([, , action]) => !(action && s.readonly));
    // Drop hints from the middle until they fit; help and quit always stay.
    const shown = [...all];
    const seg = (h: readonly [string, string, boolean]): Seg[] => [{ text: ` ${h[0]}`, bold: true, color: theme.color ? 'cyan' : undefined }, { text: ` ${h[1]} ` }];
    const tail = s.readonly ? [{ text: ' [read-only]', bold: true }] : [];
    while (shown.length > 2 && segWidth([...shown.flatMap(seg), ...tail]) > width) shown.splice(shown.length - 3, 1);
    second = [...shown.flatMap(seg), ...tail];
  }
  return [fitSegs(first, width, e), fitSegs(second, width, e)];
}

export function helpLines(width: number, height: number, theme: Theme): Seg[][] {
  const keyWidth = Math.max(...HELP.map(([k]) => k.length)) + 1;
  const entry = ([k, what]: readonly [string, string]): Seg[] => [{ text: ' ' + fit(k, keyWidth, theme.glyphs.ellipsis), bold: true, color: theme.color ? 'cyan' : undefined }, { text: what }];
  const rows = height - 2;
  const ncols = Math.max(1, Math.ceil(HELP.length / Math.max(1, rows)));
  const colWidth = Math.floor(width / ncols);
  const perCol = Math.ceil(HELP.length / ncols);
  const out: Seg[][] = [fitSegs([{ text: ' Keys', bold: true }, { text: '  (any key closes)', dim: true }], width), fitSegs([], width)];
  for (let r = 0; r < perCol && out.length < height; r++) {
    const line: Seg[] = [];
    for (let c = 0; c < ncols; c++) {
      const item = HELP[c * perCol + r];
      if (item) line.push(...fitSegs(entry(item), c === ncols - 1 ? width - colWidth * c : colWidth, theme.glyphs.ellipsis));
    }
    out.push(fitSegs(line, width, theme.glyphs.ellipsis));
  }
  while (out.length < height) out.push(fitSegs([], width));
  return out;
}

export function rereadLines(diff: { added: readonly string[]; changed: readonly string[]; removed: readonly string[] }, width: number, height: number, theme: Theme): Seg[][] {
  const out: Seg[][] = [fitSegs([{ text: ' Config changes (reread)', bold: true }], width), fitSegs([], width)];
  const entries: Seg[][] = [
    ...diff.added.map((g) => [{ text: ` + ${g}`, color: theme.color ? ('green' as const) : undefined }, { text: '  available (update adds it)' }]),
    ...diff.changed.map((g) => [{ text: ` ~ ${g}`, color: theme.color ? ('yellow' as const) : undefined }, { text: '  changed (update restarts it)' }]),
    ...diff.removed.map((g) => [{ text: ` - ${g}`, color: theme.color ? ('red' as const) : undefined }, { text: '  disappeared (update stops and removes it)' }]),
  ];
  if (entries.length === 0) entries.push([{ text: ' No config updates to processes' }]);
  for (const e of entries) if (out.length < height) out.push(fitSegs(e, width, theme.glyphs.ellipsis));
  while (out.length < height) out.push(fitSegs([], width));
  return out;
}

export function outputLines(title: string, lines: readonly string[], width: number, height: number, theme: Theme): Seg[][] {
  const out: Seg[][] = [fitSegs([{ text: ` ${title}`, bold: true }, { text: '  (any key closes)', dim: true }], width)];
  const room = height - 1;
  const shown = lines.length > room ? lines.slice(lines.length - room) : lines;
  for (const l of shown) out.push(fitSegs([{ text: ' ' + l }], width, theme.glyphs.ellipsis));
  while (out.length < height) out.push(fitSegs([], width));
  return out;
}

export function tooSmallLines(size: { cols: number; rows: number }, width: number, height: number, min: { cols: number; rows: number }): Seg[][] {
  const msg = [`terminal too small: ${size.cols}x${size.rows}`, `need at least ${min.cols}x${min.rows}`, 'q quits'];
  const out: Seg[][] = [];
  for (let r = 0; r < height; r++) out.push(fitSegs([{ text: msg[r] ?? '' }], width, '~'));
  return out;
}

/** Whether the table data is stale (shown dimmed). */
export function isStale(conn: Connection, snap: Snapshot | null): boolean {
  return conn.status === 'down' && snap !== null;
}

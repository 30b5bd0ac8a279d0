/** Builders of every drawn line (header, table, log, footer, overlays). Pure: state in, segments out. */
import type { Column } from './columns.ts';
import { clockTime, countStates, fit, fitMiddle, fitRight, formatBytes, formatCpu, formatUptime } from './format.ts';
import { rowDescription } from './clock/uptime.ts';
import { DEFAULT_KEYMAP, HELP, keyFor, type HelpEntry, type Keymap, type TableName } from './keymap.ts';
import type { Connection, GroupRow, ProcessRow, Snapshot, TableRow } from './model.ts';
import { fitSegs, segWidth, type Seg } from './segments.ts';
import { overlay, styledLogRows } from './log-style.ts';
import { graphemes, textWidth } from './text-width.ts';
import { SIGNALS, type Action, type Message, type Mode, type ViewState } from './state.ts';
import { sparkline } from './sparkline.ts';
import { isMultiTarget, logTargets } from './fleet/model.ts';
import { lineFilter } from './merged-log/model.ts';
import { stateStyle, type Theme } from './theme.ts';

const SPARK_WIDTH = 20;

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

function processRowSegs(row: ProcessRow, cols: readonly Column[], theme: Theme, d: RowDecor, up: number | null): Seg[] {
  const e = theme.glyphs.ellipsis;
  const segs: Seg[] = [{ text: d.marked ? theme.glyphs.mark : ' ', bold: true }];
  cols.forEach((c, i) => {
    const gap = i === 0 ? '' : ' ';
    switch (c.id) {
      case 'name':
        {
          // Long names are cut in the middle: the instance suffix tells processes apart.
          const indent = '  '.repeat(row.depth + (row.depth === 0 ? 1 : 0));
          segs.push({ text: indent + fitMiddle(row.label, Math.max(0, c.width - indent.length), e) });
        }
        break;
      case 'state':
        segs.push({ text: gap }, { text: fit(row.state, c.width, e), ...stateStyle(theme, row.state) });
        break;
      case 'description':
        // Plain, not dim: a ticking uptime then costs its digits only, no style switches.
        segs.push({ text: gap + cell(rowDescription(row, up), c, e) });
        break;
      case 'uptime':
        segs.push({ text: gap + cell(up === null ? '' : formatUptime(up), c, e) });
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
  const nameWidth = cols[0]!.width;
  const indent = '  '.repeat(row.depth ?? 0);
  segs.push({ text: nameWidth > 2 + indent.length ? `${indent}${arrow} ${fitMiddle(row.label, nameWidth - 2 - indent.length, e)}` : fit(arrow, nameWidth, e), bold: true }, { text: ' ' });
  // A server with no data has nothing for the other columns: its note (the error) takes the whole row.
  if (row.server === true && row.counts.length === 0 && row.note !== undefined) {
    spanWidth = cols.slice(1).reduce((w, c, i) => w + c.width + (i === 0 ? 0 : 1), 0);
    afterSpan = '';
  }
  const counts: Seg[] = [];
  if (row.note !== undefined) counts.push({ text: row.note + (row.counts.length > 0 ? ` ${theme.glyphs.sep} ` : ''), color: row.stale && theme.color ? 'red' : undefined });
  row.counts.forEach(([state, n], i) => {
    counts.push({ text: (i === 0 ? '' : ' ') + `${n} ${state.toLowerCase()}`, ...stateStyle(theme, state) });
  });
  segs.push(...fitSegs(counts, Math.max(0, spanWidth), e), { text: afterSpan });
  return segs;
}

/** `up`: a RUNNING process row's uptime (seconds) at the table clock (tui/clock/uptime.ts), else null. */
export function tableRowSegs(row: TableRow, cols: readonly Column[], width: number, theme: Theme, d: RowDecor, up: number | null = null): Seg[] {
  const segs = row.kind === 'group' ? groupRowSegs(row, cols, theme, d) : processRowSegs(row, cols, theme, d, up);
  let out = fitSegs(segs, width, theme.glyphs.ellipsis);
  if (d.stale || row.stale === true) out = out.map((s) => ({ text: s.text, dim: true }));
  if (d.selected) out = out.map((s) => ({ ...s, inverse: true }));
  return out;
}

export function logTitle(s: Pick<ViewState, 'log' | 'focus' | 'logLines' | 'snapshot'>, width: number, theme: Theme): Seg[] {
  const r = theme.glyphs.rule;
  const multi = isMultiTarget(s.log.target);
  const parts = [multi ? `merged: ${logTargets(s.log.target!).length} processes` : (s.log.target ?? ''), s.log.channel, s.log.follow ? 'follow' : 'paused'];
  // The process's last minute of CPU and RSS, as sparklines.
  const hist = s.log.target === null ? undefined : s.snapshot?.history?.get(s.log.target);
  if (hist && hist.cpu.length > 0) {
    parts.push(`cpu ${sparkline(hist.cpu, SPARK_WIDTH, theme.glyphs.spark, Math.max(100, ...hist.cpu))} ${formatCpu(hist.cpu.at(-1)!)}%`);
    parts.push(`rss ${sparkline(hist.rss, SPARK_WIDTH, theme.glyphs.spark)} ${formatBytes(hist.rss.at(-1)!)}`);
  }
  if (s.log.wrap) parts.push('wrap');
  if (s.log.search) parts.push(`search: ${s.log.search}`);
  if (s.log.filter) parts.push(`only: ${s.log.filter}`);
  const text = `${r}${r} ${parts.join(` ${theme.glyphs.sep} `)} `;
  const focused = s.focus === 'log';
  return fitSegs([{ text: text + r.repeat(Math.max(0, width - textWidth(text))), bold: focused, color: focused && theme.color ? 'cyan' : undefined }], width, theme.glyphs.ellipsis);
}

/** The log rows to draw, bottom-aligned, `height` rows of `width` cells, matches of `search` highlighted. */
export function logRows(s: Pick<ViewState, 'log' | 'logLines'>, width: number, height: number, theme: Theme): Seg[][] {
  const { lines, dropped, partial } = s.logLines;
  const all = partial === '' ? lines : [...lines, partial];
  // A scrolled-back view whose lines were dropped from the bounded buffer shows the oldest kept page.
  const bottom = s.log.follow ? all.length - 1 : Math.min(all.length - 1, Math.max(height - 1, s.log.anchor - dropped));
  const rows: { segs: Seg[]; current: boolean }[] = [];
  // The line filter (&) hides what does not match; scrolling (merged-log/view.ts) counts shown lines.
  const keep = lineFilter(s.log.filter);
  for (let i = bottom; i >= 0 && rows.length < height; i--) {
    if (keep !== null && !keep(all[i]!)) continue;
    const parts = styledLogRows(all[i]!, width - 1, s.log.wrap, theme);
    const current = s.log.match === i + dropped;
    for (let k = parts.length - 1; k >= 0 && rows.length < height; k--) rows.unshift({ segs: parts[k]!, current });
  }
  while (rows.length < height) rows.push({ segs: [], current: false });
  let re: RegExp | null = null;
  if (s.log.search) {
    try {
      re = new RegExp(s.log.search, 'gi');
    } catch {
      re = new RegExp(s.log.search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    }
  }
  // Matches inverse; on the current match's line (n/N) bold and in another colour, as less marks it.
  const hit = (current: boolean): Omit<Seg, 'text'> => ({ inverse: true, bold: current, color: theme.color ? (current ? 'cyan' : 'yellow') : undefined });
  return rows.map((r) => fitSegs([{ text: ' ' }, ...overlay(r.segs, re, hit(r.current))], width, theme.glyphs.ellipsis));
}

/** A footer hint: its keys as drawn with the default keys, what it does, whether it changes the server, and the actions whose keys it shows. */
type Hint = readonly [keys: string, what: string, changes: boolean, actions: readonly Action[]];

const HINTS_TABLE: readonly Hint[] = [
  ['s', 'start', true, [{ type: 'act', op: 'start' }]],
  ['x', 'stop', true, [{ type: 'act', op: 'stop' }]],
  ['r', 'restart', true, [{ type: 'act', op: 'restart' }]],
  ['K', 'signal', true, [{ type: 'openSignalMenu' }]],
  ['l', 'log', false, [{ type: 'expand' }]],
  ['d', 'details', false, [{ type: 'openDetails' }]],
  ['M', 'merged log', false, [{ type: 'openMergedLog' }]],
  ['Tab', 'log focus', false, [{ type: 'focus', pane: 'log' }]],
  ['/', 'filter', false, [{ type: 'openPrompt', prompt: 'filter' }]],
  [':', 'command', true, [{ type: 'openPrompt', prompt: 'command' }]],
  ['R', 'reread', true, [{ type: 'reread' }]],
  ['?', 'help', false, [{ type: 'help' }]],
  ['q', 'quit', false, [{ type: 'quit' }]],
];

const HINTS_LOG: readonly Hint[] = [
  ['o', 'stdout/stderr', false, [{ type: 'logChannel' }]],
  ['f', 'follow', false, [{ type: 'logFollow' }]],
  ['w', 'wrap', false, [{ type: 'logWrap' }]],
  ['F', 'full screen', false, [{ type: 'logFull' }]],
  ['PgUp/PgDn', 'scroll', false, [{ type: 'logScroll', to: 'pageUp' }, { type: 'logScroll', to: 'pageDown' }]],
  ['/ ? n N', 'search', false, [{ type: 'openPrompt', prompt: 'search' }, { type: 'openPrompt', prompt: 'searchBack' }, { type: 'logSearchNext', step: 1 }, { type: 'logSearchNext', step: -1 }]],
  ['&', 'only matching', false, [{ type: 'openPrompt', prompt: 'logFilter' }]],
  ['h', 'table', false, [{ type: 'focus', pane: 'table' }]],
  ['Esc', 'close', false, [{ type: 'escape' }]],
  ['F1', 'help', false, [{ type: 'help' }]],
  ['q', 'quit', false, [{ type: 'quit' }]],
];

/** The details view's own keys (not rebindable). */
const HINTS_DETAILS: readonly Hint[] = [
  ['j/k', 'scroll', false, []],
  ['PgUp/PgDn', 'page', false, []],
  ['Esc/Enter/q', 'back', false, []],
];

/** The column chooser's own keys. */
const HINTS_COLUMNS: readonly Hint[] = [
  ['↑/↓', 'choose', false, []],
  ['Space', 'on/off', false, []],
  ['[ ]', 'move', false, []],
  ['Esc', 'done', false, []],
];

/** The hints with the keys of a remapped keymap (the defaults keep their hand-picked keys); a hint whose actions lost every key is left out. */
function remapHints(hints: readonly Hint[], km: Keymap, pane: TableName): Hint[] {
  if (km === DEFAULT_KEYMAP || hints === HINTS_DETAILS || hints === HINTS_COLUMNS) return [...hints];
  const out: Hint[] = [];
  for (const h of hints) {
    const keys = h[3].map((a) => keyFor(km, a, [pane, 'global'])).filter((k): k is string => k !== null);
    if (keys.length > 0) out.push([keys.join(h[3].length === 2 ? '/' : ' '), h[1], h[2], h[3]]);
  }
  return out;
}

/** The running actions, each with its progress: "⟳ web: starting 3 processes (2/9 done)… · cron: stopping cron…". */
function jobSegs(jobs: ViewState['jobs'], theme: Theme): Seg[] {
  const text = jobs.map((j) => (j.text.startsWith(j.label) ? j.text : `${j.label}: ${j.text}`)).join(` ${theme.glyphs.sep} `);
  return [{ text: ` ${text}`, color: theme.color ? 'cyan' : undefined }];
}

function messageSegs(m: Message, theme: Theme): Seg[] {
  return [{ text: ` ${m.error && !theme.color ? 'error: ' : ''}${m.text}`, color: m.error && theme.color ? 'red' : undefined, bold: m.error }];
}

export function footerLines(s: Pick<ViewState, 'mode' | 'message' | 'jobs' | 'focus' | 'log' | 'readonly'>, width: number, theme: Theme, km: Keymap = DEFAULT_KEYMAP): [Seg[], Seg[]] {
  const e = theme.glyphs.ellipsis;
  const m: Mode = s.mode;
  let first: Seg[] = [{ text: '' }];
  if (m.kind === 'confirm') first = [{ text: ` ${m.question} (y/n)`, bold: true, color: theme.color ? 'yellow' : undefined }];
  else if (m.kind === 'reread') first = [{ text: ' apply these changes (update)? (y/n)', bold: true, color: theme.color ? 'yellow' : undefined }];
  else if (s.jobs.length > 0) {
    // Progress first; the latest result after it where it fits (all of them stay in the history, m).
    first = jobSegs(s.jobs, theme);
    if (s.message) first.push({ text: ` ${theme.glyphs.sep}` }, ...messageSegs(s.message, theme));
  } else if (s.message) first = messageSegs(s.message, theme);

  let second: Seg[];
  if (m.kind === 'confirm' && m.detail !== undefined) {
    second = [{ text: ` ${m.detail}` }];
  } else if (m.kind === 'prompt') {
    const label = m.prompt === 'filter' ? '/' : m.prompt === 'command' ? ':' : m.prompt === 'search' ? 'search /' : m.prompt === 'logFilter' ? 'only lines matching &' : 'search ?';
    const hint =
      m.prompt === 'filter'
        ? '   (regex on name, group or state; ! inverts; Enter keeps, Esc clears)'
        : m.prompt === 'logFilter'
          ? '   (regex on the whole line, source prefix included; ! inverts; Enter keeps, Esc clears)'
          : '   (Enter runs, Esc cancels, ↑↓ history, Tab completes)';
    // The cursor is the inverse cell at its position (a blank at the end of the line).
    const at = Math.min(m.cursor ?? m.text.length, m.text.length);
    const under = graphemes(m.text.slice(at))[0] ?? ' ';
    second = [{ text: ` ${label}`, bold: true }, { text: m.text.slice(0, at) }, { text: under, inverse: true }, { text: m.text.slice(at + (under === ' ' && at === m.text.length ? 0 : under.length)) }, { text: hint, dim: true }];
  } else if (m.kind === 'signal') {
    second = [{ text: ` signal ${m.label}:`, bold: true }];
    SIGNALS.forEach((sig, i) => {
      second.push({ text: ' ' }, { text: `${i + 1}:${sig}`, inverse: i === m.index, bold: i === m.index });
    });
    const hint = '  ↑↓ Enter · Esc';
    if (segWidth(second) + hint.length <= width) second.push({ text: hint, dim: true });
  } else {
    const inLog = s.focus === 'log' && s.log.open;
    const hints = m.kind === 'details' ? HINTS_DETAILS : m.kind === 'columns' ? HINTS_COLUMNS : inLog ? HINTS_LOG : HINTS_TABLE;
    const all = remapHints(hints, km, inLog ? 'log' : 'table').filter(([, , action]) => !(action && s.readonly));
    // Drop hints from the middle until they fit; help and quit always stay.
    const shown = [...all];
    const seg = (h: Hint): Seg[] => [{ text: ` ${h[0]}`, bold: true, color: theme.color ? 'cyan' : undefined }, { text: ` ${h[1]} ` }];
    const tail = s.readonly ? [{ text: ' [read-only]', bold: true }] : [];
    while (shown.length > 2 && segWidth([...shown.flatMap(seg), ...tail]) > width) shown.splice(shown.length - 3, 1);
    second = [...shown.flatMap(seg), ...tail];
  }
  return [fitSegs(first, width, e), fitSegs(second, width, e)];
}

export function helpLines(width: number, height: number, theme: Theme, readonly = false, entries: readonly HelpEntry[] = HELP): Seg[][] {
  // --readonly: the keys that would change the server are not offered.
  const help = readonly ? entries.filter(([, , changes]) => !changes) : entries;
  const keyWidth = Math.max(...help.map(([k]) => k.length)) + 1;
  const entry = ([k, what]: readonly [string, string, boolean]): Seg[] => [{ text: ' ' + fit(k, keyWidth, theme.glyphs.ellipsis), bold: true, color: theme.color ? 'cyan' : undefined }, { text: what }];
  const rows = height - 2;
  const ncols = Math.max(1, Math.ceil(help.length / Math.max(1, rows)));
  const colWidth = Math.floor(width / ncols);
  const perCol = Math.ceil(help.length / ncols);
  const out: Seg[][] = [fitSegs([{ text: ' Keys', bold: true }, { text: readonly ? '  (read-only: actions are off; any key closes)' : '  (any key closes)', dim: true }], width), fitSegs([], width)];
  for (let r = 0; r < perCol && out.length < height; r++) {
    const line: Seg[] = [];
    for (let c = 0; c < ncols; c++) {
      const item = help[c * perCol + r];
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
  const out: Seg[][] = [fitSegs([{ text: ` ${title}`, bold: true }, { text: '  (the next key closes this and does its job; Esc only closes)', dim: true }], width)];
  const room = height - 1;
  const shown = lines.length > room ? lines.slice(lines.length - room) : lines;
  for (const l of shown) out.push(fitSegs([{ text: ' ' + l }], width, theme.glyphs.ellipsis));
  while (out.length < height) out.push(fitSegs([], width));
  return out;
}

/** The message history (m), newest last, with the time each was said. */
export function messageLines(messages: readonly Message[], width: number, height: number, theme: Theme): Seg[][] {
  const out: Seg[][] = [fitSegs([{ text: ` Messages (last ${messages.length})`, bold: true }, { text: '  (any key closes)', dim: true }], width)];
  const room = height - 1;
  const shown = messages.length > room ? messages.slice(messages.length - room) : messages;
  for (const m of shown) {
    const when = m.at > 0 ? clockTime(m.at) : '--:--:--';
    out.push(fitSegs([{ text: ` ${when}`, dim: true }, ...messageSegs(m, theme)], width, theme.glyphs.ellipsis));
  }
  if (messages.length === 0) out.push(fitSegs([{ text: ' No messages yet', dim: true }], width));
  while (out.length < height) out.push(fitSegs([], width));
  return out;
}

export function tooSmallLines(size: { cols: number; rows: number }, width: number, height: number, min: { cols: number; rows: number }): Seg[][] {
  const msg = [`terminal too small: ${size.cols}x${size.rows}`, `need at least ${min.cols}x${min.rows}`, 'q quits'];
  const out: Seg[][] = [];
  for (let r = 0; r < height; r++) out.push(fitSegs([{ text: msg[r] ?? '' }], width, '~'));
  return out;
}

/** Whether the table data is stale (shown dimmed): the connection is lost or a refresh hangs. */
export function isStale(conn: Connection, snap: Snapshot | null): boolean {
  return (conn.status === 'down' || conn.status === 'slow') && snap !== null;
}

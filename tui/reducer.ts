/**
 * The dashboard's view state machine: (state, action) → state. Pure: no I/O, no clocks. Work that
 * needs the server (start, stop, signal, reread…) is queued in `effects` for the app to run.
 */
import { plainText } from './format.ts';
import { headerHeight } from './header.ts';
import { computeLayout, type Layout } from './layout.ts';
import { SORTABLE, type Snapshot, type TableRow } from './model.ts';
import { complete, edit, insert, type LineState } from './prompt-edit.ts';
import { buildRows, filterError, reuseRows } from './rows.ts';
import type { FleetView } from './fleet/model.ts';
import { updateFleetTable } from './fleet/table.ts';
import { EMPTY_FLEET_HISTORY, FleetHistory, recordFleetTransitions } from './fleet/history.ts';
import { startOrderLine } from './plan.ts';
import { isMultiTarget, unqualify } from './fleet/model.ts';
import { DEFAULT_PREFS, type ViewPrefs } from './prefs/view-prefs.ts';
import { moveColumn, toggleColumn } from './prefs/column-choice.ts';
import { EMPTY_HISTORY } from './details/history.ts';
import { lineFilter } from './merged-log/model.ts';
import { mergedTarget, scrollFiltered } from './merged-log/view.ts';
import { recordSnapshotTransitions, reduceDetails } from './details/reduce.ts';
import { MESSAGE_HISTORY, SIGNALS, type Action, type Effect, type Mode, type Op, type Target, type ViewState } from './state.ts';

/** Lines kept per prompt history. */
const HISTORY = 100;

/** Log lines kept in memory (older ones are dropped; the server keeps the full log). */
const LOG_MAX_LINES = 5000;

export interface InitOptions {
  cols: number;
  rows: number;
  readonly: boolean;
  interval: number;
  fleet?: FleetView | null;
  /** The view remembered from the last run (tui/prefs/). */
  prefs?: ViewPrefs;
}

export function initialState(o: InitOptions): ViewState {
  const p = o.prefs ?? DEFAULT_PREFS;
  return {
    cols: o.cols,
    rows: o.rows,
    snapshot: null,
    fleet: o.fleet ?? null,
    fleetTable: null,
    server: null,
    conn: { status: 'connecting', since: 0 },
    tableRows: [],
    selected: null,
    top: 0,
    collapsed: new Set(p.collapsed),
    filter: '',
    sort: p.sort,
    columns: p.columns,
    marks: new Set(),
    mode: { kind: 'normal' },
    focus: 'table',
    log: { target: null, open: false, channel: p.channel, follow: true, anchor: 0, wrap: p.wrap, full: false, search: '', searchDir: 1, match: null, filter: '' },
    logLines: { lines: [], dropped: 0, partial: '' },
    paused: false,
    readonly: o.readonly,
    history: {},
    interval: o.interval,
    message: null,
    messages: [],
    jobs: [],
    panel: null,
    transitions: o.fleet ? EMPTY_FLEET_HISTORY : EMPTY_HISTORY,
    details: null,
    effects: [],
  };
}

export function layoutOf(s: ViewState): Layout {
  return computeLayout({ cols: s.cols, rows: s.rows, logOpen: s.log.open, logFull: s.log.full, header: headerHeight(s, s.cols - 1) });
}

function selectedIndex(s: ViewState): number {
  if (s.selected === null) return -1;
  return s.tableRows.findIndex((r) => r.key === s.selected);
}

export function selectedRow(s: ViewState): TableRow | undefined {
  const i = selectedIndex(s);
  return i < 0 ? undefined : s.tableRows[i];
}

/** Namespecs of the process rows on screen, or null when every process matters (sorted by CPU% or RSS). */
export function visibleProcesses(s: ViewState): ReadonlySet<string> | null {
  if (s.sort.column === 'cpu' || s.sort.column === 'rss') return null;
  const out = new Set<string>();
  for (const r of s.tableRows.slice(s.top, s.top + layoutOf(s).tableRows)) if (r.kind === 'process') out.add(r.namespec);
  return out;
}

/** Put the cursor on row `index` (clamped) and scroll so that it is visible. */
function select(s: ViewState, index: number): ViewState {
  const n = s.tableRows.length;
  if (n === 0) return followSelection({ ...s, selected: null, top: 0 });
  const i = Math.max(0, Math.min(n - 1, index));
  const page = Math.max(1, layoutOf(s).tableRows);
  let top = Math.min(s.top, Math.max(0, n - page));
  if (i < top) top = i;
  if (i >= top + page) top = i - page + 1;
  return followSelection({ ...s, selected: s.tableRows[i]!.key, top: Math.max(0, top) });
}

/** While the log pane is open it shows the selected process. */
function followSelection(s: ViewState): ViewState {
  if (!s.log.open) return s;
  const row = selectedRow(s);
  if (!row || row.kind !== 'process' || row.namespec === s.log.target || isMultiTarget(s.log.target)) return s;
  return showLog(s, row.namespec);
}

function showLog(s: ViewState, target: string): ViewState {
  // Already showing it: keep its lines (and the scroll position).
  if (s.log.open && s.log.target === target) return s;
  return {
    ...s,
    log: { ...s.log, target, open: true, follow: true, anchor: 0, search: '', match: null },
    logLines: { lines: [], dropped: 0, partial: '' },
  };
}

/** Whether buildRows would build the same rows from `b` as from `a` (what it reads: infos, stats, priorities, health, the clock offset). */
function sameRowInputs(a: Snapshot, b: Snapshot): boolean {
  if (a.infos !== b.infos || a.priorities !== b.priorities || (a.health ?? null) !== (b.health ?? null) || (a.clockOffset ?? 0) !== (b.clockOffset ?? 0)) return false;
  if (a.stats === b.stats) return true;
  if (a.stats === null || b.stats === null || a.stats.size !== b.stats.size) return false;
  for (const [pid, x] of a.stats) {
    const y = b.stats.get(pid);
    if (y === undefined || y.cpu !== x.cpu || y.rss !== x.rss) return false;
  }
  return true;
}

/** Rebuild the rows after data or view settings changed, keeping the cursor on the same row (or at the same index). */
function rebuild(s: ViewState): ViewState {
  const oldIndex = Math.max(0, selectedIndex(s));
  const opts = { collapsed: s.collapsed, filter: s.filter, sort: s.sort };
  let t: ViewState;
  if (s.fleet) {
    // Per server: only the parts of servers with news are rebuilt (tui/fleet/table.ts).
    const fleetTable = updateFleetTable(s.fleetTable, s.fleet, opts);
    if (fleetTable.rows === s.tableRows) return { ...s, fleetTable };
    t = { ...s, fleetTable, tableRows: fleetTable.rows };
  } else t = { ...s, tableRows: reuseRows(s.tableRows, s.snapshot ? buildRows(s.snapshot, opts) : []) };
  const rows = t.tableRows;
  // Usually the selected row stays where it was: no search.
  const kept = s.selected === null ? -1 : rows[oldIndex]?.key === s.selected ? oldIndex : rows.findIndex((r) => r.key === s.selected);
  return select(t, kept >= 0 ? kept : oldIndex);
}

function withEffect(s: ViewState, effect: Effect): ViewState {
  return { ...s, effects: [...s.effects, effect], mode: { kind: 'normal' } };
}

function message(s: ViewState, text: string, error = false, at = 0): ViewState {
  const m = { text, error, at };
  return { ...s, message: m, messages: [...s.messages, m].slice(-MESSAGE_HISTORY) };
}

const NOT_ALLOWED = 'read-only: actions are disabled';

/** The target of an action: the marks if any, else the row under the cursor. */
function currentTarget(s: ViewState): { target: Target; label: string; confirm: boolean } | null {
  if (s.marks.size > 0) {
    const names = [...s.marks];
    return { target: { kind: 'processes', names }, label: `${names.length} marked process${names.length === 1 ? '' : 'es'}${onServers(s, names)}`, confirm: true };
  }
  const row = selectedRow(s);
  if (!row) return null;
  if (row.kind === 'group' && row.server === true) {
    const server = unqualify(row.group)[1]!;
    return { target: { kind: 'group', name: row.group }, label: `all ${row.members.length} processes on server ${server}`, confirm: true };
  }
  if (row.kind === 'group') return { target: { kind: 'group', name: row.group }, label: `group ${row.group} (${row.members.length})`, confirm: true };
  return { target: { kind: 'processes', names: [row.namespec] }, label: row.namespec, confirm: false };
}

/** In a fleet: ` on N servers`, from the `@server` of each name. */
function onServers(s: ViewState, names: readonly string[]): string {
  if (s.fleet === null) return '';
  const n = new Set(names.map((x) => unqualify(x)[1])).size;
  return ` on ${n} server${n === 1 ? '' : 's'}`;
}

function act(s: ViewState, op: Op): ViewState {
  if (s.readonly) return message(s, NOT_ALLOWED, true);
  const t = currentTarget(s);
  if (!t) return message(s, 'nothing selected', true);
  const effect: Effect = { kind: 'op', op, target: t.target };
  // Clearing a log cannot be undone: asked even for one process.
  if (!t.confirm && op !== 'clear') return withEffect(s, effect);
  const verb = op === 'clear' ? 'clear the logs of' : op;
  return { ...s, mode: { kind: 'confirm', question: `${verb} ${t.label}?`, effect, ...startDetail(s, op, t.target) } };
}

/** A start (or restart) of several processes shows its order: by priority, and depends_on-aware where the server is ours. */
function startDetail(s: ViewState, op: Op, target: Target): { detail?: string } {
  if ((op !== 'start' && op !== 'restart') || s.fleet !== null || s.snapshot === null) return {};
  return { detail: startOrderLine(target, s.snapshot, op === 'restart') };
}

/** The rolling-restart key: the marks, else the selected row's processes, one server at a time. */
function rollingRestart(s: ViewState): ViewState {
  if (s.readonly) return message(s, NOT_ALLOWED, true);
  if (s.fleet === null) return message(s, 'rolling restart goes over several servers (--context, or -s given more than once)', true);
  const row = selectedRow(s);
  const names = s.marks.size > 0 ? [...s.marks] : row?.kind === 'group' ? row.members : row ? [row.namespec] : [];
  if (names.length === 0) return message(s, 'nothing selected', true);
  const servers = new Set(names.map((x) => unqualify(x)[1])).size;
  const question = `rolling restart ${names.length} process${names.length === 1 ? '' : 'es'} on ${servers} server${servers === 1 ? '' : 's'}, one server at a time?`;
  return { ...s, mode: { kind: 'confirm', question, effect: { kind: 'rolling', names, batch: 1 } } };
}

function logTotal(s: ViewState): number {
  const l = s.logLines;
  return l.dropped + l.lines.length + (l.partial === '' ? 0 : 1);
}

function logLineAt(s: ViewState, abs: number): string {
  const l = s.logLines;
  const i = abs - l.dropped;
  return i < l.lines.length ? (l.lines[i] ?? '') : l.partial;
}

function searchRegex(text: string): RegExp {
  try {
    return new RegExp(text, 'i');
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
}

/** The absolute index of the nearest line matching the search, from `from` in direction `step`. */
function findLogMatch(s: ViewState, query: string, from: number, step: 1 | -1): number | null {
  const re = searchRegex(query);
  const shown = lineFilter(s.log.filter);
  const first = s.logLines.dropped;
  const last = logTotal(s) - 1;
  for (let i = from; i >= first && i <= last; i += step) {
    const line = logLineAt(s, i);
    if (re.test(plainText(line)) && (shown === null || shown(line))) return i;
  }
  return null;
}

/** Make line `hit` the current match and scroll it into view, near the top as less does. */
function showMatch(s: ViewState, hit: number): ViewState {
  const page = Math.max(1, layoutOf(s).logRows);
  const last = logTotal(s) - 1;
  const anchor = Math.min(last, hit + page - 1);
  return { ...s, log: { ...s.log, match: hit, follow: false, anchor: Math.max(anchor, hit) } };
}

function logBottom(s: ViewState): number {
  return s.log.follow ? logTotal(s) - 1 : s.log.anchor;
}

function scrollLog(s: ViewState, to: 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom'): ViewState {
  if (s.log.filter !== '') return scrollFiltered(s, to, Math.max(1, layoutOf(s).logRows));
  const last = logTotal(s) - 1;
  const page = Math.max(1, layoutOf(s).logRows);
  const first = Math.min(last, s.logLines.dropped + page - 1);
  const cur = logBottom(s);
  let anchor: number;
  switch (to) {
    case 'up':
      anchor = cur - 1;
      break;
    case 'down':
      anchor = cur + 1;
      break;
    case 'pageUp':
      anchor = cur - page;
      break;
    case 'pageDown':
      anchor = cur + page;
      break;
    case 'top':
      anchor = first;
      break;
    case 'bottom':
      anchor = last;
      break;
  }
  if (anchor >= last) return { ...s, log: { ...s.log, follow: true, anchor: 0 } };
  return { ...s, log: { ...s.log, follow: false, anchor: Math.max(first, anchor) } };
}

function movedIndex(s: ViewState, to: Extract<Action, { type: 'move' }>['to']): number {
  const i = Math.max(0, selectedIndex(s));
  const page = Math.max(1, layoutOf(s).tableRows);
  switch (to) {
    case 'up':
      return i - 1;
    case 'down':
      return i + 1;
    case 'pageUp':
      return i - page;
    case 'pageDown':
      return i + page;
    case 'halfUp':
      return i - Math.max(1, Math.floor(page / 2));
    case 'halfDown':
      return i + Math.max(1, Math.floor(page / 2));
    case 'home':
      return 0;
    case 'end':
      return s.tableRows.length - 1;
  }
}

/** The row a nested row sits under: the nearest group row above it that is less indented. */
function parentIndex(s: ViewState): number {
  const i = selectedIndex(s);
  const depthOf = (r: TableRow) => (r.kind === 'process' ? r.depth : (r.depth ?? 0));
  const own = depthOf(s.tableRows[i]!);
  for (let j = i - 1; j >= 0; j--) {
    const r = s.tableRows[j]!;
    if (r.kind === 'group' && depthOf(r) < own) return j;
  }
  return i;
}

function setCollapsed(s: ViewState, group: string, collapsed: boolean): ViewState {
  const next = new Set(s.collapsed);
  if (collapsed) next.add(group);
  else next.delete(group);
  return rebuild({ ...s, collapsed: next });
}

/** What Tab completes at a prompt: namespecs, group names and `group:*`. */
function completions(s: ViewState): string[] {
  const out = new Set<string>();
  for (const p of s.snapshot?.infos ?? []) {
    out.add(p.group === p.name ? p.name : `${p.group}:${p.name}`);
    if (p.group !== p.name) out.add(`${p.group}:*`);
  }
  return [...out].sort();
}

function submitPrompt(s: ViewState, mode: Extract<Mode, { kind: 'prompt' }>): ViewState {
  const text = mode.text.trim();
  const past = s.history[mode.prompt] ?? [];
  const history = text === '' || past[past.length - 1] === text ? s.history : { ...s.history, [mode.prompt]: [...past, text].slice(-HISTORY) };
  const normal: ViewState = { ...s, history, mode: { kind: 'normal' } };
  switch (mode.prompt) {
    case 'filter':
    case 'logFilter':
      return normal;
    case 'command':
      if (text === '') return normal;
      return withEffect(normal, { kind: 'command', line: text });
    case 'search':
    case 'searchBack': {
      if (text === '') return { ...normal, log: { ...s.log, search: '', match: null } };
      // As less: / searches forward from the top line of the view, ? backward from its bottom line.
      const dir = mode.prompt === 'search' ? 1 : -1;
      const searched: ViewState = { ...normal, log: { ...s.log, search: text, searchDir: dir, match: null } };
      const bottom = logBottom(s);
      const from = dir === 1 ? Math.max(s.logLines.dropped, bottom - Math.max(1, layoutOf(s).logRows) + 1) : bottom;
      const hit = findLogMatch(searched, text, from, dir);
      if (hit === null) return message(searched, `not found: ${text}`, true);
      return showMatch(searched, hit);
    }
  }
}

function escape(s: ViewState): ViewState {
  const m = s.mode;
  if (m.kind === 'prompt') {
    const normal: ViewState = { ...s, mode: { kind: 'normal' } };
    if (m.prompt === 'logFilter') return { ...normal, log: { ...s.log, filter: '', follow: true, anchor: 0 } };
    return m.prompt === 'filter' ? rebuild({ ...normal, filter: '' }) : normal;
  }
  if (m.kind === 'confirm' || m.kind === 'reread') return message({ ...s, mode: { kind: 'normal' } }, 'cancelled');
  if (m.kind !== 'normal') return { ...s, mode: { kind: 'normal' } };
  if (s.log.open) return { ...s, focus: 'table', log: { ...s.log, open: false, full: false, target: null } };
  if (s.filter !== '') return rebuild({ ...s, filter: '' });
  return s;
}

/** `&` typed: an invalid regex says so and keeps the last valid filter; a valid one applies at once, following the newest lines. */
function setLogFilter(s: ViewState, text: string): ViewState {
  const bad = filterError(text);
  if (bad) return message(s, `${bad}; log still filtered by ${s.log.filter === '' ? 'nothing' : s.log.filter}`, true);
  return { ...s, log: { ...s.log, filter: text, follow: true, anchor: 0, match: null }, message: s.message?.error ? null : s.message };
}

/** M: the marked processes, else the group under the cursor, in one pane; a single process as Enter does. */
function openMergedLog(s: ViewState, row: TableRow | undefined): ViewState {
  const target = mergedTarget(s.marks, row);
  if (target === null) return message(s, 'merged log: mark processes (Space) or put the cursor on a group', true);
  return { ...showLog(s, target), focus: 'log' };
}

function toggleMark(s: ViewState): ViewState {
  const row = selectedRow(s);
  if (!row) return s;
  const marks = new Set(s.marks);
  const names = row.kind === 'group' ? row.members : [row.namespec];
  const allMarked = names.every((n) => marks.has(n));
  for (const n of names) {
    if (allMarked) marks.delete(n);
    else marks.add(n);
  }
  return select({ ...s, marks }, selectedIndex(s) + 1);
}

export function reduce(s: ViewState, a: Action): ViewState {
  switch (a.type) {
    case 'resize':
      return select({ ...s, cols: a.cols, rows: a.rows }, selectedIndex(s));
    case 'snapshot': {
      // A stats sample or a host meter: the same infos, no transition to look for among 1,000 processes.
      const transitions = s.transitions instanceof FleetHistory ? EMPTY_HISTORY : s.snapshot !== null && s.snapshot.infos === a.snapshot.infos ? s.transitions : recordSnapshotTransitions(s.transitions, a.snapshot, s.snapshot);
      // A new host meter or a sample of figures the rows do not show: the rows stand as they are.
      if (s.snapshot !== null && s.fleet === null && sameRowInputs(s.snapshot, a.snapshot)) return { ...s, snapshot: a.snapshot, transitions };
      return rebuild({ ...s, snapshot: a.snapshot, transitions });
    }
    case 'fleet':
      // The tree/flat choice is the view's, not the data's.
      return rebuild({ ...s, fleet: { ...a.fleet, tree: s.fleet?.tree ?? a.fleet.tree }, transitions: recordFleetTransitions(s.transitions instanceof FleetHistory ? s.transitions : EMPTY_FLEET_HISTORY, s.fleet, a.fleet) });
    case 'toggleTree':
      return s.fleet ? rebuild({ ...s, fleet: { ...s.fleet, tree: !s.fleet.tree } }) : s;
    case 'server':
      return { ...s, server: a.server };
    case 'connection':
      return { ...s, conn: a.conn };
    case 'move':
      return select(s, movedIndex(s, a.to));
    case 'select': {
      const i = s.tableRows.findIndex((r) => r.key === a.key);
      return i < 0 ? s : select(s, i);
    }
    case 'collapse': {
      const row = selectedRow(s);
      if (row?.kind === 'group') return row.expanded ? setCollapsed(s, row.group, true) : (row.depth ?? 0) > 0 ? select(s, parentIndex(s)) : s;
      if (row?.kind === 'process' && row.depth > 0) return select(s, parentIndex(s));
      return s;
    }
    case 'expand': {
      const row = selectedRow(s);
      if (row?.kind === 'group') return row.expanded ? s : setCollapsed(s, row.group, false);
      if (row?.kind === 'process') return showLog(s, row.namespec);
      return s;
    }
    case 'expandAll':
      return rebuild({ ...s, collapsed: new Set() });
    case 'collapseAll': {
      const groups = s.tableRows.filter((r) => r.kind === 'group').map((r) => r.group);
      return rebuild({ ...s, collapsed: new Set([...s.collapsed, ...groups]) });
    }
    case 'openPrompt':
      return { ...s, mode: { kind: 'prompt', prompt: a.prompt, text: a.prompt === 'filter' ? s.filter : a.prompt === 'logFilter' ? s.log.filter : '' } };
    case 'promptInput':
    case 'promptBackspace':
    case 'promptEdit':
    case 'promptHistory':
    case 'promptComplete': {
      if (s.mode.kind !== 'prompt') return s;
      const line = { text: s.mode.text, cursor: Math.min(s.mode.cursor ?? s.mode.text.length, s.mode.text.length) };
      let edited: LineState | null = line;
      let hist = s.mode.hist ?? null;
      let draft = s.mode.draft ?? '';
      if (a.type === 'promptInput') edited = insert(line, a.text);
      else if (a.type === 'promptBackspace') edited = edit(line, 'backspace');
      else if (a.type === 'promptEdit') edited = edit(line, a.op);
      else if (a.type === 'promptComplete') edited = complete(line, completions(s));
      else {
        const past = s.history[s.mode.prompt] ?? [];
        const at = hist === null ? past.length : hist;
        const to = Math.max(0, Math.min(past.length, at + a.step));
        if (hist === null) draft = line.text;
        hist = to === past.length ? null : to;
        const text = hist === null ? draft : past[hist]!;
        edited = { text, cursor: text.length };
      }
      if (edited === null || (edited.text === line.text && edited.cursor === line.cursor && a.type !== 'promptHistory')) return s;
      const text = edited.text;
      const next: ViewState = { ...s, mode: { ...s.mode, text, cursor: edited.cursor, hist, draft } };
      if (text === s.mode.text) return next;
      if (s.mode.prompt === 'logFilter') return setLogFilter(next, text);
      if (s.mode.prompt !== 'filter') return next;
      // An invalid regex says so and keeps the last valid filter (the table does not go empty).
      const bad = filterError(text);
      if (bad) return message(next, `${bad}; still filtering by ${s.filter === '' ? 'nothing' : s.filter}`, true);
      return rebuild({ ...next, filter: text, message: s.message?.error ? null : s.message });
    }
    case 'promptSubmit':
      return s.mode.kind === 'prompt' ? submitPrompt(s, s.mode) : s;
    case 'escape':
      return escape(s);
    case 'sort': {
      const i = SORTABLE.indexOf(s.sort.column);
      const n = SORTABLE.length;
      const column = SORTABLE[(i + a.step + n) % n] ?? null;
      return rebuild({ ...s, sort: { ...s.sort, column } });
    }
    case 'sortInvert':
      return rebuild({ ...s, sort: { ...s.sort, inverted: !s.sort.inverted } });
    case 'sortBy':
      if (!SORTABLE.includes(a.column)) return s;
      return rebuild({ ...s, sort: s.sort.column === a.column ? { ...s.sort, inverted: !s.sort.inverted } : { column: a.column, inverted: false } });
    case 'toggleMark':
      return toggleMark(s);
    case 'clearMarks':
      return { ...s, marks: new Set() };
    case 'act':
      return act(s, a.op);
    case 'actAll':
      if (s.readonly) return message(s, NOT_ALLOWED, true);
      return { ...s, mode: { kind: 'confirm', question: `${a.op} all processes?`, effect: { kind: 'op', op: a.op, target: { kind: 'all' } }, ...startDetail(s, a.op, { kind: 'all' }) } };
    case 'openSignalMenu': {
      if (s.readonly) return message(s, NOT_ALLOWED, true);
      const t = currentTarget(s);
      if (!t) return message(s, 'nothing selected', true);
      return { ...s, mode: { kind: 'signal', target: t.target, label: t.label, index: 0 } };
    }
    case 'rollingRestart':
      return rollingRestart(s);
    case 'openContexts': {
      if (a.choices.length === 0) return message(s, 'ctx: the servers file has no [context:NAME] sections', true);
      const at = a.choices.findIndex((c) => c.name === a.current);
      return { ...s, mode: { kind: 'contexts', choices: a.choices, current: a.current, index: Math.max(0, at) } };
    }
    case 'menuMove':
      if (s.mode.kind === 'contexts') {
        const n = s.mode.choices.length;
        return { ...s, mode: { ...s.mode, index: (s.mode.index + a.step + n) % n } };
      }
      if (s.mode.kind !== 'signal') return s;
      return { ...s, mode: { ...s.mode, index: (s.mode.index + a.step + SIGNALS.length) % SIGNALS.length } };
    case 'menuChoose': {
      if (s.mode.kind === 'contexts') {
        const c = s.mode.choices[a.index ?? s.mode.index];
        if (c === undefined) return s;
        const normal: ViewState = { ...s, mode: { kind: 'normal' } };
        return c.name === s.mode.current ? message(normal, `ctx: already on ${c.name}`) : withEffect(normal, { kind: 'switchContext', name: c.name });
      }
      if (s.mode.kind !== 'signal') return s;
      const signal = SIGNALS[a.index ?? s.mode.index];
      if (signal === undefined) return s;
      const effect: Effect = { kind: 'signal', signal, target: s.mode.target };
      if (s.mode.target.kind === 'processes' && s.mode.target.names.length === 1) return withEffect(s, effect);
      return { ...s, mode: { kind: 'confirm', question: `send SIG${signal} to ${s.mode.label}?`, effect } };
    }
    case 'answer':
      if (s.mode.kind === 'confirm') return a.yes ? withEffect(s, s.mode.effect) : escape(s);
      if (s.mode.kind === 'reread') return a.yes ? withEffect(s, { kind: 'update' }) : escape(s);
      return s;
    case 'reread':
      if (s.readonly) return message(s, NOT_ALLOWED, true);
      return withEffect(s, { kind: 'reread' });
    case 'rereadResult': {
      const { added, changed, removed } = a.diff;
      if (added.length + changed.length + removed.length === 0) return message(s, 'reread: no config changes', false, a.at);
      // Never replace what the person is typing or answering: they review it with R when done.
      if (s.mode.kind !== 'normal') return message(s, `reread: ${added.length + changed.length + removed.length} config changes; R to review`, false, a.at);
      return { ...s, mode: { kind: 'reread', diff: a.diff } };
    }
    case 'help':
      return { ...s, mode: { kind: 'help' } };
    case 'closeOverlay':
      return { ...s, mode: { kind: 'normal' }, panel: null };
    case 'dismissPanel': {
      const t: ViewState = { ...s, panel: null };
      return a.then ? reduce(t, a.then) : t;
    }
    case 'output':
      return { ...s, panel: { title: a.title, lines: a.lines } };
    case 'messages':
      return { ...s, mode: { kind: 'messages' } };
    case 'openColumns':
      return { ...s, mode: { kind: 'columns', index: 0 } };
    case 'columnsCursor':
      if (s.mode.kind !== 'columns') return s;
      return { ...s, mode: { kind: 'columns', index: Math.max(0, Math.min(s.columns.length - 1, s.mode.index + a.step)) } };
    case 'columnsToggle':
      if (s.mode.kind !== 'columns') return s;
      return { ...s, columns: toggleColumn(s.columns, s.mode.index) };
    case 'columnsMove': {
      if (s.mode.kind !== 'columns') return s;
      const moved = moveColumn(s.columns, s.mode.index, a.step);
      return { ...s, columns: moved.choice, mode: { kind: 'columns', index: moved.index } };
    }
    case 'openMergedLog':
      return openMergedLog(s, selectedRow(s));
    case 'openLog': {
      // Enter with marks follows every marked process at once, in one pane.
      if (s.marks.size > 1) return showLog(s, [...s.marks].join(' '));
      const row = selectedRow(s);
      if (row?.kind !== 'process') return row?.kind === 'group' ? setCollapsed(s, row.group, row.expanded) : s;
      return showLog(s, row.namespec);
    }
    case 'focus': {
      if (a.pane === 'table') return { ...s, focus: 'table' };
      if (s.log.open) return { ...s, focus: 'log' };
      const row = selectedRow(s);
      return row?.kind === 'process' ? { ...showLog(s, row.namespec), focus: 'log' } : s;
    }
    case 'logChannel':
      return {
        ...s,
        log: { ...s.log, channel: s.log.channel === 'stdout' ? 'stderr' : 'stdout', follow: true, anchor: 0 },
        logLines: { lines: [], dropped: 0, partial: '' },
      };
    case 'logFollow':
      return s.log.follow ? { ...s, log: { ...s.log, follow: false, anchor: logTotal(s) - 1 } } : { ...s, log: { ...s.log, follow: true } };
    case 'logWrap':
      return { ...s, log: { ...s.log, wrap: !s.log.wrap } };
    case 'logFull':
      if (!s.log.open) return s;
      return { ...s, log: { ...s.log, full: !s.log.full } };
    case 'logScroll':
      return scrollLog(s, a.to);
    case 'logSearchNext': {
      if (s.log.search === '') return s;
      const dir = (a.step * s.log.searchDir) as 1 | -1;
      const from = s.log.match ?? logBottom(s);
      const hit = findLogMatch(s, s.log.search, from + dir, dir);
      if (hit === null) return message(s, `no more matches ${dir === 1 ? 'below' : 'above'}: ${s.log.search}`);
      return showMatch(s, hit);
    }
    case 'logAppend': {
      const all = a.lines.length === 0 ? s.logLines.lines : [...s.logLines.lines, ...a.lines];
      const drop = Math.max(0, all.length - LOG_MAX_LINES);
      const lines = drop > 0 ? all.slice(drop) : all;
      return { ...s, logLines: { lines, dropped: s.logLines.dropped + drop, partial: a.partial } };
    }
    case 'logReset':
      return { ...s, log: { ...s.log, follow: true, anchor: 0 }, logLines: { lines: [], dropped: 0, partial: '' } };
    case 'pause':
      return { ...s, paused: !s.paused };
    case 'redraw':
      return withEffect(s, { kind: 'redraw' });
    case 'quit':
      return withEffect(s, { kind: 'quit' });
    case 'message':
      return message(s, a.text, a.error ?? false, a.at);
    case 'clearMessage':
      return s.message === null ? s : { ...s, message: null };
    case 'jobStart':
      return { ...s, jobs: [...s.jobs, { id: a.id, label: a.label, text: a.text }] };
    case 'jobProgress':
      return { ...s, jobs: s.jobs.map((j) => (j.id === a.id ? { ...j, text: a.text } : j)) };
    case 'jobEnd':
      return { ...s, jobs: s.jobs.filter((j) => j.id !== a.id) };
    case 'effectsTaken':
      return { ...s, effects: s.effects.slice(a.count) };
    case 'openDetails':
      if (selectedRow(s)?.kind !== 'process') return message(s, 'details: choose a process row', true);
      return reduceDetails(s, a, selectedRow(s), 0);
    case 'detailsData':
    case 'detailsScroll':
    case 'closeDetails':
      return reduceDetails(s, a, selectedRow(s), layoutOf(s).height - headerHeight(s, s.cols - 1) - 2);
  }
}

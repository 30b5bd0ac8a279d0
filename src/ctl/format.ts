/**
 * supervisorctl's text layouts (compat §8.4), as pure functions of RPC results.
 * Python's `%-Ns` pads with spaces to N code points and never truncates.
 */
import { pyCompare } from '../py/python.ts';
import { Faults } from '../protocol/faults.ts';
import { makeNamespec } from '../protocol/namespec.ts';
import type { ConfigInfo, ProcessInfo, ProcessResult, ReloadDiff } from '../protocol/types.ts';

/** Colours a state word; the identity when colour is off. Padding is computed on the plain word. */
export type StateStyler = (statename: string) => string;

const plain: StateStyler = (s) => s;

/** Python counts code points, not UTF-16 units, when it pads. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - codePoints(s)));
}

/** `%-<max(30,len)+3>s%-10s%s` for every row, the width set by the longest namespec shown. */
export function formatStatusLines(infos: readonly ProcessInfo[], style: StateStyler = plain): string[] {
  const names = infos.map((i) => makeNamespec(i.group, i.name));
  const width = Math.max(30, ...names.map(codePoints)) + 3;
  return infos.map((info, i) => {
    const state = info.statename;
    return `${pad(names[i]!, width)}${style(state)}${' '.repeat(Math.max(0, 10 - state.length))}${info.description}`;
  });
}

/** `'%-32s %-9s %-9s %s'` of namespec, in use/avail, auto/manual, group_prio:process_prio. */
export function formatAvailLine(c: ConfigInfo): string {
  const name = makeNamespec(c.group, c.name);
  return `${pad(name, 32)} ${pad(c.inuse ? 'in use' : 'avail', 9)} ${pad(c.autostart ? 'auto' : 'manual', 9)} ${c.group_prio}:${c.process_prio}`;
}

/** A result code the command has no wording for: supervisorctl raises here (status 1). */
export class UnknownResultError extends Error {
  constructor(code: number, name: string) {
    super(`Unknown result code ${code} for ${name}`);
    this.name = 'UnknownResultError';
  }
}

export type ResultLike = Pick<ProcessResult, 'group' | 'status' | 'description'> & { name: string | null };

/** The namespec of a result; a whole-group spec (name null) shows just the group. */
function resultName(r: ResultLike): string {
  return r.name === null ? r.group : makeNamespec(r.group, r.name);
}

const START_REASONS: ReadonlyMap<number, string> = new Map([
  [Faults.BAD_NAME, 'no such process'],
  [Faults.NO_FILE, 'no such file'],
  [Faults.NOT_EXECUTABLE, 'file is not executable'],
  [Faults.ALREADY_STARTED, 'already started'],
  [Faults.SPAWN_ERROR, 'spawn error'],
  [Faults.ABNORMAL_TERMINATION, 'abnormal termination'],
]);

export function formatStartResult(r: ResultLike): string {
  const name = resultName(r);
  if (r.status === Faults.SUCCESS) return `${name}: started`;
  const reason = START_REASONS.get(r.status);
  if (reason === undefined) throw new UnknownResultError(r.status, name);
  return `${name}: ERROR (${reason})`;
}

const SIGNAL_REASONS: ReadonlyMap<number, string> = new Map([
  [Faults.BAD_NAME, 'no such process'],
  [Faults.BAD_SIGNAL, 'bad signal name'],
  [Faults.NOT_RUNNING, 'not running'],
]);

/** signal and stop results; FAILED prints the fault's own description line. */
export function formatSignalResult(r: ResultLike, success: 'signalled' | 'stopped' = 'signalled'): string {
  const name = resultName(r);
  if (r.status === Faults.SUCCESS) return `${name}: ${success}`;
  if (r.status === Faults.FAILED) return r.description;
  const reason = SIGNAL_REASONS.get(r.status);
  if (reason === undefined) throw new UnknownResultError(r.status, name);
  return `${name}: ERROR (${reason})`;
}

export function formatClearResult(r: ResultLike): string {
  const name = resultName(r);
  if (r.status === Faults.SUCCESS) return `${name}: cleared`;
  if (r.status === Faults.BAD_NAME) return `${name}: ERROR (no such process)`;
  if (r.status === Faults.FAILED) return `${name}: ERROR (failed)`;
  throw new UnknownResultError(r.status, name);
}

/** reread: `<group>: available|changed|disappeared`, sorted by group name. */
export function formatChanges(diff: ReloadDiff): string[] {
  const kinds = new Map<string, string>();
  for (const g of diff.added) kinds.set(g, 'available');
  for (const g of diff.changed) kinds.set(g, 'changed');
  for (const g of diff.removed) kinds.set(g, 'disappeared');
  if (kinds.size === 0) return ['No config updates to processes'];
  return [...kinds.keys()].sort(pyCompare).map((g) => `${g}: ${kinds.get(g)!}`);
}

/**
 * Python cmd.Cmd.columnize: the fewest rows whose columns (two spaces apart) fit the width;
 * every cell, the last included, is left-justified to its column's width.
 */
export function columnize(words: readonly string[], displayWidth = 79): string[] {
  if (words.length === 0) return ['<empty>'];
  if (words.length === 1) return [words[0]!];
  const size = words.length;
  let nrows = size;
  let widths: number[] = [0];
  for (let rows = 1; rows < size; rows++) {
    const ncols = Math.ceil(size / rows);
    const colWidths: number[] = [];
    let total = -2;
    for (let col = 0; col < ncols; col++) {
      let w = 0;
      for (let row = 0; row < rows; row++) {
        const i = row + rows * col;
        if (i >= size) break;
        w = Math.max(w, codePoints(words[i]!));
      }
      colWidths.push(w);
      total += w + 2;
      if (total > displayWidth) break;
    }
    if (total <= displayWidth) {
      nrows = rows;
      widths = colWidths;
      break;
    }
  }
  const ncols = nrows === size ? 1 : widths.length;
  const lines: string[] = [];
  for (let row = 0; row < nrows; row++) {
    const texts: string[] = [];
    for (let col = 0; col < ncols; col++) texts.push(words[row + nrows * col] ?? '');
    while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
    lines.push(texts.map((t, col) => pad(t, widths[col] ?? 0)).join('  '));
  }
  return lines;
}

/** One row of `status --json`. uptime: whole seconds while RUNNING, else null. */
export interface StatusJsonRow {
  namespec: string;
  name: string;
  group: string;
  state: number;
  statename: string;
  pid: number;
  uptime: number | null;
  description: string;
  exitstatus: number;
  spawnerr: string;
}

export function statusJsonRows(infos: readonly ProcessInfo[]): StatusJsonRow[] {
  return infos.map((i) => ({
    namespec: makeNamespec(i.group, i.name),
    name: i.name,
    group: i.group,
    state: i.state,
    statename: i.statename,
    pid: i.pid,
    uptime: i.statename === 'RUNNING' ? Math.max(0, Math.floor(i.now) - Math.floor(i.start)) : null,
    description: i.description,
    exitstatus: i.exitstatus,
    spawnerr: i.spawnerr,
  }));
}

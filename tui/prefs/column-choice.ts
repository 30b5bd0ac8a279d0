/**
 * The column chooser's operations (htop's setup screen): turn a column on or off, move it up or
 * down. Pure. NAME stays first and on: every row starts with it (group rows draw their arrow there).
 */
import { ALL_COLUMNS, DEFAULT_COLUMNS, type ColumnChoice } from '../columns.ts';
import type { ColumnId } from '../model.ts';

const KNOWN = new Set<string>(ALL_COLUMNS.map((c) => c.id));

export function isColumnId(id: string): id is ColumnId {
  return KNOWN.has(id);
}

/**
 * A choice made whole: unknown and repeated ids dropped, NAME first and on, and columns it does
 * not mention (added by a later version) appended, on, in their default place's order.
 */
export function normalizeChoice(choice: readonly { id: string; on: boolean }[]): ColumnChoice {
  const seen = new Set<string>(['name']);
  const out: { id: ColumnId; on: boolean }[] = [{ id: 'name', on: true }];
  for (const c of choice) {
    if (!isColumnId(c.id) || seen.has(c.id)) continue;
    seen.add(c.id);
    out.push({ id: c.id, on: c.on });
  }
  for (const c of DEFAULT_COLUMNS) if (!seen.has(c.id)) out.push({ ...c });
  return out;
}

export function toggleColumn(choice: ColumnChoice, index: number): ColumnChoice {
  const c = choice[index];
  if (!c || c.id === 'name') return choice;
  return choice.map((x, i) => (i === index ? { ...x, on: !x.on } : x));
}

/** Move the column at `index` by `step` (-1 up, 1 down); returns the new choice and where the column went. NAME does not move, nothing moves above it. */
export function moveColumn(choice: ColumnChoice, index: number, step: 1 | -1): { choice: ColumnChoice; index: number } {
  const to = index + step;
  if (index <= 0 || to <= 0 || to >= choice.length || !choice[index]) return { choice, index };
  const out = [...choice];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return { choice: out, index: to };
}

export function sameChoice(a: ColumnChoice, b: ColumnChoice): boolean {
  return a.length === b.length && a.every((c, i) => c.id === b[i]!.id && c.on === b[i]!.on);
}

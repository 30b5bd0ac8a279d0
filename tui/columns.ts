/**
 * Which columns fit a width, and how wide each is. The person chooses the columns and their order
 * (F2/C, tui/prefs/column-choice.ts); of those, columns drop as the width shrinks (HEALTH,
 * DESCRIPTION, EXIT, PRIO, RSS, CPU% in that order); NAME and STATE never go. HEALTH is there only
 * when a process has a health check (never against a real supervisord).
 */
import type { ColumnId } from './model.ts';

/** The columns shown, in order (NAME is always first). */
export type ColumnChoice = readonly { id: ColumnId; on: boolean }[];

export interface Column {
  id: ColumnId;
  title: string;
  width: number;
  align: 'left' | 'right';
}

export const ALL_COLUMNS: readonly Column[] = [
  { id: 'name', title: 'NAME', width: 0, align: 'left' },
  { id: 'state', title: 'STATE', width: 10, align: 'left' },
  { id: 'pid', title: 'PID', width: 7, align: 'right' },
  { id: 'uptime', title: 'UPTIME', width: 9, align: 'right' },
  { id: 'cpu', title: 'CPU%', width: 6, align: 'right' },
  { id: 'rss', title: 'RSS', width: 6, align: 'right' },
  { id: 'prio', title: 'PRIO', width: 5, align: 'right' },
  { id: 'exit', title: 'EXIT', width: 5, align: 'right' },
  { id: 'health', title: 'HEALTH', width: 9, align: 'left' },
  { id: 'description', title: 'DESCRIPTION', width: 0, align: 'left' },
];

const DROP_ORDER: readonly ColumnId[] = ['health', 'description', 'exit', 'prio', 'rss', 'cpu'];
const MIN_NAME = 12;
const MIN_DESCRIPTION = 12;

function total(cols: readonly Column[]): number {
  return cols.reduce((n, c) => n + c.width, 0) + Math.max(0, cols.length - 1);
}

/** Every column, on, in the default order. */
export const DEFAULT_COLUMNS: ColumnChoice = ALL_COLUMNS.map((c) => ({ id: c.id, on: true }));

/** Columns for a table `width` cells wide whose longest name label is `nameWanted` cells. */
export function layoutColumns(width: number, nameWanted: number, withHealth = false, choice: ColumnChoice = DEFAULT_COLUMNS): Column[] {
  const nameWidth = Math.max(MIN_NAME, Math.min(nameWanted, 40));
  const chosen = choice.filter((c) => c.on || c.id === 'name').map((c) => ALL_COLUMNS.find((a) => a.id === c.id)!);
  let cols = chosen.filter((c) => withHealth || c.id !== 'health').map((c) => ({
    ...c,
    width: c.id === 'name' ? nameWidth : c.id === 'description' ? MIN_DESCRIPTION : c.width,
  }));
  for (const id of DROP_ORDER) {
    if (total(cols) <= width) break;
    cols = cols.filter((c) => c.id !== id);
  }
  const name = cols[0]!;
  if (total(cols) > width) name.width = Math.max(MIN_NAME, name.width - (total(cols) - width));
  const spare = width - total(cols);
  const desc = cols.find((c) => c.id === 'description');
  if (spare > 0 && desc) desc.width += spare;
  else if (spare > 0) name.width += Math.min(spare, Math.max(0, nameWanted - name.width));
  return cols;
}

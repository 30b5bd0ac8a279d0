/**
 * A mouse event → the actions it stands for, from where it landed on the screen (tui/layout.ts
 * places the panes). Pure. A click selects the table row under it (on a group row's arrow it also
 * folds or unfolds the group), the wheel scrolls the pane under it; only in the normal view.
 */
import { computeLayout } from '../layout.ts';
import { headerHeight } from '../header.ts';
import { layoutColumns } from '../columns.ts';
import type { ColumnId } from '../model.ts';
import { widestLabel } from '../rows.ts';
import type { Action, ViewState } from '../state.ts';
import type { MouseEvent } from './sgr.ts';

/** Rows one wheel step scrolls. */
export const WHEEL_STEP = 3;

type Pane = { pane: 'table'; row: number | null; x: number } | { pane: 'log' } | { pane: 'none' };

/** Which pane is under 0-based cell (x, y), and for the table which body row (null: its title). */
export function paneAt(s: ViewState, x: number, y: number): Pane {
  const header = headerHeight(s, s.cols - 1);
  const l = computeLayout({ cols: s.cols, rows: s.rows, logOpen: s.log.open, logFull: s.log.full, header });
  if (l.tooSmall) return { pane: 'none' };
  const body = y - header;
  const bodyRows = l.height - header - 2;
  if (body < 0 || body >= bodyRows) return { pane: 'none' };
  const tableLines = l.tableRows > 0 ? l.tableRows + 1 : 0;
  if (l.logBeside) {
    if (x < l.tableWidth) return body <= l.tableRows ? { pane: 'table', row: body === 0 ? null : body - 1, x } : { pane: 'none' };
    return x > l.tableWidth && s.log.open ? { pane: 'log' } : { pane: 'none' };
  }
  if (body < tableLines) return { pane: 'table', row: body === 0 ? null : body - 1, x };
  return s.log.open ? { pane: 'log' } : { pane: 'none' };
}

/** The column under cell x of the table (laid out as Table.tsx lays it out), or null. */
function columnAt(s: ViewState, x: number): ColumnId | null {
  const width = paneWidth(s);
  const withHealth = s.tableRows.some((r) => r.kind === 'process' && r.health !== '');
  const cols = layoutColumns(width - 1, widestLabel(s.tableRows), withHealth, s.columns);
  // One cell for the mark, then each column and the blank after it.
  let left = 1;
  for (const c of cols) {
    if (x >= left && x < left + c.width + 1) return c.id;
    left += c.width + 1;
  }
  return null;
}

function paneWidth(s: ViewState): number {
  const header = headerHeight(s, s.cols - 1);
  return computeLayout({ cols: s.cols, rows: s.rows, logOpen: s.log.open, logFull: s.log.full, header }).tableWidth;
}

function repeat(a: Action, n: number): Action[] {
  return Array.from({ length: n }, () => a);
}

export function mouseActions(s: ViewState, ev: MouseEvent): Action[] {
  if (ev.action !== 'press') return [];
  // The details view scrolls under the wheel as under j/k.
  if (s.mode.kind === 'details') {
    if (ev.button === 'wheelUp') return repeat({ type: 'detailsScroll', to: 'up' }, WHEEL_STEP);
    if (ev.button === 'wheelDown') return repeat({ type: 'detailsScroll', to: 'down' }, WHEEL_STEP);
    return [];
  }
  if (s.mode.kind !== 'normal') return [];
  // Command output: a click puts it away, as a key does.
  if (s.panel !== null) return ev.button === 'left' ? [{ type: 'dismissPanel', then: null }] : [];
  const at = paneAt(s, ev.x - 1, ev.y - 1);
  if (at.pane === 'log') {
    if (ev.button === 'wheelUp') return repeat({ type: 'logScroll', to: 'up' }, WHEEL_STEP);
    if (ev.button === 'wheelDown') return repeat({ type: 'logScroll', to: 'down' }, WHEEL_STEP);
    if (ev.button === 'left') return [{ type: 'focus', pane: 'log' }];
    return [];
  }
  if (at.pane !== 'table') return [];
  if (ev.button === 'wheelUp') return repeat({ type: 'move', to: 'up' }, WHEEL_STEP);
  if (ev.button === 'wheelDown') return repeat({ type: 'move', to: 'down' }, WHEEL_STEP);
  if (ev.button !== 'left') return [];
  if (at.row === null) {
    // A click on a column title sorts by it (again: the other way), as in htop.
    const col = columnAt(s, at.x);
    return col === null ? [] : [{ type: 'sortBy', column: col }];
  }
  const row = s.tableRows[s.top + at.row];
  if (!row) return [];
  const out: Action[] = [{ type: 'focus', pane: 'table' }, { type: 'select', key: row.key }];
  // The arrow sits after the mark column and the row's indent (lines.ts groupRowSegs); its cell and the blank after it fold.
  if (row.kind === 'group') {
    const arrow = 1 + 2 * (row.depth ?? 0);
    if (at.x >= arrow && at.x <= arrow + 1) out.push(row.expanded ? { type: 'collapse' } : { type: 'expand' });
  }
  return out;
}

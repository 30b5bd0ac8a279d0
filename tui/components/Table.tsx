/**
 * The process table: column titles and only the visible rows (a window of `height` rows from
 * `top`), drawn as one text node. Each row's styled text is kept per row object while its
 * decoration and uptime stay the same. While a visible row shows an uptime, the table follows the
 * table clock (tui/clock/): a tick re-renders this table, nothing above it.
 */
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { layoutColumns, type Column, type ColumnChoice } from '../columns.ts';
import { columnTitles, tableRowSegs } from '../lines.ts';
import type { TableRow } from '../model.ts';
import { widestLabel } from '../rows.ts';
import { fitSegs } from '../segments.ts';
import type { Theme } from '../theme.ts';
import { segsToAnsi } from '../seg-ansi.ts';
import { useClock } from '../clock/use-clock.ts';
import { rowUptime } from '../clock/uptime.ts';

/** A drawn row's styled text, kept per row object for as long as what it is drawn with stays the same. */
interface Drawn {
  up: number | null;
  cols: readonly Column[];
  width: number;
  theme: Theme;
  decor: number;
  text: string;
}

const drawn = new WeakMap<TableRow, Drawn>();

function rowText(row: TableRow, up: number | null, cols: readonly Column[], width: number, theme: Theme, selected: boolean, marked: boolean, stale: boolean): string {
  const decor = (selected ? 1 : 0) | (marked ? 2 : 0) | (stale ? 4 : 0);
  const d = drawn.get(row);
  if (d !== undefined && d.up === up && d.cols === cols && d.width === width && d.theme === theme && d.decor === decor) return d.text;
  const text = segsToAnsi(tableRowSegs(row, cols, width, theme, { selected, marked, stale }, up));
  drawn.set(row, { up, cols, width, theme, decor, text });
  return text;
}

export interface TableProps {
  rows: readonly TableRow[];
  top: number;
  height: number;
  width: number;
  selected: string | null;
  /** The columns chosen (F2), in order. */
  columns: ColumnChoice;
  marks: ReadonlySet<string>;
  stale: boolean;
  /** Paused: the uptimes stand still with the data. */
  paused: boolean;
  theme: Theme;
}

function isMarked(row: TableRow, marks: ReadonlySet<string>): boolean {
  if (marks.size === 0) return false;
  return row.kind === 'group' ? row.members.every((m) => marks.has(m)) : marks.has(row.key);
}

export function Table({ rows, top, height, width, selected, columns, marks, stale, paused, theme }: TableProps) {
  const nameWanted = useMemo(() => widestLabel(rows), [rows]);
  const withHealth = useMemo(() => rows.some((r) => r.kind === 'process' && r.health !== ''), [rows]);
  const cols = useMemo(() => layoutColumns(width - 1, nameWanted, withHealth, columns), [width, nameWanted, withHealth, columns]);
  const titles = useMemo(() => columnTitles(cols, width, theme), [cols, width, theme]);
  const visible = rows.slice(top, top + height);
  const now = useClock(!paused && visible.some((r) => r.kind === 'process' && r.since !== null));
  const blank = useMemo(() => segsToAnsi(fitSegs([], width)), [width]);
  const titleText = useMemo(() => segsToAnsi(titles), [titles]);
  // One text node for the whole window: a tick changes ~40 rows, and each Ink node costs a React
  // reconciliation, a Yoga measurement and a pass of Ink's output per frame; a row's text is kept
  // while it does not change.
  const lines = [titleText];
  for (const row of visible) lines.push(rowText(row, row.kind === 'process' ? rowUptime(row, now) : null, cols, width, theme, row.key === selected, isMarked(row, marks), stale));
  for (let i = visible.length; i < height; i++) lines.push(blank);
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Text wrap="truncate">{lines.join('\n')}</Text>
    </Box>
  );
}

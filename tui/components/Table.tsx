/**
 * The process table: column titles and only the visible rows (a window of `height` rows from
 * `top`). Rows are memoized: an unchanged row object with unchanged decoration and uptime is not
 * re-rendered. While a visible row shows an uptime, the table follows the table clock
 * (tui/clock/): a tick re-renders this table and the rows whose uptime moved, nothing above it.
 */
import { Box } from 'ink';
import { memo, useMemo } from 'react';
import { layoutColumns, type Column, type ColumnChoice } from '../columns.ts';
import { columnTitles, tableRowSegs } from '../lines.ts';
import type { TableRow } from '../model.ts';
import { widestLabel } from '../rows.ts';
import { fitSegs } from '../segments.ts';
import type { Theme } from '../theme.ts';
import { Line } from './Line.tsx';
import { useClock } from '../clock/use-clock.ts';
import { rowUptime } from '../clock/uptime.ts';

interface RowProps {
  row: TableRow;
  /** Its uptime in seconds at the table clock; null when it shows none. */
  up: number | null;
  cols: readonly Column[];
  width: number;
  theme: Theme;
  selected: boolean;
  marked: boolean;
  stale: boolean;
}

const RowView = memo(function RowView({ row, up, cols, width, theme, selected, marked, stale }: RowProps) {
  return <Line segs={tableRowSegs(row, cols, width, theme, { selected, marked, stale }, up)} />;
});

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
  const blank = useMemo(() => fitSegs([], width), [width]);
  const filler: number[] = [];
  for (let i = visible.length; i < height; i++) filler.push(i);
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Line segs={titles} />
      {visible.map((row) => (
        <RowView key={row.key} row={row} up={row.kind === 'process' ? rowUptime(row, now) : null} cols={cols} width={width} theme={theme} selected={row.key === selected} marked={isMarked(row, marks)} stale={stale} />
      ))}
      {filler.map((i) => (
        <Line key={`blank-${i}`} segs={blank} />
      ))}
    </Box>
  );
}

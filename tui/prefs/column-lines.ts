/** The column chooser's lines: what the table's titles look like now, and each column on/off in order. Pure. */
import { ALL_COLUMNS, layoutColumns } from '../columns.ts';
import { columnTitles } from '../lines.ts';
import { widestLabel } from '../rows.ts';
import { fitSegs, type Seg } from '../segments.ts';
import type { ViewState } from '../state.ts';
import type { Theme } from '../theme.ts';

const NOTES: Partial<Record<string, string>> = {
  name: 'always shown, first',
  health: 'only when a process has a health check',
  description: 'takes the width left over',
};

export function columnChooserLines(s: Pick<ViewState, 'columns' | 'tableRows' | 'mode'>, width: number, height: number, theme: Theme): Seg[][] {
  const index = s.mode.kind === 'columns' ? s.mode.index : -1;
  const accent = theme.color ? ('cyan' as const) : undefined;
  const withHealth = s.tableRows.some((r) => r.kind === 'process' && r.health !== '');
  const preview = layoutColumns(width - 1, widestLabel(s.tableRows), withHealth, s.columns);
  const out: Seg[][] = [
    [{ text: ' Columns', bold: true, color: accent }, { text: '   ↑↓ choose · Space on/off · [ ] or F7/F8 move · Esc done', dim: true }],
    columnTitles(preview, width, theme),
    [],
  ];
  s.columns.forEach((c, i) => {
    const col = ALL_COLUMNS.find((a) => a.id === c.id)!;
    const box = c.on ? '[x]' : '[ ]';
    const line: Seg[] = [{ text: `   ${box} ${col.title.padEnd(12)}`, inverse: i === index, bold: i === index }];
    const note = NOTES[c.id];
    if (note) line.push({ text: ` ${note}`, dim: true });
    out.push(line);
  });
  return out.slice(0, height).concat(Array.from({ length: Math.max(0, height - out.length) }, () => [])).map((l) => fitSegs(l, width, theme.glyphs.ellipsis));
}

/** The whole frame for a view state: header, table, log pane, footer, overlays. Draws only. */
import { Box } from 'ink';
import { memo } from 'react';
import { contextPickerLines } from '../fleet/picker.ts';
import { headerHeight, headerLines } from '../header.ts';
import { computeLayout, MIN_COLS, MIN_ROWS } from '../layout.ts';
import { footerLines, helpLines, isStale, logRows, logTitle, messageLines, outputLines, rereadLines, tooSmallLines } from '../lines.ts';
import type { ViewState } from '../state.ts';
import { DEFAULT_KEYMAP, helpEntries, type Keymap } from '../keymap.ts';
import { fitSegs, type Seg } from '../segments.ts';
import type { Theme } from '../theme.ts';
import { Line } from './Line.tsx';
import { Lines } from './Lines.tsx';
import { Table } from './Table.tsx';
import { columnChooserLines } from '../prefs/column-lines.ts';
import { DetailsBody } from './DetailsBody.tsx';

export interface ScreenProps {
  state: ViewState;
  theme: Theme;
  /** Clock for the reconnect countdown (only ticks while disconnected). */
  now: number;
  /** The keys in use (config.ini): the help and the footer's hints show them; the defaults when absent. */
  keymap?: Keymap;
}

/** Exactly `n` rows: the header's height is fixed by the layout, its text may tick. */
function fitRows(rows: Seg[][], n: number, width: number): Seg[][] {
  const out = rows.slice(0, n);
  while (out.length < n) out.push(fitSegs([], width));
  return out;
}

export const Screen = memo(function Screen({ state: s, theme, now, keymap = DEFAULT_KEYMAP }: ScreenProps) {
  const header = headerHeight(s, s.cols - 1);
  const layout = computeLayout({ cols: s.cols, rows: s.rows, logOpen: s.log.open, logFull: s.log.full, header });
  const { cols, height } = layout;
  if (layout.tooSmall) return <Lines lines={tooSmallLines({ cols: s.cols, rows: s.rows }, cols, height, { cols: MIN_COLS, rows: MIN_ROWS })} width={cols} />;
  const bodyHeight = height - header - 2;
  const m = s.mode;
  let body;
  if (m.kind === 'help') body = <Lines lines={helpLines(cols, bodyHeight, theme, s.readonly, helpEntries(keymap))} width={cols} />;
  else if (m.kind === 'reread') body = <Lines lines={rereadLines(m.diff, cols, bodyHeight, theme)} width={cols} />;
  else if (m.kind === 'contexts') body = <Lines lines={contextPickerLines(m, cols, bodyHeight, theme)} width={cols} />;
  else if (m.kind === 'columns') body = <Lines lines={columnChooserLines(s, cols, bodyHeight, theme)} width={cols} />;
  else if (m.kind === 'details') body = <DetailsBody state={s} target={m.target} scroll={m.scroll} cols={cols} height={bodyHeight} theme={theme} />;
  else if (m.kind === 'messages') body = <Lines lines={messageLines(s.messages, cols, bodyHeight, theme)} width={cols} />;
  else if (s.panel) body = <Lines lines={outputLines(s.panel.title, s.panel.lines, cols, bodyHeight, theme)} width={cols} />;
  else {
    const table =
      layout.tableRows > 0 ? (
        <Table
          rows={s.tableRows}
          top={s.top}
          height={layout.tableRows}
          width={layout.tableWidth}
          selected={s.selected}
          columns={s.columns}
          marks={s.marks}
          stale={isStale(s.conn, s.snapshot)}
          paused={s.paused}
          theme={theme}
        />
      ) : null;
    const log = s.log.open ? (
      <Box flexDirection="column" width={layout.logWidth}>
        <Line segs={logTitle(s, layout.logWidth, theme)} />
        <Lines lines={logRows(s, layout.logWidth, layout.logRows, theme)} width={layout.logWidth} />
      </Box>
    ) : null;
    body = layout.logBeside ? (
      <Box flexDirection="row" height={bodyHeight}>
        {table}
        <Box width={1} />
        {log}
      </Box>
    ) : (
      <Box flexDirection="column" height={bodyHeight}>
        {table}
        {log}
      </Box>
    );
  }
  const [msg, hints] = footerLines(s, cols, theme, keymap);
  return (
    <Box flexDirection="column" width={cols} height={height}>
      <Lines lines={fitRows(headerLines(s, theme, cols, now), header, cols)} width={cols} />
      {body}
      <Line segs={msg} />
      <Line segs={hints} />
    </Box>
  );
});

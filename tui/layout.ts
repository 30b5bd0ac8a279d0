/**
 * Where each pane goes for a terminal size. Frames are as tall as the terminal (FrameOutput tells
 * Ink of one row more, so that Ink still updates them incrementally).
 */
export const MIN_COLS = 60;
export const MIN_ROWS = 15;
/** From this width the log pane sits to the right of the table instead of below it. */
const SIDE_BY_SIDE_COLS = 180;

export interface Layout {
  tooSmall: boolean;
  /** Drawing width: terminal columns - 1. */
  cols: number;
  /** Frame height: the terminal's rows. */
  height: number;
  /** Table body rows (without its column-title line); 0 when the log is full screen. */
  tableRows: number;
  tableWidth: number;
  /** Log lines (without its title line); 0 when closed. */
  logRows: number;
  logWidth: number;
  logBeside: boolean;
}

export interface LayoutInput {
  cols: number;
  rows: number;
  logOpen: boolean;
  logFull: boolean;
  /** Rows the header takes (header.ts headerHeight); 1 when not given. */
  header?: number;
}

const FOOTER = 2; // message line + key hints

export function computeLayout({ cols, rows, logOpen, logFull, header = 1 }: LayoutInput): Layout {
  const height = rows;
  const tooSmall = cols < MIN_COLS || rows < MIN_ROWS;
  // The last column stays blank: a line that fills it leaves the terminal in its pending-wrap
  // state, where Ink's erase-to-end-of-line also erases the last character drawn.
  const width = cols - 1;
  const base = { cols: width, height, tableWidth: width, logWidth: width, logBeside: false };
  if (tooSmall) return { ...base, tooSmall: true, tableRows: 0, logRows: 0 };
  const body = height - header - FOOTER; // rows shared by the table (title + body) and the log (title + lines)
  if (!logOpen) return { ...base, tooSmall: false, tableRows: body - 1, logRows: 0 };
  if (logFull) return { ...base, tooSmall: false, tableRows: 0, logRows: body - 1 };
  if (cols >= SIDE_BY_SIDE_COLS) {
    const logWidth = Math.floor(width * 0.42);
    return { ...base, tooSmall: false, tableRows: body - 1, tableWidth: width - logWidth - 1, logRows: body - 1, logWidth, logBeside: true };
  }
  const logTotal = Math.max(4, Math.floor(body * 0.4));
  return { ...base, tooSmall: false, tableRows: body - logTotal - 1, logRows: logTotal - 1 };
}

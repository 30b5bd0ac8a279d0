/**
 * Turns the difference between what the terminal shows and the next frame into the fewest bytes:
 * cursor moves to each run of changed cells and only those cells, with SGR only where the pen
 * changes (as curses does). A ticking uptime costs a move and a few digits, not a whole line.
 */
import { sgrFor } from './sgr.ts';
import { blankRow, type Row } from './virtual-screen.ts';

/** Unchanged cells between two changed runs are rewritten rather than jumped over when the gap is this short. */
const MAX_GAP = 4;

export class DiffWriter {
  private front: Row[] = [];
  private cols = 0;
  private rows = 0;
  /** Real cursor position, or -1 when unknown (after a write to the last column). */
  private cx = -1;
  private cy = -1;
  private pen = '';
  private needsClear = true;

  /** The next diff starts from a cleared screen (first frame, resize, Ctrl-L). */
  invalidate(): void {
    this.needsClear = true;
  }

  /**
   * Bytes that turn the terminal's screen into `lines`. Empty when nothing changed. `dirty`: the
   * only rows that may differ from the last diff (VirtualScreen.takeDirty); null or absent: any.
   */
  diff(lines: readonly Row[], cols: number, rows: number, dirty: ReadonlySet<number> | null = null): string {
    let out = '';
    if (this.needsClear || cols !== this.cols || rows !== this.rows) {
      out = '\x1b[m\x1b[H\x1b[2J';
      this.front = Array.from({ length: rows }, () => blankRow(cols));
      this.cols = cols;
      this.rows = rows;
      this.cx = 0;
      this.cy = 0;
      this.pen = '';
      this.needsClear = false;
    }
    const clearing = out !== '';
    const which = clearing || dirty === null ? null : [...dirty].filter((r) => r < rows).sort((a, b) => a - b);
    for (let i = 0; i < (which === null ? rows : which.length); i++) {
      const r = which === null ? i : which[i]!;
      const next = lines[r];
      const prev = this.front[r]!;
      if (!next) continue;
      if (risky(next) || risky(prev)) {
        out += this.wholeRow(next, prev, r, cols);
        continue;
      }
      let c = 0;
      while (c < cols) {
        if (same(prev, next, c)) {
          c++;
          continue;
        }
        // A run of changed cells, extended over short unchanged gaps.
        let end = c + 1;
        let gap = 0;
        for (let k = c + 1; k < cols; k++) {
          if (same(prev, next, k)) {
            if (++gap > MAX_GAP) break;
          } else {
            gap = 0;
            end = k + 1;
          }
        }
        // Never start or end inside a wide character.
        let start = c;
        while (start > 0 && next.chars[start] === '') start--;
        while (end < cols && next.chars[end] === '') end++;
        out += this.moveTo(r, start);
        out += this.cells(next, prev, r, start, end);
        c = end;
      }
    }
    return out;
  }

  /**
   * A row with a cluster terminals disagree on (emoji with a skin tone, ZWJ or VS16: tmux draws
   * 👍🏽 4 cells wide, string-width and Ink 2) is drawn whole from its first column and erased to
   * its end when anything in it changed, so a disagreement never leaves fragments; the cursor
   * column after it is unknown, so the next move is absolute.
   */
  private wholeRow(next: Row, prev: Row, r: number, cols: number): string {
    let changed = false;
    for (let c = 0; c < cols && !changed; c++) if (!same(prev, next, c)) changed = true;
    if (!changed) return '';
    let last = cols - 1;
    while (last >= 0 && next.chars[last] === ' ' && next.styles[last] === '') last--;
    let out = this.moveTo(r, 0) + this.cells(next, prev, r, 0, last + 1);
    for (let c = last + 1; c < cols; c++) {
      prev.chars[c] = next.chars[c]!;
      prev.styles[c] = next.styles[c]!;
    }
    if (this.pen !== '') {
      out += sgrFor('');
      this.pen = '';
    }
    out += '\x1b[K';
    this.cx = -1;
    this.cy = -1;
    return out;
  }

  private cells(next: Row, prev: Row, r: number, start: number, end: number): string {
    let out = '';
    for (let c = start; c < end; c++) {
      const ch = next.chars[c]!;
      prev.chars[c] = ch;
      prev.styles[c] = next.styles[c]!;
      if (ch === '') continue; // covered by the wide character before it
      const style = next.styles[c]!;
      if (style !== this.pen) {
        out += sgrFor(style);
        this.pen = style;
      }
      out += ch;
    }
    this.cx = end;
    this.cy = r;
    if (this.cx >= this.cols) this.cx = -1;
    return out;
  }

  private moveTo(r: number, c: number): string {
    if (this.cy === r && this.cx === c) return '';
    const abs = `\x1b[${r + 1};${c + 1}H`;
    if (this.cx < 0 || this.cy < 0) return abs;
    let best = abs;
    const consider = (s: string) => {
      if (s.length < best.length) best = s;
    };
    const horiz = (from: number): string => {
      if (from === c) return '';
      if (c === 0) return '\r';
      if (c > from) return c - from === 1 ? '\x1b[C' : `\x1b[${c - from}C`;
      return from - c === 1 ? '\x1b[D' : `\x1b[${from - c}D`;
    };
    if (this.cy === r) consider(horiz(this.cx));
    else if (r > this.cy) {
      const down = r - this.cy;
      consider((down === 1 ? '\x1b[B' : `\x1b[${down}B`) + horiz(this.cx));
      consider((down === 1 ? '\x1b[E' : `\x1b[${down}E`) + (c === 0 ? '' : `\x1b[${c + 1}G`));
    } else {
      const up = this.cy - r;
      consider((up === 1 ? '\x1b[A' : `\x1b[${up}A`) + horiz(this.cx));
    }
    return best;
  }
}

/** Whether a row holds a cluster of several code points (not a lone surrogate pair), whose width terminals disagree on. */
function risky(row: Row): boolean {
  for (const ch of row.chars) {
    if (ch.length < 2) continue;
    if (ch.length > 2) return true;
    const hi = ch.charCodeAt(0);
    if (hi < 0xd800 || hi > 0xdbff) return true;
  }
  return false;
}

function same(a: Row, b: Row, c: number): boolean {
  return a.chars[c] === b.chars[c] && a.styles[c] === b.styles[c];
}

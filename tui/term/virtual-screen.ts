/**
 * A grid of cells driven by the subset of VT100/xterm sequences Ink writes (text, SGR, cursor
 * moves, erase line/display, CR/LF). It lets us know exactly what a frame looks like after
 * Ink's incremental update, so only the cells that changed are sent to the real terminal.
 */
import { clusterWidth, graphemes } from '../text-width.ts';
import { applySgr, DEFAULT_PEN, penKey, type Pen } from './sgr.ts';

/** One row: the character drawn in each cell ('' for the second half of a wide character) and its pen. */
export interface Row {
  chars: string[];
  styles: string[];
}

export function blankRow(cols: number): Row {
  return { chars: new Array<string>(cols).fill(' '), styles: new Array<string>(cols).fill('') };
}

export class VirtualScreen {
  cols: number;
  rows: number;
  lines: Row[];
  x = 0;
  y = 0;
  private pen: Pen = DEFAULT_PEN;
  private style = '';
  /** Set after writing the last column: the next printable character wraps first (xterm's deferred wrap). */
  private wrapPending = false;
  /** An escape sequence cut between two writes. */
  private carry = '';
  /** Rows written since the last takeDirty(); null: every row (after a resize, reset, scroll or clear). */
  private dirty: Set<number> | null = null;

  constructor(cols: number, rows: number) {
    this.cols = cols;
    this.rows = rows;
    this.lines = Array.from({ length: rows }, () => blankRow(cols));
  }

  /** The rows changed since the last call (null: all of them), so that a diff need not compare the others. */
  takeDirty(): ReadonlySet<number> | null {
    const d = this.dirty;
    this.dirty = new Set();
    return d;
  }

  resize(cols: number, rows: number): void {
    this.dirty = null;
    const lines: Row[] = [];
    for (let r = 0; r < rows; r++) {
      const old = this.lines[r];
      const row = blankRow(cols);
      if (old) {
        const n = Math.min(cols, old.chars.length);
        for (let c = 0; c < n; c++) {
          row.chars[c] = old.chars[c]!;
          row.styles[c] = old.styles[c]!;
        }
      }
      lines.push(row);
    }
    this.lines = lines;
    this.cols = cols;
    this.rows = rows;
    this.x = Math.min(this.x, cols - 1);
    this.y = Math.min(this.y, rows - 1);
    this.wrapPending = false;
  }

  /** Forget everything: blank grid, cursor home (as after ESC[2J ESC[H). */
  reset(): void {
    this.dirty = null;
    this.lines = Array.from({ length: this.rows }, () => blankRow(this.cols));
    this.x = 0;
    this.y = 0;
    this.pen = DEFAULT_PEN;
    this.style = '';
    this.wrapPending = false;
    this.carry = '';
  }

  /** The text of row r, trailing blanks trimmed (for tests and assertions). */
  text(r: number): string {
    const row = this.lines[r];
    return row ? row.chars.join('').trimEnd() : '';
  }

  screenText(): string {
    return this.lines.map((_, r) => this.text(r)).join('\n');
  }

  write(data: string): void {
    const s = this.carry + data;
    this.carry = '';
    let i = 0;
    const n = s.length;
    while (i < n) {
      const ch = s.charCodeAt(i);
      if (ch === 0x1b) {
        const end = this.escape(s, i);
        if (end < 0) {
          this.carry = s.slice(i);
          return;
        }
        i = end;
        continue;
      }
      if (ch < 0x20 || ch === 0x7f) {
        this.control(ch);
        i++;
        continue;
      }
      // A run of printable text, drawn by grapheme cluster with the width Ink gave it (string-width).
      let j = i + 1;
      while (j < n) {
        const c = s.charCodeAt(j);
        if (c < 0x20 || c === 0x7f) break;
        j++;
      }
      for (const g of graphemes(s.slice(i, j))) this.print(g);
      i = j;
    }
  }

  private control(ch: number): void {
    if (ch === 0x0a) {
      // The tty's onlcr turns LF into CR LF; Ink relies on it.
      this.x = 0;
      this.lineFeed();
    } else if (ch === 0x0d) {
      this.x = 0;
      this.wrapPending = false;
    } else if (ch === 0x08) {
      this.x = Math.max(0, this.x - 1);
      this.wrapPending = false;
    } else if (ch === 0x09) {
      this.x = Math.min(this.cols - 1, (Math.floor(this.x / 8) + 1) * 8);
    }
  }

  private lineFeed(): void {
    this.wrapPending = false;
    if (this.y < this.rows - 1) {
      this.y++;
      return;
    }
    this.lines.shift();
    this.lines.push(blankRow(this.cols));
    this.dirty = null;
  }

  private print(char: string): void {
    const w = Math.min(2, clusterWidth(char));
    if (w === 0) {
      this.dirty?.add(this.y);
      const row = this.lines[this.y]!;
      const c = Math.max(0, Math.min(this.x, this.cols) - 1);
      row.chars[c] += char;
      return;
    }
    if (this.wrapPending || this.x + w > this.cols) {
      this.x = 0;
      this.lineFeed();
    }
    const row = this.lines[this.y]!;
    this.dirty?.add(this.y);
    // Drawing over half of a wide character erases all of it, as terminals do: no half left behind.
    if (row.chars[this.x] === '' && this.x > 0) row.chars[this.x - 1] = ' ';
    const end = this.x + w;
    if (end < this.cols && row.chars[end] === '') row.chars[end] = ' ';
    row.chars[this.x] = char;
    row.styles[this.x] = this.style;
    if (w === 2 && this.x + 1 < this.cols) {
      row.chars[this.x + 1] = '';
      row.styles[this.x + 1] = this.style;
    }
    this.x += w;
    if (this.x >= this.cols) {
      this.x = this.cols - 1;
      this.wrapPending = true;
    }
  }

  /** Handle the escape sequence at s[i]; returns the index after it, or -1 if incomplete. */
  private escape(s: string, i: number): number {
    const next = s[i + 1];
    if (next === undefined) return -1;
    if (next === '[') {
      let j = i + 2;
      while (j < s.length) {
        const c = s.charCodeAt(j);
        if (c >= 0x40 && c <= 0x7e) break;
        j++;
      }
      if (j >= s.length) return -1;
      this.csi(s.slice(i + 2, j), s[j]!);
      return j + 1;
    }
    if (next === ']' || next === 'P' || next === '_') {
      // OSC / DCS / APC: skip to BEL or ST.
      for (let j = i + 2; j < s.length; j++) {
        if (s[j] === '\x07') return j + 1;
        if (s[j] === '\x1b' && s[j + 1] === '\\') return j + 2;
      }
      return -1;
    }
    if (next === '7' || next === '8' || next === '=' || next === '>') return i + 2;
    if (next === '(' || next === ')') return i + 3 <= s.length ? i + 3 : -1;
    return i + 2;
  }

  private csi(params: string, final: string): void {
    if (params.startsWith('?') || params.startsWith('>') || params.startsWith('<') || params.startsWith('=')) return;
    const num = (k: number, dflt: number): number => {
      const v = params.split(';')[k];
      const n = v === undefined || v === '' ? dflt : Number(v);
      return Number.isFinite(n) ? n : dflt;
    };
    const clampX = (x: number) => Math.max(0, Math.min(this.cols - 1, x));
    const clampY = (y: number) => Math.max(0, Math.min(this.rows - 1, y));
    switch (final) {
      case 'm':
        this.pen = applySgr(this.pen, params);
        this.style = penKey(this.pen);
        return;
      case 'A':
        this.y = clampY(this.y - Math.max(1, num(0, 1)));
        break;
      case 'B':
        this.y = clampY(this.y + Math.max(1, num(0, 1)));
        break;
      case 'C':
        this.x = clampX(this.x + Math.max(1, num(0, 1)));
        break;
      case 'D':
        this.x = clampX(this.x - Math.max(1, num(0, 1)));
        break;
      case 'E':
        this.y = clampY(this.y + Math.max(1, num(0, 1)));
        this.x = 0;
        break;
      case 'F':
        this.y = clampY(this.y - Math.max(1, num(0, 1)));
        this.x = 0;
        break;
      case 'G':
        this.x = clampX(num(0, 1) - 1);
        break;
      case 'd':
        this.y = clampY(num(0, 1) - 1);
        break;
      case 'H':
      case 'f':
        this.y = clampY(num(0, 1) - 1);
        this.x = clampX(num(1, 1) - 1);
        break;
      case 'K':
        this.eraseLine(num(0, 0));
        break;
      case 'J':
        this.eraseDisplay(num(0, 0));
        break;
      default:
        return;
    }
    this.wrapPending = false;
  }

  private eraseLine(mode: number): void {
    const row = this.lines[this.y]!;
    this.dirty?.add(this.y);
    const from = mode === 0 ? this.x : 0;
    const to = mode === 1 ? this.x + 1 : this.cols;
    // Erased cells take the current background, as terminals do (bce).
    const style = this.pen.bg ? penKey({ fg: '', bg: this.pen.bg, flags: 0 }) : '';
    for (let c = from; c < to; c++) {
      row.chars[c] = ' ';
      row.styles[c] = style;
    }
  }

  private eraseDisplay(mode: number): void {
    const saveY = this.y;
    const saveX = this.x;
    this.dirty = null;
    if (mode === 2 || mode === 3) {
      for (let r = 0; r < this.rows; r++) this.lines[r] = blankRow(this.cols);
      return;
    }
    this.eraseLine(mode === 0 ? 0 : 1);
    const [lo, hi] = mode === 0 ? [saveY + 1, this.rows] : [0, saveY];
    for (let r = lo; r < hi; r++) this.lines[r] = blankRow(this.cols);
    this.x = saveX;
  }
}

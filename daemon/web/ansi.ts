/**
 * Terminal output → styled text pieces for the web tail. SGR colour/attribute codes become CSS
 * classes (the 16 standard colours; 256-colour indexes 0-15 map onto them, the rest and true
 * colour are dropped); every other escape or control sequence is removed, so nothing shows as
 * garbage. Pure and incremental: an escape split between two chunks is still understood.
 */

export interface Piece {
  readonly text: string;
  /** Space-separated CSS classes (`f1 b`), or '' for plain text. */
  readonly cls: string;
}

interface Style {
  fg: number | null;
  bg: number | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

const PLAIN: Style = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false };

function classesOf(s: Style): string {
  const c: string[] = [];
  if (s.fg !== null) c.push(`f${s.fg}`);
  if (s.bg !== null) c.push(`g${s.bg}`);
  if (s.bold) c.push('b');
  if (s.dim) c.push('d');
  if (s.italic) c.push('i');
  if (s.underline) c.push('u');
  return c.join(' ');
}

/** Apply one SGR parameter list (`1;31`, `38;5;9`, '' = reset) to a style. */
export function applySgr(style: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number.parseInt(p, 10)));
  const s = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const n = codes[i]!;
    if (n === 0) Object.assign(s, PLAIN);
    else if (n === 1) s.bold = true;
    else if (n === 2) s.dim = true;
    else if (n === 3) s.italic = true;
    else if (n === 4) s.underline = true;
    else if (n === 22) s.bold = s.dim = false;
    else if (n === 23) s.italic = false;
    else if (n === 24) s.underline = false;
    else if (n >= 30 && n <= 37) s.fg = n - 30;
    else if (n >= 90 && n <= 97) s.fg = n - 90 + 8;
    else if (n === 39) s.fg = null;
    else if (n >= 40 && n <= 47) s.bg = n - 40;
    else if (n >= 100 && n <= 107) s.bg = n - 100 + 8;
    else if (n === 49) s.bg = null;
    else if (n === 38 || n === 48) {
      // 38;5;N (indexed) or 38;2;R;G;B (true colour): consume the arguments either way.
      const mode = codes[i + 1];
      if (mode === 5) {
        const idx = codes[i + 2];
        if (idx !== undefined && idx < 16) {
          if (n === 38) s.fg = idx;
          else s.bg = idx;
        }
        i += 2;
      } else if (mode === 2) i += 4;
    }
  }
  return s;
}

// CSI: ESC [ params intermediates final; OSC: ESC ] … (BEL | ESC \\); other (charset
// designations, keypad modes): ESC intermediates final; then lone control characters.
const TOKEN = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]|[\x00-\x08\x0b-\x1f\x7f]/g;
// An escape that may still be completed by the next chunk.
const PARTIAL = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[ -/]+)?$/;

const MAX_CARRY = 256;

export class AnsiRenderer {
  private style: Style = PLAIN;
  private carry = '';

  /** Pieces for the next chunk of decoded text; adjacent text of one style is merged. */
  feed(chunk: string): Piece[] {
    let text = this.carry + chunk;
    this.carry = '';
    const partial = PARTIAL.exec(text);
    // An unterminated OSC must not grow without bound: past MAX_CARRY it is dropped as text.
    if (partial !== null && partial[0].length <= MAX_CARRY) {
      this.carry = partial[0];
      text = text.slice(0, partial.index);
    }
    const out: Piece[] = [];
    const push = (t: string): void => {
      if (t === '') return;
      const cls = classesOf(this.style);
      const last = out[out.length - 1];
      if (last !== undefined && last.cls === cls) out[out.length - 1] = { text: last.text + t, cls };
      else out.push({ text: t, cls });
    };
    let at = 0;
    for (const m of text.matchAll(TOKEN)) {
      push(text.slice(at, m.index));
      at = m.index + m[0].length;
      if (m[2] === 'm') this.style = applySgr(this.style, m[1] ?? '');
    }
    push(text.slice(at));
    return out;
  }
}

/** Pieces as HTML spans (the tail page without JavaScript). */
export function piecesHtml(pieces: readonly Piece[], escape: (s: string) => string): string {
  return pieces.map((p) => (p.cls === '' ? escape(p.text) : `<span class="${p.cls}">${escape(p.text)}</span>`)).join('');
}

/**
 * SGR (colour/attribute) state as a terminal keeps it, reduced to a canonical parameter string
 * so that two cells compare equal exactly when they look the same.
 */
export interface Pen {
  fg: string; // '' = default, else the SGR params that set it ("32", "38;5;208", "38;2;1;2;3")
  bg: string;
  flags: number; // bit per attribute below
}

const BOLD = 1;
const DIM = 2;
const ITALIC = 4;
const UNDERLINE = 8;
const BLINK = 16;
const INVERSE = 32;
const HIDDEN = 64;
const STRIKE = 128;
const FLAG_CODES: ReadonlyArray<readonly [number, number]> = [
  [BOLD, 1],
  [DIM, 2],
  [ITALIC, 3],
  [UNDERLINE, 4],
  [BLINK, 5],
  [INVERSE, 7],
  [HIDDEN, 8],
  [STRIKE, 9],
];

export const DEFAULT_PEN: Pen = { fg: '', bg: '', flags: 0 };

/** Apply the parameters of one `ESC [ … m` to a pen. */
export function applySgr(pen: Pen, params: string): Pen {
  let { fg, bg, flags } = pen;
  const p = params === '' ? [0] : params.split(/[;:]/).map((x) => (x === '' ? 0 : Number(x)));
  for (let i = 0; i < p.length; i++) {
    const n = p[i]!;
    if (n === 0) {
      fg = '';
      bg = '';
      flags = 0;
    } else if (n === 1) flags |= BOLD;
    else if (n === 2) flags |= DIM;
    else if (n === 3) flags |= ITALIC;
    else if (n === 4) flags |= UNDERLINE;
    else if (n === 5 || n === 6) flags |= BLINK;
    else if (n === 7) flags |= INVERSE;
    else if (n === 8) flags |= HIDDEN;
    else if (n === 9) flags |= STRIKE;
    else if (n === 21 || n === 22) flags &= ~(BOLD | DIM);
    else if (n === 23) flags &= ~ITALIC;
    else if (n === 24) flags &= ~UNDERLINE;
    else if (n === 25) flags &= ~BLINK;
    else if (n === 27) flags &= ~INVERSE;
    else if (n === 28) flags &= ~HIDDEN;
    else if (n === 29) flags &= ~STRIKE;
    else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) fg = String(n);
    else if (n === 39) fg = '';
    else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) bg = String(n);
    else if (n === 49) bg = '';
    else if (n === 38 || n === 48) {
      const mode = p[i + 1];
      let spec: string;
      if (mode === 5) {
        spec = `${n};5;${p[i + 2] ?? 0}`;
        i += 2;
      } else if (mode === 2) {
        spec = `${n};2;${p[i + 2] ?? 0};${p[i + 3] ?? 0};${p[i + 4] ?? 0}`;
        i += 4;
      } else continue;
      if (n === 38) fg = spec;
      else bg = spec;
    }
  }
  return { fg, bg, flags };
}

/** The canonical parameter string of a pen ('' for the default pen). */
export function penKey(pen: Pen): string {
  const parts: string[] = [];
  for (const [bit, code] of FLAG_CODES) if (pen.flags & bit) parts.push(String(code));
  if (pen.fg) parts.push(pen.fg);
  if (pen.bg) parts.push(pen.bg);
  return parts.join(';');
}

/** The shortest sequence that sets a terminal's pen to `key` from any state. */
export function sgrFor(key: string): string {
  return key === '' ? '\x1b[m' : `\x1b[0;${key}m`;
}

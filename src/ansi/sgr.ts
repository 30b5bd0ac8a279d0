/**
 * Terminal output's SGR colours and attributes, parsed (pure): shared by the web page's log tail
 * (daemon/web/ansi.ts) and the dashboard's log pane. The 16 standard colours; 256-colour indexes
 * 0-15 map onto them, the rest and true colour are dropped. Every other escape or control
 * sequence is removed, so nothing shows as garbage.
 */

export interface SgrStyle {
  /** 0-15 or null (default). */
  fg: number | null;
  bg: number | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

export const PLAIN_STYLE: SgrStyle = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false };

/** Apply one SGR parameter list (`1;31`, `38;5;9`, '' = reset) to a style. */
export function applySgr(style: SgrStyle, params: string): SgrStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number.parseInt(p, 10)));
  const s = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const n = codes[i]!;
    if (n === 0) Object.assign(s, PLAIN_STYLE);
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
export const ANSI_TOKEN = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]|[\x00-\x08\x0b-\x1f\x7f]/g;
/** An escape at the end of a chunk that the next chunk may complete. */
export const ANSI_PARTIAL = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[ -/]+)?$/;

/** Text split into runs of one style, escapes applied and removed; `style` is the style the text starts in. */
export function parseAnsi(text: string, style: SgrStyle = PLAIN_STYLE): { runs: { text: string; style: SgrStyle }[]; style: SgrStyle } {
  const runs: { text: string; style: SgrStyle }[] = [];
  let at = 0;
  let cur = style;
  const push = (t: string) => {
    if (t !== '') runs.push({ text: t, style: cur });
  };
  for (const m of text.matchAll(ANSI_TOKEN)) {
    push(text.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[2] === 'm') cur = applySgr(cur, m[1] ?? '');
  }
  push(text.slice(at));
  return { runs, style: cur };
}

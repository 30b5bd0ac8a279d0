/**
 * A log line's colours for the pane: SGR runs (src/ansi/sgr.ts, as the web page parses them) as
 * styled segments, wrapped or cut by cells, with search matches laid over them. Pure. Without
 * colour (--no-color, NO_COLOR) the line's own colours are dropped.
 */
import { parseAnsi, type SgrStyle } from '../src/ansi/sgr.ts';
import type { Seg } from './segments.ts';
import { cutToWidth, wrapToWidth } from './text-width.ts';
import type { Theme } from './theme.ts';

/** Ink's names for the 16 standard colours. */
const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright'] as const;

function segStyle(st: SgrStyle, theme: Theme): Omit<Seg, 'text'> {
  if (!theme.color) return {};
  const out: Omit<Seg, 'text'> = {};
  if (st.fg !== null) out.fg = NAMES[st.fg];
  if (st.bg !== null) out.bg = NAMES[st.bg];
  if (st.bold) out.bold = true;
  if (st.dim) out.dim = true;
  return out;
}

/** The rows a log line takes at `width` cells: one (cut) or several (wrap, no character lost). */
export function styledLogRows(line: string, width: number, wrap: boolean, theme: Theme): Seg[][] {
  if (!line.includes('\x1b')) return (wrap ? wrapToWidth(line, width) : [cutToWidth(line, width).text]).map((text) => [{ text }]);
  const { runs } = parseAnsi(line);
  const plain = runs.map((r) => r.text).join('');
  const rows = wrap ? wrapToWidth(plain, width) : [cutToWidth(plain, width).text];
  const out: Seg[][] = [];
  let run = 0;
  let inRun = 0;
  for (const row of rows) {
    const segs: Seg[] = [];
    let left = row.length;
    while (left > 0 && run < runs.length) {
      const r = runs[run]!;
      const take = Math.min(left, r.text.length - inRun);
      segs.push({ text: r.text.slice(inRun, inRun + take), ...segStyle(r.style, theme) });
      left -= take;
      inRun += take;
      if (inRun >= r.text.length) {
        run++;
        inRun = 0;
      }
    }
    out.push(segs.length > 0 ? segs : [{ text: '' }]);
  }
  return out;
}

/** Lay `style` over the parts of `segs` matching `re` (search hits). */
export function overlay(segs: readonly Seg[], re: RegExp | null, style: Omit<Seg, 'text'>): Seg[] {
  if (!re) return [...segs];
  const text = segs.map((s) => s.text).join('');
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(re)) {
    if (m[0] === '') break;
    ranges.push([m.index, m.index + m[0].length]);
  }
  if (ranges.length === 0) return [...segs];
  const out: Seg[] = [];
  let pos = 0;
  for (const s of segs) {
    const end = pos + s.text.length;
    let at = pos;
    for (const [a, b] of ranges) {
      if (b <= at || a >= end) continue;
      if (a > at) out.push({ ...s, text: s.text.slice(at - pos, a - pos) });
      const to = Math.min(b, end);
      out.push({ ...s, ...style, text: s.text.slice(Math.max(a, at) - pos, to - pos) });
      at = to;
    }
    if (at < end) out.push({ ...s, text: s.text.slice(at - pos) });
    pos = end;
  }
  return out;
}

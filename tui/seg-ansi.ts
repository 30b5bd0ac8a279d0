/**
 * A line's segments as one styled string, exactly as Ink's <Text> would style each segment
 * (ink/build/components/Text.js and colorize.js, same chalk, same order: dim, colour, background,
 * bold, inverse). A line drawn as one text node instead of a <Text> per segment is one React
 * element and one Ink node to reconcile, lay out and squash per frame instead of ~12: at 1,000
 * processes with 40 ticking rows that was most of the dashboard's idle CPU (README, Performance).
 */
import chalk, { type ChalkInstance } from 'chalk';
import type { Seg } from './segments.ts';
import { paint } from './settings/palette.ts';

const RGB = /^rgb\(\s?(\d+),\s?(\d+),\s?(\d+)\s?\)$/;
const ANSI256 = /^ansi256\(\s?(\d+)\s?\)$/;

/** Ink's colorize: a chalk colour name, `#rrggbb`, `ansi256(n)` or `rgb(r,g,b)`; anything else leaves the text as it is. */
function colorize(text: string, color: string | undefined, ground: 'fg' | 'bg'): string {
  if (!color) return text;
  if (color in chalk) {
    const name = ground === 'fg' ? color : `bg${color[0]!.toUpperCase()}${color.slice(1)}`;
    return (chalk[name as keyof ChalkInstance] as (s: string) => string)(text);
  }
  if (color.startsWith('#')) return ground === 'fg' ? chalk.hex(color)(text) : chalk.bgHex(color)(text);
  if (color.startsWith('ansi256')) {
    const m = ANSI256.exec(color);
    if (!m) return text;
    return ground === 'fg' ? chalk.ansi256(Number(m[1]))(text) : chalk.bgAnsi256(Number(m[1]))(text);
  }
  if (color.startsWith('rgb')) {
    const m = RGB.exec(color);
    if (!m) return text;
    const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return ground === 'fg' ? chalk.rgb(r, g, b)(text) : chalk.bgRgb(r, g, b)(text);
  }
  return text;
}

export function segsToAnsi(segs: readonly Seg[]): string {
  let out = '';
  for (const s of segs) {
    let t = s.text;
    if (t.length === 0) continue;
    if (s.dim) t = chalk.dim(t);
    t = colorize(t, s.color !== undefined ? paint(s.color) : s.fg, 'fg');
    t = colorize(t, s.bg, 'bg');
    if (s.bold) t = chalk.bold(t);
    if (s.inverse) t = chalk.inverse(t);
    out += t;
  }
  return out;
}

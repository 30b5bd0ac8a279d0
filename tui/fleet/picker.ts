/**
 * The `:ctx` picker: every context of the servers file on its own line, in its colour, with its
 * server count and whether it is readonly; the highlighted one inverse, the current one marked. Pure.
 */
import { fitSegs, type Seg } from '../segments.ts';
import type { Mode } from '../state.ts';
import type { Color, Theme } from '../theme.ts';

type Picker = Extract<Mode, { kind: 'contexts' }>;

export function contextPickerLines(m: Picker, width: number, height: number, theme: Theme): Seg[][] {
  const out: Seg[][] = [fitSegs([{ text: ' Contexts', bold: true }, { text: '  (↑↓ jk move · Enter switches · Esc closes)', dim: true }], width)];
  const nameWidth = Math.max(...m.choices.map((c) => c.name.length));
  const colorWidth = Math.max(...m.choices.map((c) => (c.color ?? '').length));
  const room = height - 1;
  // Keep the highlighted line in view when there are more contexts than rows.
  const first = Math.max(0, Math.min(m.index - room + 1, m.choices.length - room));
  m.choices.slice(first, first + room).forEach((c, i) => {
    const here = first + i === m.index;
    const color = theme.color && c.color !== null && c.color !== 'white' ? (c.color as Color) : undefined;
    const servers = `${c.servers} server${c.servers === 1 ? '' : 's'}`;
    const segs: Seg[] = [
      { text: c.name === m.current ? ` ${theme.glyphs.mark} ` : '   ', inverse: here },
      { text: c.name.padEnd(nameWidth), bold: true, color, inverse: here },
      { text: `  ${(c.color ?? '').padEnd(colorWidth)}  ${servers.padStart(10)}${c.readonly ? '  readonly' : ''}${c.name === m.current ? '  (current)' : ''} `, inverse: here },
    ];
    out.push(fitSegs(segs, width, theme.glyphs.ellipsis));
  });
  while (out.length < height) out.push(fitSegs([], width));
  return out;
}

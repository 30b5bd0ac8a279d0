/**
 * The theme's named colours as config.ini repaints them (`[colors] accent = #ff8800`). Set once
 * before the first frame; read by Line for every coloured segment, so a module table rather than
 * a prop or context keeps the hot drawing path as it was.
 */
import type { Color } from '../theme.ts';

let roles: Partial<Record<Color, string>> = {};

export function setPalette(p: Partial<Record<Color, string>>): void {
  roles = { ...p };
}

/** The Ink colour a named colour is drawn in. */
export function paint(c: Color): string {
  return roles[c] ?? c;
}

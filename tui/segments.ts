/** A drawn line as styled segments, exactly `width` cells wide. Pure; the components only map them to <Text>. */
import type { Color } from './theme.ts';

export interface Seg {
  text: string;
  color?: Color | undefined;
  dim?: boolean | undefined;
  bold?: boolean | undefined;
  inverse?: boolean | undefined;
}

export function segWidth(segs: readonly Seg[]): number {
  let n = 0;
  for (const s of segs) n += [...s.text].length;
  return n;
}

/** Cut or pad segments to exactly `width` cells. */
export function fitSegs(segs: readonly Seg[], width: number, ellipsis = '…'): Seg[] {
  const out: Seg[] = [];
  let left = width;
  const total = segWidth(segs);
  for (const s of segs) {
    if (left <= 0) break;
    const chars = [...s.text];
    if (chars.length <= left && !(total > width && chars.length === left)) {
      out.push(s);
      left -= chars.length;
      continue;
    }
    const keep = Math.max(0, left - ellipsis.length);
    out.push({ ...s, text: chars.slice(0, keep).join('') + ellipsis.slice(0, left) });
    left = 0;
  }
  if (left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}

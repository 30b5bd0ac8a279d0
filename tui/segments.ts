/** A drawn line as styled segments, exactly `width` cells wide. Pure; the components only map them to <Text>. */
import { cutToWidth, textWidth } from './text-width.ts';
import type { Color } from './theme.ts';

export interface Seg {
  text: string;
  color?: Color | undefined;
  dim?: boolean | undefined;
  bold?: boolean | undefined;
  inverse?: boolean | undefined;
  /** A log line's own colours (Ink colour names), drawn where `color` is not set. */
  fg?: string | undefined;
  bg?: string | undefined;
}

export function segWidth(segs: readonly Seg[]): number {
  let n = 0;
  for (const s of segs) n += textWidth(s.text);
  return n;
}

/** Cut or pad segments to exactly `width` cells. */
export function fitSegs(segs: readonly Seg[], width: number, ellipsis = '…'): Seg[] {
  const out: Seg[] = [];
  let left = width;
  const total = segWidth(segs);
  for (const s of segs) {
    if (left <= 0) break;
    const w = textWidth(s.text);
    if (w <= left && !(total > width && w === left)) {
      out.push(s);
      left -= w;
      continue;
    }
    // Cut by cells; a wide character that would straddle the edge gives way to a blank.
    const mark = cutToWidth(ellipsis, left);
    const kept = cutToWidth(s.text, left - mark.width);
    out.push({ ...s, text: kept.text + ' '.repeat(left - mark.width - kept.width) + mark.text });
    left = 0;
  }
  if (left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}

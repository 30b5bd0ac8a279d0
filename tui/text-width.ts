/**
 * Terminal width of text: grapheme clusters (Intl.Segmenter) measured with `string-width` (East
 * Asian Width, emoji with ZWJ and variation selectors, combining marks), as Ink lays text out.
 * Pure. Printable ASCII, most of what a dashboard shows, takes a fast path.
 */
import stringWidth from 'string-width';

const ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function graphemes(text: string): string[] {
  if (ASCII.test(text)) return text.split('');
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) out.push(segment);
  return out;
}

/** Cells one grapheme cluster takes (0 for a lone mark or control). */
export function clusterWidth(g: string): number {
  if (g.length === 1) {
    const c = g.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f) return 1;
  }
  return stringWidth(g);
}

/**
 * Widths of short non-ASCII texts seen lately: the header's ` · ` separators and glyphs are measured
 * on every update (string-width takes ~2 µs even for three characters; a fleet's header packs its
 * summary on each server's news). Bounded: cleared when full.
 */
const shortWidths = new Map<string, number>();
const SHORT = 32;
const SHORT_MAX = 2000;

export function textWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  if (text.length > SHORT) return stringWidth(text);
  let w = shortWidths.get(text);
  if (w === undefined) {
    if (shortWidths.size >= SHORT_MAX) shortWidths.clear();
    shortWidths.set(text, (w = stringWidth(text)));
  }
  return w;
}

/** The longest prefix of `text` at most `width` cells wide (a wide character that does not fit is left out whole). */
export function cutToWidth(text: string, width: number): { text: string; width: number } {
  if (ASCII.test(text)) {
    const t = text.slice(0, Math.max(0, width));
    return { text: t, width: t.length };
  }
  let out = '';
  let w = 0;
  for (const g of graphemes(text)) {
    const gw = clusterWidth(g);
    if (w + gw > width) break;
    out += g;
    w += gw;
  }
  return { text: out, width: w };
}

/** `text` in rows of at most `width` cells, no character lost or split. */
export function wrapToWidth(text: string, width: number): string[] {
  if (width <= 0) return [text];
  if (ASCII.test(text)) {
    if (text.length <= width) return [text];
    const out: string[] = [];
    for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
    return out;
  }
  const out: string[] = [];
  let row = '';
  let w = 0;
  for (const g of graphemes(text)) {
    const gw = clusterWidth(g);
    if (w + gw > width && row !== '') {
      out.push(row);
      row = '';
      w = 0;
    }
    row += g;
    w += gw;
  }
  out.push(row);
  return out;
}

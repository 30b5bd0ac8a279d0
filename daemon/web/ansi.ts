/**
 * Terminal output → styled text pieces for the web tail. SGR colour/attribute codes (parsed by
 * src/ansi/sgr.ts, shared with the dashboard's log pane) become CSS classes. Pure and incremental:
 * an escape split between two chunks is still understood.
 */

import { ANSI_PARTIAL, ANSI_TOKEN, applySgr, PLAIN_STYLE, type SgrStyle } from '../../src/ansi/sgr.ts';

export interface Piece {
  readonly text: string;
  /** Space-separated CSS classes (`f1 b`), or '' for plain text. */
  readonly cls: string;
}

type Style = SgrStyle;
const PLAIN = PLAIN_STYLE;

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

const TOKEN = ANSI_TOKEN;
const PARTIAL = ANSI_PARTIAL;

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

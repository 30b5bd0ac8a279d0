/**
 * Line editing for the dashboard's prompts (/ filter, : command, log search), as readline does it:
 * cursor keys, Home/End (Ctrl-A/E), Ctrl-U (to the start), Ctrl-W (the word before the cursor),
 * Backspace/Delete, history (↑/↓) and Tab completion of process and group names. Pure; the
 * cursor is a UTF-16 index on a grapheme boundary.
 */
import { graphemes } from './text-width.ts';

export interface LineState {
  text: string;
  cursor: number;
}

export type EditOp = 'left' | 'right' | 'home' | 'end' | 'backspace' | 'delete' | 'killStart' | 'killWord';

/** Boundaries of the graphemes of `text`, 0 … text.length. */
function stops(text: string): number[] {
  const out = [0];
  let i = 0;
  for (const g of graphemes(text)) out.push((i += g.length));
  return out;
}

export function insert(l: LineState, typed: string): LineState {
  return { text: l.text.slice(0, l.cursor) + typed + l.text.slice(l.cursor), cursor: l.cursor + typed.length };
}

export function edit(l: LineState, op: EditOp): LineState {
  const b = stops(l.text);
  const at = b.indexOf(l.cursor) < 0 ? b.length - 1 : b.indexOf(l.cursor);
  switch (op) {
    case 'left':
      return { ...l, cursor: b[Math.max(0, at - 1)]! };
    case 'right':
      return { ...l, cursor: b[Math.min(b.length - 1, at + 1)]! };
    case 'home':
      return { ...l, cursor: 0 };
    case 'end':
      return { ...l, cursor: l.text.length };
    case 'backspace': {
      if (at === 0) return l;
      const from = b[at - 1]!;
      return { text: l.text.slice(0, from) + l.text.slice(l.cursor), cursor: from };
    }
    case 'delete': {
      if (at >= b.length - 1) return l;
      return { text: l.text.slice(0, l.cursor) + l.text.slice(b[at + 1]!), cursor: l.cursor };
    }
    case 'killStart':
      return { text: l.text.slice(l.cursor), cursor: 0 };
    case 'killWord': {
      // Blanks before the cursor, then the word before them (readline's unix-word-rubout).
      const before = l.text.slice(0, l.cursor).replace(/\S*\s*$/, '');
      return { text: before + l.text.slice(l.cursor), cursor: before.length };
    }
  }
}

/**
 * Complete the word before the cursor from `names` (namespecs and `group:*`): the single match, or
 * the longest common prefix of several. Returns null when nothing completes.
 */
export function complete(l: LineState, names: readonly string[]): LineState | null {
  const start = l.text.slice(0, l.cursor).search(/\S*$/);
  const word = l.text.slice(start, l.cursor);
  const hits = names.filter((n) => n.startsWith(word));
  if (hits.length === 0) return null;
  let common = hits[0]!;
  for (const h of hits) while (!h.startsWith(common)) common = common.slice(0, -1);
  const add = hits.length === 1 ? common.slice(word.length) + ' ' : common.slice(word.length);
  if (add === '') return null;
  return insert(l, add);
}

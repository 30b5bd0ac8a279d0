// Ink 6.8.0's incremental render moves the cursor up `previousVisible - 1` lines before redrawing,
// one short when the frame ends with a newline (every frame shorter than the terminal), so each
// update draws one line low. Ink 7.1 counts the previous frame's lines instead; we apply the same
// one-line change to Ink's source as it is loaded or bundled — never to the installed file.

/** Ink's file that carries the bug, as a path or file URL. */
export const INK_LOG_UPDATE = /[\\/]ink[\\/]build[\\/]log-update\.js$/;

const BUGGY = 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));';
const FIXED = 'buffer.push(ansiEscapes.cursorUp(previousLines.length - 1));';

/**
 * @param {string} source the text of ink/build/log-update.js
 * @returns {{ source: string, status: 'fixed' | 'already' | 'missing' }} `missing`: this Ink is not
 *   the 6.8.0 code the fix was written for; the caller decides whether that is fatal.
 */
export function fixInkLogUpdate(source) {
  if (source.includes(FIXED) && !source.includes(BUGGY)) return { source, status: 'already' };
  const parts = source.split(BUGGY);
  if (parts.length !== 2) return { source, status: 'missing' };
  return { source: parts.join(FIXED), status: 'fixed' };
}

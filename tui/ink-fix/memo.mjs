// A memo for a pure string → string function, installed around Ink 6.8.0's sanitizeAnsi by
// fix.mjs's fixInkSanitize. Ink sanitizes every text node of every line on every frame (walking
// each character, then tokenizing each styled line whole), though a frame redraws mostly the lines
// it drew before: 6–8 % of the dashboard's CPU at 1,000 processes (README, Performance).
//
// Inserted into Ink's module by its source text: it may use only its parameters and globals.

/**
 * @param {(text: string) => string} fn a pure function
 * @param {number} limit entries kept per generation: what was asked in the last two generations is kept, nothing older
 */
export function memoStrings(fn, limit) {
  let current = new Map();
  let previous = new Map();
  return (text) => {
    let out = current.get(text);
    if (out !== undefined) return out;
    out = previous.get(text);
    if (out === undefined) out = fn(text);
    if (current.size >= limit) {
      previous = current;
      current = new Map();
    }
    current.set(text, out);
    return out;
  };
}

/** Small pieces of Python semantics that Supervisor's messages and value parsing expose. */

/** `repr()` of a str, as Supervisor's error messages show values (`%r`). */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return quote + out + quote;
}

/** Python `int(value)` for base-10 strings: blanks around, a sign and `_` between digits allowed; null if invalid. */
export function pyIntOrNull(value: string): number | null {
  const m = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(value);
  if (!m) return null;
  const n = Number(m[2]!.replace(/_/g, ''));
  return m[1] === '-' ? -n : n;
}

/** Python `int(value)`, throwing its error text. */
export function pyInt(value: string): number {
  const n = pyIntOrNull(value);
  if (n === null) throw new Error(`invalid literal for int() with base 10: ${pyRepr(value)}`);
  return n;
}

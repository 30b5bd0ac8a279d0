/** Small pieces of Python semantics that Supervisor's parsing and messages expose. */

/** Characters for which Python's `str.isspace()` is true (also what `\s` matches in Python's `re`). */
const PY_WS = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
export const PY_WS_CLASS = `[${PY_WS}]`;
export const PY_NON_WS_CLASS = `[^${PY_WS}]`;
const WS_RE = new RegExp(`^${PY_WS_CLASS}$`);
const LEADING_WS = new RegExp(`^${PY_WS_CLASS}+`);
const TRAILING_WS = new RegExp(`${PY_WS_CLASS}+$`);
const WS_RUN = new RegExp(`${PY_WS_CLASS}+`);

export function pyIsSpace(ch: string): boolean {
  return WS_RE.test(ch);
}

/** `str.strip()` with no argument. */
export function pyStrip(s: string): string {
  return s.replace(LEADING_WS, '').replace(TRAILING_WS, '');
}

export function pyRstrip(s: string): string {
  return s.replace(TRAILING_WS, '');
}

/** `str.split()` with no argument: split on whitespace runs, no empty items. */
export function pySplit(s: string): string[] {
  const t = pyStrip(s);
  return t === '' ? [] : t.split(WS_RUN);
}

/** Python's str ordering (by code point), for sorting names as Supervisor does. */
export function pyCompare(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr()` of a str, as Supervisor's error messages show values (`%r`). */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NOT_PRINTABLE.test(ch)) out += pyCharEscape(ch);
    else out += ch;
  }
  return quote + out + quote;
}

/** The escape repr() and ascii() write for one non-printable character: `\x..`, `\u....` or `\U........`. */
export function pyCharEscape(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x100) return '\\x' + code.toString(16).padStart(2, '0');
  if (code < 0x10000) return '\\u' + code.toString(16).padStart(4, '0');
  return '\\U' + code.toString(16).padStart(8, '0');
}

/** `repr()` of a bytes object: b'...' (or b"..." when it holds ' but no "). */
export function pyBytesRepr(data: Uint8Array): string {
  const quote = data.includes(0x27) && !data.includes(0x22) ? '"' : "'";
  let out = 'b' + quote;
  for (const b of data) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === quote.charCodeAt(0)) out += '\\' + quote;
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

/** Python `int(value)` for base-10 strings: blanks around, a sign and `_` between digits allowed; null if invalid. */
export function pyIntOrNull(value: string): number | null {
  const m = /^([+-]?)(\d+(?:_\d+)*)$/.exec(pyStrip(value));
  if (!m) return null;
  const n = Number(m[2]!.replace(/_/g, ''));
  return m[1] === '-' ? -n : n;
}

/** Python `int(value, 8)`; null if invalid. */
export function pyOctalOrNull(value: string): number | null {
  const m = /^([+-]?)(?:0[oO]_?)?([0-7]+(?:_[0-7]+)*)$/.exec(pyStrip(value));
  if (!m) return null;
  const n = parseInt(m[2]!.replace(/_/g, ''), 8);
  return m[1] === '-' ? -n : n;
}

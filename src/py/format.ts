/**
 * Python's `str % mapping` (printf-style formatting against a dict), which is how Supervisor
 * expands `%(name)s` in config values. Errors carry Python's texts because Supervisor puts
 * them in its messages. One deliberate difference: a conversion without a `(name)` key is an
 * error here, where Python formats the whole expansion dict into the value (compat §1.4/§10).
 */
import { pyCharEscape, pyRepr } from './python.ts';

export type ExpansionValue = string | number;
export type Expansions = Readonly<Record<string, ExpansionValue>>;
/** Later layers win, like `dict(a.items() + b.items())`, without copying the layers. */
export type ExpansionLayers = readonly Expansions[];

function lookupIn(layers: ExpansionLayers, key: string): ExpansionValue | undefined {
  for (let k = layers.length - 1; k >= 0; k--) {
    if (Object.hasOwn(layers[k]!, key)) return layers[k]![key];
  }
  return undefined;
}

/** A `%(name)s` whose name is not in the mapping (Python's KeyError). */
export class FormatKeyError extends Error {
  constructor(readonly key: string) {
    super(pyRepr(key));
  }
}

/** Any other formatting error (Python's ValueError/TypeError text). */
export class FormatError extends Error {}

interface Spec {
  flags: Set<string>;
  width: number | null;
  precision: number | null;
}

function pad(body: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  const len = [...body].length;
  if (len >= width) return body;
  if (spec.flags.has('-')) return body + ' '.repeat(width - len);
  if (numeric && spec.flags.has('0')) {
    const sign = /^[+\- ]/.test(body) ? body[0]! : '';
    const prefix = /^[+\- ]?0[xXo]/.exec(body)?.[0].slice(sign.length) ?? '';
    const digits = body.slice(sign.length + prefix.length);
    return sign + prefix + '0'.repeat(width - len) + digits;
  }
  return ' '.repeat(width - len) + body;
}

function signed(n: number, digits: string, spec: Spec): string {
  if (n < 0) return '-' + digits;
  if (spec.flags.has('+')) return '+' + digits;
  if (spec.flags.has(' ')) return ' ' + digits;
  return digits;
}

function typeName(v: ExpansionValue): string {
  return typeof v === 'number' ? 'int' : 'str';
}

function asPyStr(v: ExpansionValue): string {
  return typeof v === 'number' ? String(v) : v;
}

function convert(conv: string, v: ExpansionValue, spec: Spec): string {
  switch (conv) {
    case 's':
    case 'r':
    case 'a': {
      let s = conv === 's' || typeof v === 'number' ? asPyStr(v) : pyRepr(v);
      if (conv === 'a') s = s.replace(/[^\x00-\x7f]/gu, (c) => pyCharEscape(c));
      if (spec.precision !== null) s = [...s].slice(0, spec.precision).join('');
      return pad(s, spec, false);
    }
    case 'd':
    case 'i':
    case 'u': {
      if (typeof v !== 'number') throw new FormatError(`%${conv} format: a real number is required, not ${typeName(v)}`);
      let digits = String(Math.abs(Math.trunc(v)));
      if (spec.precision !== null && digits.length < spec.precision) digits = digits.padStart(spec.precision, '0');
      return pad(signed(v, digits, spec), spec, true);
    }
    case 'x':
    case 'X':
    case 'o': {
      if (typeof v !== 'number') throw new FormatError(`%${conv} format: an integer is required, not ${typeName(v)}`);
      let digits = Math.abs(v).toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') digits = digits.toUpperCase();
      if (spec.precision !== null && digits.length < spec.precision) digits = digits.padStart(spec.precision, '0');
      if (spec.flags.has('#')) digits = (conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X') + digits;
      return pad(signed(v, digits, spec), spec, true);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (typeof v !== 'number') throw new FormatError(`must be real number, not ${typeName(v)}`);
      return pad(signed(v, formatFloat(Math.abs(v), conv, spec.precision ?? 6, spec.flags.has('#')), spec), spec, true);
    }
    case 'c': {
      if (typeof v === 'number') {
        if (v < 0 || v > 0x10ffff) throw new FormatError('%c arg not in range(0x110000)');
        return pad(String.fromCodePoint(v), spec, false);
      }
      if ([...v].length === 1) return pad(v, spec, false);
      throw new FormatError('%c requires int or char');
    }
    default:
      throw new Error(`unreachable conversion ${conv}`);
  }
}

function formatFloat(x: number, conv: string, precision: number, alt: boolean): string {
  const lower = conv.toLowerCase();
  let out: string;
  if (lower === 'f') out = x.toFixed(precision);
  else if (lower === 'e') out = pyExponent(x.toExponential(precision));
  else {
    const p = precision === 0 ? 1 : precision;
    const exp = x === 0 ? 0 : Math.floor(Math.log10(x));
    if (exp < -4 || exp >= p) {
      out = pyExponent(x.toExponential(p - 1));
      if (!alt) out = out.replace(/\.?0+e/, 'e');
    } else {
      out = x.toFixed(Math.max(0, p - 1 - exp));
      if (!alt && out.includes('.')) out = out.replace(/\.?0+$/, '');
    }
  }
  return conv === lower ? out : out.toUpperCase();
}

/** JS writes `7e+0`; Python writes `7e+00`. */
function pyExponent(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** JavaScript refuses what Python would format at great length (a 10^9 width, 200 decimals). */
function convertWithinLimits(conv: string, v: ExpansionValue, spec: Spec): string {
  try {
    return convert(conv, v, spec);
  } catch (err) {
    if (err instanceof RangeError) throw new FormatError(`width or precision too big for %${conv}`);
    throw err;
  }
}

/** Stands for the whole mapping, which Python hands to a conversion that has no `(name)`. */
const MAPPING = Symbol('mapping');
type Arg = ExpansionValue | typeof MAPPING;

function unnamedError(conv: string, arg: Arg): FormatError | null {
  if (arg !== MAPPING) return null;
  if ('diu'.includes(conv)) return new FormatError(`%${conv} format: a real number is required, not dict`);
  if ('xXo'.includes(conv)) return new FormatError(`%${conv} format: an integer is required, not dict`);
  if ('eEfFgG'.includes(conv)) return new FormatError('must be real number, not dict');
  if (conv === 'c') return new FormatError('%c requires int or char');
  return null;
}

/**
 * `fmt % mapping` as Python evaluates it. Python's argument bookkeeping is kept (a conversion
 * without a name takes the mapping itself, once; a named one takes its value, once; `*` takes
 * from the same place), so every error Python raises is raised here with its text.
 */
export function pyFormat(fmt: string, mapping: Expansions | ExpansionLayers): string {
  const layers: ExpansionLayers = Array.isArray(mapping) ? mapping : [mapping as Expansions];
  const chars = [...fmt];
  const n = chars.length;
  let out = '';
  let i = 0;
  let current: Arg = MAPPING;
  let available = true;
  let unnamedAt: number | null = null;
  const incomplete = (): never => {
    throw new FormatError('incomplete format');
  };
  const nextArg = (): Arg => {
    if (!available) throw new FormatError('not enough arguments for format string');
    available = false;
    return current;
  };
  while (i < n) {
    const c = chars[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    if (i >= n) incomplete();
    if (chars[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    if (chars[i] === '(') {
      let depth = 1;
      const start = ++i;
      while (depth > 0 && i < n) {
        if (chars[i] === ')') depth--;
        else if (chars[i] === '(') depth++;
        i++;
      }
      if (depth > 0) throw new FormatError('incomplete format key');
      const key = chars.slice(start, i - 1).join('');
      const value = lookupIn(layers, key);
      if (value === undefined) throw new FormatKeyError(key);
      current = value;
      available = true;
    }
    // A width or precision: `*` takes it from the arguments, else digits.
    const readCount = (): number | null => {
      if (i < n && chars[i] === '*') {
        i++;
        const v = nextArg();
        if (typeof v !== 'number') throw new FormatError('* wants int');
        return v;
      }
      let digits = '';
      while (i < n && /[0-9]/.test(chars[i]!)) digits += chars[i++];
      return digits ? Number(digits) : null;
    };
    const spec: Spec = { flags: new Set(), width: null, precision: null };
    while (i < n && '-+ #0'.includes(chars[i]!)) spec.flags.add(chars[i++]!);
    spec.width = readCount();
    if (i < n && chars[i] === '.') {
      i++;
      spec.precision = readCount() ?? 0;
    }
    while (i < n && 'hlL'.includes(chars[i]!)) i++;
    if (i >= n) incomplete();
    const conv = chars[i]!;
    const arg = nextArg();
    if (!'sradiuoxXeEfFgGc'.includes(conv)) {
      const code = conv.codePointAt(0) ?? 0;
      const shown = code < 128 ? conv : '?';
      throw new FormatError(`unsupported format character '${shown}' (0x${code.toString(16)}) at index ${i}`);
    }
    const typeError = unnamedError(conv, arg);
    if (typeError) throw typeError;
    if (arg === MAPPING) unnamedAt ??= i;
    else out += convertWithinLimits(conv, arg, spec);
    i++;
  }
  // Python would format the whole mapping here (compat §10.5); that is never what was meant.
  if (unnamedAt !== null) {
    throw new FormatError(`conversion '%${chars[unnamedAt]}' at index ${unnamedAt} has no (name); write '%%' for a literal '%'`);
  }
  return out;
}

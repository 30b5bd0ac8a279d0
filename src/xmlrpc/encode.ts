/**
 * XML-RPC encoder that writes exactly the layout of Python's xmlrpc.client.dumps (compat §5.1),
 * so the real supervisorctl and Python scripts see the bytes real supervisord sends — except that
 * characters XML 1.0 cannot carry (C0 controls such as ESC, lone surrogates, U+FFFE/U+FFFF) are
 * replaced by U+FFFD: real supervisord sends them raw and its own clients then fail to parse.
 */
import type { XmlRpcValue } from './types.ts';

const XML_HEADER = "<?xml version='1.0'?>\n";
/** The range of an XML-RPC <int>; Supervisor caps times to it (capped_int). */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
/** Encoding is recursive; values we encode are built by our code, so a deep one is a cycle or a bug. */
const MAX_DEPTH = 256;

// With the `u` flag, [\uD800-\uDFFF] matches only unpaired surrogates.
const NEEDS_ESCAPE = /[&<>\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/u;
const ESCAPE_ALL = /[&<>\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

function escapeChar(c: string): string {
  if (c === '&') return '&amp;';
  if (c === '<') return '&lt;';
  if (c === '>') return '&gt;';
  return '\uFFFD';
}

/** Python's xmlrpc escape (only &, <, >) plus replacement of characters illegal in XML 1.0. */
function escapeText(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, escapeChar) : s;
}

/** Python's repr(float): shortest round-trip digits, scientific below 1e-4 and from 1e16 on. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let fixed: string;
  if (exp < 0) fixed = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length > exp + 1) fixed = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  else fixed = `${digits.padEnd(exp + 1, '0')}.0`;
  return negative ? `-${fixed}` : fixed;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Python writes naive datetimes as %Y%m%dT%H:%M:%S; ours are always UTC. */
function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new TypeError('cannot encode an invalid Date in XML-RPC');
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  return `${y}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** base64.encodebytes: lines of 76 characters, each ending in a newline. */
function base64Lines(buf: Buffer): string {
  const b64 = buf.toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += 76) out += `${b64.slice(i, i + 76)}\n`;
  return out;
}

function encodeNumber(v: number): string {
  if (Number.isInteger(v)) {
    if (v >= INT32_MIN && v <= INT32_MAX) return `<value><int>${v}</int></value>\n`;
    // Python's marshaller overflows here (compat §5.1 bug); clients accept <i8>.
    if (Number.isSafeInteger(v)) return `<value><i8>${v}</i8></value>\n`;
  }
  return `<value><double>${pythonFloatRepr(v)}</double></value>\n`;
}

function encodeValue(v: XmlRpcValue, depth: number): string {
  if (depth > MAX_DEPTH) throw new TypeError(`XML-RPC value nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  switch (typeof v) {
    case 'string':
      return `<value><string>${escapeText(v)}</string></value>\n`;
    case 'number':
      return encodeNumber(v);
    case 'boolean':
      return v ? '<value><boolean>1</boolean></value>\n' : '<value><boolean>0</boolean></value>\n';
    case 'object':
      break;
    default:
      throw new TypeError(`cannot encode a ${typeof v} in XML-RPC`);
  }
  // Python writes nil without the newline the other types end with.
  if (v === null) return '<value><nil/></value>';
  if (Array.isArray(v)) {
    let out = '<value><array><data>\n';
    for (const item of v) out += encodeValue(item, depth + 1);
    return `${out}</data></array></value>\n`;
  }
  if (Buffer.isBuffer(v)) return `<value><base64>\n${base64Lines(v)}</base64></value>\n`;
  if (v instanceof Date) return `<value><dateTime.iso8601>${formatDate(v)}</dateTime.iso8601></value>\n`;
  let out = '<value><struct>\n';
  for (const key of Object.keys(v)) {
    const member = v[key];
    if (member === undefined) throw new TypeError(`cannot encode undefined (struct member '${key}') in XML-RPC`);
    out += `<member>\n<name>${escapeText(key)}</name>\n${encodeValue(member, depth + 1)}</member>\n`;
  }
  return `${out}</struct></value>\n`;
}

function encodeParams(params: readonly XmlRpcValue[]): string {
  let out = '<params>\n';
  for (const p of params) out += `<param>\n${encodeValue(p, 0)}</param>\n`;
  return `${out}</params>\n`;
}

/** A request body, as xmlrpc.client.dumps(params, methodname). */
export function encodeMethodCall(name: string, params: readonly XmlRpcValue[] = []): string {
  return `${XML_HEADER}<methodCall>\n<methodName>${escapeText(name)}</methodName>\n${encodeParams(params)}</methodCall>\n`;
}

/** A successful response body, as xmlrpc.client.dumps((value,), methodresponse=True). */
export function encodeResponse(value: XmlRpcValue): string {
  return `${XML_HEADER}<methodResponse>\n${encodeParams([value])}</methodResponse>\n`;
}

/** A fault response body, as xmlrpc.client.dumps(Fault(code, string), methodresponse=True). */
export function encodeFault(code: number, faultString: string): string {
  const struct = encodeValue({ faultCode: code, faultString }, 0);
  return `${XML_HEADER}<methodResponse>\n<fault>\n${struct}</fault>\n</methodResponse>\n`;
}

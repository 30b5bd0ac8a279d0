/**
 * Strict XML-RPC decoder for requests (server side) and responses (client side).
 *
 * A purpose-built scanner rather than a general XML parser: it finds `<` with indexOf and reads
 * each tag with a forward-only character loop (no regex backtracking), so time is linear in the
 * input even when a hostile client sends `<a` followed by megabytes of spaces. The element stack is an
 * explicit array with a depth limit, so deep nesting cannot overflow the call stack.
 * Raw control characters (real supervisord sends ESC in log reads) and `&#27;` references are
 * accepted; DOCTYPE/entity declarations are refused.
 */
import { RpcFault } from '../protocol/faults.ts';
import type { MethodCall, XmlRpcValue } from './types.ts';

export class XmlRpcParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRpcParseError';
  }
}

/** Enough for any real payload (a nested array or struct costs 3 levels), far below stack limits. */
const MAX_DEPTH = 512;

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
const REFERENCE = /&(?:(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);)?/g;
const INTEGER = /^[ \t\r\n]*[+-]?[0-9]+[ \t\r\n]*$/;
const DOUBLE = /^[+-]?(?:[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)$/i;
const DATETIME = /^([0-9]{4})-?([0-9]{2})-?([0-9]{2})T([0-9]{2}):?([0-9]{2}):?([0-9]{2})(?:\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function resolveReference(ref: string | undefined): string {
  if (ref === undefined) throw new XmlRpcParseError("'&' not starting a character or entity reference");
  if (ref.charCodeAt(0) !== 0x23) return NAMED_ENTITIES[ref] ?? '';
  const code = ref.charCodeAt(1) === 0x78 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  if (code > 0x10ffff) throw new XmlRpcParseError(`character reference &${ref}; out of range`);
  return String.fromCodePoint(code);
}

/** XML text → string: line ends normalized (as a conforming parser does), references resolved. */
function decodeText(raw: string): string {
  let s = raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') >= 0) s = s.replace(REFERENCE, (_m, ref: string | undefined) => resolveReference(ref));
  return s;
}

type Kind =
  | 'doc'
  | 'methodCall'
  | 'methodResponse'
  | 'methodName'
  | 'params'
  | 'param'
  | 'fault'
  | 'value'
  | 'array'
  | 'data'
  | 'struct'
  | 'member'
  | 'name'
  | 'scalar';

const SCALARS = new Set([
  'int', 'i4', 'i8', 'i1', 'i2', 'biginteger', 'boolean', 'string', 'double', 'float', 'bigdecimal',
  'dateTime.iso8601', 'base64', 'nil',
]);

/** Elements are checked against their parent as they open; siblings that may appear once are
 * detected by the value the earlier one already delivered (it has closed before the next opens). */
interface Frame {
  kind: Kind;
  tag: string;
  text: string;
  /** A typed child opened inside this <value>. */
  typed: boolean;
  value: XmlRpcValue | undefined;
  items: XmlRpcValue[] | null;
  obj: Record<string, XmlRpcValue> | null;
  name: string | null;
}

function blankFrame(): Frame {
  return { kind: 'doc', tag: '', text: '', typed: false, value: undefined, items: null, obj: null, name: null };
}

/** Struct member assignment that cannot touch the prototype (`__proto__` is just a key). */
function setMember(obj: Record<string, XmlRpcValue>, key: string, value: XmlRpcValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function scalarValue(tag: string, text: string): XmlRpcValue {
  switch (tag) {
    case 'string':
      return text;
    case 'int':
    case 'i4':
    case 'i8':
    case 'i1':
    case 'i2':
    case 'biginteger':
      if (!INTEGER.test(text)) throw new XmlRpcParseError(`bad <${tag}> value '${text.slice(0, 40)}'`);
      return Number(text);
    case 'boolean': {
      const t = text.trim();
      if (t === '1' || t === 'true') return true;
      if (t === '0' || t === 'false') return false;
      throw new XmlRpcParseError(`bad <boolean> value '${t.slice(0, 40)}'`);
    }
    case 'double':
    case 'float':
    case 'bigdecimal': {
      const t = text.trim();
      if (!DOUBLE.test(t)) throw new XmlRpcParseError(`bad <${tag}> value '${t.slice(0, 40)}'`);
      const lower = t.toLowerCase().replace(/^\+/, '');
      if (lower === 'nan' || lower === '-nan') return NaN;
      if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
      return Number(t);
    }
    case 'dateTime.iso8601': {
      const m = DATETIME.exec(text.trim());
      if (m === null) throw new XmlRpcParseError(`bad <dateTime.iso8601> value '${text.slice(0, 40)}'`);
      const [, y, mo, d, h, mi, s, zone] = m;
      let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
      if (zone !== undefined && zone !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
      }
      return new Date(ms);
    }
    case 'base64':
      if (!BASE64.test(text)) throw new XmlRpcParseError('bad <base64> value');
      return Buffer.from(text, 'base64');
    default: // nil
      if (!WHITESPACE_ONLY.test(text)) throw new XmlRpcParseError('<nil/> must be empty');
      return null;
  }
}

function lineCol(xml: string, pos: number): string {
  let line = 1;
  let last = -1;
  for (let i = xml.indexOf('\n'); i >= 0 && i < pos; i = xml.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `line ${line}, column ${pos - last}`;
}

interface Document {
  root: 'methodCall' | 'methodResponse' | null;
  methodName: string | null;
  params: XmlRpcValue[] | null;
  fault: XmlRpcValue | undefined;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isBlank(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (!isSpace(xml.charCodeAt(i))) return false;
  }
  return true;
}

function unexpected(tag: string, parent: Frame): XmlRpcParseError {
  return new XmlRpcParseError(`unexpected <${tag}> in ${parent.kind === 'doc' ? 'the document' : `<${parent.tag}>`}`);
}

function twice(tag: string, parent: Frame): XmlRpcParseError {
  return new XmlRpcParseError(`more than one <${tag}> in <${parent.tag}>`);
}

class Parser {
  /** Frames are reused by depth: a 500-process response opens ~30,000 elements. */
  private readonly frames: Frame[] = [blankFrame()];
  private depth = 0;
  readonly doc: Document = { root: null, methodName: null, params: null, fault: undefined };

  /** The innermost open element collects text (otherwise only whitespace may appear). */
  holdsText(): boolean {
    const k = (this.frames[this.depth] as Frame).kind;
    return k === 'scalar' || k === 'value' || k === 'name' || k === 'methodName';
  }

  text(s: string): void {
    (this.frames[this.depth] as Frame).text += s;
  }

  strayText(): never {
    const f = this.frames[this.depth] as Frame;
    throw new XmlRpcParseError(f.kind === 'doc' ? 'text outside the document element' : `unexpected text in <${f.tag}>`);
  }

  open(rawTag: string): void {
    const tag = rawTag.startsWith('ex:') ? rawTag.slice(3) : rawTag;
    const parent = this.frames[this.depth] as Frame;
    let kind: Kind;
    switch (parent.kind) {
      case 'value':
        if (tag === 'array' || tag === 'struct') kind = tag;
        else if (SCALARS.has(tag)) kind = 'scalar';
        else throw unexpected(rawTag, parent);
        if (parent.typed) throw twice('typed value', parent);
        parent.typed = true;
        break;
      case 'data':
      case 'param':
      case 'fault':
        if (tag !== 'value') throw unexpected(rawTag, parent);
        if (parent.kind !== 'data' && parent.value !== undefined) throw twice(tag, parent);
        kind = 'value';
        break;
      case 'member':
        if (tag === 'value') {
          if (parent.value !== undefined) throw twice(tag, parent);
          kind = 'value';
        } else if (tag === 'name') {
          if (parent.name !== null) throw twice(tag, parent);
          kind = 'name';
        } else {
          throw unexpected(rawTag, parent);
        }
        break;
      case 'struct':
        if (tag !== 'member') throw unexpected(rawTag, parent);
        kind = 'member';
        break;
      case 'array':
        if (tag !== 'data') throw unexpected(rawTag, parent);
        if (parent.value !== undefined) throw twice(tag, parent);
        kind = 'data';
        break;
      case 'params':
        if (tag !== 'param') throw unexpected(rawTag, parent);
        kind = 'param';
        break;
      case 'methodCall':
        if (tag === 'methodName') {
          if (this.doc.methodName !== null) throw twice(tag, parent);
          kind = 'methodName';
        } else if (tag === 'params') {
          if (this.doc.methodName === null) throw new XmlRpcParseError('<params> before <methodName>');
          if (this.doc.params !== null) throw twice(tag, parent);
          kind = 'params';
        } else {
          throw unexpected(rawTag, parent);
        }
        break;
      case 'methodResponse':
        if (tag !== 'params' && tag !== 'fault') throw unexpected(rawTag, parent);
        if (this.doc.params !== null || this.doc.fault !== undefined) throw twice('params or fault', parent);
        kind = tag;
        break;
      case 'doc':
        if (this.doc.root !== null) throw new XmlRpcParseError('junk after the document element');
        if (tag !== 'methodCall' && tag !== 'methodResponse') throw unexpected(rawTag, parent);
        this.doc.root = tag;
        kind = tag;
        break;
      default: // text-only elements
        throw unexpected(rawTag, parent);
    }
    if (this.depth >= MAX_DEPTH) throw new XmlRpcParseError(`nesting deeper than ${MAX_DEPTH} elements`);
    this.depth++;
    let f = this.frames[this.depth];
    if (f === undefined) {
      f = blankFrame();
      this.frames.push(f);
    }
    f.kind = kind;
    f.tag = tag;
    f.text = '';
    f.typed = false;
    f.value = undefined;
    f.name = null;
    f.items = kind === 'data' || kind === 'params' ? [] : null;
    f.obj = kind === 'struct' ? {} : null;
  }

  close(rawTag: string): void {
    const tag = rawTag.startsWith('ex:') ? rawTag.slice(3) : rawTag;
    const f = this.frames[this.depth] as Frame;
    if (f.kind === 'doc') throw new XmlRpcParseError(`unexpected </${rawTag}>`);
    if (f.tag !== tag) throw new XmlRpcParseError(`mismatched tag: <${f.tag}> closed by </${rawTag}>`);
    this.depth--;
    const parent = this.frames[this.depth] as Frame;
    switch (f.kind) {
      case 'scalar':
        parent.value = scalarValue(f.tag, f.text);
        return;
      case 'value': {
        let v: XmlRpcValue;
        if (!f.typed) v = f.text;
        else if (WHITESPACE_ONLY.test(f.text)) v = f.value as XmlRpcValue;
        else throw new XmlRpcParseError('text beside a typed value in <value>');
        if (parent.items !== null) parent.items.push(v);
        else parent.value = v;
        return;
      }
      case 'data':
        parent.value = f.items;
        return;
      case 'array':
        parent.value = f.value ?? [];
        return;
      case 'struct':
        parent.value = f.obj;
        return;
      case 'name':
        parent.name = f.text;
        return;
      case 'member':
        if (f.name === null || f.value === undefined) throw new XmlRpcParseError('<member> needs a <name> and a <value>');
        setMember(parent.obj as Record<string, XmlRpcValue>, f.name, f.value);
        return;
      case 'param':
        if (f.value === undefined) throw new XmlRpcParseError('<param> without a <value>');
        (parent.items as XmlRpcValue[]).push(f.value);
        return;
      case 'params':
        this.doc.params = f.items;
        return;
      case 'fault':
        if (f.value === undefined) throw new XmlRpcParseError('<fault> without a <value>');
        this.doc.fault = f.value;
        return;
      case 'methodName':
        this.doc.methodName = f.text;
        return;
      default: // methodCall, methodResponse
        return;
    }
  }

  finish(): void {
    if (this.doc.root === null) throw new XmlRpcParseError('no XML-RPC document element');
    if (this.depth > 0) throw new XmlRpcParseError(`unclosed <${(this.frames[this.depth] as Frame).tag}>`);
  }
}

function parse(input: string | Buffer): Document {
  let xml = typeof input === 'string' ? input : input.toString('utf8');
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  const p = new Parser();
  const n = xml.length;
  let pos = 0;
  try {
    while (pos < n) {
      const lt = xml.indexOf('<', pos);
      const textEnd = lt < 0 ? n : lt;
      if (textEnd > pos) {
        if (p.holdsText()) p.text(decodeText(xml.slice(pos, textEnd)));
        else if (!isBlank(xml, pos, textEnd)) p.strayText();
      }
      if (lt < 0) break;
      pos = lt;
      const c = xml.charCodeAt(lt + 1);
      if (c === 0x3f /* ? */) {
        const end = xml.indexOf('?>', lt + 2);
        if (end < 0) throw new XmlRpcParseError('unterminated processing instruction');
        pos = end + 2;
      } else if (c === 0x21 /* ! */) {
        if (xml.startsWith('<!--', lt)) {
          const end = xml.indexOf('-->', lt + 4);
          if (end < 0) throw new XmlRpcParseError('unterminated comment');
          pos = end + 3;
        } else if (xml.startsWith('<![CDATA[', lt)) {
          const end = xml.indexOf(']]>', lt + 9);
          if (end < 0) throw new XmlRpcParseError('unterminated CDATA section');
          if (!p.holdsText()) throw new XmlRpcParseError('unexpected CDATA section');
          const raw = xml.slice(lt + 9, end);
          p.text(raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n'));
          pos = end + 3;
        } else {
          throw new XmlRpcParseError('DOCTYPE and declarations are not allowed');
        }
      } else {
        // <name [space]* [/]> or </name [space]*>
        let i = lt + 1;
        const closing = c === 0x2f;
        if (closing) i++;
        const nameStart = i;
        if (!isNameStart(xml.charCodeAt(i))) throw new XmlRpcParseError('not well-formed (invalid tag)');
        while (i < n && isNameChar(xml.charCodeAt(i))) i++;
        const name = xml.slice(nameStart, i);
        while (i < n && isSpace(xml.charCodeAt(i))) i++;
        const selfClosing = !closing && xml.charCodeAt(i) === 0x2f;
        if (selfClosing) i++;
        if (xml.charCodeAt(i) !== 0x3e) throw new XmlRpcParseError('not well-formed (invalid tag)');
        pos = i + 1;
        if (closing) {
          p.close(name);
        } else {
          p.open(name);
          if (selfClosing) p.close(name);
        }
      }
    }
    p.finish();
  } catch (err) {
    if (err instanceof XmlRpcParseError) throw new XmlRpcParseError(`${err.message}: ${lineCol(xml, Math.min(pos, n))}`);
    throw err;
  }
  return p.doc;
}

/** Server side: a request body → method name and params (missing <params> = none). */
export function decodeMethodCall(xml: string | Buffer): MethodCall {
  const doc = parse(xml);
  if (doc.root !== 'methodCall') throw new XmlRpcParseError('expected <methodCall>, got <methodResponse>');
  if (doc.methodName === null) throw new XmlRpcParseError('<methodCall> without <methodName>');
  return { methodName: doc.methodName.trim(), params: doc.params ?? [] };
}

/** Client side: a response body → its value, or the RpcFault it carries. */
export function decodeResponse(xml: string | Buffer): XmlRpcValue | RpcFault {
  const doc = parse(xml);
  if (doc.root !== 'methodResponse') throw new XmlRpcParseError('expected <methodResponse>, got <methodCall>');
  if (doc.fault !== undefined) return faultFrom(doc.fault);
  const params = doc.params;
  if (params === null || params.length !== 1) throw new XmlRpcParseError('a response must hold exactly one <param>');
  return params[0] as XmlRpcValue;
}

/** A {faultCode:int, faultString:string} struct as an RpcFault; anything else is malformed. */
function faultFrom(v: XmlRpcValue): RpcFault {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date)) {
    const code = v['faultCode'];
    const str = v['faultString'];
    if (typeof code === 'number' && typeof str === 'string') return new RpcFault(code, str);
  }
  throw new XmlRpcParseError('a <fault> must hold a struct with faultCode and faultString');
}

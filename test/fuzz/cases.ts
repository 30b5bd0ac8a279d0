/**
 * Hostile requests for the HTTP + XML-RPC endpoint, generated from a seed. Each case says what a
 * correct server may answer: never a 5xx, never a crash. No case can change the daemon's state:
 * a well-formed call to a method that acts always has a wrong arity or a wrong type, mutations
 * start only from read-only calls, and web-page forms are never posted.
 */
import type { Rng } from './prng.ts';

/**
 * reject: every response is a 4xx or an XML-RPC fault. multi: a 4xx, a fault, or a multicall
 * whose every item is a fault struct. no5xx: any non-5xx answer (mutations may leave a valid read).
 * notFound: a 4xx, never a file's content.
 */
export type Expect = 'reject' | 'multi' | 'no5xx' | 'notFound';

export interface FuzzCase {
  readonly family: string;
  readonly chunks: readonly Buffer[];
  /** Pause between chunks (slow clients). */
  readonly gapMs: number;
  readonly expect: Expect;
  /** The request is incomplete when the client hangs up: no answer is a correct answer. */
  readonly silentOk: boolean;
  /**
   * The client shuts down its write side (shutdown(SHUT_WR)) right after a complete request,
   * before any answer: the answer must still come (Supervisor answers every complete request).
   */
  readonly halfClose?: boolean;
}

/** A method and its parameter types from system.methodSignature (null when unsupported). */
export interface MethodShape {
  readonly name: string;
  readonly params: readonly string[] | null;
}

const READ_ONLY = [
  'supervisor.getAPIVersion',
  'supervisor.getVersion',
  'supervisor.getSupervisorVersion',
  'supervisor.getIdentification',
  'supervisor.getState',
  'supervisor.getPID',
  'supervisor.getAllProcessInfo',
  'supervisor.getAllConfigInfo',
  'system.listMethods',
];

export const HOSTILE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'prototype',
  '__defineGetter__',
  'supervisor.x.y',
  'supervisor.__proto__',
  'supervisor.constructor',
  'supervisor.toString',
  'supervisor._private',
  'supervisor.getState.call',
  'supervisor.getState.__proto__',
  'supervisor.supervisord.options.execve',
  'supervisor._rpcinterface',
  'system._listMethods',
  'system.multicall.apply',
  'system.__proto__.constructor',
  '_private',
  'system.',
  '.',
  '..',
  'supervisor..getState',
  'SUPERVISOR.GETSTATE',
  'supervisor.getState\u0000',
  'supervisor/getState',
  'supervisor.getStat\u00e9',
  'x'.repeat(70_000),
];

const SCALAR_NOISE = ['<', '>', '&', '"', "'", '\0', '\r', '\n', '\t', '\u001b', '\u007f', '\ufffe', '\ud800', ']]>', '&#0;', '&#x110000;', '&bogus;', '&'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function call(name: string, params: readonly string[]): string {
  return `<?xml version="1.0"?>\n<methodCall><methodName>${esc(name)}</methodName><params>${params.map((p) => `<param>${p}</param>`).join('')}</params></methodCall>`;
}

function randomText(rng: Rng, max = 40): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += rng.chance(0.8) ? String.fromCharCode(0x20 + rng.int(95)) : String.fromCharCode(rng.int(0x3000));
  return s;
}

/** A name no process or group has. */
function strangerName(rng: Rng): string {
  return rng.pick(['nosuch', 'ghost:ghost', 'a:b:c', '', '*', 'grp:', ':x', '../../etc/passwd', '%2e%2e', '\u0000', randomText(rng, 12) + '\u2603']);
}

type ValueKind = 'string' | 'int' | 'boolean' | 'double' | 'array' | 'struct' | 'base64' | 'datetime' | 'nil';

function value(rng: Rng, kind: ValueKind, depth = 0): string {
  switch (kind) {
    case 'string':
      return rng.chance(0.5) ? `<value><string>${esc(strangerName(rng))}</string></value>` : `<value>${esc(randomText(rng))}</value>`;
    case 'int': {
      const tag = rng.pick(['int', 'i4']);
      return `<value><${tag}>${rng.pick(['0', '-1', '2147483647', '-2147483648', String(rng.int(1e6))])}</${tag}></value>`;
    }
    case 'boolean':
      return `<value><boolean>${rng.pick(['0', '1'])}</boolean></value>`;
    case 'double':
      return `<value><double>${rng.pick(['1.5', '-0.25', '3.7e-1', '0.1'])}</double></value>`; // never integral: 1.0 would pass as an int
    case 'array': {
      const n = depth > 2 ? 0 : rng.int(4);
      const items = Array.from({ length: n }, () => value(rng, rng.pick(['string', 'int', 'struct', 'nil'] as const), depth + 1));
      return `<value><array><data>${items.join('')}</data></array></value>`;
    }
    case 'struct': {
      const n = depth > 2 ? 0 : rng.int(4);
      const names = ['__proto__', 'constructor', 'methodName', 'params', 'toString', randomText(rng, 8)];
      const members = Array.from({ length: n }, () => `<member><name>${esc(rng.pick(names))}</name>${value(rng, rng.pick(['string', 'int', 'array'] as const), depth + 1)}</member>`);
      return `<value><struct>${members.join('')}</struct></value>`;
    }
    case 'base64':
      return `<value><base64>${rng.bytes(rng.int(30)).toString('base64')}</base64></value>`;
    case 'datetime':
      return `<value><dateTime.iso8601>20260101T00:00:00</dateTime.iso8601></value>`;
    case 'nil':
      return '<value><nil/></value>';
  }
}

/** Kinds a dispatcher must refuse for a parameter declared as `declared` (integral doubles and ints-for-signals excluded). */
function wrongKinds(declared: string): ValueKind[] {
  switch (declared) {
    case 'string':
      return ['struct', 'array', 'double', 'boolean', 'base64', 'datetime', 'nil'];
    case 'int':
      return ['string', 'struct', 'array', 'double', 'boolean', 'base64', 'nil'];
    case 'boolean':
      return ['string', 'struct', 'array', 'double', 'base64', 'datetime', 'nil'];
    case 'array':
      return ['string', 'int', 'struct', 'double', 'boolean', 'nil'];
    default:
      return ['struct', 'nil'];
  }
}

function rightish(rng: Rng, declared: string): string {
  switch (declared) {
    case 'int':
      return value(rng, 'int');
    case 'boolean':
      return value(rng, 'boolean');
    case 'array':
      return value(rng, 'array');
    default:
      return `<value><string>${esc(strangerName(rng))}</string></value>`;
  }
}

/** HTTP framing for an XML body. */
function post(body: Buffer | string, extraHeaders = '', path = '/RPC2'): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head = `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nConnection: close\r\n${extraHeaders}Content-Length: ${b.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), b]);
}

function one(family: string, bytes: Buffer, expect: Expect, silentOk = false): FuzzCase {
  return { family, chunks: [bytes], gapMs: 0, expect, silentOk };
}

function wrongCall(rng: Rng, methods: readonly MethodShape[]): FuzzCase {
  const m = rng.pick(methods);
  const sig = m.params;
  if (sig === null || sig.length === 0 || rng.chance(0.4)) {
    // Arity: more arguments than any method takes, so even a call to shutdown is refused.
    const n = (sig?.length ?? 3) + 1 + rng.int(3);
    const params = Array.from({ length: n }, () => value(rng, rng.pick(['string', 'int', 'struct', 'nil', 'array'] as const)));
    return one('wrong-arity', post(call(m.name, params)), 'reject');
  }
  const bad = rng.int(sig.length);
  const params = sig.map((declared, i) => (i === bad ? value(rng, rng.pick(wrongKinds(declared))) : rightish(rng, declared)));
  return one('wrong-type', post(call(m.name, params)), m.name === 'system.multicall' ? 'multi' : 'reject');
}

/** Our decoder trims the method name (4.2.5 does not): these may reach getState, harmlessly. */
const PADDED_NAMES = [' supervisor.getState', 'supervisor.getState\n', '\t system.listMethods \r\n'];

function hostileName(rng: Rng): FuzzCase {
  if (rng.chance(0.05)) return one('padded-name', post(call(rng.pick(PADDED_NAMES), [])), 'no5xx');
  const name = rng.pick(HOSTILE_NAMES);
  if (rng.chance(0.3)) {
    const inner = Array.from({ length: 1 + rng.int(4) }, () => {
      const n = rng.chance(0.2) ? 'system.multicall' : rng.pick(HOSTILE_NAMES);
      return `<value><struct><member><name>methodName</name><value><string>${esc(n)}</string></value></member><member><name>params</name><value><array><data/></array></value></member></struct></value>`;
    });
    return one('hostile-multicall', post(call('system.multicall', [`<value><array><data>${inner.join('')}</data></array></value>`])), 'multi');
  }
  return one('hostile-name', post(call(name, rng.chance(0.5) ? [] : [value(rng, 'string')])), 'reject');
}

function validRead(rng: Rng): string {
  return call(rng.pick(READ_ONLY), []);
}

function mutated(rng: Rng): FuzzCase {
  const base = Buffer.from(rng.chance(0.7) ? validRead(rng) : call(rng.pick(HOSTILE_NAMES.slice(0, -1)), [value(rng, 'struct')]), 'utf8');
  let b = base;
  const edits = 1 + rng.int(6);
  for (let k = 0; k < edits; k++) {
    const at = rng.int(b.length + 1);
    switch (rng.int(5)) {
      case 0: // flip a byte
        if (b.length > 0) {
          b = Buffer.from(b);
          b[Math.min(at, b.length - 1)] = rng.int(256);
        }
        break;
      case 1: // delete a range
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + rng.int(20)))]);
        break;
      case 2: // insert noise
        b = Buffer.concat([b.subarray(0, at), Buffer.from(rng.pick(SCALAR_NOISE), 'utf8'), b.subarray(at)]);
        break;
      case 3: // duplicate a range
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + rng.int(40)), b.subarray(at)]);
        break;
      default: // truncate
        b = b.subarray(0, at);
    }
  }
  return one('mutated-xml', post(b), 'no5xx');
}

const MALFORMED: readonly ((rng: Rng) => string)[] = [
  () => '',
  () => '<?xml version="1.0"?>',
  () => '<methodCall>',
  () => '<methodCall><methodName>supervisor.getState</methodName><params>',
  () => '<methodCall><methodName>supervisor.getState</methodName></params></methodCall>',
  () => '<methodCall><methodName>a</methodName><methodName>b</methodName></methodCall>',
  () => '<methodResponse><params><param><value>1</value></param></params></methodResponse>',
  () => '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><methodCall><methodName>&b;</methodName></methodCall>',
  () => '<!DOCTYPE x SYSTEM "file:///etc/passwd"><methodCall><methodName>&xxe;</methodName></methodCall>',
  () => '<methodCall><methodName><![CDATA[supervisor.shutdown]]></methodName><params><param><value>1</value></param></params></methodCall>',
  () => '<methodCall><!-- c --><methodName>supervisor.getState<?pi x?></methodName></methodCall>',
  () => '<methodCall xmlns="urn:x" a="1" a="2"><methodName>system.listMethods</methodName></methodCall>',
  () => '<x:methodCall xmlns:x="u"><x:methodName>system.listMethods</x:methodName></x:methodCall>',
  (rng) => call('system.methodHelp', [`<value><int>${rng.pick(['99999999999999999999', '-', '+', '0x10', '1e3', ''])}</int></value>`]),
  (rng) => call('supervisor.readLog', [`<value><i8>${rng.pick(['9223372036854775808', '-9223372036854775809', 'x'])}</i8></value>`, '<value><int>1</int></value>']),
  (rng) => call('system.methodHelp', [`<value><double>${rng.pick(['1e999', 'nan', 'inf', '--1', '.', 'e5'])}</double></value>`]),
  (rng) => call('system.methodHelp', [`<value><dateTime.iso8601>${rng.pick(['9999-99-99T99:99:99', 'x', ''])}</dateTime.iso8601></value>`]),
  (rng) => call('system.methodHelp', [`<value><base64>${rng.pick(['!!!!', '====', 'a', '\u0000'])}</base64></value>`]),
  () => call('system.methodHelp', ['<value><struct><member><value><int>1</int></value></member></struct></value>']),
  () => call('system.methodHelp', ['<value><string>a</string><string>b</string></value>']),
  () => call('system.methodHelp', ['<value><unknowntype>a</unknowntype></value>']),
  () => call('system.methodHelp', ['<value><nil>x</nil></value>']),
  () => call('system.methodHelp', ['<value><string>&#0;&#xD800;&#x110000;&#99999999999;</string></value>']),
  () => call('system.methodHelp', ['<value><string>&#x1F600;\u0001\u0002\u001b[31m</string></value>']),
  () => `<methodCall><methodName>system.listMethods</methodName></methodCall><methodCall>`,
  () => `<methodCall><methodName>system.listMethods</methodName></methodCall>trailing`,
  () => '\ufeff<methodCall><methodName>system.listMethods</methodName></methodCall>',
];

function malformed(rng: Rng): FuzzCase {
  return one('malformed-xml', post(rng.pick(MALFORMED)(rng)), 'no5xx');
}

function deepNesting(rng: Rng): FuzzCase {
  const depth = rng.pick([600, 2_000, 10_000]);
  const shape = rng.int(3);
  const [open, close] =
    shape === 0
      ? ['<value><array><data>', '</data></array></value>']
      : shape === 1
        ? ['<value><struct><member><name>a</name>', '</member></struct></value>']
        : ['<a>', '</a>'];
  const body = call('system.methodHelp', [open.repeat(depth) + close.repeat(rng.chance(0.8) ? depth : depth >> 1)]);
  return one('deep-nesting', post(body), 'reject');
}

function encodingNoise(rng: Rng): FuzzCase {
  const bad = [
    Buffer.from([0xc0, 0xaf]), // overlong '/'
    Buffer.from([0xed, 0xa0, 0x80]), // UTF-16 surrogate
    Buffer.from([0xff, 0xfe]),
    Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
    Buffer.from([0x80]),
    rng.bytes(1 + rng.int(30)),
  ];
  const junk = rng.pick(bad);
  const where = rng.int(3);
  const parts =
    where === 0
      ? [Buffer.from('<methodCall><methodName>supervisor.'), junk, Buffer.from('</methodName></methodCall>')]
      : where === 1
        ? [Buffer.from('<methodCall><methodName>system.methodHelp</methodName><params><param><value><string>'), junk, Buffer.from('</string></value></param></params></methodCall>')]
        : [junk, Buffer.from(validRead(rng))];
  return one('non-utf8', post(Buffer.concat(parts)), 'no5xx');
}

function whitespace(rng: Rng): FuzzCase {
  const ws = (n: number): string => rng.pick([' ', '\t', '\r\n', '\n']).repeat(n);
  const n = rng.pick([1_000, 100_000, 1_000_000]);
  const shapes = [
    () => `<${ws(n)}`,
    () => `<methodCall${ws(n)}>`,
    () => `<methodCall>${ws(n)}<methodName>system.listMethods</methodName></methodCall>`,
    () => `<methodCall><methodName>${ws(n)}system.listMethods${ws(n)}</methodName></methodCall>`,
    () => `<methodCall><methodName>system.methodHelp</methodName><params><param><value><int>${ws(n)}1</int></value></param></params></methodCall>`,
    () => '<a '.repeat(n / 3),
    () => `<methodCall><methodName>system.listMethods</methodName${ws(n)}`,
    () => `<?xml${ws(n)}`,
    () => `<!--${'-'.repeat(n)}`,
    () => `${'<'.repeat(n)}`,
  ];
  return one('whitespace', post(rng.pick(shapes)()), 'no5xx');
}

const HEAD = 'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n';

function smuggling(rng: Rng): FuzzCase {
  const body = validRead(rng);
  const len = Buffer.byteLength(body);
  const chunked = (sizeLine: string): string => `${sizeLine}\r\n${body}\r\n0\r\n\r\n`;
  const shapes: [string, boolean][] = [
    [`${HEAD}Content-Length: ${len}\r\nTransfer-Encoding: chunked\r\n\r\n${chunked(len.toString(16))}`, false],
    [`${HEAD}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n${chunked(len.toString(16))}`, false],
    [`${HEAD}Content-Length: ${len}\r\nContent-Length: ${len + 5}\r\n\r\n${body}`, false],
    [`${HEAD}Content-Length: -1\r\n\r\n${body}`, false],
    [`${HEAD}Content-Length: 99999999999999999999999\r\n\r\n${body}`, true],
    [`${HEAD}Content-Length: 1e3\r\n\r\n${body}`, false],
    [`${HEAD}Content-Length: 0x10\r\n\r\n${body}`, false],
    [`${HEAD}Content-Length: ${len}, ${len}\r\n\r\n${body}`, false],
    [`${HEAD}Content-Length:\t${len} \r\n\r\n${body}`, true],
    [`${HEAD}Transfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`, false],
    [`${HEAD}Transfer-Encoding: chunked\r\n\r\n-5\r\n${body}\r\n0\r\n\r\n`, false],
    [`${HEAD}Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n${body}\r\n0\r\n\r\n`, false],
    [`${HEAD}Transfer-Encoding: chunked\r\n\r\n${(len + 10).toString(16)}\r\n${body}\r\n0\r\n\r\n`, true],
    [`${HEAD}Transfer-Encoding: chunked\r\n\r\n1;ext=${'x'.repeat(rng.int(20_000))}\r\n<\r\n0\r\n\r\n`, true],
    [`${HEAD}Transfer-Encoding: chunked\r\n\r\n${len.toString(16)}\n${body}\n0\n\n`, true],
    [`${HEAD}Transfer-Encoding: chunked\r\n\r\n${chunked(len.toString(16)).replace('0\r\n\r\n', '0\r\nX-Trailer: ' + 'y'.repeat(100) + '\r\n\r\n')}`, false],
    [`${HEAD}Transfer-Encoding: gzip, chunked\r\n\r\n${chunked(len.toString(16))}`, false],
    [`${HEAD}Transfer-Encoding: chunked, identity\r\n\r\n${chunked(len.toString(16))}`, false],
    [`${HEAD}Transfer-Encoding: xchunked\r\n\r\n${body}`, true],
    [`${HEAD}Transfer-Encoding:\r\n chunked\r\n\r\n${chunked(len.toString(16))}`, false],
    [`${HEAD}Content-Length : ${len}\r\n\r\n${body}`, false],
    [`${HEAD}X-Bad\u0000Header: 1\r\nContent-Length: ${len}\r\n\r\n${body}`, false],
    [`${HEAD}X-Big: ${'h'.repeat(70_000)}\r\nContent-Length: ${len}\r\n\r\n${body}`, false],
    [`${HEAD}${'X-Many: 1\r\n'.repeat(3_000)}Content-Length: ${len}\r\n\r\n${body}`, false],
    [`POST /RPC2 HTTP/1.1\nHost: x\nContent-Length: ${len}\n\n${body}`, false],
    [`POST /RPC2 HTTP/9.9\r\nContent-Length: ${len}\r\n\r\n${body}`, false],
    // HTTP/0.9 request line: a request without a body, then garbage; closing is an answer.
    [`POST /RPC2\r\n\r\n${body}`, true],
    [`P\u0000ST /RPC2 HTTP/1.1\r\nContent-Length: ${len}\r\n\r\n${body}`, false],
    [`POST /RPC2 HTTP/1.1\r\nContent-Length: ${len}\r\n\r\n${body}GET /../../etc/passwd HTTP/1.1\r\n\r\n`, true],
    // A refused request pipelined behind one whose answer is pending: the connection closes.
    [`POST /RPC2 HTTP/1.1\r\nContent-Length: 0\r\n\r\nPOST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`, true],
    // No length: a request without a body (411 pending), then the XML parsed as a next request.
    [`POST /RPC2 HTTP/1.1\r\n\r\n${body}`, true],
    [`${HEAD}Content-Length: ${9 * 1024 * 1024}\r\n\r\n${body}`, false],
    [`${HEAD}Expect: 100-continue\r\nContent-Length: ${9 * 1024 * 1024}\r\n\r\n`, false],
    [`${HEAD}Content-Length: ${len + 50}\r\n\r\n${body}`, true],
    [`${HEAD}Content-Length: ${len}\r\n\r\n${body.slice(0, len >> 1)}`, true],
    [`${HEAD}Content-Le`, true],
    [`GET /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, false],
    [`DELETE /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, false],
    [`POST http://evil.example/RPC2/../x HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc`, false],
    [`\r\n\r\n\r\n`, true],
  ];
  const [raw, silentOk] = rng.pick(shapes);
  return one('smuggling', Buffer.from(raw, 'latin1'), 'no5xx', silentOk);
}

/** A real over-limit body, streamed: expensive, so the caller draws it rarely. */
export function hugeBody(rng: Rng): FuzzCase {
  const size = 8 * 1024 * 1024 + 1 + rng.int(1024);
  const head = rng.chance(0.5)
    ? `${HEAD}Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n${size.toString(16)}\r\n`
    : `${HEAD}Connection: close\r\nContent-Length: ${size}\r\n\r\n`;
  const chunks = [Buffer.from(head, 'latin1')];
  for (let left = size; left > 0; left -= 1 << 20) chunks.push(Buffer.alloc(Math.min(left, 1 << 20), 0x3c));
  return { family: 'huge-body', chunks, gapMs: 0, expect: 'reject', silentOk: true };
}

const TRAVERSALS = [
  '/logtail/../../etc/passwd',
  '/logtail/..%2f..%2fetc%2fpasswd',
  '/logtail/%2e%2e/%2e%2e/etc/passwd',
  '/logtail/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/logtail/%252e%252e%252fetc%252fpasswd',
  '/logtail/..%c0%af..%c0%afetc/passwd',
  '/logtail/%00',
  '/logtail/%ff',
  '/logtail/nosuch',
  '/logtail/nosuch/stderr',
  '/logtail//etc/passwd',
  '/logtail/fuzz0/../../../../etc/passwd',
  '/logtail/fuzz0/stdin',
  '/logtail/fuzz0/%2e%2e',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '/index.html/../../../etc/passwd',
  '/etc/passwd',
  '/RPC2/../../etc/passwd',
  '/tail.html/../../etc/passwd',
  '/static/../../../etc/passwd',
  '/images/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
];

function traversal(rng: Rng): FuzzCase {
  const path = rng.pick(TRAVERSALS);
  const method = rng.pick(['GET', 'HEAD', 'GET', 'PUT']);
  const raw = `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;
  return one('traversal', Buffer.from(raw, 'latin1'), 'notFound');
}

/** The fuzz daemon's programs (fuzz-daemon.ts): reads of their logs are answered asynchronously. */
const PROGRAMS = ['fuzz0', 'fuzz1', 'fuzz2', 'fuzz:fuzz0'];

const str = (s: string): string => `<value><string>${esc(s)}</string></value>`;
const int = (n: number): string => `<value><int>${n}</int></value>`;

function readCall(rng: Rng): [string, string[]] {
  const name = rng.pick(PROGRAMS);
  const offset = rng.pick([0, 1, 5, 100_000]);
  const length = rng.pick([0, 10, 200, 70_000]);
  switch (rng.int(6)) {
    case 0:
      return ['supervisor.readLog', [int(offset), int(length)]];
    case 1:
      return ['supervisor.readProcessStdoutLog', [str(name), int(offset), int(length)]];
    case 2:
      return ['supervisor.readProcessStderrLog', [str(name), int(offset), int(length)]];
    case 3:
      return ['supervisor.tailProcessStdoutLog', [str(name), int(offset), int(length)]];
    case 4:
      return ['supervisor.getProcessInfo', [str(name)]];
    default:
      return ['supervisor.readMainLog', [int(-length), int(0)]];
  }
}

/**
 * Valid reads of logs and processes (answered asynchronously), alone or in a multicall, from a
 * client that half-closes at once: every one must be answered — values or faults, never silence.
 */
function asyncRead(rng: Rng): FuzzCase {
  if (rng.chance(0.3)) {
    const items = Array.from({ length: 1 + rng.int(4) }, () => {
      const [m, params] = readCall(rng);
      return `<value><struct><member><name>methodName</name>${str(m)}</member><member><name>params</name><value><array><data>${params.join('')}</data></array></value></member></struct></value>`;
    });
    return { ...one('half-closed-read', post(call('system.multicall', [`<value><array><data>${items.join('')}</data></array></value>`])), 'no5xx'), halfClose: true };
  }
  const [m, params] = readCall(rng);
  return { ...one('half-closed-read', post(call(m, params)), 'no5xx'), halfClose: true };
}

/** A byte at a time with a short gap: the server must assemble it and answer normally. */
function slowClient(rng: Rng): FuzzCase {
  const base = rng.chance(0.5) ? wrongCall(rng, [{ name: 'supervisor.stopProcess', params: ['string', 'boolean'] }]) : hostileName(rng);
  const bytes = Buffer.concat(base.chunks as Buffer[]);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
  return { family: 'slow-client', chunks, gapMs: 1, expect: base.expect, silentOk: false, halfClose: rng.chance(0.5) };
}

/** One request from the mix; `methods` are the daemon's own (system.listMethods with signatures). */
export function generateCase(rng: Rng, methods: readonly MethodShape[], opts: { slow: boolean; huge: boolean }): FuzzCase {
  if (opts.huge) return hugeBody(rng);
  if (opts.slow) return slowClient(rng);
  const c = pickCase(rng, methods);
  // Any complete request may come from a client that half-closes before the answer.
  return !c.silentOk && c.halfClose !== true && rng.chance(0.1) ? { ...c, halfClose: true } : c;
}

function pickCase(rng: Rng, methods: readonly MethodShape[]): FuzzCase {
  const r = rng.int(100);
  if (r < 6) return asyncRead(rng);
  if (r < 22) return wrongCall(rng, methods);
  if (r < 34) return hostileName(rng);
  if (r < 54) return mutated(rng);
  if (r < 62) return malformed(rng);
  if (r < 64) return deepNesting(rng);
  if (r < 72) return encodingNoise(rng);
  if (r < 76) return whitespace(rng);
  if (r < 92) return smuggling(rng);
  return traversal(rng);
}

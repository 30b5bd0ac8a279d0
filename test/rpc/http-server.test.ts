/** The HTTP layer against raw sockets: client quirks, framing, auth, routing, listeners. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UnixServerConfig, InetServerConfig } from '../../src/config/types.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { decodeResponse } from '../../src/xmlrpc/decode.ts';
import { createDispatcher, method, type MethodSpec } from '../../daemon/rpc/dispatch.ts';
import { errorPageBody } from '../../daemon/http/error-page.ts';
import { ADDRESS_IN_USE, ListenError } from '../../daemon/http/listen.ts';
import { startHttpServers, type HttpServers } from '../../daemon/http/server.ts';
import type { HttpContext } from '../../daemon/http/types.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { callXml, exchange, openRaw, parseResponses, rpcRequest } from './raw-http.ts';

const tmp = makeTmpDir('svh-');
const sock = join(tmp.dir, 'h.sock');
const logPath = join(tmp.dir, 'quick.log');
writeFileSync(logPath, 'x'.repeat(2000) + 'END-OF-START\n');

/** Follows fed by the test: each open follow gets pushed chunks. */
const follows = new Set<(b: Buffer) => void>();
let lastStartOffset = 0;
const logLines: string[] = [];

function ctxWith(table: Map<string, MethodSpec>): HttpContext {
  return {
    dispatcher: createDispatcher(table, () => true),
    log: {
      critical: (m) => logLines.push(`CRIT ${m}`),
      error: (m) => logLines.push(`ERRO ${m}`),
      info: (m) => logLines.push(`INFO ${m}`),
    },
    mainLogPath: () => logPath,
    followFile: (_path, onData, _onEvent, opts) => {
      lastStartOffset = opts?.initialBytes ?? -1;
      const push = (b: Buffer): void => void onData(b);
      follows.add(push);
      push(Buffer.from('START\n'));
      return { stop: () => follows.delete(push), resume: () => {} };
    },
    priorityOrder: () => [],
  };
}

const table = new Map<string, MethodSpec>([
  ['supervisor.getAPIVersion', method([], () => '3.0')],
  ['supervisor.slow', method(['int'], (ms) => new Promise((r) => setTimeout(() => r(ms), ms)))],
  ['supervisor.boom', method([], () => { throw new Error('internal detail'); })],
  [
    'supervisor.getProcessInfo',
    method(['string'], (name) => {
      if (name !== 'quick') throw RpcFault.of('BAD_NAME', name);
      return { name, stdout_logfile: logPath, stderr_logfile: '' };
    }),
  ],
]);

const unixCfg: UnixServerConfig = { name: null, section: 'unix_http_server', family: 'unix', file: sock, chmod: 0o640, chown: [-1, -1], username: null, password: null };
const inetCfg: InetServerConfig = { name: null, section: 'inet_http_server', family: 'inet', host: '127.0.0.1', port: 0, username: 'user', password: `{SHA}${createHash('sha1').update('s3cret').digest('hex')}` };

let servers: HttpServers;
let port = 0;

before(async () => {
  servers = await startHttpServers([unixCfg, inetCfg], ctxWith(table), () => {});
  const addr = servers.servers[1]!.server.address();
  port = typeof addr === 'object' && addr !== null ? addr.port : 0;
});
after(async () => {
  await servers.close();
  tmp.cleanup();
});

describe('listeners', () => {
  it('creates the unix socket with the configured mode and logs CRIT for the server without auth', () => {
    assert.equal(statSync(sock).mode & 0o777, 0o640);
    assert.ok(statSync(sock).isSocket());
    assert.ok(!existsSync(`${sock}.${process.pid}`), 'temporary name removed');
    assert.ok(logLines.includes("CRIT Server 'unix_http_server' running without any HTTP authentication checking"));
    assert.ok(!logLines.some((l) => l.includes("'inet_http_server' running without")));
  });

  it('refuses a socket somebody answers on, and replaces a stale one', async () => {
    await assert.rejects(startHttpServers([unixCfg], ctxWith(table), () => {}), (e: unknown) => e instanceof ListenError && e.message === ADDRESS_IN_USE);
    const stale = join(tmp.dir, 'stale.sock');
    // A process that binds and exits without unlinking leaves a stale socket file.
    spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.exit(0))`]);
    assert.ok(statSync(stale).isSocket());
    const notices: string[] = [];
    const s = await startHttpServers([{ ...unixCfg, file: stale }], ctxWith(table), (l) => notices.push(l));
    assert.deepEqual(notices, [`Unlinking stale socket ${stale}`]);
    assert.equal(statSync(stale).mode & 0o777, 0o640);
    await s.close();
    assert.ok(!existsSync(stale), 'socket removed at close');
  });

  it('reports a TCP port in use', async () => {
    await assert.rejects(startHttpServers([{ ...inetCfg, port }], ctxWith(table), () => {}), (e: unknown) => e instanceof ListenError && e.message === ADDRESS_IN_USE);
  });
});

const auth = `Authorization: Basic ${Buffer.from('user:s3cret').toString('base64')}\r\n`;

describe('requests', () => {
  it('answers an XML-RPC call over the unix socket', async () => {
    const raw = await exchange({ path: sock }, rpcRequest(callXml('supervisor.getAPIVersion'), 'Connection: close\r\n'));
    const [r] = parseResponses(raw);
    assert.equal(r!.status, 'HTTP/1.1 200 OK');
    assert.equal(r!.headers['content-type'], 'text/xml');
    assert.equal(decodeResponse(r!.body), '3.0');
  });

  it('treats method names as table keys only', async () => {
    for (const name of ['supervisor.__proto__', 'supervisor.constructor', 'system._private', 'supervisor.getAPIVersion.call', 'toString', 'hasOwnProperty']) {
      const raw = await exchange({ path: sock }, rpcRequest(callXml(name), 'Connection: close\r\n'));
      const v = decodeResponse(parseResponses(raw)[0]!.body);
      assert.ok(v instanceof RpcFault && v.faultCode === 1 && v.faultString === 'UNKNOWN_METHOD', name);
    }
  });

  it('answers pipelined requests in order on one keep-alive connection', async () => {
    const conn = await openRaw({ path: sock });
    conn.socket.write(rpcRequest(callXml('supervisor.slow', '<param><value><int>80</int></value></param>\n')) + rpcRequest(callXml('supervisor.getAPIVersion')));
    const text = await conn.waitFor((t) => parseResponses(t).length === 2 && t.endsWith('</methodResponse>\n'));
    const [a, b] = parseResponses(text);
    assert.equal(decodeResponse(a!.body), 80);
    assert.equal(decodeResponse(b!.body), '3.0');
    assert.ok(!conn.closed());
    conn.close();
  });

  it('reads a chunked request body and HTTP/1.0 requests', async () => {
    const body = callXml('supervisor.getAPIVersion');
    const chunked = `POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    assert.equal(decodeResponse(parseResponses(await exchange({ path: sock }, chunked))[0]!.body), '3.0');
    const raw10 = await exchange({ path: sock }, rpcRequest(body, '', '1.0'));
    assert.equal(decodeResponse(parseResponses(raw10)[0]!.body), '3.0');
  });

  it('gives 4xx for bad requests and never crashes', async () => {
    const statusOf = async (raw: string): Promise<string> => (await exchange({ path: sock }, raw)).split('\r\n')[0]!;
    assert.equal(await statusOf('GET /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'HTTP/1.1 400 Bad Request');
    assert.equal(await statusOf('POST /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 'HTTP/1.1 411 Length Required');
    assert.equal(await statusOf('POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n'), 'HTTP/1.1 413 Request Entity Too Large');
    assert.equal(await statusOf(rpcRequest('<methodCall><methodName>x</methodName', 'Connection: close\r\n')), 'HTTP/1.1 400 Bad Request');
    assert.equal(await statusOf('garbage\r\n\r\n'), 'HTTP/1.1 400 Bad Request');
    assert.equal(await statusOf('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'), 'HTTP/1.1 400 Bad Request');
    assert.ok(logLines.some((l) => l.startsWith('ERRO XML-RPC request data')));
    // An internal error is a 500 with the generic page: no message, no stack.
    const boom = await exchange({ path: sock }, rpcRequest(callXml('supervisor.boom'), 'Connection: close\r\n'));
    assert.equal(boom.split('\r\n')[0], 'HTTP/1.1 500 Internal Server Error');
    assert.ok(!boom.includes('internal detail'));
  });

  it('routes unknown paths to the exact 404 page', async () => {
    const [r] = parseResponses(await exchange({ path: sock }, 'GET /nosuch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(r!.status, 'HTTP/1.1 404 Not Found');
    assert.equal(r!.body, errorPageBody(404));
    assert.ok(r!.body.includes('<p>Error code 404.\r\n<p>Message: Not Found.\r\n'));
    const ok = parseResponses(await exchange({ path: sock }, 'GET /ok.html HTTP/1.0\r\n\r\n'))[0]!;
    assert.equal(ok.body, 'OK');
  });
});

describe('auth', () => {
  it('requires Basic auth on every path, with the exact 401', async () => {
    for (const path of ['/RPC2', '/logtail/quick', '/mainlogtail', '/', '/nosuch']) {
      const raw = await exchange({ port }, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      const [r] = parseResponses(raw);
      assert.equal(r!.status, 'HTTP/1.1 401 Unauthorized', path);
      assert.equal(r!.headers['www-authenticate'], 'Basic realm="default"');
      assert.equal(r!.headers['content-length'], '137');
      assert.equal(r!.body, errorPageBody(401));
    }
  });

  it('accepts the password whose SHA-1 is configured, not the hash itself', async () => {
    const ok = await exchange({ port }, rpcRequest(callXml('supervisor.getAPIVersion'), `${auth}Connection: close\r\n`));
    assert.equal(decodeResponse(parseResponses(ok)[0]!.body), '3.0');
    const hashAuth = `Authorization: Basic ${Buffer.from(`user:${inetCfg.password!.slice(5)}`).toString('base64')}\r\n`;
    const bad = await exchange({ port }, rpcRequest(callXml('supervisor.getAPIVersion'), hashAuth));
    assert.match(bad, /^HTTP\/1.1 401 /);
    const wrongUser = `Authorization: Basic ${Buffer.from('other:s3cret').toString('base64')}\r\n`;
    assert.match(await exchange({ port }, rpcRequest(callXml('x'), wrongUser)), /^HTTP\/1.1 401 /);
    assert.match(await exchange({ port }, rpcRequest(callXml('x'), 'Authorization: Basic !!!\r\n')), /^HTTP\/1.1 400 /);
  });
});

describe('/logtail', () => {
  it('streams chunked to the tail client (empty Host, extra CRLF) and stops following when it leaves', async () => {
    const conn = await openRaw({ path: sock });
    conn.socket.write('GET /logtail/quick/stdout HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\nUser-agent: Supervisor HTTP Client\r\n\r\n\r\n');
    await conn.waitFor((t) => t.includes('START\n'));
    assert.equal(lastStartOffset, 1024);
    const head = conn.text();
    assert.match(head, /^HTTP\/1.1 200 OK\r\n/);
    assert.match(head, /\r\nTransfer-Encoding: chunked\r\n/i);
    assert.match(head, /\r\nContent-Type: text\/plain;charset=utf-8\r\n/i);
    assert.match(head, /\r\nX-Accel-Buffering: no\r\n/i);
    assert.match(head, /\r\nLast-Modified: \w{3}, \d\d \w{3} \d{4} /i);
    for (const f of follows) f(Buffer.from('new line\n'));
    await conn.waitFor((t) => t.includes('9\r\nnew line\n\r\n'));
    conn.close();
    await waitFor(() => follows.size === 0, { message: 'the follow to be closed' });
  });

  it('gives HTTP/1.0 clients a close-delimited stream', async () => {
    const conn = await openRaw({ path: sock });
    conn.socket.write('GET /mainlogtail HTTP/1.0\r\n\r\n');
    await conn.waitFor((t) => t.includes('START\n'));
    assert.ok(!/transfer-encoding/i.test(conn.text()));
    assert.ok(!/x-accel-buffering/i.test(conn.text()), 'mainlogtail has no X-Accel-Buffering');
    for (const f of follows) f(Buffer.from('more\n'));
    await conn.waitFor((t) => t.endsWith('START\nmore\n'));
    conn.close();
    await waitFor(() => follows.size === 0);
  });

  it('404s unknown names, group specs, bad channels and missing files; 400 for other methods', async () => {
    for (const path of ['/logtail/nosuch', '/logtail/quick:*', '/logtail/quick/bogus', '/logtail/quick/stderr', '/logtail/../../etc/passwd', '/logtail']) {
      const raw = await exchange({ path: sock }, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.match(raw, /^HTTP\/1.1 404 Not Found/, path);
    }
    assert.match(await exchange({ path: sock }, 'POST /logtail/quick HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'), /^HTTP\/1.1 400 /);
  });
});

describe('pipelined garbage', () => {
  it('lets a deferred response finish cleanly or closes, never interleaves a raw 400 into it', async () => {
    const conn = await openRaw({ path: sock });
    conn.socket.write(rpcRequest(callXml('supervisor.slow', '<param><value><int>100</int></value></param>\n')) + 'garbage\r\n\r\n');
    await waitFor(() => conn.closed() || conn.text().endsWith('</methodResponse>\n'));
    const text = conn.text();
    assert.ok(!text.includes('400 Bad Request') || !text.includes('methodResponse'), text);
    conn.close();
  });
});

describe('socket ownership', () => {
  const skipChown = process.getuid?.() === 0 ? false : 'chown to another user needs root';
  it('chowns the socket to the configured uid/gid', { skip: skipChown }, async () => {
    const file = join(tmp.dir, 'own.sock');
    const s = await startHttpServers([{ ...unixCfg, file, chown: [65534, 65534] }], ctxWith(table), () => {});
    try {
      const st = statSync(file);
      assert.equal(st.uid, 65534);
      assert.equal(st.gid, 65534);
      assert.equal(st.mode & 0o777, 0o640);
    } finally {
      await s.close();
    }
  });
});

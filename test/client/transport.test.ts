/** Transport behaviour against small local servers: errors, timeouts, keep-alive, stream framing. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { ClientError, type SupervisorClient } from '../../src/client/types.ts';
import { encodeResponse } from '../../src/xmlrpc/encode.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { rejection } from './rejection.ts';

const tmp = makeTmpDir('svct-');
const cleanups: (() => void)[] = [tmp.cleanup];
after(() => {
  for (const f of cleanups.reverse()) f();
});

let n = 0;
async function listen(server: net.Server): Promise<string> {
  const path = join(tmp.dir, `s${n++}.sock`);
  await new Promise<void>((r) => server.listen(path, r));
  cleanups.push(() => server.close());
  return `unix://${path}`;
}

function httpServer(handler: http.RequestListener): http.Server {
  const s = http.createServer(handler);
  s.keepAliveTimeout = 60_000;
  return s;
}

function withClient<T>(serverurl: string, fn: (c: SupervisorClient) => Promise<T>, timeoutMs = 0): Promise<T> {
  const c = createClient({ serverurl, timeoutMs });
  return fn(c).finally(() => c.close());
}

test('missing socket → nofile, no listener → refused, unknown scheme → url', async () => {
  const missing = `unix://${join(tmp.dir, 'nosuch.sock')}`;
  let err = await rejection(withClient(missing, (c) => c.getState()));
  assert.equal(err.kind, 'nofile');
  assert.equal(err.message, `${missing} no such file`);

  const plainFile = join(tmp.dir, 'not-a-socket');
  writeFileSync(plainFile, '');
  err = await rejection(withClient(`unix://${plainFile}`, (c) => c.getState()));
  assert.equal(err.kind, 'refused');
  assert.equal(err.message, `unix://${plainFile} refused connection`);

  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  err = await rejection(withClient(`http://127.0.0.1:${port}`, (c) => c.getState()));
  assert.equal(err.kind, 'refused');
  assert.equal(err.message, `http://127.0.0.1:${port} refused connection`);

  err = await rejection(withClient('https://127.0.0.1:9', (c) => c.getState()));
  assert.equal(err.kind, 'url');
  assert.equal(err.message, 'Unknown protocol for serverurl https://127.0.0.1:9');
});

test('an HTML page, an HTTP error and non-HTTP bytes are protocol/http errors, never "Unknown XML-RPC tag"', async () => {
  const html = await listen(httpServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<html><head><title>Hello</title></head><body>nginx</body></html>');
  }));
  let err = await rejection(withClient(html, (c) => c.getState()));
  assert.equal(err.kind, 'protocol');
  assert.match(err.message, /not XML-RPC \(Content-Type text\/html/);
  assert.doesNotMatch(err.message, /Unknown XML-RPC tag/i);

  const e500 = await listen(httpServer((_req, res) => {
    res.writeHead(500, 'Internal Server Error', { 'Content-Type': 'text/html' });
    res.end('<h1>boom</h1>');
  }));
  err = await rejection(withClient(e500, (c) => c.getState()));
  assert.equal(err.kind, 'http');
  assert.equal(err.status, 500);
  assert.match(err.message, /HTTP status 500 Internal Server Error$/);

  const garbage = await listen(net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.2\r\n\r\n')));
  err = await rejection(withClient(garbage, (c) => c.getState()));
  assert.equal(err.kind, 'protocol');

  const truncated = await listen(net.createServer((s) => {
    s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<?xml version=\'1.0\'?>\n<methodResp'));
  }));
  err = await rejection(withClient(truncated, (c) => c.getState()));
  assert.equal(err.kind, 'protocol');
  assert.match(err.message, /truncated answer/);

  const wrongShape = await listen(httpServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end(encodeResponse('not a struct'));
  }));
  err = await rejection(withClient(wrongShape, (c) => c.getState()));
  assert.equal(err.kind, 'protocol');
  assert.match(err.message, /supervisor\.getState returned string where struct was expected/);

  const unknownState = await listen(httpServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end(encodeResponse({ statecode: 1, statename: 'DANCING' }));
  }));
  err = await rejection(withClient(unknownState, (c) => c.getState()));
  assert.equal(err.kind, 'protocol');
  assert.match(err.message, /supervisor\.getState returned an unknown state name "DANCING"/);
});

test('requests carry supervisorctl\'s headers and basic auth only with both username and password', async () => {
  const seen: http.IncomingHttpHeaders[] = [];
  const url = await listen(httpServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(encodeResponse('3.0'));
    });
  }));
  for (const creds of [{ username: 'u', password: 'p:w' }, { username: 'u' }, { username: 'u', password: '' }]) {
    const c = createClient({ serverurl: url, ...creds });
    await c.getVersion();
    c.close();
  }
  assert.equal(seen[0]?.['authorization'], `Basic ${Buffer.from('u:p:w').toString('base64')}`);
  assert.equal(seen[1]?.['authorization'], undefined);
  assert.equal(seen[2]?.['authorization'], `Basic ${Buffer.from('u:').toString('base64')}`);
  assert.equal(seen[0]?.['host'], 'localhost');
  assert.equal(seen[0]?.['content-type'], 'text/xml');
  assert.equal(seen[0]?.['accept'], 'text/xml');
  assert.equal(seen[0]?.['accept-encoding'], 'identity');
});

test('sequential calls reuse one kept-alive connection', async () => {
  let connections = 0;
  const server = httpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(encodeResponse(1));
    });
  });
  server.on('connection', () => connections++);
  const url = await listen(server);
  await withClient(url, async (c) => {
    for (let i = 0; i < 20; i++) assert.equal(await c.getPID(), 1);
  });
  assert.equal(connections, 1);
});

test('a kept-alive connection the server dropped is replaced transparently', async () => {
  // Answers the first request of each connection, drops the connection on the second.
  const server = net.createServer((sock) => {
    let requests = 0;
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString();
      while (buf.includes('</methodCall>\n')) {
        buf = buf.slice(buf.indexOf('</methodCall>\n') + '</methodCall>\n'.length);
        if (++requests > 1) {
          sock.destroy();
          return;
        }
        const body = encodeResponse(7);
        sock.write(`HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }
    });
  });
  const url = await listen(server);
  await withClient(url, async (c) => {
    assert.equal(await c.getPID(), 7);
    assert.equal(await c.getPID(), 7);
    assert.equal(await c.getPID(), 7);
  });
});

test('per-call timeouts; waiting calls are exempt unless the caller sets one', async () => {
  const url = await listen(httpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(encodeResponse(true));
      }, 400);
    });
  }));
  await withClient(url, async (c) => {
    const err = await rejection(c.getPID());
    assert.equal(err.kind, 'timeout');
    assert.equal(await c.startProcess('x'), true);
    assert.equal((await rejection(c.call('supervisor.startProcess', ['x', true], { timeoutMs: 50 }))).kind, 'timeout');
    assert.equal(await c.call('supervisor.getPID', [], { timeoutMs: 0 }), true);
  }, 50);
});

test('multicall: faults per entry, a struct result is not a fault, a short answer is a protocol error', async () => {
  let answer: unknown[] = [];
  const url = await listen(httpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(encodeResponse(answer as never));
    });
  }));
  await withClient(url, async (c) => {
    answer = [5, { faultCode: 10, faultString: 'BAD_NAME: x' }, { faultCode: 1, faultString: 's', extra: 1 }];
    const r = await c.multicall([{ methodName: 'a.b' }, { methodName: 'a.c' }, { methodName: 'a.d' }]);
    assert.equal(r[0], 5);
    assert.equal((r[1] as { faultCode: number }).faultCode, 10);
    assert.equal(r[1] instanceof Error, true);
    assert.deepEqual(r[2], { faultCode: 1, faultString: 's', extra: 1 });
    answer = [5];
    assert.equal((await rejection(c.multicall([{ methodName: 'a.b' }, { methodName: 'a.c' }]))).kind, 'protocol');
  });
});

function streamServer(write: (res: http.ServerResponse, req: http.IncomingMessage) => void): http.Server {
  return httpServer((req, res) => write(res, req));
}

function collect(c: SupervisorClient, ns: string): Promise<{ data: string; err: ClientError | undefined }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    c.tailStream(ns, 'stdout', { onData: (b) => chunks.push(b), onEnd: (err) => resolve({ data: Buffer.concat(chunks).toString(), err }) });
  });
}

test('log streams read chunked, content-length and close-delimited bodies; 404 → http', async () => {
  const paths: string[] = [];
  const chunked = await listen(streamServer((res, req) => {
    paths.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('one\n');
    setTimeout(() => res.end('two\n'), 20);
  }));
  const sized = await listen(streamServer((res) => {
    res.writeHead(200, { 'Content-Length': '8' });
    res.end('abc\ndef\n');
  }));
  const closeDelimited = await listen(net.createServer((s) => s.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nraw\x1b[31m bytes\n')));
  const notFound = await listen(streamServer((res) => {
    res.writeHead(404, 'Not Found');
    res.end('<h1>nope</h1>');
  }));
  await withClient(chunked, async (c) => assert.deepEqual(await collect(c, 'grp:proc é'), { data: 'one\ntwo\n', err: undefined }));
  assert.equal(paths[0], '/logtail/grp:proc%20%C3%A9/stdout');
  await withClient(sized, async (c) => assert.deepEqual(await collect(c, 'p'), { data: 'abc\ndef\n', err: undefined }));
  await withClient(closeDelimited, async (c) => assert.deepEqual(await collect(c, 'p'), { data: 'raw\x1b[31m bytes\n', err: undefined }));
  await withClient(notFound, async (c) => {
    const { err } = await collect(c, 'p');
    assert.equal(err?.kind, 'http');
    assert.equal(err?.message, `${notFound} Cannot read, status code 404`);
  });
});

test('closing a stream ends it once without error; client.close() ends open streams', async () => {
  let open = 0;
  const url = await listen(streamServer((res, req) => {
    open++;
    req.on('close', () => open--);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('x\n');
  }));
  const c = createClient({ serverurl: url });
  const ends: (ClientError | undefined)[] = [];
  let got = 0;
  const s = c.tailStream('p', 'stdout', { onData: () => got++, onEnd: (e) => ends.push(e) });
  await waitFor(() => got > 0, { message: 'first chunk' });
  s.close();
  s.close();
  assert.deepEqual(ends, [undefined]);
  const ends2: (ClientError | undefined)[] = [];
  c.mainTailStream({ onData: () => undefined, onEnd: (e) => ends2.push(e) });
  await waitFor(() => open === 1, { message: 'second stream open' });
  c.close();
  assert.deepEqual(ends2, [undefined]);
  await waitFor(() => open === 0, { message: 'server saw the streams go' });
});

test('close() while a call is connecting: the connection is ended, not kept alive after it', async () => {
  let open = 0;
  let seen = 0;
  const server = httpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(encodeResponse('3.0'));
    });
  });
  server.on('connection', (s) => {
    open++;
    seen++;
    s.on('close', () => open--);
  });
  const url = await listen(server);
  for (let i = 0; i < 5; i++) {
    const c = createClient({ serverurl: url });
    const call = c.getVersion().then(
      () => 'answered',
      (err: unknown) => (err instanceof ClientError ? err.kind : String(err)),
    );
    c.close(); // the call's socket is still connecting
    await call;
  }
  // Before the fix each of these sockets was kept alive in the closed client's pool (the server's keep-alive is 60 s).
  await waitFor(() => open === 0, { message: `connections left open: ${open} of ${seen}`, timeoutMs: 10_000 });
});

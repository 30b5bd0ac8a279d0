import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpParseError, ResponseParser, type ParsedResponse } from '../../src/client/http-response.ts';

/** Feeds `raw` split at every position (and byte by byte); all must give the same answer. */
function parseAllWays(raw: string, closeAtEnd = false): ParsedResponse {
  const bytes = Buffer.from(raw, 'latin1');
  const results: ParsedResponse[] = [];
  const splits: number[][] = [[bytes.length], Array.from({ length: bytes.length }, (_, i) => i + 1)];
  for (let i = 1; i < bytes.length; i++) splits.push([i, bytes.length]);
  for (const cuts of splits) {
    const p = new ResponseParser();
    let res: ParsedResponse | null = null;
    let from = 0;
    for (const to of cuts) {
      res = p.feed(bytes.subarray(from, to)) ?? res;
      from = to;
    }
    if (closeAtEnd) res = p.end();
    assert.ok(res !== null, `incomplete with cuts ${cuts.slice(0, 3).join(',')}`);
    results.push(res);
  }
  for (const r of results) assert.deepEqual(r, results[0]);
  return results[0] as ParsedResponse;
}

test('Content-Length body, as supervisord answers', () => {
  const r = parseAllWays('HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nContent-Type: text/xml\r\nContent-Length: 5\r\n\r\nhello');
  assert.equal(r.status, 200);
  assert.equal(r.reason, 'OK');
  assert.equal(r.headers.get('content-type'), 'text/xml');
  assert.equal(r.body.toString(), 'hello');
  assert.equal(r.keepAlive, true);
});

test('chunked body with extensions and trailers', () => {
  const r = parseAllWays('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\nb\r\n 0123456789\r\n0\r\nX-T: 1\r\n\r\n');
  assert.equal(r.body.toString(), 'hello 0123456789');
  assert.equal(r.keepAlive, true);
});

test('close-delimited body ends with the connection; interim 1xx answers are skipped', () => {
  const r = parseAllWays('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\nuntil close', true);
  assert.equal(r.body.toString(), 'until close');
  assert.equal(r.keepAlive, false);
});

test('keep-alive rules of HTTP/1.0 and 1.1', () => {
  assert.equal(parseAllWays('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').keepAlive, false);
  assert.equal(parseAllWays('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').keepAlive, false);
  assert.equal(parseAllWays('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n').keepAlive, true);
  assert.equal(parseAllWays('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno').status, 401);
});

test('not HTTP, bad framing, truncation and trailing bytes are HttpParseError', () => {
  const bad = [
    'SSH-2.0-OpenSSH_9.2\r\n',
    '<html>hello</html>',
    'HTTP/1.1 abc OK\r\n\r\n',
    'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab',
  ];
  for (const raw of bad) assert.throws(() => new ResponseParser().feed(Buffer.from(raw)), HttpParseError, raw);
  const cut = new ResponseParser();
  assert.equal(cut.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')), null);
  assert.throws(() => cut.end(), /truncated answer/);
  assert.throws(() => new ResponseParser().end(), /connection closed without an answer/);
  const huge = new ResponseParser();
  assert.throws(() => huge.feed(Buffer.from(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`)), /too large/);
});

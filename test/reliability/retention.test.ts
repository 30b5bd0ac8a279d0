/**
 * Issue 13's memory question, as a guard: the request patterns of the fuzz run that drew the
 * daemon's RSS up (8 MiB-over-limit bodies, chunked and declared, refused 401s whose body is
 * drained, clients that half-close after an asynchronous call) leave nothing behind on the
 * server once their connections are gone — every server-side request and socket is collected
 * after a forced GC, and the heap is back within a few MiB of where it started. The servers run
 * in this process (unix sockets) so the objects themselves can be watched; no timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { UnixServerConfig } from '../../src/config/types.ts';
import { createDispatcher, method, type MethodSpec } from '../../daemon/rpc/dispatch.ts';
import { RPC_BODY_LIMIT } from '../../daemon/http/rpc-endpoint.ts';
import { startHttpServers } from '../../daemon/http/server.ts';
import type { HttpContext } from '../../daemon/http/types.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { callXml, rpcRequest } from '../rpc/raw-http.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ROUNDS = 12;
const MiB = 1024 * 1024;

/** Write `chunks` (half-closing after them when asked), and collect the answer until the server closes. */
function send(path: string, chunks: readonly Buffer[], halfClose: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 60 s; got ${JSON.stringify(got.slice(0, 200))}`));
    }, 60_000);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (got += d));
    socket.on('error', () => undefined); // a refused body may meet a closed socket: judged by what arrived
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    socket.once('connect', () => {
      for (const c of chunks) socket.write(c);
      if (halfClose) socket.end();
    });
  });
}

const HEAD = 'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n';
const overLimit = (): Buffer[] => {
  const out: Buffer[] = [];
  for (let left = RPC_BODY_LIMIT + 1; left > 0; left -= MiB) out.push(Buffer.alloc(Math.min(left, MiB), 0x3c));
  return out;
};

test('over-limit bodies, drained 401s and half-closed async calls leave no request, socket or buffer behind', async () => {
  const tmp = makeTmpDir('svret-');
  const open = join(tmp.dir, 'open.sock');
  const locked = join(tmp.dir, 'locked.sock');
  const table = new Map<string, MethodSpec>([['supervisor.later', method([], () => new Promise((r) => setImmediate(() => r(true))))]]);
  const ctx: HttpContext = {
    dispatcher: createDispatcher(table, () => true),
    log: { critical: () => {}, error: () => {}, info: () => {} },
    mainLogPath: () => null,
    followFile: () => ({ stop: () => {}, resume: () => {} }),
    priorityOrder: () => [],
  };
  const unix = (file: string, password: string | null): UnixServerConfig => ({
    name: null,
    section: 'unix_http_server',
    family: 'unix',
    file,
    chmod: 0o700,
    chown: [-1, -1],
    username: password === null ? null : 'admin',
    password,
  });
  const servers = await startHttpServers([unix(open, null), unix(locked, 'right')], ctx, () => {});
  // Every request and socket the servers see is registered; the count goes down as each is collected.
  let alive = 0;
  let seen = 0;
  const registry = new FinalizationRegistry<void>(() => void alive--);
  const watch = (o: object): void => {
    alive++;
    seen++;
    registry.register(o);
  };
  for (const { server } of servers.servers) {
    server.on('connection', watch);
    server.on('request', watch);
  }
  try {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const wrongAuth = `Authorization: Basic ${Buffer.from('admin:wrong').toString('base64')}\r\n`;
    const drained = Buffer.from(rpcRequest(callXml('system.methodHelp', `<param><value><string>${'x'.repeat(MiB)}</string></value></param>`), wrongAuth), 'latin1');
    const answers: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const huge = overLimit();
      const got = await Promise.all([
        send(open, [Buffer.from(`${HEAD}Transfer-Encoding: chunked\r\n\r\n${(RPC_BODY_LIMIT + 1).toString(16)}\r\n`, 'latin1'), ...huge], false),
        send(open, [Buffer.from(`${HEAD}Content-Length: ${RPC_BODY_LIMIT + 1}\r\n\r\n`, 'latin1'), ...huge], false),
        send(locked, [drained], false),
        send(open, [Buffer.from(rpcRequest(callXml('supervisor.later')), 'latin1')], true),
      ]);
      answers.push(...got.map((g) => g.slice(0, 12)));
    }
    const expected = Array.from({ length: ROUNDS }, () => ['HTTP/1.1 413', 'HTTP/1.1 413', 'HTTP/1.1 401', 'HTTP/1.1 200']).flat();
    assert.deepEqual(answers, expected);
    assert.equal(seen, ROUNDS * 4 * 2, 'one socket and one request per exchange');
    for (const { server } of servers.servers) {
      await waitFor(() => new Promise<boolean>((r) => server.getConnections((_e, n) => r(n === 0))), { timeoutMs: 30_000, message: 'server connections to close' });
    }
    // Finalizers run after a GC, on a later turn: collect until all are gone, or fail naming how many stay.
    await waitFor(
      () => {
        gc();
        return alive === 0;
      },
      { timeoutMs: 30_000, intervalMs: 100, message: 'server-side requests and sockets to be collected' },
    ).catch((err: unknown) => assert.fail(`${alive} of ${seen} server-side requests and sockets still alive after GC (${String(err)})`));
    gc();
    const grown = (process.memoryUsage().heapUsed - heapBefore) / MiB;
    assert.ok(grown < 8, `heap after GC grew ${grown.toFixed(1)} MiB over ${ROUNDS * 4} exchanges (${ROUNDS * 2} of them 8 MiB bodies)`);
  } finally {
    await servers.close();
    tmp.cleanup();
  }
});

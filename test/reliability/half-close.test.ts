/**
 * Half-closed clients (compat §6): a client that writes its request then shutdown(SHUT_WR)s gets
 * the answer of every method, the asynchronous ones included, over the unix socket and TCP — a
 * stop that is carried out is always answered, so the caller knows it happened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { callXml, rpcRequest, type Target } from '../rpc/raw-http.ts';
import { startDaemon } from './daemon.ts';

/** Write the request, half-close at once, and collect everything until the server closes. */
function halfClosed(target: Target, raw: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = 'path' in target ? connect(target.path) : connect(target.port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${JSON.stringify(got.slice(0, 200))}`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (got += d));
    socket.on('error', () => undefined); // judged by what arrived
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    socket.once('connect', () => socket.end(raw));
  });
}

const str = (s: string): string => `<param><value><string>${s}</string></value></param>`;
const int = (n: number): string => `<param><value><int>${n}</int></value></param>`;

test('a request then shutdown(SHUT_WR): every asynchronous method and multicall is answered, over both sockets', async () => {
  const programs = [0, 1, 2, 3]
    .map((i) => `[program:p${i}]\ncommand=sh -c 'echo out${i}; exec sleep 100000'\nstartsecs=0\nstopwaitsecs=5\nstdout_logfile={DIR}/p${i}.log\n`)
    .join('\n');
  const d = await startDaemon({ programs, inet: '' });
  try {
    const targets: [string, Target][] = [
      ['unix', { path: d.sock }],
      ['tcp', { port: d.port! }],
    ];
    for (const [label, target] of targets) {
      const p = label === 'unix' ? 'p0' : 'p1';
      const q = label === 'unix' ? 'p2' : 'p3';
      const calls: [string, string][] = [
        ['getState', callXml('supervisor.getState')],
        ['readProcessStdoutLog', callXml('supervisor.readProcessStdoutLog', str(p) + int(0) + int(100))],
        ['tailProcessStdoutLog', callXml('supervisor.tailProcessStdoutLog', str(p) + int(0) + int(100))],
        ['readLog', callXml('supervisor.readLog', int(0) + int(100))],
        [
          'multicall',
          callXml(
            'system.multicall',
            `<param><value><array><data><value><struct><member><name>methodName</name><value><string>supervisor.readProcessStdoutLog</string></value></member><member><name>params</name><value><array><data><value><string>${p}</string></value><value><int>0</int></value><value><int>100</int></value></data></array></value></member></struct></value></data></array></value></param>`,
          ),
        ],
        ['stopProcess', callXml('supervisor.stopProcess', str(p))],
        ['startProcess', callXml('supervisor.startProcess', str(p))],
        ['stopProcess wait=false', callXml('supervisor.stopProcess', str(q) + '<param><value><boolean>0</boolean></value></param>')],
      ];
      for (const [name, body] of calls) {
        const raw = await halfClosed(target, rpcRequest(body));
        assert.match(raw, /^HTTP\/1\.1 200 OK\r\n/, `${label} ${name}: ${JSON.stringify(raw.slice(0, 200))}`);
        assert.match(raw, /<\/methodResponse>/, `${label} ${name}`);
        assert.doesNotMatch(raw, /<fault>/, `${label} ${name}: ${raw.slice(-400)}`);
      }
      // Pipelined requests, then the half-close: each is answered in order.
      const two = rpcRequest(callXml('supervisor.readLog', int(0) + int(10))) + rpcRequest(callXml('supervisor.getPID'));
      const raw = await halfClosed(target, two);
      assert.equal(raw.split('HTTP/1.1 200 OK').length - 1, 2, `${label} pipelined: ${raw.slice(0, 300)}`);
    }
  } finally {
    await d.stop();
  }
});

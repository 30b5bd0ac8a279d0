/**
 * A wrong password over the unix socket: the real supervisorctl must print `Server requires
 * authentication`, every time. The 401 is sent only once the request's body has been read (up
 * to the body limit), so a client still writing its body never meets a closed socket (EPIPE).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { SUPERVISORCTL, supervisordSkipReason } from '../helpers/daemon.ts';
import { exchange, rpcRequest, callXml } from '../rpc/raw-http.ts';
import { startDaemon } from './daemon.ts';

function ctl(sock: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(SUPERVISORCTL, ['-s', `unix://${sock}`, ...args], { timeout: 30_000 }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

test('wrong password over the unix socket: the real supervisorctl prints "Server requires authentication" 20 times out of 20', { skip: supervisordSkipReason() }, async () => {
  const d = await startDaemon({
    programs: '[program:a]\ncommand=sleep 100000\nstartsecs=0\n',
    unix: 'username=admin\npassword=right',
    clientAuth: { username: 'admin', password: 'right' },
  });
  try {
    const outputs: string[] = [];
    for (let i = 0; i < 20; i++) {
      const args = i % 2 === 0 ? ['-u', 'admin', '-p', 'wrong', 'status'] : ['-u', 'admin', '-p', 'wrong', 'stop', 'a'];
      outputs.push(await ctl(d.sock, args));
    }
    const bad = outputs.filter((o) => !o.includes('Server requires authentication'));
    assert.deepEqual(bad, [], `${bad.length} of 20 runs printed something else`);
    assert.equal((await d.client.getProcessInfo('a')).statename, 'RUNNING');
  } finally {
    await d.stop();
  }
});

test('a refused request with a large body: the 401 comes after the body is read, and the connection closes', async () => {
  const d = await startDaemon({ programs: '', unix: 'username=admin\npassword=right', clientAuth: { username: 'admin', password: 'right' } });
  try {
    const body = callXml('system.methodHelp', `<param><value><string>${'x'.repeat(2 * 1024 * 1024)}</string></value></param>`);
    const auth = `Authorization: Basic ${Buffer.from('admin:wrong').toString('base64')}\r\n`;
    const raw = await exchange({ path: d.sock }, rpcRequest(body, auth), 15_000);
    assert.match(raw, /^HTTP\/1\.1 401 Unauthorized\r\n/);
    assert.match(raw, /\r\nConnection: close\r\n/i);
  } finally {
    await d.stop();
  }
});

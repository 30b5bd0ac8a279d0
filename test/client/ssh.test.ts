/**
 * ssh:// transport end to end: our own sshd on a loopback port (temporary host key and authorized
 * key), the real supervisord behind it, and the system OpenSSH client driven by our tunnel.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { runProcess } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { supervisordSkipReason } from '../helpers/daemon.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { startSupervisord, type RealSupervisord } from './real-supervisord.ts';
import { rejection } from './rejection.ts';

const tmp = makeTmpDir('svssh-');
let sshd: Sshd | null = null;
let sv: RealSupervisord | null = null;
let port = 0;
let sshCommand: string[] = [];
let skipReason: string | false = false;

/** ssh processes still running for our sshd's port. */
function sshClientsAlive(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /\bssh\b/.test(l) && l.includes(`-p ${port} `) && !l.includes('sshd'));
}

async function startTheSshd(): Promise<string | false> {
  const unsupported = supervisordSkipReason();
  if (unsupported) return unsupported;
  const started = await startSshd(tmp.dir);
  if (typeof started === 'string') return started;
  sshd = started;
  port = started.port;
  sshCommand = started.sshCommand;
  return false;
}

before(async () => {
  skipReason = await startTheSshd();
  if (skipReason) {
    console.log(`# skipping ssh transport tests: ${skipReason}`);
    return;
  }
  sv = await startSupervisord({
    programs: `[program:talker]\ncommand=sh -c 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.1; done'\nstartsecs=0\nstopwaitsecs=1\n`,
    inet: { username: 'admin', password: 'pw' },
  });
});

after(async () => {
  await sv?.stop();
  sshd?.stop();
  tmp.cleanup();
});

test('getAllProcessInfo and tailStream through ssh://root@127.0.0.1:<port>/<sock>; close() ends ssh', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const server = sv as RealSupervisord;
  const c = createClient({ serverurl: `ssh://root@127.0.0.1:${port}${server.sock}`, sshCommand, timeoutMs: 20_000 });
  try {
    assert.equal(c.isLocal, false);
    const infos = await c.getAllProcessInfo();
    assert.deepEqual(infos.map((p) => p.name), ['talker']);
    // The tunnel is reused: one ssh process however many calls.
    await Promise.all([c.getPID(), c.getState(), c.getVersion()]);
    assert.equal(sshClientsAlive().length, 1);
    const chunks: Buffer[] = [];
    const s = c.tailStream('talker', 'stdout', { onData: (b) => chunks.push(b), onEnd: () => undefined });
    await waitFor(() => /line \d+\n/.test(Buffer.concat(chunks).toString()), { message: 'a line through ssh' });
    s.close();
  } finally {
    c.close();
  }
  await waitFor(() => sshClientsAlive().length === 0, { message: 'ssh gone after close()' });
});

test('a remote http:// server through ssh, with basic auth', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const server = sv as RealSupervisord;
  const c = createClient({ serverurl: `ssh://root@127.0.0.1:${port}/${server.httpUrl}`, username: 'admin', password: 'pw', sshCommand });
  try {
    assert.equal((await c.getState()).statename, 'RUNNING');
  } finally {
    c.close();
  }
});

test('ssh errors: missing remote socket → nofile; refused authentication → network with ssh\'s reason', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const url = `ssh://root@127.0.0.1:${port}${tmp.dir}/nosuch.sock`;
  const c = createClient({ serverurl: url, sshCommand });
  try {
    const err = await rejection(c.getPID());
    assert.equal(err.kind, 'nofile');
    assert.equal(err.message, `${url} no such file`);
  } finally {
    c.close();
  }
  const noKey = createClient({ serverurl: `ssh://nobody@127.0.0.1:${port}/x.sock`, sshCommand: ['ssh', '-F', '/dev/null', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'IdentitiesOnly=yes', '-o', 'IdentityFile=/dev/null'] });
  try {
    const err = await rejection(noKey.getPID());
    assert.equal(err.kind, 'network');
    assert.match(err.message, /ssh failed: .*Permission denied/);
  } finally {
    noKey.close();
  }
});

test('the tunnel is torn down when the process exits without close()', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const server = sv as RealSupervisord;
  const script = `
    import { createClient } from ${JSON.stringify(new URL('../../src/client/client.ts', import.meta.url).pathname)};
    const c = createClient({ serverurl: ${JSON.stringify(`ssh://root@127.0.0.1:${port}${server.sock}`)}, sshCommand: ${JSON.stringify(sshCommand)} });
    console.log(await c.getPID());
  `;
  const r = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\d+\n$/);
  await waitFor(() => sshClientsAlive().length === 0, { message: 'ssh gone after exit' });
});

test('a SIGTERM that ends the process also ends the tunnel', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const server = sv as RealSupervisord;
  const script = `
    import { createClient } from ${JSON.stringify(new URL('../../src/client/client.ts', import.meta.url).pathname)};
    const c = createClient({ serverurl: ${JSON.stringify(`ssh://root@127.0.0.1:${port}${server.sock}`)}, sshCommand: ${JSON.stringify(sshCommand)} });
    console.log(await c.getPID());
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, sig) => r(sig)));
  await waitFor(() => /^\d+\n$/.test(out), { message: 'first call through the tunnel', timeoutMs: 30_000 });
  assert.equal(sshClientsAlive().length, 1);
  child.kill('SIGTERM');
  assert.equal(await exited, 'SIGTERM');
  await waitFor(() => sshClientsAlive().length === 0, { message: 'ssh gone after SIGTERM' });
});

/**
 * The whole daemon under hostile paths and credentials: /logtail and the web page name only
 * processes of the table, every path needs the password when one is configured ({SHA} too),
 * credentials never reach the logs or error bodies, and the unix socket is never seen with a
 * mode wider than its chmod, even while the daemon starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exchange, openRaw, parseResponses, type Target } from '../rpc/raw-http.ts';
import { spawnCli } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { configText, startDaemon } from './daemon.ts';

const PASSWD = /root:[^:]*:0:0:/;

async function get(target: Target, path: string, headers = ''): Promise<{ status: string; body: string }> {
  const raw = await exchange(target, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${headers}\r\n`);
  const [r] = parseResponses(raw);
  return { status: r?.status ?? `(no answer: ${JSON.stringify(raw.slice(0, 80))})`, body: r?.body ?? '' };
}

test('/logtail and the web page: traversal and encoded names are 404s, only table names are served', async () => {
  const d = await startDaemon({
    programs: `[program:web]\ncommand=sh -c 'echo web-output; exec sleep 100000'\nstartsecs=0\nstdout_logfile={DIR}/web.log\n`,
  });
  try {
    const sock = { path: d.sock };
    await waitFor(() => readFileSync(join(d.dir, 'web.log'), 'utf8').includes('web-output'));
    const paths = [
      '/logtail/../../etc/passwd',
      '/logtail/..%2f..%2fetc%2fpasswd',
      '/logtail/%2e%2e/%2e%2e/etc/passwd',
      '/logtail/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/logtail/%252e%252e%252fetc%252fpasswd',
      '/logtail//etc/passwd',
      '/logtail/web/../../../../etc/passwd',
      '/logtail/web/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/logtail/web/stdin',
      '/logtail/web:web/../../sd.conf',
      '/logtail/nosuch',
      '/logtail/%00',
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/index.html/../../etc/passwd',
      '/static/../../../etc/passwd',
      '/etc/passwd',
    ];
    for (const path of paths) {
      const r = await get(sock, path);
      assert.match(r.status, /^HTTP\/1\.1 40[04] /, path);
      assert.doesNotMatch(r.body, PASSWD, path);
    }
    // tail.html reads through the RPC layer: a path is just an unknown process name.
    const tail = await get(sock, '/tail.html?processname=..%2f..%2f..%2fetc%2fpasswd');
    assert.doesNotMatch(tail.body, PASSWD);
    assert.match(tail.body, /BAD_NAME|no such process|No such process/i);
    // /mainlogtail matches by prefix, as 4.2.5's handler does: whatever follows, it is the main log.
    const conn = await openRaw(sock);
    conn.socket.write('GET /mainlogtail/../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await conn.waitFor((t) => t.includes('supervisord started with pid'));
    assert.doesNotMatch(conn.text(), PASSWD);
    conn.close();
    // The legitimate name still works.
    const ok = await openRaw(sock);
    ok.socket.write('GET /logtail/web HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await ok.waitFor((t) => t.includes('web-output'));
    ok.close();
  } finally {
    await d.stop();
  }
});

test('with a password, every path on both servers needs it; {SHA} works, the hash itself does not; no credential in logs or bodies', async () => {
  const password = 'Sw0rdfish-7781';
  const sha = createHash('sha1').update(password).digest('hex');
  const d = await startDaemon({
    programs: `[program:auth]\ncommand=sh -c 'echo auth-output; exec sleep 100000'\nstartsecs=0\nstdout_logfile={DIR}/auth.log\n`,
    unix: `username=admin\npassword={SHA}${sha}`,
    inet: `username=admin\npassword=${password}`,
    clientAuth: { username: 'admin', password },
  });
  try {
    const good = `Authorization: Basic ${Buffer.from(`admin:${password}`).toString('base64')}\r\n`;
    const tokens = [
      '',
      `Authorization: Basic ${Buffer.from(`admin:${sha}`).toString('base64')}\r\n`,
      `Authorization: Basic ${Buffer.from(`admin:{SHA}${sha}`).toString('base64')}\r\n`,
      `Authorization: Basic ${Buffer.from(`admin:${password}x`).toString('base64')}\r\n`,
      `Authorization: Basic ${Buffer.from(`Admin:${password}`).toString('base64')}\r\n`,
      `Authorization: Basic ${Buffer.from(`admin${password}`).toString('base64')}\r\n`,
      `Authorization: Bearer ${password}\r\n`,
    ];
    const paths = ['/RPC2', '/logtail/auth', '/logtail/auth/stderr', '/mainlogtail', '/', '/index.html', '/tail.html?processname=auth', '/ok.html', '/static/x.css', '/nosuch'];
    const bodies: string[] = [];
    for (const target of [{ path: d.sock }, { port: d.port! }] as Target[]) {
      for (const path of paths) {
        for (const header of tokens) {
          const r = await get(target, path, header);
          assert.match(r.status, /^HTTP\/1\.1 401 /, `${JSON.stringify(target)} ${path} ${header.trim()}`);
          bodies.push(r.body);
        }
        // POST to the RPC endpoint and a form action are refused the same way.
        const post = await exchange(target, `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 25\r\nConnection: close\r\n\r\naction=stopall&processname=`);
        assert.match(post, /^HTTP\/1\.1 401 /, `POST ${path}`);
      }
      // The right password gets through (and the refused stopall above changed nothing).
      const ok = await get(target, '/ok.html', good);
      assert.match(ok.status, /^HTTP\/1\.1 200 /);
    }
    assert.equal((await d.client.getProcessInfo('auth')).statename, 'RUNNING');
    const everything = [...bodies, d.mainLog(), d.output(), readFileSync(join(d.dir, 'auth.log'), 'utf8')].join('\n');
    for (const secret of [password, sha, Buffer.from(`admin:${password}`).toString('base64')]) {
      assert.ok(!everything.includes(secret), `a credential leaked: ${secret.slice(0, 6)}…`);
    }
  } finally {
    await d.stop();
  }
});

/**
 * A separate process watches the directory in a tight loop (readdir + lstat of every socket)
 * while the daemon starts, so no window is missed because of this test's own event loop.
 */
const WATCHER = `
const fs = require('fs');
const [dir, ms] = [process.argv[1], Number(process.argv[2])];
const seen = {};
const end = Date.now() + ms;
let probes = 0;
let ready = false;
while (Date.now() < end) {
  // One last full pass after the test says stop (it says so once the socket exists).
  const stopping = fs.existsSync(dir + '/stop');
  let names = [];
  try { names = fs.readdirSync(dir); } catch {}
  for (const n of names) {
    try {
      const st = fs.lstatSync(dir + '/' + n);
      if (st.isSocket()) { seen[n] = (seen[n] || 0) | (st.mode & 0o777); probes++; }
    } catch {}
  }
  if (!ready) { fs.writeFileSync(dir + '/ready', ''); ready = true; }
  if (stopping) break;
}
process.stdout.write(JSON.stringify({ seen, probes }));
`;

test('the unix socket never exists with a mode wider than its chmod, from the first instant', async (t) => {
  for (const chmod of ['0700', '0750']) {
    const { dir, cleanup } = makeTmpDir('svs-');
    try {
      const sockDir = join(dir, 's');
      mkdirSync(sockDir);
      const conf = join(dir, 'sd.conf');
      const text = configText(dir, { programs: '[program:x]\ncommand=sleep 100000\nstartsecs=0\n', unix: `chmod=${chmod}` }, null).replace(
        `file=${dir}/sv.sock`,
        `file=${sockDir}/sv.sock`,
      );
      writeFileSync(conf, text);
      const watcher = spawn(process.execPath, ['-e', WATCHER, sockDir, '20000'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      watcher.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
      const watcherDone = new Promise<void>((resolve) => watcher.once('close', () => resolve()));
      // The watcher must be looking before the daemon starts, and the socket must exist before it stops:
      // under load a node start-up takes seconds, and 'supervisord started' can be logged before the bind.
      await waitFor(() => existsSync(join(sockDir, 'ready')), { timeoutMs: 20_000, message: 'the watcher to start' });
      const daemon = spawnCli(['daemon', '-n', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      try {
        await waitFor(() => readFileSync(join(dir, 'sd.log'), 'utf8').includes('supervisord started') && existsSync(join(sockDir, 'sv.sock')), { timeoutMs: 20_000 });
        writeFileSync(join(sockDir, 'stop'), '');
        await watcherDone;
        const { seen, probes } = JSON.parse(out) as { seen: Record<string, number>; probes: number };
        assert.ok(probes > 0 && seen['sv.sock'] !== undefined, `the watcher saw the socket: ${out}`);
        t.diagnostic(`chmod ${chmod}: ${probes} lstat observations, modes seen ${JSON.stringify(Object.fromEntries(Object.entries(seen).map(([n, m]) => [n, m.toString(8)])))}`);
        const allowed = parseInt(chmod, 8);
        for (const [name, mode] of Object.entries(seen)) {
          assert.equal(mode & ~allowed, 0, `${name} was seen with mode ${mode.toString(8)} (chmod ${chmod})`);
        }
      } finally {
        daemon.kill('SIGTERM');
        watcher.kill();
        await new Promise((r) => (daemon.exitCode !== null ? r(null) : daemon.once('exit', r)));
      }
    } finally {
      cleanup();
    }
  }
});

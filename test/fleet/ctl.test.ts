/**
 * supervisorctl commands over a fleet of real daemons: ours and the real supervisord on unix
 * sockets, the real one on TCP with a password from password_command, and ours through ssh.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import type { Terminal } from '../../src/ctl/context.ts';
import { runCtl } from '../../src/ctl/main.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { sharedTestFleet } from './fleet-daemons.ts';

const shared = sharedTestFleet('fleet tests');

/** A terminal whose Ctrl-C the test presses. */
function pressableTerminal(): Terminal & { press(): void } {
  let handler: (() => void) | null = null;
  return {
    isTTY: false,
    readLine: async () => null,
    onInterrupt: (h) => {
      handler = h;
      return () => (handler = null);
    },
    history: () => [],
    close: () => {},
    press: () => handler?.(),
  };
}

/** runCtl in this process, from argv to exit status; `while` runs alongside (to press Ctrl-C). */
async function ctl(args: string[], opts: { during?: (out: () => string, t: ReturnType<typeof pressableTerminal>) => Promise<void> } = {}): Promise<CliResult> {
  const f = shared.fleet!;
  let stdout = '';
  let stderr = '';
  const terminal = pressableTerminal();
  const running = runCtl(args.includes('-s') ? args : ['--servers', f.serversFile, ...args], {
    output: { write: (t) => (stdout += t), writeErr: (t) => (stderr += t) },
    terminal: () => terminal,
    connect: (o) => createClient({ ...o, sshCommand: f.sshd?.sshCommand ?? ['ssh'], timeoutMs: 30_000 }),
    env: {},
    stdoutIsTTY: false,
  });
  if (opts.during) await opts.during(() => stdout, terminal);
  const code = await running;
  return { code, signal: null, stdout, stderr };
}

const servers = () => (shared.fleet!.sshd ? ['a', 'b', 'c'] : ['a', 'b']);

/** Every web process RUNNING everywhere (tests put them back the way they found them). */
async function settled(context = 'all'): Promise<void> {
  await waitFor(async () => {
    const r = await ctl(['--context', context, 'status', 'web:*']);
    return r.code === 0 && !/STARTING|STOPPING|BACKOFF/.test(r.stdout);
  }, { timeoutMs: 30_000, intervalMs: 200, message: 'every web process RUNNING' });
}

test('status over a context: every server, its name in front, one column layout; exit 3 for the stopped ones', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  await settled();
  const r = await ctl(['--context', 'all', 'status']);
  assert.equal(r.code, 3, r.stdout + r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const expected = servers().flatMap((s) => [`${s}  bad `, `${s}  web:web_00 `, `${s}  web:web_01 `]);
  assert.deepEqual(lines.map((l) => l.slice(0, 3 + (l.slice(3).indexOf(' ') + 1))), expected);
  for (const l of lines) assert.match(l, /^[abc]  \S+ +(RUNNING|STOPPED) +/);
  // one layout: the state column starts at the same place on every line
  assert.equal(new Set(lines.map((l) => l.search(/(RUNNING|STOPPED)/))).size, 1);
  assert.equal(r.stderr, '');
});

test('status --json: one array, a server field on every row', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const r = await ctl(['--context', 'all', 'status', '--json', 'web:*']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { server: string; namespec: string; statename: string }[];
  assert.deepEqual(rows.map((x) => `${x.server}/${x.namespec}/${x.statename}`), servers().flatMap((s) => [`${s}/web:web_00/RUNNING`, `${s}/web:web_01/RUNNING`]));
});

test('TCP with a password from password_command, next to a unix socket', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const r = await ctl(['--context', 'tcp', 'status', 'web:web_00']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^a   web:web_00 +RUNNING +pid \d+/m);
  assert.match(r.stdout, /^bt  web:web_00 +RUNNING +pid \d+/m);
  const broken = await ctl(['--context', 'broken', 'status', 'web:web_00']);
  assert.notEqual(broken.code, 0);
  assert.match(broken.stdout, /^a     web:web_00 +RUNNING/m);
  assert.match(broken.stdout, new RegExp(`^nopw: error: ${shared.fleet!.serversFile}:\\d+: password_command failed \\(exit 3\\): no secret$`, 'm'));
  // A command that hangs: that server's line says so after its timeout, the others answer.
  const hung = await ctl(['--context', 'hung', 'status', 'web:web_00']);
  assert.equal(hung.code, 1, hung.stdout);
  assert.match(hung.stdout, /^a +web:web_00 +RUNNING/m);
  assert.match(hung.stdout, new RegExp(`^hangpw: error: ${shared.fleet!.serversFile}:\\d+: password_command failed \\(timed out after 3 s\\)$`, 'm'));
});

test('NAME@SERVER: restart web:*@b acts on b only; without @ on every server, in parallel, per-server results', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  await settled();
  const pidsBefore = JSON.parse((await ctl(['--context', 'all', 'status', '--json', 'web:*'])).stdout) as { server: string; pid: number }[];
  const r = await ctl(['--context', 'all', 'restart', 'web:*@b']);
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(r.stdout.trimEnd().split('\n').sort(), ['b: web:web_00: started', 'b: web:web_00: stopped', 'b: web:web_01: started', 'b: web:web_01: stopped']);
  await settled();
  const pidsAfter = JSON.parse((await ctl(['--context', 'all', 'status', '--json', 'web:*'])).stdout) as { server: string; pid: number }[];
  for (let i = 0; i < pidsBefore.length; i++) {
    const changed = pidsBefore[i]!.pid !== pidsAfter[i]!.pid;
    assert.equal(changed, pidsBefore[i]!.server === 'b', `${pidsBefore[i]!.server} pid changed: ${changed}`);
  }
  const stop = await ctl(['--context', 'all', 'stop', 'web:web_01']);
  assert.equal(stop.code, 0);
  assert.deepEqual(stop.stdout.trimEnd().split('\n'), servers().map((s) => `${s}: web:web_01: stopped`));
  const start = await ctl(['--context', 'all', 'start', 'web:web_01@[ab]']);
  assert.equal(start.code, 0, start.stdout);
  assert.deepEqual(start.stdout.trimEnd().split('\n'), ['a: web:web_01: started', 'b: web:web_01: started']);
  if (shared.fleet!.sshd) assert.equal((await ctl(['--context', 'all', 'start', 'web:web_01@c'])).stdout, 'c: web:web_01: started\n');
});

test('failures: each on its own line, non-zero exit; a server that is down does not stop the others', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const bad = await ctl(['--context', 'pair', 'start', 'bad']);
  assert.equal(bad.code, 1, bad.stdout);
  assert.deepEqual(bad.stdout.trimEnd().split('\n'), ['a: bad: ERROR (no such file)', 'b: bad: ERROR (no such file)']);
  const down = await ctl(['--context', 'withdown', 'status', 'web:web_00']);
  assert.equal(down.code, 4);
  assert.match(down.stdout, /^a     web:web_00 +RUNNING/m);
  assert.match(down.stdout, /^down: unix:\/\/\S+nobody\.sock no such file$/m);
  const nosuch = await ctl(['--context', 'pair', 'stop', 'web:web_00@nosuch']);
  assert.equal(nosuch.code, 2);
  assert.equal(nosuch.stdout, 'web:web_00@nosuch: ERROR (no such server)\n');
});

test('a readonly context refuses changes and still reads', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const clients = ['a', 'b'].map((d) => createClient({ serverurl: shared.fleet!.urls[d]! }));
  t.after(() => clients.forEach((c) => c.close()));
  const pids = async () => Promise.all(clients.map(async (c) => (await c.getProcessInfo('web:web_00')).pid));
  const before = await pids();
  for (const line of ['stop all', 'restart web:web_00', 'signal HUP all', 'clear web:web_00', 'reread', 'update', 'shutdown', 'fg web:web_00@a']) {
    const r = await ctl(['--context', 'ro', ...line.split(' ')]);
    assert.equal(r.code, 1, line);
    assert.equal(r.stdout, `Error: context ro is readonly: ${line.split(' ')[0]} refused\n`);
  }
  assert.deepEqual(await pids(), before, 'nothing was carried out');
  assert.equal((await ctl(['--context', 'ro', 'status', 'web:web_00'])).code, 0);
  // A readonly context of one server is supervisorctl's one-server session: refused there too.
  const one = await ctl(['--context', 'roone', 'restart', 'web:web_00']);
  assert.equal(one.code, 1);
  assert.equal(one.stdout, 'Error: context roone is readonly: restart refused\n');
  assert.equal((await ctl(['--context', 'roone', 'pid', 'web:web_00'])).code, 0);
  assert.deepEqual(await pids(), before, 'nothing was carried out');
});

test('a readonly context\'s interactive shell refuses each change on its line, runs the rest, exits 1', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const a = createClient({ serverurl: shared.fleet!.urls['a']! });
  t.after(() => a.close());
  const before = (await a.getProcessInfo('web:web_00')).pid;
  const lines = ['stop all', 'status web:web_00', 'restart web:web_00', 'help stop', 'quit'];
  let stdout = '';
  const code = await runCtl(['--servers', shared.fleet!.serversFile, '--context', 'roone', 'shell'], {
    output: { write: (x) => (stdout += x), writeErr: (x) => (stdout += x) },
    terminal: () => ({ isTTY: false, readLine: async () => lines.shift() ?? null, onInterrupt: () => () => {}, history: () => [], close: () => {} }),
    connect: (o) => createClient(o),
    env: {},
    stdoutIsTTY: false,
  });
  assert.equal(code, 1, stdout);
  assert.match(stdout, /^Error: context roone is readonly: stop refused\n[^\n]*web:web_00 +RUNNING[^\n]*\nError: context roone is readonly: restart refused\nstop <name>/m);
  assert.equal((await a.getProcessInfo('web:web_00')).pid, before, 'nothing was carried out');
  // The same shell on a context that is not readonly still exits 0, as supervisorctl's.
  const rw = ['status web:web_00', 'quit'];
  const ok = await runCtl(['--servers', shared.fleet!.serversFile, '--context', 'one', 'shell'], {
    output: { write: () => {}, writeErr: () => {} },
    terminal: () => ({ isTTY: false, readLine: async () => rw.shift() ?? null, onInterrupt: () => () => {}, history: () => [], close: () => {} }),
    connect: (o) => createClient(o),
    env: {},
    stdoutIsTTY: false,
  });
  assert.equal(ok, 0);
});

test('tail -f over several servers merges the lines behind server:name', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const r = await ctl(['--context', 'pair', 'tail', '-f', 'web:web_00'], {
    during: async (out, term) => {
      await waitFor(() => /^a:web:web_00 \| a line \d+$/m.test(out()) && /^b:web:web_00 \| b line \d+$/m.test(out()), { timeoutMs: 20_000, message: 'lines from both servers' });
      term.press();
    },
  });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^==> Press Ctrl-C to exit <==\n/);
  for (const line of r.stdout.trimEnd().split('\n').slice(1)) assert.match(line, /^[ab]:web:web_00 \| [ab] line \d+$|^$/);
});

test('one server (a context of one, or -s name=URL) behaves exactly as today', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const plain = await ctl(['-s', shared.fleet!.urls['a']!, 'status']);
  const ctx = await ctl(['--context', 'one', 'status']);
  const named = await ctl(['-s', `a=${shared.fleet!.urls['a']!}`, 'status']);
  const mask = (s: string) => s.replace(/pid \d+, uptime [0-9:]+/g, 'pid N');
  assert.equal(mask(ctx.stdout), mask(plain.stdout));
  assert.equal(mask(named.stdout), mask(plain.stdout));
  assert.equal(ctx.code, plain.code);
  assert.match(plain.stdout, /^bad {30}STOPPED/m);
});

test('as a process: -s repeated, exit statuses and the ssh server through SUPERVISOR_TUI_SSH_COMMAND', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const f = shared.fleet!;
  const env = { ...process.env, SUPERVISOR_TUI_SSH_COMMAND: (f.sshd?.sshCommand ?? ['ssh']).join(' ') };
  const adhoc = await runCli(['-s', f.urls['a']!.replace('unix://', 'x=unix://'), '-s', `y=${f.urls['b']!}`, 'status', 'web:web_00'], { env, timeoutMs: 60_000 });
  assert.equal(adhoc.code, 0, adhoc.stderr);
  assert.match(adhoc.stdout, /^x  web:web_00 +RUNNING[^\n]*\ny  web:web_00 +RUNNING/);
  const all = await runCli(['--servers', f.serversFile, '--context', 'all', 'status', 'bad'], { env, timeoutMs: 60_000 });
  assert.equal(all.code, 3, all.stderr);
  assert.equal(all.stdout.trimEnd().split('\n').length, servers().length);
  const ro = await runCli(['--servers', f.serversFile, '--context', 'ro', 'stop', 'all'], { env });
  assert.equal(ro.code, 1);
  assert.equal(ro.stdout, 'Error: context ro is readonly: stop refused\n');
  const bad = await runCli(['--servers', f.serversFile, '--context', 'nope', 'status'], { env });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, `Error: --context nope: no [context:nope] in ${f.serversFile} (contexts: all, pair, tcp, ro, one, withdown, broken, roone, hung)\nFor help, use supervisor-tui -h\n`);
});

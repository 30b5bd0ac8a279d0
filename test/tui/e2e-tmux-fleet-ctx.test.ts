/**
 * The fleet dashboard in tmux over real daemons (ours, the real supervisord, ours through a
 * loopback sshd): `:ctx` — the picker and the switch inside the running dashboard, old
 * connections and ssh masters gone after it, one server looking as today; password_command that
 * fails or hangs marking only its server down; rolling restart waiting for health, stopping at an
 * unhealthy server, and the key on marks.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import { PROGRAMS, startTestFleet, type TestFleet } from '../fleet/fleet-daemons.ts';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { Tmux } from './helpers/tmux.ts';

const skip = skipReason('tmux', 'tmux');

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter((x) => x !== '').map(Number);
  } catch {
    return [];
  }
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Open sockets of a process (its connections to the daemons, the ssh forwards' local ends). */
function sockets(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

test('fleet dashboard: :ctx picker and switch, password_command failures, rolling restart with health', { skip, timeout: 400_000 }, async (t) => {
  const flags = makeTmpDir('svflags-');
  // app's health check takes 1.5 s and fails while its server's flag file exists.
  const programs = (tag: string) =>
    PROGRAMS(tag) +
    `\n[program:app]\ncommand=sleep 1000\nstartsecs=0\nhealthcheck=cmd:sleep 1.5; test ! -f ${join(flags.dir, tag)}\nhealthcheck_interval=0.5\nhealthcheck_timeout=10\nhealthcheck_retries=1\n`;
  const started = await startTestFleet({ programs });
  if (typeof started === 'string') {
    flags.cleanup();
    return t.skip(started);
  }
  const fleet: TestFleet = started;
  const names = fleet.sshd ? ['a', 'b', 'c'] : ['a', 'b'];
  const clients = new Map<string, SupervisorClient>(fleet.daemons.map((d) => [d.name, createClient({ serverurl: `unix://${d.sock}` })]));
  const tmux = new Tmux(`svfctx-${process.pid}`);
  t.after(async () => {
    tmux.kill();
    for (const c of clients.values()) c.close();
    await fleet.stop();
    flags.cleanup();
  });
  if (fleet.sshSkip) t.diagnostic(`ssh server left out: ${fleet.sshSkip}`);
  const screen = (re: RegExp, message: string, timeoutMs = 30_000) =>
    waitFor(() => re.test(tmux.capture()), { message: `${message} (screen:\n${tmux.capture()})`, timeoutMs });
  const prompt = async (key: string, text: string) => {
    tmux.keys(key);
    tmux.keys(text);
    await screen(new RegExp(`^ ${key === '/' ? '/' : ':'}${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'), `prompt shows ${text}`);
    tmux.keys('Enter', false);
  };
  const pidOf = async (server: string, name: string) => (await clients.get(server)!.getProcessInfo(name)).pid;

  tmux.start(150, 40, ROOT, 'e2e$ ', { NODE_ENV: 'production', SUPERVISOR_TUI_SSH_COMMAND: (fleet.sshd?.sshCommand ?? ['ssh']).join(' ') });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
  tmux.line(`clear; exec ${process.execPath} ${CLI_ARGS.join(' ')} --servers ${fleet.serversFile} --context pair`);
  await screen(/context pair · 2 servers: 2 up/, 'pair open');
  // `exec`: the pane's process is the dashboard itself.
  const dashboard = Number(execFileSync('tmux', ['-L', tmux.socket, 'list-panes', '-F', '#{pane_pid}'], { encoding: 'utf8' }).trim());
  const sshKids = () => children(dashboard).filter((p) => comm(p) === 'ssh').length;
  await waitFor(() => comm(dashboard) === 'node' || comm(dashboard).startsWith('node'), { message: 'dashboard process' });
  const baseline = sockets(dashboard);

  await t.test(':ctx opens the picker: every context with its colour, servers and readonly; k and Enter switch', async () => {
    await prompt(':', 'ctx');
    await screen(/^ Contexts +\(↑↓ jk move · Enter switches · Esc closes\)/m, 'picker');
    const shot = tmux.capture();
    assert.match(shot, /^ +all +3 servers|^ +all +2 servers/m);
    assert.match(shot, /^ \* pair +2 servers +\(current\)/m);
    assert.match(shot, /^ +ro +red +2 servers +readonly/m);
    assert.match(shot, /^ +one +1 server\b/m);
    t.diagnostic(`picker:\n${shot}`);
    tmux.keys('k'); // pair → all
    tmux.keys('Enter', false);
    await screen(new RegExp(`context all · ${names.length} servers: ${names.length} up`), 'all open');
    if (fleet.sshd) await waitFor(() => sshKids() === 1, { message: 'one ssh master for c' });
  });

  await t.test(':ctx NAME switches back: the old servers\' sockets and the ssh master are gone', async () => {
    // Each return to pair must find the same sockets open as the first did: nothing piles up.
    let first: number | null = null;
    for (let i = 0; i < 3; i++) {
      await prompt(':', 'ctx pair');
      await screen(/context pair · 2 servers: 2 up/, 'pair again');
      await waitFor(() => sshKids() === 0 && (first === null || sockets(dashboard) <= first), { message: `connections closed (ssh ${sshKids()}, sockets ${sockets(dashboard)} vs ${first})`, timeoutMs: 20_000 });
      first ??= sockets(dashboard);
      await prompt(':', 'ctx all');
      await screen(new RegExp(`context all · ${names.length} servers: ${names.length} up`), 'all again');
      if (fleet.sshd) await waitFor(() => sshKids() === 1, { message: 'one ssh master for c, never two' });
    }
    assert.ok(first !== null && first <= baseline + 2, `pair holds ${first} sockets, ${baseline} when first opened`);
    await prompt(':', 'ctx nope');
    await screen(/ctx: no context nope \(all, pair, tcp, ro, one, withdown, broken, roone, hung\)/, 'unknown context');
  });

  await t.test('a context of one server is today\'s dashboard, and :ctx leaves it', async () => {
    await prompt(':', 'ctx one');
    await screen(new RegExp(`^ ${hostname()} `, 'm'), "today's header: the host");
    await screen(/^ +▾ web \(2\)/m, "today's rows");
    const shot = tmux.capture();
    assert.doesNotMatch(shot, /context one|servers:/);
    assert.match(shot, /^ +▾ web \(2\)/m);
    await prompt(':', 'ctx broken');
    await screen(/context broken · 2 servers: 1 up, 1 unreachable/, 'broken open');
  });

  await t.test('a failing password_command marks only its server down, with the command\'s error', async () => {
    await screen(/▾ a +up \d+ ms/, 'a up');
    await screen(/▾ nopw +unreachable \(no data\): \S*servers\.conf:\d+: password_command failed \(exit 3\): no secret/, 'nopw down with the error');
    // One that hangs: the other server is up at once, the row says so after the timeout.
    await prompt(':', 'ctx hung');
    await screen(/context hung · 2 servers: 1 up, 1 connecting/, 'a up while hangpw waits');
    await screen(/▾ hangpw +unreachable \(no data\): \S*servers\.conf:\d+: password_command failed \(timed out after 3 s\)/, 'hangpw timed out');
    await prompt(':', 'ctx all');
    await screen(new RegExp(`context all · ${names.length} servers: ${names.length} up`), 'all open');
  });

  await t.test(':rolling-restart waits for each server to be healthy, with its progress as a job', async () => {
    await waitFor(async () => (await Promise.all(['a', ...(names.includes('c') ? ['c'] : [])].map(async (s) => (await clients.get(s)!.call('supervisortui.getAllHealth')) as { name: string; health: string }[]))).every((l) => l.find((h) => h.name === 'app')?.health === 'healthy'), { message: 'app healthy before', timeoutMs: 30_000 });
    const before = new Map(await Promise.all(names.map(async (s) => [s, await pidOf(s, 'app')] as const)));
    await prompt(':', 'rolling-restart app');
    await screen(/a \(1\/\d\): waiting for 1 process to be healthy \(app\)/, 'waiting for health on a', 20_000);
    await screen(new RegExp(`rolling restart: ${names.length} processes on ${names.length} servers restarted \\(${names.join(', ')}\\)`), 'all restarted', 90_000);
    for (const s of names) assert.notEqual(await pidOf(s, 'app'), before.get(s), `${s} restarted`);
  });

  await t.test('rolling restart stops at a server whose process turns unhealthy, and says where', async () => {
    const before = new Map(await Promise.all(names.map(async (s) => [s, await pidOf(s, 'app')] as const)));
    writeFileSync(join(flags.dir, 'a'), '');
    await prompt(':', 'rolling-restart app --batch 1');
    await screen(/rolling restart stopped at a: app: UNHEALTHY/, 'stopped at a', 60_000);
    await screen(new RegExp(`done: none · not restarted: ${names.slice(1).join(', ')}`), 'what was left');
    assert.notEqual(await pidOf('a', 'app'), before.get('a'));
    for (const s of names.slice(1)) assert.equal(await pidOf(s, 'app'), before.get(s), `${s} not restarted`);
    rmSync(join(flags.dir, 'a'));
    tmux.keys('Escape', false);
    await waitFor(() => !/done: none/.test(tmux.capture()), { message: 'results closed' });
  });

  await t.test('W on marks: a rolling restart of the marked processes, confirmed with their count', async () => {
    const marked = names.slice(1);
    const before = new Map(await Promise.all(marked.map(async (s) => [s, await pidOf(s, 'app')] as const)));
    await prompt('/', `^app @[${marked.join('')}]`);
    tmux.keys('T');
    await screen(new RegExp(`^ +${marked[0]}  app `, 'm'), 'flat table with the apps');
    tmux.keys('g');
    for (const _ of marked) tmux.keys(' ');
    await screen(new RegExp(`· ${marked.length} marked`), 'marks');
    tmux.keys('W');
    await screen(new RegExp(`rolling restart ${marked.length} process(es)? on ${marked.length} servers?, one server at a time\\? \\(y/n\\)`), 'confirmation');
    tmux.keys('y');
    await screen(new RegExp(`rolling restart: ${marked.length} process(es)? on ${marked.length} servers? restarted \\(${marked.join(', ')}\\)`), 'restarted', 90_000);
    for (const s of marked) assert.notEqual(await pidOf(s, 'app'), before.get(s), `${s} restarted`);
  });

  tmux.keys('q');
  await waitFor(() => !existsSync(`/proc/${dashboard}`), { message: 'the dashboard quit' });
});

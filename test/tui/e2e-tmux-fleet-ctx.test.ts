/**
 * The fleet dashboard in tmux over real daemons (ours, the real supervisord, ours through a
 * loopback sshd): `:ctx` — the picker and the switch inside the running dashboard, old
 * connections and ssh masters gone after it, one server looking as today; password_command that
 * fails or hangs marking only its server down.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { startTestFleet, type TestFleet } from '../fleet/fleet-daemons.ts';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { screenWaiter } from './helpers/fleet-tmux.ts';
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

/** Open sockets of a process by inode (its connections to the daemons, the ssh forwards' local ends). */
function sockets(pid: number): Set<string> {
  const out = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const l = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (l.startsWith('socket:')) out.add(l);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

test('fleet dashboard: the :ctx picker and switch, password_command failures', { skip, timeout: 170_000 }, async (t) => {
  const started = await startTestFleet();
  if (typeof started === 'string') return t.skip(started);
  const fleet: TestFleet = started;
  const names = fleet.sshd ? ['a', 'b', 'c'] : ['a', 'b'];
  const tmux = new Tmux(`svfctx-${process.pid}`);
  t.after(async () => {
    tmux.kill();
    await fleet.stop();
  });
  if (fleet.sshSkip) t.diagnostic(`ssh server left out: ${fleet.sshSkip}`);
  const { screen, prompt } = screenWaiter(tmux);

  tmux.start(150, 40, ROOT, 'e2e$ ', { NODE_ENV: 'production', SUPERVISOR_TUI_SSH_COMMAND: (fleet.sshd?.sshCommand ?? ['ssh']).join(' ') });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
  tmux.line(`clear; exec ${process.execPath} ${CLI_ARGS.join(' ')} --servers ${fleet.serversFile} --context pair`);
  await screen(/context pair · 2 servers: 2 up/, 'pair open');
  // `exec`: the pane's process is the dashboard itself.
  const dashboard = Number(execFileSync('tmux', ['-L', tmux.socket, 'list-panes', '-F', '#{pane_pid}'], { encoding: 'utf8' }).trim());
  const sshKids = () => children(dashboard).filter((p) => comm(p) === 'ssh').length;
  await waitFor(() => comm(dashboard) === 'node' || comm(dashboard).startsWith('node'), { message: 'dashboard process' });
  const first = sockets(dashboard);

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
    // Sockets the process holds whatever the context (not the daemons' connections): open in pair and in all alike.
    const onAll = sockets(dashboard);
    const lasting = new Set([...first].filter((x) => onAll.has(x)));
    for (let i = 0; i < 3; i++) {
      const old = sockets(dashboard);
      await prompt(':', 'ctx pair');
      await screen(/context pair · 2 servers: 2 up/, 'pair again');
      const left = () => [...sockets(dashboard)].filter((x) => old.has(x) && !lasting.has(x));
      await waitFor(() => sshKids() === 0 && left().length === 0, { message: `the old context's connections closed (ssh ${sshKids()}, sockets left ${left().join(' ')})`, timeoutMs: 20_000 });
      await prompt(':', 'ctx all');
      await screen(new RegExp(`context all · ${names.length} servers: ${names.length} up`), 'all again');
      if (fleet.sshd) await waitFor(() => sshKids() === 1, { message: 'one ssh master for c, never two' });
    }
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

  tmux.keys('q');
  await waitFor(() => !existsSync(`/proc/${dashboard}`), { message: 'the dashboard quit' });

  await t.test('started on a context of one server: today\'s dashboard, and :ctx leads to the fleet', async () => {
    const one = new Tmux(`svfone-${process.pid}`);
    t.after(() => one.kill());
    const w = screenWaiter(one);
    one.start(150, 40, ROOT, 'e2e$ ', { NODE_ENV: 'production' });
    await waitFor(() => /^e2e\$/m.test(one.capture()), { message: 'shell prompt' });
    one.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} --servers ${fleet.serversFile} --context one`);
    await w.screen(new RegExp(`^ ${hostname()} \\(a\\) · `, 'm'), "today's header");
    await w.screen(/^ +▾ web \(2\)/m, "today's rows");
    await w.prompt(':', 'ctx pair');
    await w.screen(/context pair · 2 servers: 2 up/, 'pair open');
    one.keys('q');
    await waitFor(() => /^e2e\$/m.test(one.capture().split('\n').filter((l) => l.trim() !== '').pop() ?? ''), { message: 'back at the prompt' });
  });
});

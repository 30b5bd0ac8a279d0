/**
 * Rolling restart in the fleet dashboard, in tmux, over real daemons (ours with health checks,
 * the real supervisord without, ours through a loopback sshd): each server waited for until its
 * restarted process is healthy, progress shown as a job; a stop at the server whose process turns
 * unhealthy, saying where; the key on marks with its confirmation.
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { screenWaiter, startFleetRig } from './helpers/fleet-tmux.ts';
import { execFileSync } from 'node:child_process';

const skip = skipReason('tmux', 'tmux');

test('fleet dashboard: rolling restart with health, its stop at a failure, the key on marks', { skip, timeout: 170_000 }, async (t) => {
  // app's health check takes 1.5 s and fails while its server's flag file exists.
  const rig = await startFleetRig(t, 'svfroll', (_tag, flag) => `\n[program:app]\ncommand=sleep 1000\nstartsecs=0\nhealthcheck=cmd:sleep 1.5; test ! -f ${flag}\nhealthcheck_interval=0.5\nhealthcheck_timeout=10\nhealthcheck_retries=1\n`);
  if (rig === null) return;
  const { fleet, names, clients, tmux } = rig;
  const { screen, prompt } = screenWaiter(tmux);
  const pidOf = async (server: string, name: string) => (await clients.get(server)!.getProcessInfo(name)).pid;

  tmux.start(150, 40, ROOT, 'e2e$ ', { NODE_ENV: 'production', SUPERVISOR_TUI_SSH_COMMAND: (fleet.sshd?.sshCommand ?? ['ssh']).join(' ') });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
  tmux.line(`clear; exec ${process.execPath} ${CLI_ARGS.join(' ')} --servers ${fleet.serversFile} --context all`);
  await screen(new RegExp(`context all · ${names.length} servers: ${names.length} up`), 'all open');
  const dashboard = Number(execFileSync('tmux', ['-L', tmux.socket, 'list-panes', '-F', '#{pane_pid}'], { encoding: 'utf8' }).trim());

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
    writeFileSync(rig.flag('a'), '');
    await prompt(':', 'rolling-restart app --batch 1');
    await screen(/rolling restart stopped at a: app: UNHEALTHY/, 'stopped at a', 60_000);
    await screen(new RegExp(`done: none · not restarted: ${names.slice(1).join(', ')}`), 'what was left');
    assert.notEqual(await pidOf('a', 'app'), before.get('a'));
    for (const s of names.slice(1)) assert.equal(await pidOf(s, 'app'), before.get(s), `${s} not restarted`);
    rmSync(rig.flag('a'));
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

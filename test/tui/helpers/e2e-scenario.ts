/**
 * The dashboard in a real terminal: tmux (120x40) runs it against a supervisord (Debian's or ours)
 * in a temp dir. Keys go in with send-keys, the screen comes out with capture-pane, and what the
 * server did is checked through XML-RPC (state, and supervisor.readLog for the order of spawns and stops).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createClient } from '../../../src/client/client.ts';
import { CLI_ARGS, ROOT } from '../../helpers/cli.ts';
import type { DaemonKind } from '../../helpers/daemon.ts';
import { makeTmpDir } from '../../helpers/tmp.ts';
import { say, talkerLoop } from '../../helpers/talker.ts';
import { waitFor } from '../../helpers/wait.ts';
import { daemonInTmux } from './daemon-in-tmux.ts';

function program(dir: string, name: string, prio: number): string {
  // Prints "ready", then whatever the test drops into <dir>/say-<name>.
  const drop = join(dir, `say-${name}`);
  return [
    `[program:${name}]`,
    `command=sh -c 'echo ready ${name}; ${talkerLoop(drop)}'`,
    `priority=${prio}`,
    'startsecs=0',
    'stopwaitsecs=2',
    '',
  ].join('\n');
}

function config(dir: string): string {
  return [
    '[unix_http_server]',
    `file=${join(dir, 's.sock')}`,
    '[supervisord]',
    `logfile=${join(dir, 'supervisord.log')}`,
    `pidfile=${join(dir, 'supervisord.pid')}`,
    `childlogdir=${dir}`,
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '[supervisorctl]',
    `serverurl=unix://${join(dir, 's.sock')}`,
    '[group:web]',
    'programs=web_c,web_a,web_b',
    'priority=10',
    program(dir, 'web_a', 10),
    program(dir, 'web_b', 20),
    program(dir, 'web_c', 30),
    // Three programs of one priority: a group restart starts them together (issue 15, item 3).
    '[group:pool]',
    'programs=pool_a,pool_b,pool_c',
    'priority=500',
    ...['pool_a', 'pool_b', 'pool_c'].flatMap((n) => [`[program:${n}]`, 'command=sleep 1000', 'startsecs=1', 'priority=500', 'stopwaitsecs=2', '']),
    '[program:cron]',
    'command=sleep 1000',
    'autostart=false',
    'startsecs=0',
    'priority=999',
    '',
    // FATAL at once: the header must never hide it (issue 15, item 8).
    '[program:broken]',
    `command=${join(dir, 'no-such-program')}`,
    'startretries=0',
    'priority=1000',
    '',
  ].join('\n');
}

/** The whole scenario against the real supervisord or ours. */
export async function dashboardScenario(t: TestContext, kind: DaemonKind): Promise<void> {
  // The header names the daemon: ours through supervisortui.identify, supervisord by its version.
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const daemonName = kind === 'real' ? 'supervisord 4\\.2\\.5' : `supervisor-tui ${version.replace(/\./g, '\\.')}`;
  const { dir, cleanup } = makeTmpDir('svtui-e2e-');
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(conf, config(dir));
  const client = createClient({ serverurl: `unix://${join(dir, 's.sock')}` });
  const { screen, tmux } = await daemonInTmux(t, {
    kind,
    conf,
    client,
    cleanup,
    ready: async () => (await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length === 6,
    readyMs: 15_000,
    session: `svtui-${process.pid}`,
    screenMs: 10_000,
  });
  const stateOf = async (name: string) => (await client.getProcessInfo(name)).statename;
  const mainLog = async () => client.readLog(0, 0);

  tmux.start(120, 40, ROOT, 'e2e$ ', { NODE_ENV: 'production' });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
  tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} -c ${conf}`);

  await t.test('names and states appear, header on the first line after incremental updates', async () => {
    // The first frame waits for the dashboard's cold start (node + tsx + Ink: 9.5 s on the loaded 2-core machine).
    await screen(/web_a +RUNNING/, 'web_a running', 60_000);
    await screen(/cron +STOPPED/, 'cron stopped');
    await waitFor(() => new RegExp(`${daemonName} RUNNING`).test(tmux.lines()[0]!), { message: 'header on line 0' });
    // Let a few incremental updates happen (the uptime ticks), then check nothing drifted.
    const uptime = () => /web_a +RUNNING +\d+ +(\S+)/.exec(tmux.capture())?.[1];
    const first = uptime();
    await waitFor(() => uptime() !== first, { message: 'an update' });
    const second = uptime();
    await waitFor(() => uptime() !== second, { message: 'another update' });
    const lines = tmux.lines();
    // With Ink 6.8.0's off-by-one every update drew one line low, leaving the first frame's header on top.
    assert.match(lines[0]!, new RegExp(`^ \\S+ · ${daemonName} RUNNING · 8 procs: 6 running 1 fatal 1 stopped`));
    assert.match(lines[1]!, /^ NAME +STATE +PID +UPTIME/);
    // The terminal's last row is used.
    assert.match(lines[39]!, /s start +x stop/);
    assert.equal(tmux.capture().match(/NAME +STATE/g)?.length, 1, 'no duplicated frame');
  });

  await t.test('s, x and r on a process', async () => {
    tmux.keys('G');
    tmux.keys('k');
    tmux.keys('s');
    await waitFor(async () => (await stateOf('cron')) === 'RUNNING', { message: 'cron started' });
    await screen(/cron: started/, 'start message');
    const pid = (await client.getProcessInfo('cron')).pid;
    tmux.keys('r');
    await waitFor(async () => (await client.getProcessInfo('cron')).pid !== pid && (await stateOf('cron')) === 'RUNNING', { message: 'cron restarted' });
    tmux.keys('x');
    await waitFor(async () => (await stateOf('cron')) === 'STOPPED', { message: 'cron stopped' });
    await screen(/cron +STOPPED/, 'table shows cron stopped');
  });

  await t.test('x and s on a group: confirmation, then priority order (stop descending, start ascending)', async () => {
    tmux.keys('g');
    tmux.keys('x');
    await screen(/stop group web \(3\)\? \(y\/n\)/, 'confirmation');
    const before = (await mainLog()).length;
    tmux.keys('y');
    await waitFor(async () => (await client.getAllProcessInfo()).filter((p) => p.group === 'web' && p.statename === 'STOPPED').length === 3, { message: 'web stopped' });
    const stops = [...(await mainLog()).slice(before).matchAll(/stopped: (web_\w)/g)].map((m) => m[1]);
    assert.deepEqual(stops, ['web_c', 'web_b', 'web_a']);
    await screen(/web: 3 stopped/, 'result message');
    const mark = (await mainLog()).length;
    tmux.keys('s');
    await screen(/start group web \(3\)\?/, 'confirmation');
    tmux.keys('y');
    await waitFor(async () => (await client.getAllProcessInfo()).filter((p) => p.group === 'web' && p.statename === 'RUNNING').length === 3, { message: 'web started' });
    const spawns = [...(await mainLog()).slice(mark).matchAll(/spawned: '(web_\w)'/g)].map((m) => m[1]);
    assert.deepEqual(spawns, ['web_a', 'web_b', 'web_c']);
    await screen(/web_c +RUNNING/, 'table shows web running');
  });

  await t.test('the log pane shows a line the child writes', async () => {
    tmux.keys('g');
    tmux.keys('j');
    tmux.keys('', false);
    tmux.keys('Enter', false);
    await screen(/── web:web_a · stdout · follow/, 'log pane open');
    await screen(/ready web_a/, 'earlier output');
    const word = `hello-${process.pid}`;
    say(join(dir, 'say-web_a'), `${word}\n`);
    await screen(new RegExp(` ${word}`), 'the new line', 5000);
    tmux.keys('Escape', false);
    await waitFor(() => !tmux.capture().includes('── web:web_a'), { message: 'log closed' });
  });

  await t.test('/ filters the table', async () => {
    tmux.keys('/cron');
    await waitFor(() => !tmux.capture().includes('web_a') && tmux.capture().includes('cron'), { message: 'only cron' });
    tmux.keys('Enter', false);
    await screen(/filter: cron/, 'filter in the header');
    tmux.keys('Escape', false);
    await screen(/web_a +RUNNING/, 'filter cleared');
  });

  await t.test('R shows a config change and y applies it', async () => {
    appendFileSync(conf, '\n[program:extra]\ncommand=sleep 1000\nstartsecs=0\n');
    tmux.keys('R');
    await screen(/\+ extra +available/, 'reread preview');
    tmux.keys('y');
    await waitFor(async () => (await client.getProcessInfo('extra')).statename === 'RUNNING', { message: 'extra added' });
    await screen(/extra +RUNNING/, 'table shows extra');
  });

  await t.test('issue 15 #1 and #5: the log pane shows each line once across a reload; wide text wraps whole and leaves no fragments', async () => {
    tmux.keys('g');
    tmux.keys('j');
    tmux.keys('Enter', false);
    await screen(/── web:web_a · stdout/, 'log pane open');
    const before = `before-reload-${process.pid}`;
    say(join(dir, 'say-web_a'), `${before}\n`);
    await screen(new RegExp(before), 'line before the reload');
    await client.restart();
    await waitFor(async () => (await stateOf('web:web_a').catch(() => '')) === 'RUNNING', { message: 'back after reload', timeoutMs: 30_000 });
    const after = `after-reload-${process.pid}`;
    say(join(dir, 'say-web_a'), `${after}\n`);
    await screen(new RegExp(after), 'line after the reload', 20_000);
    await waitFor(() => tmux.capture().split(before).length - 1 === 1, { message: `each line once:\n${tmux.capture()}` });
    tmux.keys('w');
    await screen(/· wrap/, 'wrap on');
    say(join(dir, 'say-web_a'), `wide ${'漢'.repeat(100)} 😀 end-of-wide\n`);
    await screen(/end-of-wide/, 'the wide line');
    assert.equal(tmux.capture().split('漢').length - 1, 100, `all 100 wide characters shown:\n${tmux.capture()}`);
    tmux.keys('w');
    tmux.keys('Escape', false);
    await waitFor(() => !tmux.capture().includes('── web:web_a'), { message: 'log closed' });
    await waitFor(() => !tmux.capture().includes('漢') && !tmux.capture().includes('😀'), { message: `no fragments after closing the log:\n${tmux.capture()}` });
  });

  await t.test('issue 15 #3: a group restart starts processes of one priority together, with its progress and result shown', async () => {
    tmux.keys('g');
    for (let i = 0; i < 4; i++) tmux.keys('j');
    tmux.keys('r');
    await screen(/restart group pool \(3\)\? \(y\/n\)/, 'confirmation');
    const mark = (await mainLog()).length;
    tmux.keys('y');
    await screen(/pool: 3 restarted/, 'result message', 20_000);
    const log = (await mainLog()).slice(mark);
    const spawned = [...log.matchAll(/spawned: '(pool_\w)'/g)].map((m) => m.index);
    const firstUp = log.search(/success: pool_\w/);
    assert.equal(spawned.length, 3, log);
    assert.ok(firstUp > Math.max(...spawned), `all three spawned before the first one is up (started together):\n${log}`);
  });

  await t.test('issue 15 #6: typed-ahead text never becomes an action; command output does not take the keyboard', async () => {
    tmux.keys('G');
    tmux.keys('k');
    await waitFor(async () => (await stateOf('cron')) === 'STOPPED', { message: 'cron stopped' });
    tmux.keys(':restart web:web_b\r:status\r');
    await screen(/:status +\(the next key/, 'status output shown', 20_000);
    assert.equal(await stateOf('cron'), 'STOPPED', 'the s of :status started nothing');
    tmux.keys('m');
    await screen(/Messages/, 'history');
    assert.match(tmux.capture(), /web_b/, 'the restart result is kept');
    tmux.keys('Escape', false);
    await waitFor(() => !/Messages \(last/.test(tmux.capture()), { message: 'history closed' });
  });

  await t.test('issue 15 #4: a hung server is marked stale at once, and live again when it answers', async () => {
    const pid = await client.getPID();
    process.kill(pid, 'SIGSTOP');
    try {
      await screen(/STALE: no answer for +\d+s/, 'stale marked', 15_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitFor(() => !/STALE/.test(tmux.capture()), { message: 'live again', timeoutMs: 15_000 });
  });

  await t.test('resize to 80x24 keeps header and footer', async () => {
    tmux.resize(80, 24);
    await waitFor(() => /s start/.test(tmux.lines()[23] ?? ''), { message: `footer on the last row at 80x24:\n${tmux.capture()}` });
    const lines = tmux.lines();
    assert.match(lines[0]!, new RegExp(`^ \\S+ · ${daemonName} RUNNING`));
    // Issue 15 #8: the fatal count is never cut away.
    assert.match(lines[0]!, /1 fatal/);
    assert.doesNotMatch(lines[0]!, /â¦/);
    assert.match(lines[1]!, /^ NAME +STATE +PID/);
    assert.doesNotMatch(lines[1]!, /DESCRIPTION/);
  });

  await t.test('q restores the shell screen', async () => {
    tmux.keys('q');
    await waitFor(() => !tmux.alternateOn(), { message: 'alternate screen left' });
    await waitFor(() => /e2e\$ *$/m.test(tmux.capture()), { message: 'prompt back' });
    assert.doesNotMatch(tmux.capture(), /NAME +STATE/);
  });

  const dashboardLine = `clear; ${process.execPath} ${CLI_ARGS.join(' ')} -c ${conf}`;
  const restart = async () => {
    tmux.line(dashboardLine);
    // Each start is a cold start again (see the first frame).
    await waitFor(() => tmux.alternateOn() && new RegExp(`${daemonName} RUNNING`).test(tmux.capture()), { message: `dashboard up again (screen:\n${tmux.capture()})`, timeoutMs: 60_000 });
  };
  const shellBack = async () => {
    await waitFor(() => !tmux.alternateOn(), { message: 'alternate screen left' });
    await waitFor(() => /e2e\$ *$/m.test(tmux.capture()), { message: 'prompt back' });
    assert.doesNotMatch(tmux.capture(), /NAME +STATE/);
  };

  await t.test('Ctrl-C and F10 also restore the shell screen', async () => {
    await restart();
    tmux.keys('C-c', false);
    await shellBack();
    await restart();
    tmux.keys('F10', false);
    await shellBack();
  });

  await t.test('SIGTERM and SIGHUP leave the alternate screen and exit 128 + the signal', async () => {
    for (const [sig, status] of [
      ['TERM', 143],
      ['HUP', 129],
    ] as const) {
      await restart();
      const pane = execFileSync('tmux', ['-L', tmux.socket, 'display-message', '-p', '-t', tmux.session, '#{pane_pid}'], { encoding: 'utf8' }).trim();
      const pid = execFileSync('pgrep', ['-P', pane], { encoding: 'utf8' }).trim().split('\n')[0]!;
      execFileSync('kill', [`-${sig}`, pid]);
      await shellBack();
      tmux.line('echo "status=$?"');
      await waitFor(() => tmux.capture().includes(`status=${status}`), { message: `SIG${sig} exit status ${status}:\n${tmux.capture()}` });
      tmux.line('clear');
    }
  });
}

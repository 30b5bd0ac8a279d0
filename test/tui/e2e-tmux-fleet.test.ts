/**
 * The dashboard over a fleet in tmux: ours and the real supervisord on unix sockets, ours through
 * a loopback sshd (when installed). The merged table, a filter by server, a restart across servers
 * with per-server results, a rolling restart that stops at a failing server, and a server killed
 * mid-run: its rows grey out while another server's changes keep showing.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { screenWaiter, startFleetRig } from './helpers/fleet-tmux.ts';

const skip = skipReason('tmux', 'tmux');

test('the dashboard over a fleet of real daemons, in tmux', { skip, timeout: 300_000 }, async (t) => {
  // `app` starts unless its server's flag file exists: then it exits at once (a failing restart).
  const rig = await startFleetRig(t, 'svfleet', (_tag, flag) => `\n[program:app]\ncommand=sh -c 'if [ -f ${flag} ]; then exit 1; fi; exec sleep 1000'\nstartsecs=1\nstartretries=0\n`);
  if (rig === null) return;
  const { fleet, names, clients, tmux } = rig;
  let orphans: number[] = [];
  // a's children, left behind when a is SIGKILLed below.
  t.after(() => {
    for (const pid of orphans) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  });
  const { screen, prompt } = screenWaiter(tmux);
  const pidOf = async (server: string, name: string) => (await clients.get(server)!.getProcessInfo(name)).pid;

  tmux.start(140, 40, ROOT, 'e2e$ ', { NODE_ENV: 'production', SUPERVISOR_TUI_SSH_COMMAND: (fleet.sshd?.sshCommand ?? ['ssh']).join(' ') });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
  tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} --servers ${fleet.serversFile} --context all`);

  await t.test('one table: servers as rows with their connection, groups and processes under them', async () => {
    await screen(new RegExp(`context all · ${names.length} servers: ${names.length} up · ${names.length * 4} procs:`), 'fleet header');
    for (const s of names) await screen(new RegExp(`▾ ${s} +up \\d+ ms · 3 running 1 stopped`), `server row ${s}`);
    const lines = tmux.lines();
    const rowA = lines.findIndex((l) => /▾ a +up/.test(l));
    const rowB = lines.findIndex((l) => /▾ b +up/.test(l));
    assert.ok(rowA > 0 && rowB > rowA);
    assert.match(lines.slice(rowA, rowB).join('\n'), /▾ web \(2\)[\s\S]*web_00 +RUNNING[\s\S]*web_01 +RUNNING/);
  });

  await t.test('a filter by server: @b shows b only; Esc clears it', async () => {
    await prompt('/', '@b');
    await screen(/filter: @b/, 'filter shown');
    await waitFor(() => !/▾ a +up/.test(tmux.capture()) && /▾ b +up/.test(tmux.capture()), { message: 'only b' });
    tmux.keys('Escape', false);
    await screen(/▾ a +up/, 'a back');
  });

  await t.test('marks on two servers, one restart: the confirmation counts servers, each server reports', async () => {
    const before = new Map(await Promise.all(names.map(async (s) => [s, await pidOf(s, 'web:web_00')] as const)));
    await prompt('/', 'web_00 @[ab]');
    await screen(/filter: web_00 @\[ab\]/, 'filter applied');
    tmux.keys('T');
    await screen(/▾ a  web \(1\)/, 'flat table');
    // g: first row (a's web group); Space marks it and moves on; j to b's group; Space marks it.
    tmux.keys('g');
    tmux.keys(' ');
    tmux.keys('j');
    tmux.keys(' ');
    tmux.keys('r');
    await screen(/restart 2 marked processes on 2 servers\? \(y\/n\)/, 'confirmation');
    tmux.keys('y');
    await screen(/a: web:web_00: started[\s\S]*b: web:web_00: started/, 'per-server results');
    for (const s of names) {
      if (s === 'c') assert.equal(await pidOf(s, 'web:web_00'), before.get(s), 'c untouched');
      else assert.notEqual(await pidOf(s, 'web:web_00'), before.get(s), `${s} restarted`);
    }
    tmux.keys('Escape', false); // closes the results (any key does, and then does its own job: q would quit)
    await waitFor(() => !/a: web:web_00: started/.test(tmux.capture()), { message: 'results closed' });
    // Enter with the two marks: the log pane follows both servers, lines behind server:name.
    tmux.keys('Enter', false);
    await screen(/a:web:web_00 \| a line \d+[\s\S]*b:web:web_00 \| b line \d+|b:web:web_00 \| b line \d+[\s\S]*a:web:web_00 \| a line \d+/, 'log lines from both servers');
    tmux.keys('Escape', false);
    await waitFor(() => !/a:web:web_00 \|/.test(tmux.capture()), { message: 'log pane closed' });
    tmux.keys('U');
    tmux.keys('T');
    await screen(/▾ a  web \(1\)|^ +▾ a +up/m, 'tree again');
    tmux.keys('Escape', false);
    await screen(/▾ a +up/, 'tree again, no filter');
    await waitFor(() => !/filter:/.test(tmux.lines()[0]!), { message: 'filter cleared' });
  });

  await t.test(':rolling-restart stops at the first failing server and says where', async () => {
    const before = new Map(await Promise.all(names.map(async (s) => [s, await pidOf(s, 'app')] as const)));
    writeFileSync(rig.flag('b'), '');
    await prompt(':', 'rolling-restart app');
    await screen(/rolling restart stopped at b: app: ERROR \((spawn error|abnormal termination)\)/, 'stopped at b', 60_000);
    await screen(names.includes('c') ? /done: a · not restarted: c/ : /done: a$/m, 'what was done');
    assert.notEqual(await pidOf('a', 'app'), before.get('a'), 'a restarted');
    if (names.includes('c')) assert.equal(await pidOf('c', 'app'), before.get('c'), 'c not restarted');
    rmSync(rig.flag('b'));
    tmux.keys('Escape', false); // closes the results (q would close them and quit)
    await waitFor(() => !/rolling restart stopped/.test(tmux.capture()), { message: 'results closed' });
  });

  await t.test('a server killed mid-run greys its rows; another server\'s changes keep showing', async () => {
    const a = fleet.daemons.find((d) => d.name === 'a')!;
    orphans = (await clients.get('a')!.getAllProcessInfo()).filter((p) => p.pid > 0).map((p) => p.pid);
    a.proc.child.kill('SIGKILL');
    await screen(/▾ a +unreachable \(data \d+s old\)/, 'a unreachable', 30_000);
    await clients.get('b')!.stopProcess('web:web_01');
    await screen(/unreachable[\s\S]*▾ b +up[^\n]*\n[\s\S]*web_01 +STOPPED/, "b's stop shows", 20_000);
    const styled = execFileSync('tmux', ['-L', `svfleet-${process.pid}`, 'capture-pane', '-e', '-p', '-t', 'e2e'], { encoding: 'utf8' }).split('\n');
    const aRow = styled.findIndex((l) => /▾ a/.test(l.replace(/\x1b\[[0-9;]*m/g, '')));
    const bRow = styled.findIndex((l) => /▾ b/.test(l.replace(/\x1b\[[0-9;]*m/g, '')));
    const dim = /\x1b\[(?:[0-9;]*;)?2(?:;[0-9;]*)?m/;
    // tmux writes an attribute where it changes: a's rows are one dim run (default colours only inside it).
    const span = styled.slice(aRow, bRow).join('\n');
    const sgrs = span.match(/\x1b\[[0-9;]*m/g) ?? [];
    assert.match(sgrs[0] ?? '', dim, `a's rows start dimmed: ${JSON.stringify(span)}`);
    for (const sgr of sgrs.slice(1)) assert.match(sgr, /^\x1b\[(39|49)m$/, `nothing undims a's rows: ${JSON.stringify(span)}`);
    assert.doesNotMatch(/^\x1b\[[0-9;]*m/.exec(styled[bRow]!)?.[0] ?? '', dim, "b's row is not dimmed");
    await clients.get('b')!.startProcess('web:web_01');
  });

  tmux.keys('q');
  await waitFor(() => /^e2e\$/m.test(tmux.capture().split('\n').filter((l) => l.trim() !== '').pop() ?? ''), { message: 'back at the prompt' });
});

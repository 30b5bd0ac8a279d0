/**
 * Children that misbehave, under one daemon: killed from outside, dying by every catchable
 * signal, leaving grandchildren, closing stdout, flooding both pipes, ignoring SIGTERM. Each
 * ends in the state Supervisor gives it, and a bystander program keeps its pid throughout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { alive } from '../daemon/helpers.ts';
import { startDaemon, type RunningDaemon } from './daemon.ts';

/** Signals whose default action ends the process (STOP/TSTP/TTIN/TTOU suspend, CHLD/CONT/URG/WINCH are ignored, KILL is tested apart). */
const DEADLY = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'IO', 'PWR', 'SYS'];
const FLOOD_LINES = 200_000;

function seqText(n: number): string {
  let s = '';
  for (let i = 1; i <= n; i++) s += `${i}\n`;
  return s;
}

function readPid(path: string): number | null {
  if (!existsSync(path)) return null;
  const n = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(n) && n > 0 ? n : null;
}

async function stateOf(d: RunningDaemon, name: string): Promise<string> {
  return (await d.client.getProcessInfo(name)).statename;
}

function waitState(d: RunningDaemon, name: string, state: string, timeoutMs = 10_000): Promise<unknown> {
  return waitFor(async () => (await stateOf(d, name)) === state, { timeoutMs, message: `${name} to be ${state}` });
}

test('misbehaving children end in Supervisor\'s states; the bystander is never disturbed', async () => {
  const scripts = makeTmpDir('svc-');
  const s = scripts.dir;
  // A parent and a grandchild that both ignore SIGTERM: only a SIGKILL to the group ends them.
  writeFileSync(join(s, 'stubborn.sh'), `trap '' TERM\nsh -c 'trap "" TERM; echo $$ > ${s}/stubborn-gc.pid; while :; do sleep 0.05; done' &\nwait\n`);
  const sections = [
    `[program:bystander]\ncommand=sleep 100000\nstartsecs=0\n`,
    `[program:victim]\ncommand=sleep 100000\nstartsecs=1\n`,
    ...DEADLY.map((sig) => `[program:sig_${sig}]\ncommand=sh -c 'ulimit -c 0; sleep 0.2; kill -s ${sig} $$'\nstartsecs=0\nautorestart=false\n`),
    `[program:forker]\ncommand=sh -c 'sleep 100000 & echo $! > ${s}/forker-gc.pid; wait'\nstartsecs=0\nstopasgroup=true\n`,
    `[program:stubborn]\ncommand=sh ${s}/stubborn.sh\nstartsecs=0\nstopwaitsecs=1\nkillasgroup=true\n`,
    `[program:deserter]\ncommand=sh -c 'sleep 100000 & echo $! > ${s}/deserter-gc.pid; exit 0'\nstartsecs=0\nautorestart=false\n`,
    `[program:mute]\ncommand=sh -c 'exec >&- 2>&-; exec sleep 100000'\nstartsecs=0\nstdout_logfile={DIR}/mute.log\n`,
    `[program:flood]\ncommand=sh -c 'seq 1 ${FLOOD_LINES} >&2 & seq 1 ${FLOOD_LINES}; wait; exec sleep 100000'\nstartsecs=0\nstdout_logfile={DIR}/flood.out\nstderr_logfile={DIR}/flood.err\nstdout_logfile_maxbytes=0\nstderr_logfile_maxbytes=0\n`,
    `[program:deaf]\ncommand=sh -c 'trap "" TERM; while :; do sleep 0.05; done'\nstartsecs=0\nstopwaitsecs=1\n`,
  ];
  const d = await startDaemon({ programs: sections.join('\n') });
  const leftovers: number[] = [];
  try {
    await waitFor(async () => (await stateOf(d, 'victim')) === 'RUNNING' && (await stateOf(d, 'bystander')) === 'RUNNING', { message: 'victim and bystander RUNNING' });
    const bystander = (await d.client.getProcessInfo('bystander')).pid;

    // SIGKILL from outside: an unexpected exit, restarted under a new pid (autorestart=unexpected).
    const victim = (await d.client.getProcessInfo('victim')).pid;
    process.kill(victim, 'SIGKILL');
    await waitFor(async () => {
      const p = await d.client.getProcessInfo('victim');
      return p.statename === 'RUNNING' && p.pid !== victim;
    }, { message: 'victim restarted' });
    assert.match(d.mainLog(), /WARN exited: victim \(terminated by SIGKILL; not expected\)/);

    // Death by every deadly signal: EXITED, not expected, the signal named.
    for (const sig of DEADLY) await waitState(d, `sig_${sig}`, 'EXITED');
    const log = d.mainLog();
    for (const sig of DEADLY) assert.match(log, new RegExp(`exited: sig_${sig} \\(terminated by SIG${sig}( \\(core dumped\\))?; not expected\\)`), sig);

    // stopasgroup: the grandchild goes with the stop.
    const forkerGc = await waitFor(() => readPid(join(s, 'forker-gc.pid')));
    await d.client.stopProcess('forker', true);
    assert.equal(await stateOf(d, 'forker'), 'STOPPED');
    await waitFor(() => !alive(forkerGc), { message: 'forker grandchild gone' });

    // killasgroup: parent and grandchild ignore SIGTERM; after stopwaitsecs the group is SIGKILLed.
    const stubbornGc = await waitFor(() => readPid(join(s, 'stubborn-gc.pid')));
    await d.client.stopProcess('stubborn', true);
    assert.equal(await stateOf(d, 'stubborn'), 'STOPPED');
    await waitFor(() => !alive(stubbornGc), { message: 'stubborn grandchild gone' });
    assert.match(d.mainLog(), /killing 'stubborn' \(\d+\) with SIGKILL/);

    // A parent that exits leaving a grandchild: EXITED (expected, code 0). The grandchild lives
    // on, as under Supervisor (its #1101): nothing is left to stop once the parent is gone.
    await waitState(d, 'deserter', 'EXITED');
    const deserterGc = await waitFor(() => readPid(join(s, 'deserter-gc.pid')));
    leftovers.push(deserterGc);
    assert.equal(alive(deserterGc), true);
    assert.match(d.mainLog(), /exited: deserter \(exit status 0; expected\)/);

    // stdout and stderr closed at once: still RUNNING, and it stops normally.
    assert.equal(await stateOf(d, 'mute'), 'RUNNING');
    await d.client.stopProcess('mute', true);
    assert.equal(await stateOf(d, 'mute'), 'STOPPED');

    // Both pipes flooded at once: each log is the exact output, the child keeps running.
    const expected = seqText(FLOOD_LINES);
    await waitFor(() => readFileSync(join(d.dir, 'flood.out'), 'utf8').length >= expected.length && readFileSync(join(d.dir, 'flood.err'), 'utf8').length >= expected.length, {
      timeoutMs: 20_000,
      message: 'both flood logs complete',
    });
    assert.equal(readFileSync(join(d.dir, 'flood.out'), 'utf8'), expected);
    assert.equal(readFileSync(join(d.dir, 'flood.err'), 'utf8'), expected);
    assert.equal(await stateOf(d, 'flood'), 'RUNNING');

    // Ignoring SIGTERM: SIGKILL after stopwaitsecs, STOPPED.
    await d.client.stopProcess('deaf', true);
    assert.equal(await stateOf(d, 'deaf'), 'STOPPED');
    assert.match(d.mainLog(), /killing 'deaf' \(\d+\) with SIGKILL/);

    const by = await d.client.getProcessInfo('bystander');
    assert.deepEqual([by.statename, by.pid], ['RUNNING', bystander]);
    assert.doesNotMatch(d.mainLog(), /CRIT uncaught/);
    // SIGTERM ends the daemon though the deserter's grandchild still holds its pipes (exit 0, not a SIGKILL after the wait).
    assert.equal(await d.stop(), 0);
  } finally {
    await d.stop();
    for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    // Nothing from this test's scripts is left running.
    assert.doesNotMatch(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }), new RegExp(s));
    scripts.cleanup();
  }
});

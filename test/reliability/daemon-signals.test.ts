/**
 * The daemon itself interrupted: SIGTERM while it starts its programs, during a reload and
 * during a group stop ends with no process of its programs left (checked by the pids the
 * children wrote and by their process groups). SIGKILL is the one case that leaves orphans:
 * the test shows what remains and how an operator cleans it up. (An uncaught exception is
 * covered by test/daemon/lifecycle.test.ts: the crash guard stops the children and exits 1.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive } from '../daemon/helpers.ts';
import { waitFor } from '../helpers/wait.ts';
import { startDaemon, type RunningDaemon } from './daemon.ts';

/** A program that writes its pid and a grandchild's pid, and takes `stopDelay` seconds to stop. */
function recorder(name: string, stopDelay = 0, startsecs = 0): string {
  const onTerm = stopDelay > 0 ? `sleep ${stopDelay}; exit 0` : 'exit 0';
  return (
    `[program:${name}]\ncommand=sh -c 'echo $$ > {DIR}/${name}.pid; sleep 100000 & echo $! > {DIR}/${name}.gc; trap "${onTerm}" TERM; while :; do sleep 0.05; done'\n` +
    `startsecs=${startsecs}\nstopasgroup=true\nstopwaitsecs=5\n`
  );
}

function pidsWritten(dir: string): number[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pid') || f.endsWith('.gc'))
    .filter((f) => f !== 'sd.pid')
    .map((f) => Number(readFileSync(join(dir, f), 'utf8').trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Process groups led by the daemon's children (each child leads its own): members still alive. */
function groupMembers(pgids: number[]): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, pgid, stat]) => pgids.includes(Number(pgid)) && !stat?.startsWith('Z'))
    .map((f) => f.join(' '));
}

async function termAndCheck(d: RunningDaemon, dir: string, pgids: () => number[]): Promise<void> {
  d.child.kill('SIGTERM');
  await waitFor(() => d.exited(), { timeoutMs: 20_000, message: 'daemon to exit after SIGTERM' });
  assert.equal(d.child.exitCode, 0);
  const pids = pidsWritten(dir);
  assert.ok(pids.length > 0);
  await waitFor(() => pids.every((p) => !alive(p)), { message: `no child or grandchild alive: ${pids.filter(alive).join(' ')}` });
  assert.deepEqual(groupMembers(pgids()), []);
}

test('SIGTERM while the daemon is still starting its programs: no orphan', async () => {
  const names = Array.from({ length: 30 }, (_, i) => `s${i}`);
  // startsecs=1 keeps them in STARTING; the SIGTERM arrives as soon as a few have spawned.
  const d = await startDaemon({ programs: names.map((n) => recorder(n, 0, 1)).join('\n') });
  const dir = d.dir;
  try {
    await waitFor(() => existsSync(join(dir, 's0.gc')));
    await termAndCheck(d, dir, () => pidsWritten(dir));
  } finally {
    await d.stop();
  }
});

test('SIGTERM during a reload (SIGHUP, programs still stopping): the daemon exits, no orphan', async () => {
  const d = await startDaemon({ programs: ['a', 'b', 'c'].map((n) => recorder(n, 1)).join('\n') });
  const dir = d.dir;
  try {
    await waitFor(() => ['a', 'b', 'c'].every((n) => existsSync(join(dir, `${n}.gc`))));
    const first = pidsWritten(dir);
    d.child.kill('SIGHUP');
    await waitFor(() => /received SIGHUP indicating restart request/.test(d.mainLog()));
    await termAndCheck(d, dir, () => first);
    assert.doesNotMatch(d.mainLog().split('received SIGHUP')[1] ?? '', /spawned: 'a'/, 'no new incarnation was started');
  } finally {
    await d.stop();
  }
});

test('SIGTERM during a group stop in progress: no orphan', async () => {
  const d = await startDaemon({
    programs: ['g1', 'g2', 'g3'].map((n) => recorder(n, 1)).join('\n') + '\n[group:grp]\nprograms=g1,g2,g3\n',
  });
  const dir = d.dir;
  try {
    await waitFor(() => ['g1', 'g2', 'g3'].every((n) => existsSync(join(dir, `${n}.gc`))));
    const pids = pidsWritten(dir);
    const stopping = d.client.stopProcessGroup('grp', true).catch(() => null);
    await waitFor(async () => (await d.client.getAllProcessInfo()).some((p) => p.statename === 'STOPPING'));
    await termAndCheck(d, dir, () => pids);
    await stopping;
  } finally {
    await d.stop();
  }
});

test('SIGKILL of the daemon: what remains (children, grandchildren, pidfile, socket) and how it is cleaned up', async (t) => {
  const d = await startDaemon({ programs: ['k1', 'k2'].map((n) => recorder(n)).join('\n') });
  const dir = d.dir;
  const orphans: number[] = [];
  try {
    await waitFor(() => ['k1', 'k2'].every((n) => existsSync(join(dir, `${n}.gc`))));
    const children = ['k1', 'k2'].map((n) => Number(readFileSync(join(dir, `${n}.pid`), 'utf8')));
    orphans.push(...pidsWritten(dir));
    d.child.kill('SIGKILL');
    await waitFor(() => d.exited());
    // Nothing runs in a SIGKILLed process: the children and their grandchildren live on,
    // re-parented, and the pidfile and socket stay behind.
    assert.ok(orphans.every(alive), 'children and grandchildren survive a SIGKILLed daemon');
    assert.ok(existsSync(join(dir, 'sd.pid')) && existsSync(d.sock));
    // Each child leads its own process group, so `kill -- -<pid>` takes its grandchildren too;
    // the pids are in the main log's "spawned: 'x' with pid N" lines.
    for (const pid of children) assert.match(d.mainLog(), new RegExp(`spawned: 'k\\d' with pid ${pid}\\b`));
    const left = groupMembers(children);
    t.diagnostic(`left after SIGKILL: ${left.length} processes in the children's groups; pidfile and socket remain`);
    // Every orphan is in one of those groups (beside the loops' short-lived `sleep 0.05`).
    const leftPids = new Set(left.map((l) => Number(l.split(' ')[0])));
    assert.ok(orphans.every((p) => leftPids.has(p)), `orphans ${orphans.join(' ')} in ${[...leftPids].join(' ')}`);
    for (const pid of children) process.kill(-pid, 'SIGTERM');
    await waitFor(() => orphans.every((p) => !alive(p)), { message: 'the group kill ends every orphan' });
  } finally {
    for (const p of orphans) if (alive(p)) process.kill(p, 'SIGKILL');
    await d.stop();
  }
});

/**
 * The /proc reader on real processes: a shell that forks a child when told to, read through the
 * remembered process trees (treeTtlMs, with a clock the test moves) and without them (what the
 * memory limit's probe uses).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { StatsSampler } from '../../daemon/stats/sampler.ts';
import { treeRssProbe } from '../../daemon/policy/memory-limit.ts';
import type { ManagedProcess } from '../../daemon/process/process.ts';
import { ProcReader } from '../../src/procfs/read.ts';
import { waitFor } from '../helpers/wait.ts';

/** `sh` that, on each line on stdin, forks `sleep`, prints its pid, and on the next line kills it and says so once reaped. */
const SCRIPT = 'read a; sleep 1000 & echo "child $!"; read b; kill $!; wait; echo reaped; read c';

let sh: ChildProcessWithoutNullStreams;
let out = '';

before(() => {
  sh = spawn('/bin/sh', ['-c', SCRIPT], { detached: true });
  sh.stdout.on('data', (b: Buffer) => (out += b.toString()));
});

after(() => {
  try {
    process.kill(-sh.pid!, 'SIGKILL');
  } catch {
    // gone
  }
});

const pidsOf = (stats: readonly { pid: number }[] | undefined) => (stats ?? []).map((s) => s.pid);

describe('ProcReader trees on real processes', () => {
  it('remembers a tree for treeTtlMs at most: a later fork is counted by then, an exit at once', async () => {
    let now = 0;
    const cached = new ProcReader({ treeTtlMs: 5000, clock: () => now });
    const fresh = new ProcReader();
    const sampler = new StatsSampler(); // what the memory limit and getProcessStats use: no tree cache
    const probe = treeRssProbe();
    const target = { name: 'sh', groupName: 'sh', pid: sh.pid! };
    const root = () => cached.pidStat(sh.pid!)!;

    assert.deepEqual(pidsOf(cached.treesOf([root()]).get(sh.pid!)), [], 'no child yet');
    const rssBefore = probe(target as unknown as ManagedProcess);
    assert.equal(sampler.sampleOne(target).children.length, 0);

    sh.stdin.write('\n');
    const child = Number((await waitFor(() => /child (\d+)/.exec(out), { timeoutMs: 30_000, message: 'the fork' }))[1]);

    // Uncached readers (getProcessStats, the memory limit's probe) see the fork at once.
    assert.deepEqual(pidsOf(fresh.descendantsOf([sh.pid!]).get(sh.pid!)), [child]);
    assert.deepEqual(pidsOf(sampler.sampleOne(target).children), [child]);
    assert.ok(probe(target as unknown as ManagedProcess) > rssBefore, 'the memory limit counts the new child right away');

    // The cached reader: still the remembered (empty) set within the period — the documented bound…
    now = 4999;
    assert.deepEqual(pidsOf(cached.treesOf([root()]).get(sh.pid!)), []);
    // …and the child once the period is over.
    now = 5000;
    assert.deepEqual(pidsOf(cached.treesOf([root()]).get(sh.pid!)), [child]);

    // Within the new period the child exits: not counted from the next call on, no need to wait.
    now = 5001;
    assert.deepEqual(pidsOf(cached.treesOf([root()]).get(sh.pid!)), [child]);
    sh.stdin.write('\n');
    await waitFor(() => out.includes('reaped'), { timeoutMs: 30_000, message: 'the child reaped' });
    now = 5002;
    assert.deepEqual(pidsOf(cached.treesOf([root()]).get(sh.pid!)), []);
  });

  it('reads the host files and a missing pid through the shared buffer', () => {
    const r = new ProcReader();
    assert.ok((r.hostCpu()?.cpus ?? 0) >= 1);
    assert.ok((r.hostMemory()?.total ?? 0) > 0);
    assert.equal(r.pidStat(2 ** 22 + 7), null);
    assert.equal(r.pidStat(process.pid)?.pid, process.pid);
  });
});

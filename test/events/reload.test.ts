/**
 * A reload (SIGHUP) rebuilds the pools: the global serial keeps counting, pool serials start
 * again at 0, and the listener (restarted with everything else) gets the new incarnation's
 * PROCESS_GROUP_ADDED and SUPERVISOR_STATE_CHANGE_RUNNING — the same under both daemons.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { iniFor } from './drivers.ts';
import { listenerGroup, processConfig } from './engine-fixture.ts';
import { PYTHON, type DaemonKind } from '../helpers/daemon.ts';
import { LISTENER, pythonListenerSkip, readRecords, realSupervisordSkip, startDaemon, writeConfig } from './harness.ts';

async function reload(kind: DaemonKind): Promise<string[]> {
  const { dir, cleanup } = makeTmpDir('svrl-');
  const record = join(dir, 'rec.jsonl');
  writeConfig(dir, iniFor([listenerGroup('rec', [processConfig('rec', `${PYTHON} ${LISTENER} ${record} ok`, { startsecs: 0 })], ['PROCESS_GROUP', 'SUPERVISOR_STATE_CHANGE'])]));
  const d = await startDaemon(kind, dir);
  const running = (): number => readRecords(record).filter((r) => r['eventname'] === 'SUPERVISOR_STATE_CHANGE_RUNNING').length;
  try {
    await waitFor(() => running() === 1, { timeoutMs: 15_000, message: 'the first RUNNING' });
    d.child.kill('SIGHUP');
    await waitFor(() => running() === 2, { timeoutMs: 15_000, message: 'RUNNING after the reload' });
    return readRecords(record).map((r) => `${r['eventname']} serial:${r['serial']} poolserial:${r['poolserial']}`);
  } finally {
    await d.stop();
    cleanup();
  }
}

const EXPECTED = [
  'PROCESS_GROUP_ADDED serial:0 poolserial:0',
  'SUPERVISOR_STATE_CHANGE_RUNNING serial:1 poolserial:1',
  // The STOPPING event (serial 2) is taken by the pool, but the listener is being stopped by then.
  'PROCESS_GROUP_ADDED serial:3 poolserial:0',
  'SUPERVISOR_STATE_CHANGE_RUNNING serial:4 poolserial:1',
];

test('real supervisord: pools after a reload', { skip: realSupervisordSkip() }, async () => {
  assert.deepEqual(await reload('real'), EXPECTED);
});

test('our daemon: pools after a reload', { skip: pythonListenerSkip() }, async () => {
  assert.deepEqual(await reload('ours'), EXPECTED);
});

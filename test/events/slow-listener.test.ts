/**
 * A listener stuck on an event (it waits for a file before answering) must not stall the
 * daemon: while it holds its event, RPC calls are answered and other processes start and
 * stop; the events produced meanwhile wait in its pool and arrive in order once it answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { LISTENER, PYTHON, pythonListenerSkip, readRecords, realSupervisordSkip, startDaemon, writeConfig, type DaemonKind } from './harness.ts';

async function slowScenario(kind: DaemonKind): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svsl-');
  const record = join(dir, 'slow.jsonl');
  const release = join(dir, 'release');
  writeConfig(
    dir,
    `[eventlistener:slow]
command=${PYTHON} ${LISTENER} ${record} slow:${release}
events=PROCESS_STATE
buffer_size=50

[program:a]
command=/bin/sleep 1000
autostart=false
startsecs=0

[program:b]
command=/bin/sleep 1000
autostart=false
startsecs=0
`,
  );
  const d = await startDaemon(kind, dir);
  try {
    // The listener's first event is its own STARTING; it now sits on it.
    await waitFor(() => readRecords(record).length === 1, { timeoutMs: 15_000, message: 'the slow listener to get its first event' });
    await d.rpc('supervisor.startProcess', 'a');
    await d.rpc('supervisor.startProcess', 'b');
    await d.rpc('supervisor.stopProcess', 'a');
    const infos = (await d.rpc('supervisor.getAllProcessInfo')) as Record<string, unknown>[];
    assert.deepEqual(
      infos.map((i) => [i['name'], i['statename']]),
      [['a', 'STOPPED'], ['b', 'RUNNING'], ['slow', 'RUNNING']],
    );
    assert.equal(readRecords(record).length, 1, 'the listener is still holding its first event');

    writeFileSync(release, '');
    const expected = [
      'slow STARTING',
      'slow RUNNING',
      'a STARTING',
      'a RUNNING',
      'b STARTING',
      'b RUNNING',
      'a STOPPING',
      'a STOPPED',
    ];
    const seen = await waitFor(
      () => {
        const got = readRecords(record).map((r) => `${/processname:(\S+)/.exec(r['payload'] ?? '')?.[1]} ${r['eventname']?.replace('PROCESS_STATE_', '')}`);
        return got.length === expected.length ? got : null;
      },
      { message: 'the buffered events after release' },
    );
    assert.deepEqual(seen, expected);
  } finally {
    await d.stop();
    cleanup();
  }
}

test('real supervisord: a stuck listener stalls nothing', { skip: realSupervisordSkip() }, () => slowScenario('real'));

test('our daemon: a stuck listener stalls nothing', { skip: pythonListenerSkip() }, () => slowScenario('ours'));

/**
 * A listener stuck on an event (it waits for a file before answering) must not stall the
 * daemon: while it holds its event, RPC calls are answered and other processes start and
 * stop; the events produced meanwhile wait in its pool and arrive in order once it answers.
 * A listener that dies while holding an event gets it again after its restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachEventListeners } from '../../daemon/events/attach.ts';
import { Supervisor } from '../../daemon/supervisor.ts';
import type { GroupConfig } from '../../src/config/types.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { listenerGroup, makeConfig, processConfig, programGroup } from './engine-fixture.ts';
import { LISTENER, PYTHON, pythonListenerSkip, readRecords, realSupervisordSkip, startDaemon, writeConfig, type DaemonKind } from './harness.ts';

/** What a test does to the daemon while the listener is stuck. */
interface Ops {
  start(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  states(): Promise<[string, string][]>;
  /** The main log's messages, one per line (level token first). */
  mainLog(): string;
  close(): Promise<void>;
}

function iniFor(groups: GroupConfig[]): string {
  return groups
    .map((g) => {
      const p = g.processes[0]!;
      const head = g.type === 'eventlistener' ? `[eventlistener:${g.name}]\nevents=${g.events.join(',')}\nbuffer_size=${g.buffer_size}\n` : `[program:${g.name}]\n`;
      return `${head}command=${p.command}\nautostart=${p.autostart}\nstartsecs=${p.startsecs}\nautorestart=${p.autorestart}\n`;
    })
    .join('\n');
}

async function open(kind: DaemonKind | 'engine', dir: string, groups: GroupConfig[]): Promise<Ops> {
  if (kind === 'engine') {
    const config = makeConfig(dir, groups);
    let log = '';
    const sv = new Supervisor({ config, log: { log: (level, m) => (log += `${level.toUpperCase().slice(0, 4)} ${m}\n`), reopen: () => {} }, readConfig: () => config });
    const events = attachEventListeners(sv);
    sv.start();
    return {
      async start(name) {
        sv.getProcess(name).start();
        await sv.getProcess(name).waitFor((p) => p.state === 'RUNNING');
      },
      async stop(name) {
        sv.getProcess(name).stop();
        await sv.getProcess(name).waitFor((p) => p.state === 'STOPPED');
      },
      states: async () => sv.allProcesses('lexical').map((p) => [p.name, p.state]),
      mainLog: () => log,
      async close() {
        sv.shutdown();
        await sv.whenStopped();
        events.detach();
        await sv.close();
      },
    };
  }
  writeConfig(dir, iniFor(groups));
  const d = await startDaemon(kind, dir);
  return {
    start: async (name) => void (await d.rpc('supervisor.startProcess', name)),
    stop: async (name) => void (await d.rpc('supervisor.stopProcess', name)),
    states: async () => ((await d.rpc('supervisor.getAllProcessInfo')) as Record<string, unknown>[]).map((i) => [String(i['name']), String(i['statename'])]),
    mainLog: () => d.mainLog(),
    close: () => d.stop(),
  };
}

const summary = (record: string): string[] =>
  readRecords(record).map((r) => `${/processname:(\S+)/.exec(r['payload'] ?? '')?.[1]} ${r['eventname']?.replace('PROCESS_STATE_', '')} serial:${r['serial']}`);

async function stuckListener(kind: DaemonKind | 'engine'): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svsl-');
  const record = join(dir, 'slow.jsonl');
  const release = join(dir, 'release');
  const ops = await open(kind, dir, [
    listenerGroup('slow', [processConfig('slow', `${PYTHON} ${LISTENER} ${record} slow:${release}`, { startsecs: 0 })], ['PROCESS_STATE'], 50),
    programGroup(processConfig('a', '/bin/sleep 1000', { autostart: false })),
    programGroup(processConfig('b', '/bin/sleep 1000', { autostart: false })),
  ]);
  try {
    // The listener's first event is its own STARTING; it now sits on it.
    await waitFor(() => readRecords(record).length === 1, { timeoutMs: 15_000, message: 'the slow listener to get its first event' });
    await ops.start('a');
    await ops.start('b');
    await ops.stop('a');
    assert.deepEqual(await ops.states(), [['a', 'STOPPED'], ['b', 'RUNNING'], ['slow', 'RUNNING']]);
    assert.equal(readRecords(record).length, 1, 'the listener is still holding its first event');

    writeFileSync(release, '');
    const expected = ['slow STARTING', 'slow RUNNING', 'a STARTING', 'a RUNNING', 'b STARTING', 'b RUNNING', 'a STOPPING', 'a STOPPED'].map(
      (s, i) => `${s} serial:${i}`,
    );
    const seen = await waitFor(() => (readRecords(record).length === expected.length ? summary(record) : null), { message: 'the buffered events after release' });
    assert.deepEqual(seen, expected);
  } finally {
    await ops.close();
    cleanup();
  }
}

async function diesWhileBusy(kind: DaemonKind | 'engine'): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svdi-');
  const record = join(dir, 'die.jsonl');
  const ops = await open(kind, dir, [
    listenerGroup('die', [processConfig('die', `${PYTHON} ${LISTENER} ${record} die-once:${join(dir, 'died')}`, { startsecs: 0, autorestart: true })], ['PROCESS_STATE_STARTING']),
    programGroup(processConfig('a', '/bin/sleep 1000', { autostart: false })),
  ]);
  try {
    // Its own first STARTING kills it while BUSY; the restart brings another STARTING (serial 1) but serial 0 comes first, again.
    await waitFor(() => readRecords(record).length >= 3, { timeoutMs: 15_000, message: 'the listener to get its events after dying' });
    assert.deepEqual(summary(record).slice(0, 3), ['die STARTING serial:0', 'die STARTING serial:0', 'die STARTING serial:1']);
  } finally {
    await ops.close();
    cleanup();
  }
}

test('real supervisord: a stuck listener stalls nothing', { skip: realSupervisordSkip() }, () => stuckListener('real'));
test('our engine in-process: a stuck listener stalls nothing', { skip: pythonListenerSkip() }, () => stuckListener('engine'));
test('our daemon: a stuck listener stalls nothing', { skip: pythonListenerSkip() }, () => stuckListener('ours'));

test('real supervisord: an event in flight when its listener dies is sent again', { skip: realSupervisordSkip() }, () => diesWhileBusy('real'));
test('our engine in-process: an event in flight when its listener dies is sent again', { skip: pythonListenerSkip() }, () => diesWhileBusy('engine'));
test('our daemon: an event in flight when its listener dies is sent again', { skip: pythonListenerSkip() }, () => diesWhileBusy('ours'));

/** Five events while the listener is stuck on one, buffer_size=2: the three oldest are dropped with an ERRO line each. */
async function overflow(kind: DaemonKind | 'engine'): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svof-');
  const record = join(dir, 'of.jsonl');
  const release = join(dir, 'release');
  const ops = await open(kind, dir, [
    listenerGroup('of', [processConfig('of', `${PYTHON} ${LISTENER} ${record} slow:${release}`, { startsecs: 0 })], ['PROCESS_STATE_STARTING', 'PROCESS_STATE_STOPPED'], 2),
    ...['a', 'b', 'c'].map((n) => programGroup(processConfig(n, '/bin/sleep 1000', { autostart: false }))),
  ]);
  try {
    await waitFor(() => readRecords(record).length === 1, { timeoutMs: 15_000, message: 'the listener to hold its own STARTING' });
    await ops.start('a');
    await ops.start('b');
    await ops.start('c');
    await ops.stop('a');
    await ops.stop('b'); // events 1..5 while event 0 is held: 1, 2, 3 are dropped
    writeFileSync(release, '');
    await waitFor(() => readRecords(record).length === 3, { message: 'the two buffered events after release' });
    assert.deepEqual(summary(record), ['of STARTING serial:0', 'a STOPPED serial:4', 'b STOPPED serial:5']);
    assert.deepEqual(
      ops.mainLog().split('\n').filter((l) => l.includes('overflowed')).map((l) => l.slice(l.indexOf('ERRO'))),
      [1, 2, 3].map((n) => `ERRO pool of event buffer overflowed, discarding event ${n}`),
    );
  } finally {
    await ops.close();
    cleanup();
  }
}

test('real supervisord: buffer overflow drops the oldest', { skip: realSupervisordSkip() }, () => overflow('real'));
test('our engine in-process: buffer overflow drops the oldest', { skip: pythonListenerSkip() }, () => overflow('engine'));
test('our daemon: buffer overflow drops the oldest', { skip: pythonListenerSkip() }, () => overflow('ours'));

/** Like memmon/httpok/crashmail: the listener calls the daemon over XML-RPC while it holds an event. */
async function callsBackWhileBusy(kind: DaemonKind): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svrb-');
  const record = join(dir, 'rpc.jsonl');
  const ops = await open(kind, dir, [
    listenerGroup('cb', [processConfig('cb', `${PYTHON} ${LISTENER} ${record} rpc`, { startsecs: 0 })], ['PROCESS_STATE_RUNNING', 'PROCESS_STATE_STOPPED']),
    programGroup(processConfig('a', '/bin/sleep 1000', { autostart: false })),
  ]);
  try {
    await ops.start('a');
    await waitFor(() => readRecords(record).length === 2, { timeoutMs: 15_000, message: 'a RUNNING answered' });
    await ops.stop('a');
    await waitFor(() => readRecords(record).length === 3, { timeoutMs: 15_000, message: 'three events answered after an RPC each' });
    assert.deepEqual(
      readRecords(record).map((r) => `${r['eventname']} ${/processname:(\S+)/.exec(r['payload'] ?? '')?.[1]} rpc:${r['rpc']}`),
      ['PROCESS_STATE_RUNNING cb rpc:RUNNING', 'PROCESS_STATE_RUNNING a rpc:RUNNING', 'PROCESS_STATE_STOPPED a rpc:STOPPED'],
    );
  } finally {
    await ops.close();
    cleanup();
  }
}

test('real supervisord: a listener calls back over XML-RPC while BUSY', { skip: realSupervisordSkip() }, () => callsBackWhileBusy('real'));
test('our daemon: a listener calls back over XML-RPC while BUSY', { skip: pythonListenerSkip() }, () => callsBackWhileBusy('ours'));

/**
 * The events subsystem attached to a real in-process engine, with real child processes: a
 * childutils listener records capture-mode and log events; a garbage listener goes UNKNOWN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachEventListeners } from '../../daemon/events/attach.ts';
import { Supervisor } from '../../daemon/supervisor.ts';
import type { LogLevelName } from '../../src/config/types.ts';
import { ROOT } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { listenerGroup, makeConfig, processConfig, programGroup, startEngine } from './engine-fixture.ts';
import { PYTHON } from '../helpers/daemon.ts';
import { LISTENER, pythonListenerSkip, readRecords } from './harness.ts';

function run(groups: Parameters<typeof makeConfig>[1], dir: string) {
  const lines: [LogLevelName, string][] = [];
  const { sv, stop } = startEngine(makeConfig(dir, groups), (level, message) => lines.push([level, message]));
  return { sv, lines, stop };
}

test('capture mode and PROCESS_LOG events reach a childutils listener; trailing output is not lost', { skip: pythonListenerSkip() }, async () => {
  const { dir, cleanup } = makeTmpDir('svat-');
  const record = join(dir, 'rec.jsonl');
  const comm = processConfig('comm', `/bin/sh -c 'printf "before<!--XSUPERVISOR:BEGIN-->captured data\\nline2<!--XSUPERVISOR:END-->after\\n"; printf "err text\\n" >&2; exec sleep 1000'`, {
    stdout_capture_maxbytes: 1 << 20,
    stdout_events_enabled: true,
    stderr_events_enabled: true,
    autostart: false,
  });
  const rec = listenerGroup('rec', [processConfig('rec', `${PYTHON} ${LISTENER} ${record} ok`)], ['PROCESS_COMMUNICATION', 'PROCESS_LOG', 'PROCESS_GROUP', 'SUPERVISOR_STATE_CHANGE_RUNNING'], 50);
  const { sv, stop } = run([rec, programGroup(comm)], dir);
  try {
    await waitFor(() => readRecords(record).length === 3, { message: 'startup events' });
    sv.getProcess('comm').start();
    const got = await waitFor(() => {
      const r = readRecords(record);
      return r.length === 8 ? r : null;
    }, { message: 'the comm events', timeoutMs: 5000 }).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(readRecords(record))}`);
    });
    const lines = got.map((r) => `${r['eventname']} ${JSON.stringify((r['payload'] ?? '').replace(/pid:\d+/, 'pid:X'))}`);
    assert.deepEqual(lines.slice(0, 3), [
      'PROCESS_GROUP_ADDED "groupname:rec\\n"',
      'PROCESS_GROUP_ADDED "groupname:comm\\n"',
      'SUPERVISOR_STATE_CHANGE_RUNNING ""',
    ]);
    // stderr is a separate pipe: its event may come anywhere among the stdout ones.
    const stdout = lines.slice(3).filter((l) => !l.includes('channel:stderr'));
    assert.deepEqual(stdout, [
      'PROCESS_LOG_STDOUT "processname:comm groupname:comm pid:X channel:stdout\\nbefore"',
      'PROCESS_LOG_STDOUT "processname:comm groupname:comm pid:X channel:stdout\\ncaptured data\\nline2"',
      'PROCESS_COMMUNICATION_STDOUT "processname:comm groupname:comm pid:X\\ncaptured data\\nline2"',
      'PROCESS_LOG_STDOUT "processname:comm groupname:comm pid:X channel:stdout\\nafter\\n"',
    ]);
    assert.ok(lines.includes('PROCESS_LOG_STDERR "processname:comm groupname:comm pid:X channel:stderr\\nerr text\\n"'));
    // The log file gets the text outside the tokens, not the captured text.
    await waitFor(() => readFileSync(sv.getProcess('comm').stdoutLogfile, 'utf8') === 'beforeafter\n', { message: 'the stdout log file' });
    // The listener's protocol bytes go to its own stdout log.
    assert.match(readFileSync(sv.getProcess('rec').stdoutLogfile, 'utf8'), /^READY\nRESULT 2\nOKREADY\n/);
  } finally {
    await stop();
    cleanup();
  }
});

test('a listener writing garbage goes UNKNOWN with Supervisor\'s log line and stays RUNNING', async () => {
  const { dir, cleanup } = makeTmpDir('svat-');
  const garbage = listenerGroup('garbage', [processConfig('garbage', `/bin/sh -c 'echo garbage; exec sleep 1000'`)], ['PROCESS_STATE']);
  const { sv, lines, stop } = run([garbage], dir);
  try {
    await waitFor(() => lines.some(([l, m]) => l === 'warn' && m.startsWith('garbage: has entered the UNKNOWN state')), { message: 'the UNKNOWN line' });
    assert.ok(lines.some(([l, m]) => l === 'debug' && m === 'garbage: ACKNOWLEDGED -> UNKNOWN'));
    assert.equal(sv.getProcess('garbage').state, 'RUNNING');
  } finally {
    await stop();
    cleanup();
  }
});

test('pools exist per listener group, and the global serial carries over to the next incarnation', async () => {
  const { dir, cleanup } = makeTmpDir('svat-');
  const groups = [listenerGroup('l', [processConfig('l', '/bin/sleep 1000', { autostart: false })], ['EVENT'], 10), programGroup(processConfig('p', '/bin/true', { autostart: false }))];
  const config = makeConfig(dir, groups);
  const incarnation = (serial?: ReturnType<typeof attachEventListeners>['serial']) => {
    const sv = new Supervisor({ config, log: { log: () => {}, reopen: () => {} }, readConfig: () => config });
    const events = attachEventListeners(sv, serial === undefined ? {} : { serial });
    sv.start();
    return { sv, events };
  };
  try {
    const first = incarnation();
    const pending = (e: typeof first.events) => e.router.pool('l')?.pending.map((q) => `${q.event.name} ${q.serial}/${q.poolserial}`);
    assert.deepEqual(pending(first.events), ['PROCESS_GROUP_ADDED 0/0', 'PROCESS_GROUP_ADDED 1/1', 'SUPERVISOR_STATE_CHANGE_RUNNING 2/2']);
    assert.equal(first.events.router.pool('p'), null);
    first.events.detach();
    await first.sv.close();
    const second = incarnation(first.events.serial);
    assert.deepEqual(pending(second.events), ['PROCESS_GROUP_ADDED 3/0', 'PROCESS_GROUP_ADDED 4/1', 'SUPERVISOR_STATE_CHANGE_RUNNING 5/2']);
    second.sv.removeGroup('p');
    assert.equal(second.events.router.pool('l')?.pending.at(-1)?.event.payload, 'groupname:p\n');
    second.sv.removeGroup('l');
    assert.equal(second.events.router.pool('l'), null);
    second.events.detach();
    await second.sv.close();
  } finally {
    cleanup();
  }
});

test("the example config's Node listener logs state changes", async () => {
  const { dir, cleanup } = makeTmpDir('svat-');
  const script = join(ROOT, 'examples/scripts/event-listener.mjs');
  const errLog = join(dir, 'event-log.err');
  const listener = listenerGroup('event-log', [processConfig('event-log', `${process.execPath} ${script}`, { stderr_logfile: errLog })], ['PROCESS_STATE', 'TICK_60'], 50);
  const { sv, lines, stop } = run([listener, programGroup(processConfig('job', '/bin/sleep 1000', { autostart: false }))], dir);
  try {
    sv.getProcess('job').start();
    await sv.getProcess('job').waitFor((p) => p.state === 'RUNNING');
    sv.getProcess('job').stop();
    const logged = await waitFor(() => {
      const text = existsSync(errLog) ? readFileSync(errLog, 'utf8') : '';
      return text.includes('PROCESS_STATE_STOPPED') ? text : null;
    }, { message: 'the example listener to log the stop' });
    const names = logged.split('\n').filter((l) => l.includes('processname:job')).map((l) => l.split(' ')[1]);
    assert.deepEqual(names, ['PROCESS_STATE_STARTING', 'PROCESS_STATE_RUNNING', 'PROCESS_STATE_STOPPING', 'PROCESS_STATE_STOPPED']);
    assert.deepEqual(lines.filter(([l, m]) => l === 'warn' && m.startsWith('event-log:')), [], 'no protocol warnings');
  } finally {
    await stop();
    cleanup();
  }
});

test('TICK_5 reaches a listener on a 5 s wall-clock boundary', { skip: pythonListenerSkip() }, async () => {
  const { dir, cleanup } = makeTmpDir('svat-');
  const record = join(dir, 'tick.jsonl');
  const { stop } = run([listenerGroup('tick', [processConfig('tick', `${PYTHON} ${LISTENER} ${record} ok`)], ['TICK'])], dir);
  try {
    const [r] = await waitFor(() => (readRecords(record).length > 0 ? readRecords(record) : null), { message: 'a tick', timeoutMs: 15_000 });
    assert.equal(r!['eventname'], 'TICK_5');
    assert.match(r!['payload'] ?? '', /^when:\d+$/);
    assert.equal(Number(r!['payload']!.slice(5)) % 5, 0);
    assert.equal(r!['serial'], '0', 'no serial consumed before the first tick');
  } finally {
    await stop();
    cleanup();
  }
});

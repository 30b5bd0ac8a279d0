/**
 * The scripted scenario of the listener compatibility test: one recording listener (`rec`),
 * one that answers FAIL twice (`failer`), one that writes garbage (`garbage`), one program
 * (`app`) driven through start, crash, automatic restart, stop and log lines, a remote comm
 * event, and a group added and removed at run time. It runs against a daemon over XML-RPC
 * (the real supervisord or ours) or against our engine in-process; all must record the same.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroupConfig } from '../../src/config/types.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { openDriver, type Target } from './drivers.ts';
import { listenerGroup, processConfig, programGroup } from './engine-fixture.ts';
import { PYTHON } from '../helpers/daemon.ts';
import { LISTENER, readRecords, type Recorded } from './harness.ts';

export interface ScenarioResult {
  readonly rec: Recorded[];
  readonly failer: Recorded[];
  readonly mainLog: string;
  readonly garbageState: string;
}

const APP_COMMAND = `/bin/sh -c 'echo started; read line; echo "got $line"; exit 3'`;
const GARBAGE_COMMAND = `/bin/sh -c 'echo garbage; exec sleep 1000'`;

function scenarioGroups(dir: string, withExtra: boolean): GroupConfig[] {
  const listener = (name: string, command: string) => processConfig(name, command, { startsecs: 1 });
  return [
    listenerGroup('rec', [listener('rec', `${PYTHON} ${LISTENER} ${join(dir, 'rec.jsonl')} ok`)], ['PROCESS_GROUP', 'PROCESS_LOG', 'PROCESS_STATE', 'REMOTE_COMMUNICATION', 'SUPERVISOR_STATE_CHANGE'], 100),
    // Not the default -1: 4.2.5 would otherwise re-queue failer's rejections in rec's pool too (compat 7.5).
    listenerGroup('failer', [listener('failer', `${PYTHON} ${LISTENER} ${join(dir, 'failer.jsonl')} fail-twice`)], ['REMOTE_COMMUNICATION'], 10, -2),
    listenerGroup('garbage', [listener('garbage', GARBAGE_COMMAND)], ['REMOTE_COMMUNICATION'], 10, -3),
    programGroup(processConfig('app', APP_COMMAND, { autostart: false, startsecs: 1, stdout_events_enabled: true, stderr_events_enabled: true })),
    ...(withExtra ? [programGroup(processConfig('extra', '/bin/sleep 1000', { autostart: false, startsecs: 1 }))] : []),
  ];
}

export async function runScenario(target: Target): Promise<ScenarioResult> {
  const { dir, cleanup } = makeTmpDir('svev-');
  const recFile = join(dir, 'rec.jsonl');
  const rec = (): Recorded[] => readRecords(recFile);
  const count = (eventname: string, processname?: string): number =>
    rec().filter((r) => r['eventname'] === eventname && (processname === undefined || (r['payload'] ?? '').startsWith(`processname:${processname} `))).length;
  const d = await openDriver(target, dir, scenarioGroups(dir, false));
  try {
    await waitFor(() => count('SUPERVISOR_STATE_CHANGE_RUNNING') === 1, { timeoutMs: 15_000, message: 'rec to get SUPERVISOR_STATE_CHANGE_RUNNING' });
    // The three listeners' own STARTING/RUNNING events come before anything else we do.
    await waitFor(() => count('PROCESS_STATE_RUNNING') === 3, { timeoutMs: 15_000, message: 'rec to see all listeners RUNNING' });

    await d.startProcess('app'); // waits for RUNNING
    await waitFor(() => count('PROCESS_LOG_STDOUT') === 1, { message: 'the first log line' });

    await d.sendProcessStdin('app', 'boom\n'); // app logs "got boom" and exits 3: a crash
    await waitFor(() => count('PROCESS_STATE_RUNNING', 'app') === 2, { timeoutMs: 15_000, message: 'app restarted after the crash' });
    await waitFor(() => count('PROCESS_LOG_STDOUT') === 3, { message: 'the restarted app logging' });

    await d.stopProcess('app');
    await waitFor(() => count('PROCESS_STATE_STOPPED', 'app') === 1, { message: 'app STOPPED' });

    await d.sendRemoteCommEvent('mytype', 'my data\nline2');
    await waitFor(() => count('REMOTE_COMMUNICATION') === 1, { message: 'the remote comm event' });

    await d.addProcessGroup('extra', scenarioGroups(dir, true));
    await waitFor(() => rec().some((r) => r['eventname'] === 'PROCESS_GROUP_ADDED' && r['payload'] === 'groupname:extra\n'), { message: 'PROCESS_GROUP_ADDED extra' });
    await d.removeProcessGroup('extra');
    // Non-ASCII: `len` counts code points, or the text-mode Python listener would mis-frame every later event.
    await d.sendRemoteCommEvent('end', 'of scenario: café ☕ 😀');
    await waitFor(() => count('REMOTE_COMMUNICATION') === 2, { message: 'the end marker' });
    await waitFor(() => readRecords(join(dir, 'failer.jsonl')).length === 6, { message: 'failer to get each comm event three times' });
    // A listener records an event before it answers; the main log is complete once each listener
    // is READY again after its last event: once at start plus once per event it recorded.
    const readyLines = (name: string): number => d.mainLog().split('\n').filter((l) => l.endsWith(` ${name}: ACKNOWLEDGED -> READY`)).length;
    await waitFor(() => readyLines('rec') === rec().length + 1 && readyLines('failer') === readRecords(join(dir, 'failer.jsonl')).length + 1, {
      message: 'rec and failer READY after their last event',
    });

    return {
      rec: rec(),
      failer: readRecords(join(dir, 'failer.jsonl')),
      mainLog: d.mainLog(),
      garbageState: (await d.states()).find(([name]) => name === 'garbage')?.[1] ?? 'missing',
    };
  } catch (err) {
    const tail = d.mainLog().split('\n').slice(-40).join('\n');
    throw new Error(`${(err as Error).message}\n--- recorded:\n${JSON.stringify(rec(), null, 1)}\n--- main log tail:\n${tail}\n--- output:\n${d.output()}`);
  } finally {
    await d.stop();
    cleanup();
  }
}

/** Lets a test write a fresh golden file: EVENTS_WRITE_GOLDEN=1 node test/run.mjs test/events/listener-compat */
export function maybeWriteGolden(file: string, data: unknown): void {
  if (process.env['EVENTS_WRITE_GOLDEN'] === '1') writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
}

/**
 * The scripted scenario of the listener compatibility test: one recording listener (`rec`),
 * one that answers FAIL twice (`failer`), one that writes garbage (`garbage`), one program
 * (`app`) driven through start, crash, automatic restart, stop and log lines, a remote comm
 * event, and a group added and removed at run time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { LISTENER, PYTHON, readRecords, startDaemon, writeConfig, type DaemonKind, type Recorded } from './harness.ts';

export interface ScenarioResult {
  readonly rec: Recorded[];
  readonly failer: Recorded[];
  readonly mainLog: string;
  readonly garbageState: string;
}

const APP = `[program:app]
command=/bin/sh -c 'echo started; read line; echo "got $line"; exit 3'
autostart=false
startsecs=1
stdout_events_enabled=true
stderr_events_enabled=true
`;

function sections(dir: string, withExtra: boolean): string {
  return `[eventlistener:rec]
command=${PYTHON} ${LISTENER} ${join(dir, 'rec.jsonl')} ok
events=PROCESS_STATE,PROCESS_LOG,REMOTE_COMMUNICATION,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP
buffer_size=100

[eventlistener:failer]
command=${PYTHON} ${LISTENER} ${join(dir, 'failer.jsonl')} fail-twice
events=REMOTE_COMMUNICATION
; not the default -1: 4.2.5 would otherwise re-queue failer's rejections in rec's pool too (compat 7.5)
priority=-2

[eventlistener:garbage]
command=/bin/sh -c 'echo garbage; exec sleep 1000'
events=REMOTE_COMMUNICATION
priority=-3

${APP}
${withExtra ? '[program:extra]\ncommand=/bin/sleep 1000\nautostart=false\n' : ''}`;
}

export async function runScenario(kind: DaemonKind): Promise<ScenarioResult> {
  const { dir, cleanup } = makeTmpDir('svev-');
  writeConfig(dir, sections(dir, false));
  const recFile = join(dir, 'rec.jsonl');
  const rec = (): Recorded[] => readRecords(recFile);
  const count = (eventname: string, processname?: string): number =>
    rec().filter((r) => r['eventname'] === eventname && (processname === undefined || (r['payload'] ?? '').startsWith(`processname:${processname} `))).length;
  const d = await startDaemon(kind, dir);
  try {
    await waitFor(() => count('SUPERVISOR_STATE_CHANGE_RUNNING') === 1, { timeoutMs: 15_000, message: 'rec to get SUPERVISOR_STATE_CHANGE_RUNNING' });
    // The three listeners' own STARTING/RUNNING events come before anything else we do.
    await waitFor(() => count('PROCESS_STATE_RUNNING') === 3, { timeoutMs: 15_000, message: 'rec to see all listeners RUNNING' });

    await d.rpc('supervisor.startProcess', 'app'); // waits for RUNNING
    await waitFor(() => count('PROCESS_LOG_STDOUT') === 1, { message: 'the first log line' });

    await d.rpc('supervisor.sendProcessStdin', 'app', 'boom\n'); // app logs "got boom" and exits 3: a crash
    await waitFor(() => count('PROCESS_STATE_RUNNING', 'app') === 2, { timeoutMs: 15_000, message: 'app restarted after the crash' });
    await waitFor(() => count('PROCESS_LOG_STDOUT') === 3, { message: 'the restarted app logging' });

    await d.rpc('supervisor.stopProcess', 'app');
    await waitFor(() => count('PROCESS_STATE_STOPPED', 'app') === 1, { message: 'app STOPPED' });

    await d.rpc('supervisor.sendRemoteCommEvent', 'mytype', 'my data\nline2');
    await waitFor(() => count('REMOTE_COMMUNICATION') === 1, { message: 'the remote comm event' });

    writeConfig(dir, sections(dir, true));
    await d.rpc('supervisor.reloadConfig');
    await d.rpc('supervisor.addProcessGroup', 'extra');
    await waitFor(() => rec().some((r) => r['eventname'] === 'PROCESS_GROUP_ADDED' && r['payload'] === 'groupname:extra\n'), { message: 'PROCESS_GROUP_ADDED extra' });
    await d.rpc('supervisor.removeProcessGroup', 'extra');
    await d.rpc('supervisor.sendRemoteCommEvent', 'end', 'of scenario');
    await waitFor(() => count('REMOTE_COMMUNICATION') === 2, { message: 'the end marker' });
    await waitFor(() => readRecords(join(dir, 'failer.jsonl')).length === 6, { message: 'failer to get each comm event three times' });

    const info = (await d.rpc('supervisor.getProcessInfo', 'garbage')) as Record<string, unknown>;
    return {
      rec: rec(),
      failer: readRecords(join(dir, 'failer.jsonl')),
      mainLog: d.mainLog(),
      garbageState: String(info['statename']),
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

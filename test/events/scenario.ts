/**
 * The scripted scenario of the listener compatibility test: one recording listener (`rec`),
 * one that answers FAIL twice (`failer`), one that writes garbage (`garbage`), one program
 * (`app`) driven through start, crash, automatic restart, stop and log lines, a remote comm
 * event, and a group added and removed at run time. It runs against a daemon over XML-RPC
 * (the real supervisord or ours) or against our engine in-process; all must record the same.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachEventListeners } from '../../daemon/events/attach.ts';
import { Supervisor } from '../../daemon/supervisor.ts';
import type { Config } from '../../src/config/types.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { listenerGroup, makeConfig, processConfig, programGroup } from './engine-fixture.ts';
import { LISTENER, PYTHON, readRecords, startDaemon, writeConfig, type DaemonKind, type Recorded } from './harness.ts';

export interface ScenarioResult {
  readonly rec: Recorded[];
  readonly failer: Recorded[];
  readonly mainLog: string;
  readonly garbageState: string;
}

/** The operations the scenario needs, over XML-RPC or in-process. */
interface Driver {
  startProcess(name: string): Promise<void>;
  sendProcessStdin(name: string, data: string): Promise<void>;
  stopProcess(name: string): Promise<void>;
  sendRemoteCommEvent(type: string, data: string): Promise<void>;
  /** Make `extra` appear in the config, re-read it and add the group. */
  addExtraGroup(): Promise<void>;
  removeProcessGroup(name: string): Promise<void>;
  statename(name: string): Promise<string>;
  mainLog(): string;
  output(): string;
  stop(): Promise<void>;
}

const APP_COMMAND = `/bin/sh -c 'echo started; read line; echo "got $line"; exit 3'`;
const GARBAGE_COMMAND = `/bin/sh -c 'echo garbage; exec sleep 1000'`;

function iniSections(dir: string, withExtra: boolean): string {
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
command=${GARBAGE_COMMAND}
events=REMOTE_COMMUNICATION
priority=-3

[program:app]
command=${APP_COMMAND}
autostart=false
startsecs=1
stdout_events_enabled=true
stderr_events_enabled=true
${withExtra ? '\n[program:extra]\ncommand=/bin/sleep 1000\nautostart=false\n' : ''}`;
}

/** The same configuration as iniSections, built directly (for the in-process run). */
function engineConfig(dir: string, withExtra: boolean): Config {
  const listener = (name: string, command: string) => processConfig(name, command, { startsecs: 1 });
  return makeConfig(dir, [
    listenerGroup('rec', [listener('rec', `${PYTHON} ${LISTENER} ${join(dir, 'rec.jsonl')} ok`)], ['PROCESS_GROUP', 'PROCESS_LOG', 'PROCESS_STATE', 'REMOTE_COMMUNICATION', 'SUPERVISOR_STATE_CHANGE'], 100),
    listenerGroup('failer', [listener('failer', `${PYTHON} ${LISTENER} ${join(dir, 'failer.jsonl')} fail-twice`)], ['REMOTE_COMMUNICATION'], 10, -2),
    listenerGroup('garbage', [listener('garbage', GARBAGE_COMMAND)], ['REMOTE_COMMUNICATION'], 10, -3),
    programGroup(processConfig('app', APP_COMMAND, { autostart: false, startsecs: 1, stdout_events_enabled: true, stderr_events_enabled: true })),
    ...(withExtra ? [programGroup(processConfig('extra', '/bin/sleep 1000', { autostart: false, startsecs: 1 }))] : []),
  ]);
}

async function rpcDriver(kind: DaemonKind, dir: string): Promise<Driver> {
  writeConfig(dir, iniSections(dir, false));
  const d = await startDaemon(kind, dir);
  return {
    startProcess: async (name) => void (await d.rpc('supervisor.startProcess', name)),
    sendProcessStdin: async (name, data) => void (await d.rpc('supervisor.sendProcessStdin', name, data)),
    stopProcess: async (name) => void (await d.rpc('supervisor.stopProcess', name)),
    sendRemoteCommEvent: async (type, data) => void (await d.rpc('supervisor.sendRemoteCommEvent', type, data)),
    async addExtraGroup() {
      writeConfig(dir, iniSections(dir, true));
      await d.rpc('supervisor.reloadConfig');
      await d.rpc('supervisor.addProcessGroup', 'extra');
    },
    removeProcessGroup: async (name) => void (await d.rpc('supervisor.removeProcessGroup', name)),
    statename: async (name) => String(((await d.rpc('supervisor.getProcessInfo', name)) as Record<string, unknown>)['statename']),
    mainLog: () => d.mainLog(),
    output: () => d.output(),
    stop: () => d.stop(),
  };
}

const TOKENS: Record<string, string> = { critical: 'CRIT', error: 'ERRO', warn: 'WARN', info: 'INFO', debug: 'DEBG', trace: 'TRAC', blather: 'BLAT' };

function engineDriver(dir: string): Driver {
  let config = engineConfig(dir, false);
  let log = '';
  const sv = new Supervisor({
    config,
    log: { log: (level, message) => (log += `${TOKENS[level]} ${message}\n`), reopen: () => {} },
    readConfig: () => config,
  });
  const events = attachEventListeners(sv);
  sv.start();
  return {
    async startProcess(name) {
      sv.getProcess(name).start();
      await sv.getProcess(name).waitFor((p) => p.state === 'RUNNING');
    },
    sendProcessStdin: async (name, data) => sv.getProcess(name).writeStdin(data),
    async stopProcess(name) {
      sv.getProcess(name).stop();
      await sv.getProcess(name).waitFor((p) => p.state === 'STOPPED');
    },
    sendRemoteCommEvent: async (type, data) => sv.sendRemoteCommEvent(type, data),
    async addExtraGroup() {
      config = engineConfig(dir, true);
      await sv.reloadConfig();
      sv.addGroup('extra');
    },
    removeProcessGroup: async (name) => sv.removeGroup(name),
    statename: async (name) => sv.getProcess(name).state,
    mainLog: () => log,
    output: () => '',
    async stop() {
      sv.shutdown();
      await sv.whenStopped();
      events.detach();
      await sv.close();
    },
  };
}

export async function runScenario(kind: DaemonKind | 'engine'): Promise<ScenarioResult> {
  const { dir, cleanup } = makeTmpDir('svev-');
  const recFile = join(dir, 'rec.jsonl');
  const rec = (): Recorded[] => readRecords(recFile);
  const count = (eventname: string, processname?: string): number =>
    rec().filter((r) => r['eventname'] === eventname && (processname === undefined || (r['payload'] ?? '').startsWith(`processname:${processname} `))).length;
  const d = kind === 'engine' ? engineDriver(dir) : await rpcDriver(kind, dir);
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

    await d.addExtraGroup();
    await waitFor(() => rec().some((r) => r['eventname'] === 'PROCESS_GROUP_ADDED' && r['payload'] === 'groupname:extra\n'), { message: 'PROCESS_GROUP_ADDED extra' });
    await d.removeProcessGroup('extra');
    await d.sendRemoteCommEvent('end', 'of scenario');
    await waitFor(() => count('REMOTE_COMMUNICATION') === 2, { message: 'the end marker' });
    await waitFor(() => readRecords(join(dir, 'failer.jsonl')).length === 6, { message: 'failer to get each comm event three times' });

    return {
      rec: rec(),
      failer: readRecords(join(dir, 'failer.jsonl')),
      mainLog: d.mainLog(),
      garbageState: await d.statename('garbage'),
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

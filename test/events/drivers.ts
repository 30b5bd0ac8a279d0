/**
 * One set of operations over the three things the listener tests run against: the real
 * supervisord and our daemon (over XML-RPC, from an ini rendered from the same groups), and
 * our engine in-process with the events subsystem attached.
 */
import { asProcessInfos } from '../../src/client/results.ts';
import type { GroupConfig } from '../../src/config/types.ts';
import { LEVELS } from '../../daemon/logs/levels.ts';
import { makeConfig, startEngine } from './engine-fixture.ts';
import type { DaemonKind } from '../helpers/daemon.ts';
import { startDaemon, writeConfig } from './harness.ts';

export type Target = DaemonKind | 'engine';

export interface Driver {
  /** Returns once the process is RUNNING (startProcess waits for startsecs). */
  startProcess(name: string): Promise<void>;
  /** Returns once the process is STOPPED. */
  stopProcess(name: string): Promise<void>;
  sendProcessStdin(name: string, data: string): Promise<void>;
  sendRemoteCommEvent(type: string, data: string): Promise<void>;
  /** Switch the configuration to `groups`, re-read it and add the group `name`. */
  addProcessGroup(name: string, groups: GroupConfig[]): Promise<void>;
  removeProcessGroup(name: string): Promise<void>;
  /** [name, statename] of every process, lexical order. */
  states(): Promise<[string, string][]>;
  /** The main log, one message per line with its level token (CRIT ERRO WARN INFO DEBG …). */
  mainLog(): string;
  /** The daemon's own stdout/stderr ('' in-process). */
  output(): string;
  stop(): Promise<void>;
}

/** The ini sections for `groups` (the keys these tests vary; everything else stays at Supervisor's defaults). */
export function iniFor(groups: readonly GroupConfig[]): string {
  return groups
    .map((g) => {
      const p = g.processes[0]!;
      const head =
        g.type === 'eventlistener'
          ? `[eventlistener:${g.name}]\nevents=${g.events.join(',')}\nbuffer_size=${g.buffer_size}\n`
          : `[program:${g.name}]\nstdout_events_enabled=${p.stdout_events_enabled}\nstderr_events_enabled=${p.stderr_events_enabled}\n`;
      return `${head}command=${p.command}\npriority=${g.priority}\nautostart=${p.autostart}\nstartsecs=${p.startsecs}\nautorestart=${p.autorestart}\n`;
    })
    .join('\n');
}

export async function openDriver(target: Target, dir: string, groups: GroupConfig[]): Promise<Driver> {
  return target === 'engine' ? engineDriver(dir, groups) : rpcDriver(target, dir, groups);
}

async function rpcDriver(kind: DaemonKind, dir: string, groups: GroupConfig[]): Promise<Driver> {
  writeConfig(dir, iniFor(groups));
  const d = await startDaemon(kind, dir);
  const call = async (method: string, ...params: string[]): Promise<void> => void (await d.rpc(`supervisor.${method}`, ...params));
  return {
    startProcess: (name) => call('startProcess', name),
    stopProcess: (name) => call('stopProcess', name),
    sendProcessStdin: (name, data) => call('sendProcessStdin', name, data),
    sendRemoteCommEvent: (type, data) => call('sendRemoteCommEvent', type, data),
    async addProcessGroup(name, next) {
      writeConfig(dir, iniFor(next));
      await call('reloadConfig');
      await call('addProcessGroup', name);
    },
    removeProcessGroup: (name) => call('removeProcessGroup', name),
    states: async () => asProcessInfos('supervisor.getAllProcessInfo', await d.rpc('supervisor.getAllProcessInfo')).map((i) => [i.name, i.statename]),
    mainLog: () => d.mainLog(),
    output: () => d.output(),
    stop: () => d.stop(),
  };
}

function engineDriver(dir: string, groups: GroupConfig[]): Driver {
  let config = makeConfig(dir, groups);
  let log = '';
  const engine = startEngine(config, (level, message) => (log += `${LEVELS[level].token} ${message}\n`), () => config);
  const sv = engine.sv;
  return {
    async startProcess(name) {
      sv.getProcess(name).start();
      await sv.getProcess(name).waitFor((p) => p.state === 'RUNNING');
    },
    async stopProcess(name) {
      sv.getProcess(name).stop();
      await sv.getProcess(name).waitFor((p) => p.state === 'STOPPED');
    },
    sendProcessStdin: async (name, data) => sv.getProcess(name).writeStdin(data),
    sendRemoteCommEvent: async (type, data) => sv.sendRemoteCommEvent(type, data),
    async addProcessGroup(name, next) {
      config = makeConfig(dir, next);
      await sv.reloadConfig();
      sv.addGroup(name);
    },
    removeProcessGroup: async (name) => sv.removeGroup(name),
    states: async () => sv.allProcesses('lexical').map((p) => [p.name, p.state]),
    mainLog: () => log,
    output: () => '',
    stop: () => engine.stop(),
  };
}

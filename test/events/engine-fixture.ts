/** Configurations for running the engine in-process with the events subsystem attached (on top of the engine tests' builders). */
import type { Config, GroupConfig, LogLevelName, ProcessConfig } from '../../src/config/types.ts';
import { attachEventListeners, type EventListeners } from '../../daemon/events/attach.ts';
import { Supervisor } from '../../daemon/supervisor.ts';
import { makeConfig as daemonConfig, processConfig as daemonProcess } from '../daemon/helpers.ts';

/** A process with AUTO log files and startsecs=0 unless overridden. */
export function processConfig(name: string, command: string, over: Partial<ProcessConfig> = {}): ProcessConfig {
  return daemonProcess(name, command, { startsecs: 0, stdout_logfile: 'AUTO', stderr_logfile: 'AUTO', ...over });
}

export function programGroup(p: ProcessConfig, priority = 999): GroupConfig {
  return { type: 'program', name: p.name, priority, processes: [p] };
}

export function listenerGroup(name: string, processes: ProcessConfig[], events: string[], bufferSize = 10, priority = -1): GroupConfig {
  return {
    type: 'eventlistener',
    name,
    priority,
    processes: processes.map((p) => ({ ...p, section: `eventlistener:${name}`, priority })),
    buffer_size: bufferSize,
    events,
    result_handler: 'supervisor.dispatchers:default_handler',
  };
}

/** Groups sorted by (priority, name) as the config reader leaves them; debug log level, identifier `evtest`. */
export function makeConfig(dir: string, groups: GroupConfig[]): Config {
  const sorted = [...groups].sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : 1));
  return daemonConfig(dir, sorted, { loglevel: 'debug', identifier: 'evtest' });
}

export interface RunningEngine {
  readonly sv: Supervisor;
  readonly events: EventListeners;
  /** Shutdown, wait for the stop sequence, detach the events subsystem, close: no children left behind. */
  stop(): Promise<void>;
}

/** The engine in-process with the events subsystem attached and started; `readConfig` answers reloads. */
export function startEngine(config: Config, log: (level: LogLevelName, message: string) => void, readConfig: () => Config = () => config): RunningEngine {
  const sv = new Supervisor({ config, log: { log, reopen: () => {} }, readConfig });
  const events = attachEventListeners(sv);
  sv.start();
  return {
    sv,
    events,
    async stop() {
      sv.shutdown();
      await sv.whenStopped();
      events.detach();
      await sv.close();
    },
  };
}

/** Configurations for running the engine in-process with the events subsystem attached (on top of the engine tests' builders). */
import type { Config, GroupConfig, ProcessConfig } from '../../src/config/types.ts';
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

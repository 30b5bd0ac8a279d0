/**
 * Supervisor events as values: each carries its concrete type name and its payload text,
 * rendered when the event is created (compat §7.2) so that later pid/backoff changes
 * don't leak into an event still waiting in a pool's buffer.
 */
import { pyBytesRepr } from '../../src/py/python.ts';
import type { ConcreteEventName } from '../../src/protocol/event-types.ts';
import type { EngineEvent, OutputChannel, ProcessStateEvent } from './types.ts';

export interface SupervisorEvent {
  readonly name: ConcreteEventName;
  readonly payload: string;
}

export type Channel = OutputChannel;

/** What the engine knows about a process at the moment it changes state (its bus event, minus the name). */
export type ProcessStateChange = Omit<ProcessStateEvent, 'name'>;

export function processStateEvent(c: ProcessStateChange): SupervisorEvent {
  const head = `processname:${c.processname} groupname:${c.groupname} from_state:${c.from}`;
  let extra = '';
  switch (c.to) {
    case 'STARTING':
    case 'BACKOFF':
      extra = ` tries:${c.tries}`;
      break;
    case 'EXITED':
      extra = ` expected:${c.expected ? 1 : 0} pid:${c.pid}`;
      break;
    case 'RUNNING':
    case 'STOPPING':
    case 'STOPPED':
      extra = ` pid:${c.pid}`;
      break;
    case 'FATAL':
    case 'UNKNOWN':
      break;
  }
  return { name: `PROCESS_STATE_${c.to}`, payload: head + extra };
}

export function processLogEvent(channel: Channel, processname: string, groupname: string, pid: number, data: Uint8Array): SupervisorEvent {
  return {
    name: channel === 'stdout' ? 'PROCESS_LOG_STDOUT' : 'PROCESS_LOG_STDERR',
    payload: `processname:${processname} groupname:${groupname} pid:${pid} channel:${channel}\n${decodeOutput(data)}`,
  };
}

export function processCommunicationEvent(channel: Channel, processname: string, groupname: string, pid: number, data: Uint8Array): SupervisorEvent {
  return {
    name: channel === 'stdout' ? 'PROCESS_COMMUNICATION_STDOUT' : 'PROCESS_COMMUNICATION_STDERR',
    payload: `processname:${processname} groupname:${groupname} pid:${pid}\n${decodeOutput(data)}`,
  };
}

export function remoteCommunicationEvent(type: string, data: string): SupervisorEvent {
  return { name: 'REMOTE_COMMUNICATION', payload: `type:${type}\n${data}` };
}

export function supervisorStateChangeEvent(to: 'RUNNING' | 'STOPPING'): SupervisorEvent {
  return { name: `SUPERVISOR_STATE_CHANGE_${to}`, payload: '' };
}

export type TickPeriod = 5 | 60 | 3600;
export const TICK_PERIODS: readonly TickPeriod[] = [5, 60, 3600];

/** `when` is the epoch second of the period boundary that was crossed. */
export function tickEvent(period: TickPeriod, when: number): SupervisorEvent {
  return { name: `TICK_${period}`, payload: `when:${when}` };
}

export function processGroupEvent(change: 'ADDED' | 'REMOVED', groupname: string): SupervisorEvent {
  // The trailing newline is Supervisor's: `groupname:%s\n`.
  return { name: `PROCESS_GROUP_${change}`, payload: `groupname:${groupname}\n` };
}

/** The listener-facing form of an event from the engine's bus. */
export function fromEngineEvent(e: EngineEvent): SupervisorEvent {
  switch (e.name) {
    case 'PROCESS_LOG_STDOUT':
    case 'PROCESS_LOG_STDERR':
      return processLogEvent(e.channel, e.processname, e.groupname, e.pid, e.data);
    case 'PROCESS_COMMUNICATION_STDOUT':
    case 'PROCESS_COMMUNICATION_STDERR':
      return processCommunicationEvent(e.channel, e.processname, e.groupname, e.pid, e.data);
    case 'PROCESS_GROUP_ADDED':
      return processGroupEvent('ADDED', e.groupname);
    case 'PROCESS_GROUP_REMOVED':
      return processGroupEvent('REMOVED', e.groupname);
    case 'SUPERVISOR_STATE_CHANGE_RUNNING':
      return supervisorStateChangeEvent('RUNNING');
    case 'SUPERVISOR_STATE_CHANGE_STOPPING':
      return supervisorStateChangeEvent('STOPPING');
    case 'REMOTE_COMMUNICATION':
      return remoteCommunicationEvent(e.type, e.data);
    case 'TICK_5':
      return tickEvent(5, e.when);
    case 'TICK_60':
      return tickEvent(60, e.when);
    case 'TICK_3600':
      return tickEvent(3600, e.when);
    default:
      return processStateEvent(e);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Child output as Supervisor puts it in a payload: UTF-8 text, or `Undecodable: b'...'` when it isn't valid UTF-8. */
export function decodeOutput(data: Uint8Array): string {
  try {
    return strictUtf8.decode(data);
  } catch {
    return `Undecodable: ${pyBytesRepr(data)}`;
  }
}

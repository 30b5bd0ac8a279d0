/**
 * What the engine emits on its in-process event bus (compat §7.1/§7.2): one value per
 * Supervisor event, named with Supervisor's concrete event name and carrying the fields its
 * payload needs, frozen at the moment of emission. Serialising them into listener payloads
 * and routing them to pools is the events subsystem's job (payload.ts, pool.ts).
 */
import type { ProcessStateName } from '../../src/protocol/states.ts';

export type OutputChannel = 'stdout' | 'stderr';

/** A process changed state. `name` is `PROCESS_STATE_<to>`. */
export interface ProcessStateEvent {
  readonly name: `PROCESS_STATE_${ProcessStateName}`;
  readonly processname: string;
  readonly groupname: string;
  readonly from: ProcessStateName;
  readonly to: ProcessStateName;
  /** Backoff counter at this moment (0 on a first start, 1 after one failure, …). */
  readonly tries: number;
  /** Current pid; STOPPED and EXITED carry the pid of the process that ended (0 if none). */
  readonly pid: number;
  /** For EXITED: whether the exit code was in exitcodes (true for every other state). */
  readonly expected: boolean;
}

/** Bytes a child wrote on one channel. */
export interface ChannelBytes {
  readonly processname: string;
  readonly groupname: string;
  readonly pid: number;
  readonly channel: OutputChannel;
  readonly data: Buffer;
}

/** A chunk of child output, emitted only when `<channel>_events_enabled` (never for a listener's stdout). */
export interface ProcessLogEvent extends ChannelBytes {
  readonly name: 'PROCESS_LOG_STDOUT' | 'PROCESS_LOG_STDERR';
}

/** The bytes a child printed between capture-mode tokens (compat §4.4). */
export interface ProcessCommunicationEvent extends ChannelBytes {
  readonly name: 'PROCESS_COMMUNICATION_STDOUT' | 'PROCESS_COMMUNICATION_STDERR';
}

export interface ProcessGroupEvent {
  readonly name: 'PROCESS_GROUP_ADDED' | 'PROCESS_GROUP_REMOVED';
  readonly groupname: string;
}

/** RUNNING: the daemon entered its main loop (startup or after a reload). STOPPING: shutdown or reload began. */
export interface SupervisorStateChangeEvent {
  readonly name: 'SUPERVISOR_STATE_CHANGE_RUNNING' | 'SUPERVISOR_STATE_CHANGE_STOPPING';
}

/** `supervisor.sendRemoteCommEvent(type, data)`. */
export interface RemoteCommunicationEvent {
  readonly name: 'REMOTE_COMMUNICATION';
  readonly type: string;
  readonly data: string;
}

/** Wall-clock period boundaries; `when` is the boundary in epoch seconds. */
export interface TickEvent {
  readonly name: 'TICK_5' | 'TICK_60' | 'TICK_3600';
  readonly when: number;
}

/** Ours: a process's tree RSS went over its memory_limit; it is being restarted. */
export interface ProcessMemoryLimitEvent {
  readonly name: 'PROCESS_MEMORY_LIMIT';
  readonly processname: string;
  readonly groupname: string;
  readonly pid: number;
  /** Process-tree RSS in bytes at the sample. */
  readonly rss: number;
  /** memory_limit in bytes. */
  readonly limit: number;
}

/** A process's health check verdict changed (ours: see src/protocol/event-types.ts). */
export interface ProcessHealthEvent {
  readonly name: 'PROCESS_HEALTH_HEALTHY' | 'PROCESS_HEALTH_UNHEALTHY';
  readonly processname: string;
  readonly groupname: string;
  readonly pid: number;
  /** The health before: 'starting', 'healthy' or 'unhealthy'. */
  readonly from: string;
  /** Consecutive failed checks (0 when healthy). */
  readonly failures: number;
  /** What the last check saw, e.g. `HTTP 200` or `connect ECONNREFUSED 127.0.0.1:8080`. */
  readonly detail: string;
}

export type EngineEvent =
  | ProcessStateEvent
  | ProcessLogEvent
  | ProcessCommunicationEvent
  | ProcessGroupEvent
  | SupervisorStateChangeEvent
  | RemoteCommunicationEvent
  | TickEvent
  | ProcessMemoryLimitEvent
  | ProcessHealthEvent;

export type EngineEventName = EngineEvent['name'];

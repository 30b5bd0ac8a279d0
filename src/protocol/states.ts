/** Process states and supervisord states, with Supervisor 4.2.5's codes (compat §2.1, §2.5). */

export const ProcessStates = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;

export type ProcessStateName = keyof typeof ProcessStates;
export type ProcessStateCode = (typeof ProcessStates)[ProcessStateName];

const NAME_BY_CODE = new Map<number, ProcessStateName>(
  (Object.keys(ProcessStates) as ProcessStateName[]).map((n) => [ProcessStates[n], n]),
);

export function stateName(code: number): ProcessStateName {
  return NAME_BY_CODE.get(code) ?? 'UNKNOWN';
}

export const STOPPED_STATES: ReadonlySet<ProcessStateName> = new Set(['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN']);
export const RUNNING_STATES: ReadonlySet<ProcessStateName> = new Set(['RUNNING', 'BACKOFF', 'STARTING']);
export const SIGNALLABLE_STATES: ReadonlySet<ProcessStateName> = new Set(['RUNNING', 'STARTING', 'STOPPING']);

export const SupervisorStates = {
  FATAL: 2,
  RUNNING: 1,
  RESTARTING: 0,
  SHUTDOWN: -1,
} as const;

export type SupervisorStateName = keyof typeof SupervisorStates;
export type SupervisorStateCode = (typeof SupervisorStates)[SupervisorStateName];

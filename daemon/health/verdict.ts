/**
 * How check outcomes become a health verdict, as a pure function (Docker's HEALTHCHECK rules):
 * a success makes the process healthy at once; `retries` consecutive failures make it
 * unhealthy; failures inside `start_period` (counted from RUNNING) do not count.
 */
import type { HealthState } from '../../src/protocol/types.ts';

export interface HealthFields {
  readonly state: HealthState;
  /** Consecutive failures that counted. */
  readonly failures: number;
  /** The last check's detail ('' before the first). */
  readonly detail: string;
  /** Epoch seconds of the last check's end, 0 = none yet. */
  readonly lastCheck: number;
}

export const NO_HEALTH: HealthFields = { state: 'none', failures: 0, detail: '', lastCheck: 0 };
export const STARTING_HEALTH: HealthFields = { state: 'starting', failures: 0, detail: '', lastCheck: 0 };

export interface CheckResult {
  readonly ok: boolean;
  readonly detail: string;
  readonly now: number;
  /** Still inside healthcheck_start_period. */
  readonly inStartPeriod: boolean;
}

export function applyCheck(f: HealthFields, r: CheckResult, retries: number): HealthFields {
  if (r.ok) return { state: 'healthy', failures: 0, detail: r.detail, lastCheck: r.now };
  if (r.inStartPeriod && f.state !== 'healthy') return { ...f, detail: r.detail, lastCheck: r.now };
  const failures = f.failures + 1;
  return { state: failures >= retries ? 'unhealthy' : f.state, failures, detail: r.detail, lastCheck: r.now };
}

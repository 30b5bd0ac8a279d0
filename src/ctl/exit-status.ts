/**
 * supervisorctl's exit statuses (compat §8.5). The status is the last one set: a later success
 * never resets an earlier failure, and some faults (ALREADY_STARTED for start, NOT_RUNNING for
 * stop, SUCCESS) leave it untouched.
 */
import { Faults } from '../protocol/faults.ts';

export const Exit = {
  SUCCESS: 0,
  GENERIC: 1,
  INVALID_ARGS: 2,
  /** UNIMPLEMENTED_FEATURE for upcheck; NOT_RUNNING for `status` (LSB status codes). */
  UNIMPLEMENTED_FEATURE: 3,
  STATUS_NOT_RUNNING: 3,
  /** INSUFFICIENT_PRIVILEGES for upcheck "refused"; UNKNOWN for `status`. */
  INSUFFICIENT_PRIVILEGES: 4,
  STATUS_UNKNOWN: 4,
  NOT_INSTALLED: 5,
  NOT_RUNNING: 7,
} as const;

const DEAD_PROGRAM_FAULTS: ReadonlySet<number> = new Set([
  Faults.SPAWN_ERROR,
  Faults.ABNORMAL_TERMINATION,
  Faults.NOT_RUNNING,
]);

export class ExitStatus {
  code: number = Exit.SUCCESS;

  set(code: number): void {
    this.code = code;
  }

  /** A result/fault code from a process operation; `ignored` is the one fault this command tolerates. */
  fromFault(faultCode: number, ignored?: number): void {
    if (faultCode === ignored || faultCode === Faults.SUCCESS) return;
    this.code = DEAD_PROGRAM_FAULTS.has(faultCode) ? Exit.NOT_RUNNING : Exit.GENERIC;
  }
}

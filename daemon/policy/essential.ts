/**
 * `essential = true` (README "Beyond Supervisor"): when such a program is down for good, the daemon
 * stops everything in order and exits with status 3 — a container's core process failing takes the
 * container down, so its orchestrator restarts it.
 */
import type { AutoRestart } from '../../src/config/types.ts';
import type { ProcessStateName } from '../../src/protocol/states.ts';

/** The daemon's exit status after an essential program went down. */
export const ESSENTIAL_EXIT_STATUS = 3;

export interface EssentialView {
  readonly namespec: string;
  readonly essential: boolean;
  readonly state: ProcessStateName;
  readonly autorestart: AutoRestart;
  readonly exitcodes: readonly number[];
  readonly exitstatus: number;
}

/**
 * Why an essential program's new state ends the daemon, or null: FATAL, or EXITED with no automatic
 * restart coming (autorestart=false, or =unexpected after an expected exit code).
 */
export function essentialDownReason(p: EssentialView): string | null {
  if (!p.essential) return null;
  if (p.state === 'FATAL') return `essential program ${p.namespec} entered FATAL state`;
  if (p.state !== 'EXITED') return null;
  const restarts = p.autorestart === true || (p.autorestart === 'unexpected' && !p.exitcodes.includes(p.exitstatus));
  return restarts ? null : `essential program ${p.namespec} exited (exit status ${p.exitstatus}) and is not restarted`;
}

/**
 * The work of `update` once reloadConfig has answered, as supervisorctl 4.2.5 does it: stop and
 * remove each removed group (not removing one whose stop failed), stop, remove and re-add each
 * changed group, add each added group. supervisorctl and the dashboard's `u` both run this one.
 */
import type { SupervisorClient } from '../client/types.ts';
import { Faults } from '../protocol/faults.ts';
import type { ReloadDiff } from '../protocol/types.ts';

export interface UpdateSink {
  out(line: string): void;
  /** Something did not go through (supervisorctl exits non-zero; the dashboard shows it as an error). */
  failed(): void;
  /**
   * Runs one call for a group. Without it a failed call throws (supervisorctl). The dashboard reports
   * the failure and goes on with the next group: returning null skips the rest of this group's steps.
   */
  attempt?<T>(group: string, call: () => Promise<T>): Promise<T | null>;
}

export async function applyUpdate(client: SupervisorClient, diff: ReloadDiff, selected: (group: string) => boolean, sink: UpdateSink): Promise<void> {
  const attempt = sink.attempt ? sink.attempt.bind(sink) : <T>(_: string, call: () => Promise<T>): Promise<T | null> => call();
  for (const g of diff.removed.filter(selected)) {
    const results = await attempt(g, () => client.stopProcessGroup(g));
    if (results === null) continue;
    sink.out(`${g}: stopped`);
    if (results.some((r) => r.status === Faults.FAILED)) {
      sink.out(`${g}: has problems; not removing`);
      sink.failed();
      continue;
    }
    if ((await attempt(g, () => client.removeProcessGroup(g))) === null) continue;
    sink.out(`${g}: removed process group`);
  }
  for (const g of diff.changed.filter(selected)) {
    if ((await attempt(g, () => client.stopProcessGroup(g))) === null) continue;
    sink.out(`${g}: stopped`);
    if ((await attempt(g, () => client.removeProcessGroup(g))) === null) continue;
    if ((await attempt(g, () => client.addProcessGroup(g))) === null) continue;
    sink.out(`${g}: updated process group`);
  }
  for (const g of diff.added.filter(selected)) {
    if ((await attempt(g, () => client.addProcessGroup(g))) === null) continue;
    sink.out(`${g}: added process group`);
  }
}

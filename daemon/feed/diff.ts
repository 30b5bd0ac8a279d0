/** Which ProcessInfo fields a feed change carries (pure). */
import type { ProcessChange } from '../../src/live/feed-protocol.ts';
import type { ProcessInfo } from '../../src/protocol/types.ts';

type Field = Exclude<keyof ProcessInfo, 'group' | 'name' | 'now' | 'description'>;
const FIELDS: readonly Field[] = ['start', 'stop', 'state', 'statename', 'spawnerr', 'exitstatus', 'logfile', 'stdout_logfile', 'stderr_logfile', 'pid'];

/**
 * The fields of `next` that differ from `prev` (all of them for a new process), with the
 * description whenever anything changed; null when only `now` (and so a RUNNING uptime) moved.
 */
export function infoChange(prev: ProcessInfo | undefined, next: ProcessInfo): ProcessChange | null {
  if (prev === undefined) {
    const { now: _now, ...rest } = next;
    return rest;
  }
  const out: ProcessChange = { group: next.group, name: next.name };
  let any = false;
  for (const f of FIELDS) {
    if (prev[f] !== next[f]) {
      (out as Record<string, unknown>)[f] = next[f];
      any = true;
    }
  }
  if (!any) return null;
  out.description = next.description;
  return out;
}

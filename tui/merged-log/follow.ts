/**
 * Follows several logs into one pane: one LogTail (and so one byte cursor: each byte once, across
 * drops, reloads and rotation) per source, each complete line put behind its source's prefix as
 * it arrives. Lines interleave in arrival order, batch by batch; an unfinished line shows once
 * it is complete.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import type { LogChannel } from '../../src/protocol/index.ts';
import { LogTail } from '../effects/log-tail.ts';
import { sourceLabel, unqualify } from '../fleet/model.ts';
import type { Action } from '../state.ts';
import { prefixLines, sourcePrefixes } from './model.ts';

export interface MergedFollowOptions {
  targets: readonly string[];
  channel: LogChannel;
  /** The client a target's process is on (null: none, e.g. a server not in the fleet). */
  clientFor(target: string): { client: SupervisorClient; namespec: string } | null;
  dispatch(a: Action): void;
  color: boolean;
  pollMs: number;
}

/** Starts following; returns the stop function. */
export function followMerged(o: MergedFollowOptions): () => void {
  const tails = sourcePrefixes(o.targets, o.color).flatMap(({ target, prefix }) => {
    const where = o.clientFor(target);
    if (where === null) return [];
    return [
      new LogTail(
        where.client,
        where.namespec,
        o.channel,
        {
          append: (lines) => {
            if (lines.length > 0) o.dispatch({ type: 'logAppend', lines: prefixLines(prefix, lines), partial: '' });
          },
          error: (text) => o.dispatch({ type: 'message', text: `${sourceLabel(target)}: ${text}`, error: true, at: Date.now() }),
        },
        o.pollMs,
      ),
    ];
  });
  for (const t of tails) t.start();
  return () => tails.forEach((t) => t.close());
}

/** In a fleet a target is `namespec@server`: that server's client; else the one client. */
export function clientResolver(client: SupervisorClient | null, fleet: ReadonlyMap<string, SupervisorClient> | null): MergedFollowOptions['clientFor'] {
  return (target) => {
    if (fleet === null) return client === null ? null : { client, namespec: target };
    const [namespec, server] = unqualify(target);
    const c = server === null ? undefined : fleet.get(server);
    return c === undefined ? null : { client: c, namespec };
  };
}

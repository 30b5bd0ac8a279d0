/**
 * Actions over a fleet, pure parts: which processes of which server a dashboard target means, and
 * the plan of a rolling restart (servers in batches of N, each server's matching processes).
 */
import { serverMatches, splitAtServer } from '../../src/fleet/select.ts';
import { makeNamespec } from '../../src/protocol/index.ts';
import { selectProcesses } from '../../src/ctl/selection.ts';
import type { Target } from '../state.ts';
import { unqualify, type FleetMember } from './model.ts';

/** Per server (fleet order), the target as that server's own names. */
export function splitTarget(target: Target, servers: readonly string[]): Map<string, Target> {
  const out = new Map<string, Target>();
  if (target.kind === 'all') {
    for (const s of servers) out.set(s, { kind: 'all' });
    return out;
  }
  if (target.kind === 'group') {
    const [group, server] = unqualify(target.name);
    if (server !== null) out.set(server, group === '' ? { kind: 'all' } : { kind: 'group', name: group });
    return out;
  }
  const names = new Map<string, string[]>();
  for (const q of target.names) {
    const [name, server] = unqualify(q);
    if (server === null) continue;
    names.set(server, [...(names.get(server) ?? []), name]);
  }
  for (const s of servers) if (names.has(s)) out.set(s, { kind: 'processes', names: names.get(s)! });
  return out;
}

export interface RollingStep {
  server: string;
  /** Namespecs to restart there, in table order. */
  names: string[];
}

export interface RollingPlan {
  /** Servers restarted together; the next batch waits for the whole batch. */
  batches: RollingStep[][];
  /** Words that matched nothing anywhere (`name: ERROR (no such process)`). */
  errors: string[];
}

/**
 * `:rolling-restart web:* [-n N]`: the names (with `@glob` for servers, as on the command line),
 * per server that has any of them, in fleet order, N servers at a time.
 */
export function planRolling(members: readonly FleetMember[], words: readonly string[], batch: number): RollingPlan {
  const steps: RollingStep[] = [];
  const hits = new Set<string>();
  for (const m of members) {
    const infos = m.snapshot?.infos ?? [];
    const mine: string[] = [];
    for (const w of words) {
      const [name, glob] = splitAtServer(w);
      if (glob !== null && !serverMatches(glob, m.name)) continue;
      const { matched } = selectProcesses(infos, [name]);
      if (matched.length > 0) hits.add(w);
      for (const p of matched) {
        const n = makeNamespec(p.group, p.name);
        if (!mine.includes(n)) mine.push(n);
      }
    }
    if (mine.length > 0) steps.push({ server: m.name, names: mine });
  }
  const batches: RollingStep[][] = [];
  const size = Math.max(1, Math.floor(batch));
  for (let i = 0; i < steps.length; i += size) batches.push(steps.slice(i, i + size));
  return { batches, errors: words.filter((w) => !hits.has(w)).map((w) => `${w}: ERROR (no such process)`) };
}

/** `rolling-restart NAME… [--batch N | -n N]` → names and N servers at a time (default 1), or the usage error. */
export function parseRollingArgs(words: readonly string[]): { names: string[]; batch: number } | { error: string } {
  const names: string[] = [];
  let batch = 1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = /^--batch=(.*)$/.exec(w);
    if (w === '-n' || w === '--batch' || eq) {
      const n = Number(eq ? eq[1] : words[++i]);
      if (!Number.isInteger(n) || n < 1) return { error: 'rolling-restart: --batch takes a number of servers at a time (1 or more)' };
      batch = n;
    } else if (w.startsWith('-')) return { error: `rolling-restart: unknown option ${w} (--batch N)` };
    else names.push(w);
  }
  if (names.length === 0) return { error: 'usage: rolling-restart NAME|GROUP:*[@SERVERS]… [--batch SERVERS_AT_A_TIME]' };
  return { names, batch };
}

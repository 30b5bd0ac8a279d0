/**
 * What an action on several processes does, in which order (pure): the namespecs a target names,
 * in batches of equal priority as supervisord's own group calls run them; for a start on a server
 * that knows depends_on (ours), never before what a process depends on (src/deps/start-plan.ts).
 * The dashboard's confirmation shows the start plan and tui/effects/actions.ts runs it.
 */
import { planStart, startOrderText, type PlannedStart, type StartCandidate } from '../src/deps/start-plan.ts';
import { RUNNING_STATES, makeNamespec } from '../src/protocol/index.ts';
import { priorityOf, type Snapshot } from './model.ts';
import type { Target } from './state.ts';

/** The namespecs a target names. */
export function targetNames(target: Target, snap: Snapshot | null): string[] {
  const infos = snap?.infos ?? [];
  if (target.kind === 'processes') return [...target.names];
  if (target.kind === 'group') return infos.filter((p) => p.group === target.name).map((p) => makeNamespec(p.group, p.name));
  return infos.map((p) => makeNamespec(p.group, p.name));
}

/**
 * Namespecs a target names in batches of equal priority, in the order the batches run: ascending
 * for start, descending for stop. Multi-process targets skip processes already in the wanted state.
 */
export function planBatches(direction: 'start' | 'stop' | 'any', target: Target, snap: Snapshot | null): string[][] {
  let names = targetNames(target, snap);
  const multi = target.kind !== 'processes' || names.length > 1;
  const stateOf = new Map((snap?.infos ?? []).map((p) => [makeNamespec(p.group, p.name), p.statename]));
  if (multi && direction !== 'any') {
    names = names.filter((n) => {
      const st = stateOf.get(n);
      if (st === undefined) return true;
      return direction === 'start' ? !RUNNING_STATES.has(st) : RUNNING_STATES.has(st);
    });
  }
  const planned = names.map((namespec) => ({ namespec, pr: priorityOf(snap, namespec) }));
  planned.sort((a, b) => a.pr.group - b.pr.group || a.pr.process - b.pr.process || (a.namespec < b.namespec ? -1 : a.namespec > b.namespec ? 1 : 0));
  const batches: string[][] = [];
  let key = '';
  for (const p of planned) {
    const k = `${p.pr.group}/${p.pr.process}`;
    if (batches.length === 0 || k !== key) batches.push([]);
    key = k;
    batches[batches.length - 1]!.push(p.namespec);
  }
  if (direction === 'stop') batches.reverse();
  return batches;
}

/** The batches flattened: the order in which the processes are asked. */
export function planOrder(direction: 'start' | 'stop' | 'any', target: Target, snap: Snapshot | null): string[] {
  return planBatches(direction, target, snap).flat();
}

/**
 * The start batches of a target: priority order, and where the server reports depends_on (ours:
 * `snap.health`), dependencies first and stopped ones outside the target pulled in. `restarting`:
 * the target's processes are about to be stopped, so all of them start.
 */
export function startBatches(target: Target, snap: Snapshot | null, restarting = false): PlannedStart[][] {
  const batches = planBatches(restarting ? 'any' : 'start', target, snap);
  const health = snap?.health;
  if (health === null || health === undefined) return batches.map((b) => b.map((namespec) => ({ namespec, after: [], pulledFor: [] })));
  const names = batches.flat();
  const stopping = new Set(restarting ? names : []);
  const candidates: StartCandidate[] = (snap?.infos ?? []).map((p) => {
    const namespec = makeNamespec(p.group, p.name);
    return { namespec, priority: priorityOf(snap, namespec), running: RUNNING_STATES.has(p.statename) && !stopping.has(namespec), requires: health.get(namespec)?.requires ?? [] };
  });
  return planStart(names, candidates);
}

/** The confirmation's second line: `start order: db (for web) → api → web (after api)`. */
export function startOrderLine(target: Target, snap: Snapshot | null, restarting = false): string {
  const plan = startBatches(target, snap, restarting);
  return plan.length === 0 ? 'nothing to start' : `start order: ${startOrderText(plan)}`;
}

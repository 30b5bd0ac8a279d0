/**
 * The order a client starts several processes in when the server knows their `depends_on`
 * (ours): Supervisor's priority order, except that nothing starts before what it depends on, and
 * stopped dependencies outside the set are started first (as `start x` does on the daemon).
 * Batches are the steps a client runs one after the other, the members of one batch together.
 * Pure: the dashboard shows this plan in its confirmation and then runs it.
 */

export interface StartCandidate {
  readonly namespec: string;
  readonly priority: { readonly group: number; readonly process: number };
  /** Already up or on its way (RUNNING, STARTING, BACKOFF): never started again, waited for by the daemon. */
  readonly running: boolean;
  /** Direct dependencies, as namespecs (supervisortui.getAllHealth `requires`). */
  readonly requires: readonly string[];
}

export interface PlannedStart {
  readonly namespec: string;
  /** The dependencies started earlier in this plan that it waits for. */
  readonly after: readonly string[];
  /** Not asked for: started first because these (asked for) depend on it, directly or not. */
  readonly pulledFor: readonly string[];
}

const DEFAULT_PRIORITY = { group: 999, process: 999 };

/**
 * Plan the start of `wanted` (namespecs already filtered to what should start) over `all`.
 * A name missing from `all` starts with the default priority and no dependencies.
 */
export function planStart(wanted: readonly string[], all: readonly StartCandidate[]): PlannedStart[][] {
  const byName = new Map(all.map((c) => [c.namespec, c]));
  const candidate = (n: string): StartCandidate => byName.get(n) ?? { namespec: n, priority: DEFAULT_PRIORITY, running: false, requires: [] };
  const wantedSet = new Set(wanted);
  // Stopped dependencies outside the set, with the wanted processes they are pulled in for.
  const pulled = new Map<string, string[]>();
  for (const w of wanted) {
    const seen = new Set<string>([w]);
    const visit = (n: string): void => {
      for (const d of candidate(n).requires) {
        if (seen.has(d)) continue;
        seen.add(d);
        const c = candidate(d);
        if (!c.running && !wantedSet.has(d)) pulled.set(d, [...(pulled.get(d) ?? []), w]);
        visit(d);
      }
    };
    visit(w);
  }
  const members = [...wantedSet, ...pulled.keys()].map(candidate);
  const inPlan = new Set(members.map((c) => c.namespec));
  const key = (c: StartCandidate): string => `${c.priority.group}/${c.priority.process}`;
  const remaining = [...members].sort(
    (a, b) => a.priority.group - b.priority.group || a.priority.process - b.priority.process || (a.namespec < b.namespec ? -1 : a.namespec > b.namespec ? 1 : 0),
  );
  // Priority order, each process only once everything it depends on in the plan has gone before.
  const done = new Set<string>();
  const batches: PlannedStart[][] = [];
  let batchKey = '';
  let batchNames = new Set<string>();
  while (remaining.length > 0) {
    const ready = (c: StartCandidate): boolean => c.requires.every((d) => !inPlan.has(d) || done.has(d));
    // One that can join the current batch first (same priority, nothing it needs in it), so that a
    // process waiting for a dependency does not hold back its independent peers.
    let i = remaining.findIndex((c) => key(c) === batchKey && ready(c) && !c.requires.some((d) => batchNames.has(d)));
    if (i === -1) i = remaining.findIndex(ready);
    if (i === -1) i = 0; // a cycle: the config reader refuses those; never loop
    const c = remaining.splice(i, 1)[0]!;
    const after = c.requires.filter((d) => inPlan.has(d));
    if (batches.length === 0 || key(c) !== batchKey || after.some((d) => batchNames.has(d))) {
      batches.push([]);
      batchKey = key(c);
      batchNames = new Set();
    }
    batches[batches.length - 1]!.push({ namespec: c.namespec, after, pulledFor: pulled.get(c.namespec) ?? [] });
    batchNames.add(c.namespec);
    done.add(c.namespec);
  }
  return batches;
}

/** `db (for web) → api, cache (after db) → web (after api, cache)`: the plan in one line. */
export function startOrderText(plan: readonly (readonly PlannedStart[])[]): string {
  const one = (p: PlannedStart): string => {
    const notes = [...(p.pulledFor.length > 0 ? [`for ${p.pulledFor.join(', ')}`] : []), ...(p.after.length > 0 ? [`after ${p.after.join(', ')}`] : [])];
    return notes.length > 0 ? `${p.namespec} (${notes.join('; ')})` : p.namespec;
  };
  return plan.map((b) => b.map(one).join(', ')).join(' → ');
}

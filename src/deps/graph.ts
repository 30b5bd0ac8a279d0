/**
 * `depends_on` as pure graph logic, shared by the config reader (missing targets and cycles are
 * config errors) and the daemon (who waits for whom, what `start x` starts first, stop order).
 * An entry names a program (`db`: every process of [program:db], wherever it is grouped), a
 * whole group (`backend:*` or `backend:`), or one process (`backend:db`).
 */

/** What the graph needs to know of a process. */
export interface DepNode {
  readonly group: string;
  readonly name: string;
  /** The program section's name (`[program:db]` → `db`), shared by its numprocs instances. */
  readonly program: string;
  readonly depends_on: readonly string[];
}

/** Whether a depends_on entry names this process. */
export function entryMatches(entry: string, n: DepNode): boolean {
  const colon = entry.indexOf(':');
  if (colon === -1) return n.program === entry;
  const group = entry.slice(0, colon);
  const rest = entry.slice(colon + 1);
  return n.group === group && (rest === '' || rest === '*' || rest === n.name);
}

/** Each entry of `node.depends_on` with the processes it names (never `node` itself counted out: a self-reference is a cycle). */
export function directDependencies<T extends DepNode>(node: DepNode, all: readonly T[]): { entry: string; targets: T[] }[] {
  return node.depends_on.map((entry) => ({ entry, targets: all.filter((n) => entryMatches(entry, n)) }));
}

/** The entries that name no process at all. */
export function missingEntries(node: DepNode, all: readonly DepNode[]): string[] {
  return directDependencies(node, all)
    .filter((d) => d.targets.length === 0)
    .map((d) => d.entry);
}

/**
 * A dependency cycle between programs, as the list of program names from the first to itself
 * again (`['web', 'api', 'web']`), or null. Found by depth-first search in input order, so
 * the answer is stable.
 */
export function findCycle(all: readonly DepNode[]): string[] | null {
  const programs = [...new Set(all.map((n) => n.program))];
  const edges = new Map<string, string[]>();
  for (const p of programs) {
    const members = all.filter((n) => n.program === p);
    const targets = members.flatMap((m) => directDependencies(m, all).flatMap((d) => d.targets.map((t) => t.program)));
    edges.set(p, [...new Set(targets)]);
  }
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (p: string): string[] | null => {
    if (onPath.has(p)) return [...path.slice(path.indexOf(p)), p];
    if (done.has(p)) return null;
    onPath.add(p);
    path.push(p);
    for (const q of edges.get(p) ?? []) {
      const cycle = visit(q);
      if (cycle !== null) return cycle;
    }
    path.pop();
    onPath.delete(p);
    done.add(p);
    return null;
  };
  for (const p of programs) {
    const cycle = visit(p);
    if (cycle !== null) return cycle;
  }
  return null;
}

/**
 * Everything `node` depends on, directly or not, in an order they can be started in
 * (dependencies before their dependents), without `node`. Assumes no cycle.
 */
export function transitiveDependencies<T extends DepNode>(node: T, all: readonly T[]): T[] {
  const out: T[] = [];
  const seen = new Set<T>([node]);
  const visit = (n: DepNode): void => {
    for (const d of directDependencies(n, all)) {
      for (const t of d.targets) {
        if (seen.has(t)) continue;
        seen.add(t);
        visit(t);
        out.push(t);
      }
    }
  };
  visit(node);
  return out;
}

/** The processes among `all` that depend directly on `node`. */
export function directDependents<T extends DepNode>(node: DepNode, all: readonly T[]): T[] {
  return all.filter((n) => n !== node && n.depends_on.some((e) => entryMatches(e, node)));
}

/**
 * What `node` depends on as a tree, depth-first in depends_on order: each process with its depth
 * (1 = direct) and the entry that names it. A process reached twice is listed under each parent
 * but not expanded again; a cycle (refused by the config reader) cannot loop.
 */
export function dependencyTree<T extends DepNode>(node: T, all: readonly T[]): { node: T; depth: number; entry: string }[] {
  const out: { node: T; depth: number; entry: string }[] = [];
  const expanded = new Set<DepNode>([node]);
  const visit = (n: DepNode, depth: number): void => {
    for (const d of directDependencies(n, all)) {
      for (const t of d.targets) {
        if (t === node) continue;
        out.push({ node: t, depth, entry: d.entry });
        if (expanded.has(t)) continue;
        expanded.add(t);
        visit(t, depth + 1);
      }
    }
  };
  visit(node, 1);
  return out;
}

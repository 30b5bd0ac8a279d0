/**
 * `depends_on` over the live process table: which entries a process still waits for, what
 * `start x` starts first, and who must stop before a process does. The graph logic is
 * src/deps/graph.ts; this only maps live processes onto it.
 */
import { directDependencies, directDependents, transitiveDependencies, type DepNode } from '../../src/deps/graph.ts';
import type { HealthState } from '../../src/protocol/types.ts';
import type { ManagedProcess } from '../process/process.ts';

interface LiveNode extends DepNode {
  readonly proc: ManagedProcess;
}

function nodeOf(p: ManagedProcess): LiveNode {
  return { group: p.groupName, name: p.name, program: p.config.program_name, depends_on: p.config.depends_on, proc: p };
}

export class DependencyTracker {
  constructor(
    /** Every live process. */
    private readonly processes: () => readonly ManagedProcess[],
    private readonly healthOf: (p: ManagedProcess) => HealthState,
  ) {}

  /** RUNNING, and healthy where it has a health check: what a dependent waits for. */
  isReady(p: ManagedProcess): boolean {
    return p.state === 'RUNNING' && (p.config.healthcheck === null || this.healthOf(p) === 'healthy');
  }

  /** The `depends_on` entries of `p` that name a process not ready yet (in config order). */
  unmet(p: ManagedProcess): string[] {
    if (p.config.depends_on.length === 0) return [];
    const all = this.nodes();
    return directDependencies(nodeOf(p), all)
      .filter((d) => d.targets.some((t) => !this.isReady(t.proc)))
      .map((d) => d.entry);
  }

  /** The processes `p`'s depends_on names (directly), in config order. */
  requires(p: ManagedProcess): ManagedProcess[] {
    if (p.config.depends_on.length === 0) return [];
    return [...new Set(directDependencies(nodeOf(p), this.nodes()).flatMap((d) => d.targets.map((t) => t.proc)))];
  }

  /** What `p` depends on, directly or not, dependencies first. */
  startOrder(p: ManagedProcess): ManagedProcess[] {
    if (p.config.depends_on.length === 0) return [];
    const all = this.nodes();
    const self = all.find((n) => n.proc === p)!;
    return transitiveDependencies(self, all).map((n) => n.proc);
  }

  /** The live processes that depend directly on `p` (cheap when nothing uses depends_on: it runs on every shutdown step). */
  dependents(p: ManagedProcess): ManagedProcess[] {
    const withDeps = this.processes().filter((q) => q.config.depends_on.length > 0);
    if (withDeps.length === 0) return [];
    return directDependents(nodeOf(p), withDeps.map(nodeOf)).map((n) => n.proc);
  }

  private nodes(): LiveNode[] {
    return this.processes().map(nodeOf);
  }
}

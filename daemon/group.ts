/** A live process group: its processes in stored order, and the orderings Supervisor uses (compat §3). */
import type { GroupConfig } from '../src/config/types.ts';
import { STOPPED_STATES } from '../src/protocol/states.ts';
import { ManagedProcess, type ProcessContext } from './process/process.ts';

/** Stable sort by a numeric key (Array.prototype.sort is stable). */
export function stableSortBy<T>(items: readonly T[], key: (t: T) => number): T[] {
  return [...items].sort((a, b) => key(a) - key(b));
}

/** Shutdown/reload of one process: RUNNING/STARTING are stopped, BACKOFF gives up. */
export function stopForShutdown(p: ManagedProcess): void {
  if (p.state === 'RUNNING' || p.state === 'STARTING') {
    try {
      p.stop();
    } catch {
      // FAILED: the process is now UNKNOWN (logged); shutdown treats it as stopped.
    }
  } else if (p.state === 'BACKOFF') {
    p.giveUp();
  }
}

export class ProcessGroup {
  /** The configuration this group was created from. */
  readonly config: GroupConfig;
  /** Processes in stored order: (priority, name) for a program, `programs=` order for a [group:x]. */
  readonly processes: readonly ManagedProcess[];

  constructor(config: GroupConfig, ctx: ProcessContext) {
    this.config = config;
    const isListener = config.type === 'eventlistener';
    this.processes = config.processes.map((p) => new ManagedProcess(p, config.name, isListener, ctx));
  }

  get name(): string {
    return this.config.name;
  }
  get priority(): number {
    return this.config.priority;
  }

  /** The process of that name in this group, or undefined. */
  process(name: string): ManagedProcess | undefined {
    return this.processes.find((p) => p.name === name);
  }

  /** Processes by ascending process priority (stable: ties keep stored order). */
  byPriority(): ManagedProcess[] {
    return stableSortBy(this.processes, (p) => p.config.priority);
  }

  /** Processes not in a stopped state (STOPPING counts as not stopped). */
  unstopped(): ManagedProcess[] {
    return this.processes.filter((p) => !STOPPED_STATES.has(p.state));
  }

  /** Shutdown/reload step for this group: descending priority, each process `canStop` allows (depends_on order). */
  stopAllForShutdown(canStop: (p: ManagedProcess) => boolean = () => true): void {
    for (const p of this.byPriority().reverse()) if (canStop(p)) stopForShutdown(p);
  }

  /** One transition pass in stored order (autostart, autorestart, retries). */
  tick(): void {
    for (const p of this.processes) p.tick();
  }

  reopenLogs(): void {
    for (const p of this.processes) p.reopenLogs();
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.close()));
  }
}

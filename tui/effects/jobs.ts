/**
 * Actions in flight. Independent actions run at once; an action on a process that a running
 * action also touches waits for it, visibly ("waiting for web…"), never silently. Each job
 * reports its progress and its end, so the footer can show every running action.
 */

export interface JobSink {
  start(id: number, label: string, text: string): void;
  progress(id: number, text: string): void;
  end(id: number): void;
}

/** What a job touches: some processes, or everything (all, update, a command line). */
export type Scope = { kind: 'processes'; names: readonly string[] } | { kind: 'all' };

interface Running {
  scope: Scope;
  label: string;
  done: Promise<void>;
}

export function overlaps(a: Scope, b: Scope): boolean {
  if (a.kind === 'all' || b.kind === 'all') return true;
  const set = new Set(a.names);
  return b.names.some((n) => set.has(n));
}

export class Jobs {
  private next = 1;
  private readonly running = new Map<number, Running>();

  constructor(private readonly sink: JobSink) {}

  /** Run `work` once no running job overlaps `scope`; `work` reports progress through its argument. */
  run(label: string, scope: Scope, work: (progress: (text: string) => void) => Promise<void>): Promise<void> {
    const id = this.next++;
    const before = [...this.running.values()].filter((r) => overlaps(r.scope, scope));
    const done = (async () => {
      this.sink.start(id, label, before.length > 0 ? `waiting for ${before.map((b) => b.label).join(', ')}…` : `${label}…`);
      try {
        await Promise.all(before.map((b) => b.done));
        await work((text) => this.sink.progress(id, text));
      } finally {
        this.running.delete(id);
        this.sink.end(id);
      }
    })();
    this.running.set(id, { scope, label, done: done.catch(() => {}) });
    return done;
  }

  get size(): number {
    return this.running.size;
  }
}

/**
 * Delivers each event to every pool subscribed to its type. The global serial is taken only
 * when at least one pool accepts the event (events nobody listens to consume no serial).
 */
import { SerialCounter } from './envelope.ts';
import type { EventTypeName } from '../../src/protocol/event-types.ts';
import type { SupervisorEvent } from './payload.ts';
import type { EventPool } from './pool.ts';

/** Runs a dispatch pass: at once (tests), or deferred until the engine's current change is complete (the daemon). */
export type DispatchScheduler = (run: () => void) => void;

export class EventRouter {
  private readonly pools: EventPool[] = [];
  private dispatchPending = false;

  /**
   * `serial` is the global counter; pass the previous one across a reload, as supervisord keeps its own.
   * With a deferring `schedule` (queueMicrotask), an event a dying listener held is re-queued before the
   * events its exit produced are dispatched, so oldest-first holds as in supervisord's loop.
   */
  constructor(
    private readonly serial: SerialCounter = new SerialCounter(),
    private readonly schedule: DispatchScheduler = (run) => run(),
  ) {}

  addPool(pool: EventPool): void {
    this.pools.push(pool);
  }

  /** Unsubscribes the pool; its buffered events are lost (as in Supervisor). */
  removePool(name: string): EventPool | null {
    const i = this.pools.findIndex((p) => p.name === name);
    if (i === -1) return null;
    const [pool] = this.pools.splice(i, 1);
    pool!.close();
    return pool!;
  }

  pool(name: string): EventPool | null {
    return this.pools.find((p) => p.name === name) ?? null;
  }

  /** Whether any pool would take an event of this type (lets callers skip rendering a payload nobody reads). */
  wants(name: EventTypeName): boolean {
    return this.pools.some((p) => p.subscribes(name));
  }

  /** Buffers the event in every subscribed pool and lets each pool send what it can. */
  publish(event: SupervisorEvent): void {
    const targets = this.pools.filter((p) => p.subscribes(event.name));
    if (targets.length === 0) return;
    const serial = this.serial.next();
    for (const p of targets) p.accept(event, serial);
    if (this.dispatchPending) return;
    this.dispatchPending = true;
    this.schedule(() => {
      this.dispatchPending = false;
      for (const p of this.pools) p.dispatch();
    });
  }
}

/**
 * The engine's typed, synchronous event bus. Subscribers run in emission order inside
 * `emit`, so an event is seen before anything else changes (payload fields stay true);
 * a throwing subscriber is reported through `onError` and never breaks the emitter.
 */
import type { EngineEvent, EngineEventName } from './types.ts';

/** The event type(s) whose `name` can be N (distributes over the union: some members carry several names). */
export type EngineEventOf<N extends EngineEventName> = EngineEvent extends infer E ? (E extends { name: infer M } ? (N extends M ? E : never) : never) : never;
export type Unsubscribe = () => void;

export class EventBus {
  private readonly all = new Set<(e: EngineEvent) => void>();
  private readonly byName = new Map<EngineEventName, Set<(e: EngineEvent) => void>>();

  /** Called with a subscriber's exception (the daemon logs it); defaults to ignoring it. */
  onError: (err: unknown, event: EngineEvent) => void = () => {};

  /** Every event. */
  subscribe(listener: (e: EngineEvent) => void): Unsubscribe {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  /** Events of one concrete name, e.g. `on('PROCESS_STATE_RUNNING', …)`. */
  on<N extends EngineEventName>(name: N, listener: (e: EngineEventOf<N>) => void): Unsubscribe {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    const l = listener as (e: EngineEvent) => void;
    set.add(l);
    return () => set.delete(l);
  }

  emit(event: EngineEvent): void {
    for (const l of [...this.all, ...(this.byName.get(event.name) ?? [])]) {
      try {
        l(event);
      } catch (err) {
        this.onError(err, event);
      }
    }
  }
}

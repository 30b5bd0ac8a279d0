/**
 * The view state outside React: actions are reduced synchronously, so a burst of keys in one
 * read ("jj\r") is interpreted against the state each previous key produced. React subscribes
 * with useSyncExternalStore; effects queued by the reducer are handed to one runner.
 */
import { reduce } from './reducer.ts';
import type { Action, Effect, ViewState } from './state.ts';

export class Store {
  private state: ViewState;
  private readonly listeners = new Set<() => void>();
  private runner: ((e: Effect) => void) | null = null;

  constructor(initial: ViewState) {
    this.state = initial;
  }

  get = (): ViewState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Who runs the effects (the app, once mounted). */
  setRunner(runner: ((e: Effect) => void) | null): void {
    this.runner = runner;
    this.drain();
  }

  dispatch = (action: Action): void => {
    const next = reduce(this.state, action);
    if (next === this.state) return;
    this.state = next;
    this.drain();
    for (const l of this.listeners) l();
  };

  private drain(): void {
    if (!this.runner || this.state.effects.length === 0) return;
    const effects = this.state.effects;
    this.state = reduce(this.state, { type: 'effectsTaken', count: effects.length });
    for (const e of effects) this.runner(e);
  }
}

/**
 * Wires the events subsystem into one Supervisor incarnation: every `[eventlistener:x]` group
 * becomes a pool (subscribed before its own PROCESS_GROUP_ADDED is routed, unsubscribed
 * before its PROCESS_GROUP_REMOVED, as supervisord does), engine bus events are routed to the
 * pools, listener stdout runs the protocol, and TICK events are emitted on the bus.
 * Everything is event-driven and non-blocking: a slow listener only makes its own pool's
 * buffer wait.
 */
import type { ManagedProcess, ProcessGroup, Supervisor } from '../supervisor.ts';
import { SerialCounter } from './envelope.ts';
import { canonicalEventTypeName, type EventTypeName } from '../../src/protocol/event-types.ts';
import { fromEngineEvent } from './payload.ts';
import { EventPool, type ListenerProcess } from './pool.ts';
import { EventRouter } from './router.ts';
import { startTicks } from './ticks.ts';
import type { EngineEvent } from './types.ts';

export interface EventListenersOptions {
  /** The global serial counter of the previous incarnation (a reload keeps counting, as supervisord does). */
  readonly serial?: SerialCounter;
  /** Wall clock for TICK events, epoch ms; defaults to Date.now. */
  readonly clock?: () => number;
}

export interface EventListeners {
  readonly router: EventRouter;
  /** The global serial counter, to hand to the next incarnation's attachEventListeners. */
  readonly serial: SerialCounter;
  /** Stop ticking and routing (the incarnation is over). */
  detach(): void;
}

/** Call before `supervisor.start()`, so the startup PROCESS_GROUP_ADDED events create the pools. */
export function attachEventListeners(supervisor: Supervisor, opts: EventListenersOptions = {}): EventListeners {
  const serial = opts.serial ?? new SerialCounter();
  const router = new EventRouter(serial, queueMicrotask);
  const offs: (() => void)[] = [];
  const poolOffs = new Map<string, (() => void)[]>();

  const addPool = (group: ProcessGroup): void => {
    const cfg = group.config;
    if (cfg.type !== 'eventlistener') return;
    const events = cfg.events.map(canonicalEventTypeName).filter((n): n is EventTypeName => n !== null);
    const pool = new EventPool({
      name: cfg.name,
      bufferSize: cfg.buffer_size,
      events,
      server: supervisor.identifier,
      log: (level, message) => supervisor.log.log(level, message),
    });
    router.addPool(pool);
    poolOffs.set(cfg.name, group.processes.map((p) => watchListener(pool, p)));
  };

  const removePool = (name: string): void => {
    for (const off of poolOffs.get(name) ?? []) off();
    poolOffs.delete(name);
    router.removePool(name);
  };

  const route = (e: EngineEvent): void => {
    if (e.name === 'PROCESS_GROUP_ADDED') {
      const group = supervisor.getGroup(e.groupname);
      if (group && !poolOffs.has(e.groupname)) addPool(group);
    } else if (e.name === 'PROCESS_GROUP_REMOVED') {
      removePool(e.groupname);
    }
    // Output chunks are frequent: render a payload only when some pool will take it.
    if (router.wants(e.name)) router.publish(fromEngineEvent(e));
  };

  offs.push(supervisor.bus.subscribe(route));
  // Groups created before we attached (none when called before start()).
  for (const g of supervisor.groups()) if (!poolOffs.has(g.name)) addPool(g);
  offs.push(startTicks((tick) => supervisor.bus.emit(tick), opts.clock));

  return {
    router,
    serial,
    detach() {
      for (const off of offs) off();
      for (const name of [...poolOffs.keys()]) removePool(name);
    },
  };
}

/** Connects one listener process to its pool: protocol on stdout, events through stdin, spawn/exit/RUNNING. */
function watchListener(pool: EventPool, p: ManagedProcess): () => void {
  const proc: ListenerProcess = {
    name: p.name,
    isRunning: () => p.state === 'RUNNING',
    write(data) {
      try {
        p.writeStdin(data);
        return true;
      } catch {
        return false; // not running or stdin closed: the pool tries another member
      }
    },
  };
  pool.listenerSpawned(proc); // registers the member in pool order
  const offState = p.onStateChange((e) => {
    switch (e.to) {
      case 'STARTING':
        // A new child: a fresh protocol state, ACKNOWLEDGED until it says READY.
        pool.listenerSpawned(proc);
        break;
      case 'RUNNING':
        pool.dispatch();
        break;
      case 'EXITED':
      case 'BACKOFF':
      case 'STOPPED':
      case 'FATAL':
        // The engine reports an exit only after the child's stdout was drained, so a last RESULT was already parsed.
        pool.listenerExited(proc.name);
        break;
      case 'STOPPING':
      case 'UNKNOWN':
        break;
    }
  });
  const offOutput = p.onOutput((channel, chunk) => {
    if (channel === 'stdout') pool.listenerOutput(proc.name, chunk);
  });
  return () => {
    offState();
    offOutput();
  };
}

/**
 * The daemon lifecycle's `attach` hook (DaemonHooks.attach): attaches the events subsystem to
 * each incarnation, carrying the global serial across reloads as supervisord does.
 */
export function eventListenersHook(): (supervisor: Supervisor) => () => void {
  let serial: SerialCounter | undefined;
  return (supervisor) => {
    const attached = attachEventListeners(supervisor, serial === undefined ? {} : { serial });
    serial = attached.serial;
    return () => attached.detach();
  };
}

/**
 * Supervisor's event type hierarchy (compat §7.1). Subscribing to a type delivers every
 * type below it; envelopes always name the concrete (leaf) type. This table is the one
 * list of valid `events=` names: the config reader validates against it, the daemon routes by it.
 */

export const EVENT_PARENTS = {
  EVENT: null,
  PROCESS_STATE: 'EVENT',
  PROCESS_STATE_STOPPED: 'PROCESS_STATE',
  PROCESS_STATE_EXITED: 'PROCESS_STATE',
  PROCESS_STATE_STARTING: 'PROCESS_STATE',
  PROCESS_STATE_STOPPING: 'PROCESS_STATE',
  PROCESS_STATE_BACKOFF: 'PROCESS_STATE',
  PROCESS_STATE_FATAL: 'PROCESS_STATE',
  PROCESS_STATE_RUNNING: 'PROCESS_STATE',
  PROCESS_STATE_UNKNOWN: 'PROCESS_STATE',
  PROCESS_COMMUNICATION: 'EVENT',
  PROCESS_COMMUNICATION_STDOUT: 'PROCESS_COMMUNICATION',
  PROCESS_COMMUNICATION_STDERR: 'PROCESS_COMMUNICATION',
  PROCESS_LOG: 'EVENT',
  PROCESS_LOG_STDOUT: 'PROCESS_LOG',
  PROCESS_LOG_STDERR: 'PROCESS_LOG',
  REMOTE_COMMUNICATION: 'EVENT',
  SUPERVISOR_STATE_CHANGE: 'EVENT',
  SUPERVISOR_STATE_CHANGE_RUNNING: 'SUPERVISOR_STATE_CHANGE',
  SUPERVISOR_STATE_CHANGE_STOPPING: 'SUPERVISOR_STATE_CHANGE',
  TICK: 'EVENT',
  TICK_5: 'TICK',
  TICK_60: 'TICK',
  TICK_3600: 'TICK',
  PROCESS_GROUP: 'EVENT',
  PROCESS_GROUP_ADDED: 'PROCESS_GROUP',
  PROCESS_GROUP_REMOVED: 'PROCESS_GROUP',
  // Ours, outside Supervisor's tree (no EVENT parent): a listener gets them only by naming them,
  // so one subscribed to EVENT or any Supervisor type sees exactly what 4.2.5 would send.
  PROCESS_MEMORY_LIMIT: null,
  PROCESS_HEALTH: null,
  PROCESS_HEALTH_HEALTHY: 'PROCESS_HEALTH',
  PROCESS_HEALTH_UNHEALTHY: 'PROCESS_HEALTH',
} as const satisfies Record<string, string | null>;

export type EventTypeName = keyof typeof EVENT_PARENTS;

/** Types never emitted themselves: only subscribed to. */
const ABSTRACT = new Set<EventTypeName>([
  'EVENT',
  'PROCESS_STATE',
  'PROCESS_COMMUNICATION',
  'PROCESS_LOG',
  'SUPERVISOR_STATE_CHANGE',
  'TICK',
  'PROCESS_GROUP',
  'PROCESS_HEALTH',
]);

/** Our event types (4.2.5 refuses them in `events=`); everything else is Supervisor's. */
export const EXTENSION_EVENT_NAMES: readonly EventTypeName[] = ['PROCESS_MEMORY_LIMIT', 'PROCESS_HEALTH', 'PROCESS_HEALTH_HEALTHY', 'PROCESS_HEALTH_UNHEALTHY'];

export type ConcreteEventName = Exclude<
  EventTypeName,
  'EVENT' | 'PROCESS_STATE' | 'PROCESS_COMMUNICATION' | 'PROCESS_LOG' | 'SUPERVISOR_STATE_CHANGE' | 'TICK' | 'PROCESS_GROUP' | 'PROCESS_HEALTH'
>;

/** Every valid `events=` name, in Supervisor's table order. */
export const EVENT_TYPE_NAMES: readonly EventTypeName[] = Object.keys(EVENT_PARENTS) as EventTypeName[];

export const CONCRETE_EVENT_NAMES: readonly ConcreteEventName[] = EVENT_TYPE_NAMES.filter(
  (n): n is ConcreteEventName => !ABSTRACT.has(n),
);

export function isEventTypeName(name: string): name is EventTypeName {
  return Object.hasOwn(EVENT_PARENTS, name);
}

/** Supervisor matches `events=` names case-insensitively; returns the canonical name or null. */
export function canonicalEventTypeName(name: string): EventTypeName | null {
  const upper = name.trim().toUpperCase();
  return isEventTypeName(upper) ? upper : null;
}

/** True when an event of type `name` is delivered to a subscriber of `ancestor` (a type is its own ancestor). */
export function isSubtypeOf(name: EventTypeName, ancestor: EventTypeName): boolean {
  for (let t: EventTypeName | null = name; t !== null; t = EVENT_PARENTS[t]) {
    if (t === ancestor) return true;
  }
  return false;
}

/** True when any of the subscribed types covers `name`. */
export function matchesSubscription(name: EventTypeName, subscriptions: Iterable<EventTypeName>): boolean {
  for (const s of subscriptions) if (isSubtypeOf(name, s)) return true;
  return false;
}

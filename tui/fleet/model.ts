/** What the dashboard knows of each server of a fleet, as its own refresh loop reports it. */
import type { ContextColor } from '../../src/fleet/types.ts';
import type { Connection, ServerInfo, Snapshot } from '../model.ts';

export interface FleetMember {
  name: string;
  snapshot: Snapshot | null;
  server: ServerInfo | null;
  conn: Connection;
  /** Round-trip time of its last refresh, ms. */
  rttMs: number | null;
}

export interface FleetView {
  context: string | null;
  color: ContextColor | null;
  /** In fleet order. */
  members: readonly FleetMember[];
  /** Servers as top-level rows (false: one flat table with the server in front of each name). */
  tree: boolean;
  /** Local time of this view (ms): the age of an unreachable server's data is counted from it. */
  now: number;
}

/** `web:web_00@web1`: a process or group of one server of the fleet, as the CLI spells it. */
export function qualify(name: string, server: string): string {
  return `${name}@${server}`;
}

/** `web:web_00@web1` → ['web:web_00', 'web1']; no `@` → [name, null]. */
export function unqualify(name: string): [string, string | null] {
  const i = name.lastIndexOf('@');
  return i < 0 ? [name, null] : [name.slice(0, i), name.slice(i + 1)];
}

/**
 * The log pane over several servers: its target is the marked `namespec@server` names joined by
 * blanks (names hold none), each followed at once, lines prefixed `server:namespec | `.
 */
export function logTargets(target: string): string[] {
  return target.split(' ').filter((t) => t !== '');
}

export function isMultiTarget(target: string | null): boolean {
  return target !== null && target.includes(' ');
}

/** `web:web_00@web1` → `web1:web:web_00`, the CLI's `tail -f` prefix. */
export function sourceLabel(qualified: string): string {
  const [name, server] = unqualify(qualified);
  return server === null ? name : `${server}:${name}`;
}

/** A context of the servers file, as the `:ctx` picker lists it. */
export interface ContextChoice {
  name: string;
  color: ContextColor | null;
  servers: number;
  readonly: boolean;
}

/** `:ctx`: the servers file's contexts and the switch to one, inside the running dashboard. */
export interface ContextSwitch {
  /** The context on screen (null: every server of the file, or `-s` given several times). */
  current: string | null;
  /** Read from the servers file when asked (edits show); throws its one-line error when it went bad. */
  choices(): readonly ContextChoice[];
  /** Resolves once the dashboard shows the context; rejects with a one-line error, the old one staying. */
  switchTo(name: string): Promise<void>;
}

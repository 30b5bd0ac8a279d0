/**
 * The watcher's pure parts: applying feed messages to a process table and decoding a feed line
 * with checks at the boundary.
 */
import { pyCompare } from '../py/python.ts';
import { asProcessInfo, asStateInfo, isStruct, PROCESS_INFO, ResultShapeError } from '../client/results.ts';
import { makeNamespec } from '../protocol/namespec.ts';
import { ProcessStates, type ProcessStateName } from '../protocol/states.ts';
import type { ProcessHealth, ProcessInfo, SupervisorStateInfo } from '../protocol/types.ts';
import { asProcessHealth } from '../client/health.ts';
import type { XmlRpcValue } from '../xmlrpc/types.ts';
import type { ChangesMessage, FeedMessage, ProcessChange, StatsRow } from './feed-protocol.ts';

export interface Table {
  readonly infos: readonly ProcessInfo[];
  readonly state: SupervisorStateInfo;
  /** From the feed: the processes with a healthcheck or depends_on, by namespec; null when polling (not known). */
  readonly health: ReadonlyMap<string, ProcessHealth> | null;
}

/** A snapshot's health entries by namespec. */
export function healthTable(entries: readonly ProcessHealth[]): Map<string, ProcessHealth> {
  return new Map(entries.map((h) => [makeNamespec(h.group, h.name), h]));
}

/** getAllProcessInfo's order: groups by name, then processes by name, as Python compares strings. */
function compareInfo(a: ProcessInfo, b: ProcessInfo): number {
  return a.group !== b.group ? pyCompare(a.group, b.group) : pyCompare(a.name, b.name);
}

/**
 * A changes message applied to a table: changed fields merged (unchanged processes keep their
 * objects), removed ones dropped, new ones inserted in order, health entries replaced. Returns
 * the namespecs touched.
 */
export function applyChanges(table: Table, msg: ChangesMessage): { table: Table; changed: Set<string> } {
  const changed = new Set<string>();
  const removed = new Set(msg.removed ?? []);
  const byKey = new Map<string, ProcessChange>();
  for (const c of msg.processes ?? []) byKey.set(makeNamespec(c.group, c.name), c);
  const infos: ProcessInfo[] = [];
  for (const info of table.infos) {
    const ns = makeNamespec(info.group, info.name);
    if (removed.has(ns)) {
      changed.add(ns);
      continue;
    }
    const c = byKey.get(ns);
    if (c === undefined) {
      infos.push(info);
      continue;
    }
    byKey.delete(ns);
    changed.add(ns);
    infos.push({ ...info, ...c, now: Math.floor(msg.now) });
  }
  let added = false;
  for (const [ns, c] of byKey) {
    const full = asNewInfo(c, msg.now);
    if (full === null) continue; // a change for a process we never saw whole: the next snapshot has it
    infos.push(full);
    changed.add(ns);
    added = true;
  }
  if (added) infos.sort(compareInfo);
  let health = table.health;
  if (msg.health !== undefined || removed.size > 0) {
    const next = new Map(health ?? []);
    for (const ns of removed) next.delete(ns);
    for (const h of msg.health ?? []) {
      const ns = makeNamespec(h.group, h.name);
      next.set(ns, h);
      changed.add(ns);
    }
    health = next;
  }
  return { table: { infos, state: msg.state ?? table.state, health }, changed };
}

function asNewInfo(c: ProcessChange, now: number): ProcessInfo | null {
  try {
    return asProcessInfo('feed', { ...c, now: Math.floor(now) } as unknown as XmlRpcValue);
  } catch {
    return null;
  }
}

export class FeedLineError extends Error {
  override readonly name = 'FeedLineError';
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One feed line, shape-checked (an unknown `t` is null: newer daemons may send more kinds). */
export function decodeFeedLine(text: string): FeedMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new FeedLineError(`feed line is not JSON: ${text.slice(0, 80)}`);
  }
  const x = v as XmlRpcValue;
  if (!isStruct(x)) throw new FeedLineError('feed line is not an object');
  try {
    switch (x['t']) {
      case 'hello':
        if (typeof x['id'] !== 'string' || typeof x['epoch'] !== 'string' || !num(x['serial'])) break;
        return { t: 'hello', id: x['id'], epoch: x['epoch'], serial: x['serial'], resumed: x['resumed'] === true };
      case 'snapshot': {
        if (typeof x['epoch'] !== 'string' || !num(x['serial']) || !num(x['now']) || !Array.isArray(x['processes'])) break;
        return {
          t: 'snapshot',
          epoch: x['epoch'],
          serial: x['serial'],
          now: x['now'],
          state: asStateInfo('feed', x['state'] ?? null),
          processes: x['processes'].map((p) => asProcessInfo('feed', p)),
          health: healthList(x['health']),
        };
      }
      case 'changes':
        return decodeChanges(x);
      case 'stats':
        return decodeStats(x);
      case 'ping':
        if (!num(x['serial'])) break;
        return { t: 'ping', serial: x['serial'] };
      default:
        return null;
    }
  } catch (err) {
    if (err instanceof ResultShapeError) throw new FeedLineError(err.message);
    throw err;
  }
  throw new FeedLineError(`feed ${String(x['t'])} line lacks a field`);
}

/** What a change line may carry: every ProcessInfo field but its identity and the server's clock. */
const { name: _name, group: _group, now: _now, ...CHANGE_FIELDS } = PROCESS_INFO;

function decodeChanges(x: { [key: string]: XmlRpcValue }): ChangesMessage | null {
  if (!num(x['serial']) || !num(x['now'])) throw new FeedLineError('feed changes line lacks serial or now');
  const msg: ChangesMessage = { t: 'changes', serial: x['serial'], now: x['now'] };
  if (x['state'] !== undefined) msg.state = asStateInfo('feed', x['state']);
  const strings = (k: string): string[] | undefined => {
    const v = x[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new FeedLineError(`feed changes: ${k} is not a list of names`);
    return v as string[];
  };
  const removed = strings('removed');
  const added = strings('groups_added');
  const gone = strings('groups_removed');
  if (removed) msg.removed = removed;
  if (added) msg.groups_added = added;
  if (gone) msg.groups_removed = gone;
  if (x['health'] !== undefined) msg.health = healthList(x['health']);
  const procs = x['processes'];
  if (procs !== undefined) {
    if (!Array.isArray(procs)) throw new FeedLineError('feed changes: processes is not a list');
    msg.processes = procs.map((p) => {
      if (!isStruct(p) || typeof p['group'] !== 'string' || typeof p['name'] !== 'string') throw new FeedLineError('feed changes: a process without group and name');
      const c: Record<string, XmlRpcValue> = { group: p['group'], name: p['name'] };
      for (const [k, kind] of Object.entries(CHANGE_FIELDS)) {
        const v = p[k];
        if (v === undefined) continue;
        if (typeof v !== kind) throw new FeedLineError(`feed changes: ${k} of ${p['name']} is not a ${kind}`);
        c[k] = v;
      }
      const statename = c['statename'];
      if (statename !== undefined && !Object.hasOwn(ProcessStates, statename as string)) throw new FeedLineError(`feed changes: unknown state ${String(statename)}`);
      return c as unknown as ProcessChange & { statename?: ProcessStateName };
    });
  }
  return msg;
}

function healthList(v: XmlRpcValue | undefined): ProcessHealth[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new FeedLineError('feed health is not a list');
  return v.map((h) => asProcessHealth(h, 'feed'));
}

function decodeStats(x: { [key: string]: XmlRpcValue }): FeedMessage {
  const host = x['host'] ?? null;
  const rows = x['rows'] ?? null;
  const now = x['now'];
  if (!num(now) || !isStruct(host) || !isStruct(rows)) throw new FeedLineError('feed stats line is malformed');
  const [cpu, memTotal, memAvailable] = [host['cpu'], host['mem_total'], host['mem_available']];
  if (!num(cpu) || !num(memTotal) || !num(memAvailable)) throw new FeedLineError('feed stats host is malformed');
  const out: Record<string, StatsRow> = {};
  for (const [ns, r] of Object.entries(rows)) {
    if (!Array.isArray(r) || r.length !== 3 || !r.every(num)) throw new FeedLineError(`feed stats row ${ns} is malformed`);
    out[ns] = [r[0] as number, r[1] as number, r[2] as number];
  }
  return { t: 'stats', now, host: { cpu, mem_total: memTotal, mem_available: memAvailable }, rows: out };
}

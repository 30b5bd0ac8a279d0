/**
 * All process groups, as Supervisor's `process_groups_from_parser` builds them: [group:x]
 * first (their programs stop being groups of their own), then [program:x], [eventlistener:x],
 * [fcgi-program:x]; finally sorted by (priority, name).
 */
import { saneget, type ReadContext } from './context.ts';
import { ConfigError } from './errors.ts';
import { DEFAULT_RESULT_HANDLER } from './factories.ts';
import { normalizePath, isabs } from '../py/path.ts';
import { isEventTypeName } from '../protocol/event-types.ts';
import { pyRepr } from '../py/python.ts';
import { importSpec } from './read-plugins.ts';
import { processesFromSection, sortByPriorityAndName } from './read-programs.ts';
import { colonSeparatedUserGroup, gidForUid, nameToUid } from './system-values.ts';
import type { FcgiGroupConfig, GroupConfig, ProcessConfig } from './types.ts';
import { boolean, integer, listOfStrings, octalType, processOrGroupName } from './values.ts';

const afterColon = (section: string): string => section.slice(section.indexOf(':') + 1);

export function readGroups(ctx: ReadContext): GroupConfig[] {
  const sections = ctx.parser.sections();
  const has = new Set(sections);
  const excluded = new Set<string>();
  const groups: GroupConfig[] = [];
  const get = <D>(section: string, opt: string, dflt: D, extra: Record<string, string> = {}): string | D =>
    saneget(ctx, section, opt, dflt, { ...extra, here: ctx.here });

  for (const section of sections.filter((s) => s.startsWith('group:'))) {
    const name = processOrGroupName(afterColon(section));
    const programs = listOfStrings(get(section, 'programs', null));
    const priority = integer(get(section, 'priority', 999));
    const processes: ProcessConfig[] = [];
    for (const program of programs) {
      const programSection = `program:${program}`;
      const fcgiSection = `fcgi-program:${program}`;
      // Supervisor 4.2.5 names the previous member's section here (compat §10.6); this names the group.
      if (!has.has(programSection) && !has.has(fcgiSection)) {
        throw new ConfigError(`[${section}] names unknown program or fcgi-program ${program}`);
      }
      if (has.has(programSection) && has.has(fcgiSection)) {
        throw new ConfigError(`[${section}] name ${program} is ambiguous (exists as program and fcgi-program)`);
      }
      const member = has.has(programSection) ? programSection : fcgiSection;
      excluded.add(member);
      processes.push(...processesFromSection(ctx, member, name));
    }
    groups.push({ type: 'group', name, priority, processes });
  }

  for (const section of sections.filter((s) => s.startsWith('program:') && !excluded.has(s))) {
    const name = processOrGroupName(afterColon(section));
    const priority = integer(get(section, 'priority', 999));
    groups.push({ type: 'program', name, priority, processes: processesFromSection(ctx, section, name) });
  }

  for (const section of sections.filter((s) => s.startsWith('eventlistener:'))) {
    const name = afterColon(section);
    const priority = integer(get(section, 'priority', -1));
    const bufferSize = integer(get(section, 'buffer_size', 10));
    if (bufferSize < 1) throw new ConfigError(`[${section}] section sets invalid buffer_size (${bufferSize})`);
    const resultHandler = get(section, 'result_handler', DEFAULT_RESULT_HANDLER);
    if (!importSpec(resultHandler, ctx.world)) throw new ConfigError(`${resultHandler} cannot be resolved within [${section}]`);
    const events = [...new Set(listOfStrings(get(section, 'events', '')).map((e) => e.toUpperCase()))];
    if (events.length === 0) throw new ConfigError(`[${section}] section requires an "events" line`);
    const unknown = events.find((e) => !isEventTypeName(e));
    if (unknown !== undefined) throw new ConfigError(`Unknown event type ${unknown} in [${section}] events`);
    if (boolean(get(section, 'redirect_stderr', 'false'))) {
      throw new ConfigError(
        `[${section}] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol`,
      );
    }
    const processes = processesFromSection(ctx, section, name);
    groups.push({ type: 'eventlistener', name, priority, processes, buffer_size: bufferSize, events: events.sort(), result_handler: resultHandler });
  }

  for (const section of sections.filter((s) => s.startsWith('fcgi-program:') && !excluded.has(s))) {
    groups.push(readFcgiGroup(ctx, section, get));
  }

  return sortByPriorityAndName(groups);
}

type Getter = <D>(section: string, opt: string, dflt: D, extra?: Record<string, string>) => string | D;

function readFcgiGroup(ctx: ReadContext, section: string, get: Getter): FcgiGroupConfig {
  const name = processOrGroupName(afterColon(section));
  const priority = integer(get(section, 'priority', 999));
  const user = get(section, 'user', null);
  const procUid = user === null ? null : nameToUid(user, ctx.world);
  const backlogRaw = get(section, 'socket_backlog', null);
  let backlog: number | null = null;
  if (backlogRaw !== null) {
    backlog = integer(backlogRaw);
    if (backlog < 1 || backlog > 65535) throw new ConfigError(`Invalid socket_backlog value ${backlog}`);
  }
  const ownerRaw = get(section, 'socket_owner', null);
  let owner: [number, number] | null = null;
  if (ownerRaw !== null) {
    try {
      owner = colonSeparatedUserGroup(ownerRaw, ctx.world);
    } catch {
      throw new ConfigError(`Invalid socket_owner value ${ownerRaw}`);
    }
  }
  const modeRaw = get(section, 'socket_mode', null);
  let mode: number | null = null;
  if (modeRaw !== null) {
    try {
      mode = octalType(modeRaw);
    } catch {
      throw new ConfigError(`Invalid socket_mode value ${modeRaw}`);
    }
  }
  const socket = get(section, 'socket', null, { program_name: name });
  if (!socket) throw new ConfigError(`[${section}] section requires a "socket" line`);
  let parsed: { url: string; owner: [number, number] | null; mode: number | null };
  try {
    parsed = parseFcgiSocket(ctx, socket, procUid, owner, mode);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(`${err.message} in [${section}] socket`);
  }
  const processes = processesFromSection(ctx, section, name);
  return {
    type: 'fcgi-program',
    name,
    priority,
    processes,
    socket: parsed.url,
    socket_owner: parsed.owner,
    socket_mode: parsed.mode,
    socket_backlog: backlog,
  };
}

/** Supervisor raises these two with two arguments, so its message is the tuple's repr. */
function pyTupleMessage(template: string, arg: string): string {
  return `(${pyRepr(template)}, ${pyRepr(arg)})`;
}

function parseFcgiSocket(
  ctx: ReadContext,
  sock: string,
  procUid: number | null,
  owner: [number, number] | null,
  mode: number | null,
): { url: string; owner: [number, number] | null; mode: number | null } {
  if (sock.startsWith('unix://')) {
    const raw = sock.slice(7);
    if (!isabs(raw)) throw new ConfigError(pyTupleMessage('Unix socket path %s is not an absolute path', raw));
    const path = normalizePath(raw, ctx.world);
    let socketOwner = owner;
    if (socketOwner === null && procUid !== null && procUid !== ctx.world.uid()) {
      socketOwner = [procUid, gidForUid(procUid, ctx.world)];
    }
    return { url: `unix://${path}`, owner: socketOwner, mode: mode ?? 0o700 };
  }
  if (owner !== null || mode !== null) {
    throw new ConfigError('socket_owner and socket_mode params should only be used with a Unix domain socket');
  }
  const m = /^tcp:\/\/([^\s:]+):(\d+)$/u.exec(sock);
  if (!m) throw new ConfigError(pyTupleMessage('Bad socket format %s', sock));
  const port = Number(m[2]);
  if (port < 1) throw new ConfigError(`${port} is below lower bound (1)`);
  if (port > 65535) throw new ConfigError(`${port} is above upper bound (65535)`);
  return { url: `tcp://${m[1]!.toLowerCase()}:${port}`, owner: null, mode: null };
}

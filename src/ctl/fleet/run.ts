/**
 * A supervisorctl command over a fleet: each server runs it as its own session, in parallel;
 * what each printed comes out in fleet order behind its name. `status` shares one column layout
 * (and `--json` one array with a `server` field), `tail -f` merges the streams behind
 * `server:name` prefixes. The exit status is 0 when every server's is, else the largest.
 */
import type { Fleet, Secrets } from '../../fleet/index.ts';
import { routeWords } from '../../fleet/index.ts';
import { colorState } from '../color.ts';
import { words } from '../command.ts';
import { Ctl, type Connect, type Output, type Terminal } from '../context.ts';
import { COMMANDS, parseLine, reportError, runLine } from '../controller.ts';
import { statusArgs, statusSelection } from '../cmd-process.ts';
import { Exit } from '../exit-status.ts';
import { changesServer } from '../read-only.ts';
import { codePoints, formatStatusLines, pad, statusJsonRows } from '../format.ts';
import { combinedExit, flushPrefixed, openMember, type Member } from './member.ts';
import { followFleet, followFleetMain } from './follow.ts';

export interface FleetIo {
  output: Output;
  terminal: Terminal;
  connect: Connect;
  color: boolean;
}

/** Words of a command line that are not process or group names: they go to every server. */
function commonWord(command: string, all: readonly string[]): (word: string, index: number) => boolean {
  return (word, i) => {
    if (word.startsWith('-')) return true;
    if (command === 'signal' && i === 0) return true;
    // tail's channel: the last word after at least one name
    return command === 'tail' && i === all.length - 1 && i > 0 && /^(stdout|stderr)$/i.test(word) && !all[i - 1]!.startsWith('-');
  };
}

/** A readonly context refuses a command that could change something (one line; the caller exits 1). */
export function refusedByContext(fleet: Pick<Fleet, 'readonly' | 'context'>, rawLine: string, out: Output): boolean {
  const { command } = parseLine(rawLine);
  if (!fleet.readonly || !changesServer(command, (c) => COMMANDS[c] !== undefined)) return false;
  out.write(`Error: context ${fleet.context ?? ''} is readonly: ${command} refused\n`);
  return true;
}

export async function runFleetLine(fleet: Fleet, rawLine: string, io: FleetIo, secrets: Secrets): Promise<number> {
  const { command, arg, line } = parseLine(rawLine);
  const first = fleet.servers[0]!;
  // Lines no server answers (help, unknown syntax, quit) run once, as supervisorctl would.
  const here = () => new Ctl({ serverurl: first.serverurl, username: null, password: null, prompt: 'supervisor', historyFile: null }, io.connect, io.output, io.terminal, false, io.color);
  if (line === '' || command === 'help' || COMMANDS[command] === undefined || command === 'exit' || command === 'quit') {
    const ctl = here();
    await runLine(ctl, rawLine);
    return ctl.exit.code;
  }
  if (refusedByContext(fleet, rawLine, io.output)) return Exit.GENERIC;
  if (command === 'open') {
    io.output.write('Error: open points the session at one server; a fleet has several (use -s URL alone)\n');
    return Exit.GENERIC;
  }
  const all = words(arg);
  const names = fleet.servers.map((s) => s.name);
  const routed = routeWords(all, names, commonWord(command, all));
  let unmatchedExit: number = Exit.SUCCESS;
  for (const w of routed.unmatched) {
    io.output.write(`${w}: ERROR (no such server)\n`);
    unmatchedExit = Exit.INVALID_ARGS;
  }
  const chosen = fleet.servers.filter((s) => routed.perServer.has(s.name));
  if (chosen.length === 0) return unmatchedExit;
  const argsOf = (m: Member) => routed.perServer.get(m.server.name)!.join(' ');

  if (command === 'fg') {
    if (chosen.length !== 1) {
      io.output.write('Error: fg talks to one process: name its server (NAME@SERVER)\n');
      return Exit.GENERIC;
    }
    const m = await openMember(chosen[0]!, secrets, io.connect, io.color);
    if (m.failed) {
      flushPrefixed(m, `${m.server.name}: `, io.output);
      return m.ctl.exit.code;
    }
    const ctl = new Ctl(m.ctl.settings, io.connect, io.output, io.terminal, false, io.color);
    try {
      await runLine(ctl, `fg ${argsOf(m)}`);
    } finally {
      ctl.closeClient();
    }
    return combinedExit([ctl.exit.code, unmatchedExit]);
  }

  const members = await Promise.all(chosen.map((s) => openMember(s, secrets, io.connect, io.color)));
  try {
    const live = members.filter((m) => !m.failed);
    const tailPlan = command === 'tail' && all.includes('-f');
    if (command === 'status') await fleetStatus(members, live, io.output);
    else if (tailPlan) await followFleet(live, members, io, argsOf);
    else if (command === 'maintail' && all.includes('-f')) await followFleetMain(live, members, io);
    else {
      await Promise.all(live.map((m) => runLine(m.ctl, `${command} ${argsOf(m)}`)));
      for (const m of members) flushPrefixed(m, `${m.server.name}: `, io.output);
    }
    return combinedExit([...members.map((m) => m.ctl.exit.code), unmatchedExit]);
  } finally {
    for (const m of members) m.ctl.closeClient();
  }

  async function fleetStatus(every: Member[], live: Member[], out: Output): Promise<void> {
    const parsed = new Map(every.map((m) => [m, statusArgs(m.ctl, argsOf(m))]));
    const json = [...parsed.values()].some((p) => p.json);
    const color = [...parsed.values()].every((p) => p.color);
    const shown = new Map<Member, NonNullable<Awaited<ReturnType<typeof statusSelection>>>>();
    await Promise.all(
      live.map(async (m) => {
        try {
          const matched = await statusSelection(m.ctl, parsed.get(m)!.names, json);
          if (matched !== null) shown.set(m, matched);
        } catch (err) {
          reportError(m.ctl, err);
        }
      }),
    );
    if (json) {
      for (const m of every) flushPrefixed(m, `${m.server.name}: `, out);
      const rows = every.flatMap((m) => statusJsonRows(shown.get(m) ?? []).map((r) => ({ server: m.server.name, ...r })));
      out.write(JSON.stringify(rows, null, 2) + '\n');
      return;
    }
    // One layout for every server: the name column as wide as the longest name anywhere.
    const infos = every.flatMap((m) => shown.get(m) ?? []);
    const lines = formatStatusLines(infos, color ? colorState : undefined);
    const width = Math.max(...every.map((m) => codePoints(m.server.name)));
    let i = 0;
    for (const m of every) {
      flushPrefixed(m, `${m.server.name}: `, out);
      for (const _ of shown.get(m) ?? []) out.write(`${pad(m.server.name, width)}  ${lines[i++]!}\n`);
    }
  }
}

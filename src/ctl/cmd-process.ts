/** status, start, stop, restart, signal, pid, clear (compat §8.4). */
import { RpcFault, Faults } from '../protocol/faults.ts';
import { splitNamespec } from '../protocol/namespec.ts';
import { STOPPED_STATES, stateName } from '../protocol/states.ts';
import type { ProcessInfo, ProcessResult } from '../protocol/types.ts';
import { colorState } from './color.ts';
import { printHelp, words, type Command } from './command.ts';
import type { Ctl } from './context.ts';
import { Exit } from './exit-status.ts';
import { formatClearResult, formatSignalResult, formatStartResult, formatStatusLines, statusJsonRows, type ResultLike } from './format.ts';
import { selectProcesses } from './selection.ts';
import { upcheck } from './upcheck.ts';

/** A fault on a single-process call, as the result struct supervisorctl builds from it. */
function faultResult(err: unknown, spec: string): ResultLike {
  if (!(err instanceof RpcFault)) throw err;
  const [group, name] = splitNamespec(spec);
  return { name, group, status: err.faultCode, description: err.faultString };
}

function isFault(err: unknown, code: number): err is RpcFault {
  return err instanceof RpcFault && err.faultCode === code;
}

/** `status`'s own flags: `--json` and `--no-color` are ours, the rest are names. */
export function statusArgs(ctl: Ctl, arg: string): { json: boolean; color: boolean; names: string[] } {
  const args = words(arg);
  return {
    json: args.includes('--json'),
    color: ctl.color && !args.includes('--no-color'),
    names: args.filter((a) => a !== '--json' && a !== '--no-color'),
  };
}

/**
 * What `status` shows: the server checked, the processes named (errors for the unknown ones,
 * on stderr with --json to keep stdout machine-readable) and the exit status they mean; null when
 * the server is not up.
 */
export async function statusSelection(ctl: Ctl, names: readonly string[], json: boolean): Promise<ProcessInfo[] | null> {
  if (!(await upcheck(ctl, json ? (line) => ctl.err(line) : undefined))) {
    ctl.exit.set(Exit.STATUS_UNKNOWN);
    return null;
  }
  const all = await ctl.client().getAllProcessInfo();
  const { matched, errors } = selectProcesses(all, names);
  for (const e of errors) {
    if (json) ctl.err(e);
    else ctl.out(e);
    ctl.exit.set(Exit.STATUS_UNKNOWN);
  }
  for (const info of matched) {
    if (STOPPED_STATES.has(stateName(info.state))) ctl.exit.set(Exit.STATUS_NOT_RUNNING);
  }
  return matched;
}

/** `status [--json] [--no-color] [name…]`: the two flags are ours, the rest supervisorctl's. */
export const status: Command = async (ctl, arg) => {
  const { json, color, names } = statusArgs(ctl, arg);
  const matched = await statusSelection(ctl, names, json);
  if (matched === null) return;
  if (json) ctl.out(JSON.stringify(statusJsonRows(matched), null, 2));
  else for (const line of formatStatusLines(matched, color ? colorState : undefined)) ctl.out(line);
};

/** One of start/stop/signal over names, `g:*` groups or `all`, reported as supervisorctl does. */
interface ProcessOp {
  all(): Promise<ProcessResult[]>;
  group(group: string): Promise<ProcessResult[]>;
  one(spec: string): Promise<unknown>;
  format(r: ResultLike): string;
  /** The fault that leaves the exit status alone (ALREADY_STARTED for start, NOT_RUNNING for stop). */
  tolerated?: number;
  /** Status for an unknown group: 2 for start, 1 for the others. */
  badGroupStatus: number;
}

async function applyToNames(ctl: Ctl, names: readonly string[], op: ProcessOp): Promise<void> {
  const report = (r: ResultLike): void => {
    ctl.out(op.format(r));
    ctl.exit.fromFault(r.status, op.tolerated);
  };
  if (names.includes('all')) {
    for (const r of await op.all()) report(r);
    return;
  }
  for (const spec of names) {
    const [group, name] = splitNamespec(spec);
    if (name === null) {
      try {
        for (const r of await op.group(group)) report(r);
      } catch (err) {
        if (!isFault(err, Faults.BAD_NAME)) throw err;
        ctl.out(`${group}: ERROR (no such group)`);
        ctl.exit.set(op.badGroupStatus);
      }
      continue;
    }
    try {
      await op.one(spec);
      report({ name, group, status: Faults.SUCCESS, description: '' });
    } catch (err) {
      report(faultResult(err, spec));
    }
  }
}

const startOp = (ctl: Ctl): ProcessOp => {
  const c = ctl.client();
  return {
    all: () => c.startAllProcesses(),
    group: (g) => c.startProcessGroup(g),
    one: (spec) => c.startProcess(spec),
    format: formatStartResult,
    tolerated: Faults.ALREADY_STARTED,
    badGroupStatus: Exit.INVALID_ARGS,
  };
};

const stopOp = (ctl: Ctl): ProcessOp => {
  const c = ctl.client();
  return {
    all: () => c.stopAllProcesses(),
    group: (g) => c.stopProcessGroup(g),
    one: (spec) => c.stopProcess(spec),
    format: (r) => formatSignalResult(r, 'stopped'),
    tolerated: Faults.NOT_RUNNING,
    badGroupStatus: Exit.GENERIC,
  };
};

/** The names, or null after `Error: <command> requires a process name` and the command's help. */
function requireNames(ctl: Ctl, command: string, arg: string, status: number): string[] | null {
  const names = words(arg);
  if (names.length > 0) return names;
  ctl.out(`Error: ${command} requires a process name`);
  ctl.exit.set(status);
  printHelp(ctl, command);
  return null;
}

export const start: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = requireNames(ctl, 'start', arg, Exit.INVALID_ARGS);
  if (names) await applyToNames(ctl, names, startOp(ctl));
};

export const stop: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = requireNames(ctl, 'stop', arg, Exit.GENERIC);
  if (names) await applyToNames(ctl, names, stopOp(ctl));
};

export const restart: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = requireNames(ctl, 'restart', arg, Exit.GENERIC);
  if (!names) return;
  await applyToNames(ctl, names, stopOp(ctl));
  await applyToNames(ctl, names, startOp(ctl));
};

export const signal: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const args = words(arg);
  if (args.length < 2) {
    ctl.out('Error: signal requires a signal name and a process name');
    printHelp(ctl, 'signal');
    ctl.exit.set(Exit.GENERIC);
    return;
  }
  const [sig, ...names] = args as [string, ...string[]];
  const c = ctl.client();
  await applyToNames(ctl, names, {
    all: () => c.signalAllProcesses(sig),
    group: (g) => c.signalProcessGroup(g, sig),
    one: (spec) => c.signalProcess(spec, sig),
    format: (r) => formatSignalResult(r),
    badGroupStatus: Exit.GENERIC,
  });
};

export const pid: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const client = ctl.client();
  const names = words(arg);
  if (names.length === 0) {
    ctl.out(String(await client.getPID()));
    return;
  }
  if (names.includes('all')) {
    for (const info of await client.getAllProcessInfo()) ctl.out(String(info.pid));
    return;
  }
  for (const name of names) {
    try {
      const info = await client.getProcessInfo(name);
      ctl.out(String(info.pid));
      if (info.pid === 0) ctl.exit.set(Exit.NOT_RUNNING);
    } catch (err) {
      ctl.exit.set(Exit.GENERIC);
      if (!isFault(err, Faults.BAD_NAME)) throw err;
      ctl.out(`No such process ${name}`);
    }
  }
};

async function clearOne(ctl: Ctl, spec: string): Promise<void> {
  let r: ResultLike;
  try {
    await ctl.client().clearProcessLogs(spec);
    const [group, name] = splitNamespec(spec);
    r = { name, group, status: Faults.SUCCESS, description: '' };
  } catch (err) {
    r = faultResult(err, spec);
  }
  ctl.out(formatClearResult(r));
  ctl.exit.fromFault(r.status);
}

export const clear: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = requireNames(ctl, 'clear', arg, Exit.GENERIC);
  if (!names) return;
  const client = ctl.client();
  if (names.includes('all')) {
    for (const r of await client.clearAllProcessLogs()) {
      ctl.out(formatClearResult(r));
      ctl.exit.fromFault(r.status);
    }
    return;
  }
  for (const spec of names) {
    const [group, name] = splitNamespec(spec);
    if (name !== null) {
      await clearOne(ctl, spec);
      continue;
    }
    // 4.2.5 sends `g:*` to clearProcessLogs and prints `g:None: ERROR` (compat §8.4, do not
    // copy): clear each process of the group instead.
    const members = (await client.getAllProcessInfo()).filter((i) => i.group === group);
    if (members.length === 0) {
      ctl.out(`${group}: ERROR (no such group)`);
      ctl.exit.set(Exit.GENERIC);
    }
    for (const m of members) await clearOne(ctl, `${m.group}:${m.name}`);
  }
};

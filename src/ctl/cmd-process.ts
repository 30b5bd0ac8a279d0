/** status, start, stop, restart, signal, pid, clear (compat §8.4). */
import { RpcFault, Faults } from '../protocol/faults.ts';
import { makeNamespec, splitNamespec } from '../protocol/namespec.ts';
import { STOPPED_STATES, stateName } from '../protocol/states.ts';
import type { ProcessResult } from '../protocol/types.ts';
import { colorState } from './color.ts';
import { printHelp, words, type Command } from './command.ts';
import type { Ctl } from './context.ts';
import { Exit } from './exit-status.ts';
import { formatClearResult, formatSignalResult, formatStartResult, formatStatusLines, statusJsonRows } from './format.ts';
import { selectProcesses } from './selection.ts';
import { upcheck } from './upcheck.ts';

/** A fault on a single-process call, as the result struct supervisorctl builds from it. */
function faultResult(err: unknown, spec: string): { name: string | null; group: string; status: number; description: string } {
  if (!(err instanceof RpcFault)) throw err;
  const [group, name] = splitNamespec(spec);
  return { name, group, status: err.faultCode, description: err.faultString };
}

function isFault(err: unknown, code: number): err is RpcFault {
  return err instanceof RpcFault && err.faultCode === code;
}

/** `status [--json] [--no-color] [name…]`: the two flags are ours, the rest supervisorctl's. */
export const status: Command = async (ctl, arg) => {
  const args = words(arg);
  const json = args.includes('--json');
  const color = ctl.color && !args.includes('--no-color');
  const names = args.filter((a) => a !== '--json' && a !== '--no-color');
  if (!(await upcheck(ctl, json ? (line) => ctl.err(line) : undefined))) {
    ctl.exit.set(Exit.STATUS_UNKNOWN);
    return;
  }
  const all = await ctl.client().getAllProcessInfo();
  const { matched, errors } = selectProcesses(all, names);
  for (const e of errors) {
    // JSON keeps stdout machine-readable; the text form prints errors where supervisorctl does.
    if (json) ctl.err(e);
    else ctl.out(e);
    ctl.exit.set(Exit.STATUS_UNKNOWN);
  }
  if (json) ctl.out(JSON.stringify(statusJsonRows(matched), null, 2));
  else for (const line of formatStatusLines(matched, color ? colorState : undefined)) ctl.out(line);
  for (const info of matched) {
    if (STOPPED_STATES.has(stateName(info.state))) ctl.exit.set(Exit.STATUS_NOT_RUNNING);
  }
};

async function startNames(ctl: Ctl, names: string[]): Promise<void> {
  const client = ctl.client();
  const report = (results: ProcessResult[]): void => {
    for (const r of results) {
      ctl.out(formatStartResult(r));
      ctl.exit.fromFault(r.status, Faults.ALREADY_STARTED);
    }
  };
  if (names.includes('all')) {
    report(await client.startAllProcesses());
    return;
  }
  for (const spec of names) {
    const [group, name] = splitNamespec(spec);
    if (name === null) {
      try {
        report(await client.startProcessGroup(group));
      } catch (err) {
        if (!isFault(err, Faults.BAD_NAME)) {
          ctl.exit.set(Exit.GENERIC);
          throw err;
        }
        ctl.out(`${group}: ERROR (no such group)`);
        ctl.exit.set(Exit.INVALID_ARGS);
      }
      continue;
    }
    try {
      await client.startProcess(spec);
      ctl.out(`${makeNamespec(group, name)}: started`);
    } catch (err) {
      const r = faultResult(err, spec);
      ctl.out(formatStartResult(r));
      ctl.exit.fromFault(r.status, Faults.ALREADY_STARTED);
    }
  }
}

async function stopNames(ctl: Ctl, names: string[]): Promise<void> {
  const client = ctl.client();
  const report = (results: ProcessResult[]): void => {
    for (const r of results) {
      ctl.out(formatSignalResult(r, 'stopped'));
      ctl.exit.fromFault(r.status, Faults.NOT_RUNNING);
    }
  };
  if (names.includes('all')) {
    report(await client.stopAllProcesses());
    return;
  }
  for (const spec of names) {
    const [group, name] = splitNamespec(spec);
    if (name === null) {
      try {
        report(await client.stopProcessGroup(group));
      } catch (err) {
        ctl.exit.set(Exit.GENERIC);
        if (!isFault(err, Faults.BAD_NAME)) throw err;
        ctl.out(`${group}: ERROR (no such group)`);
      }
      continue;
    }
    try {
      await client.stopProcess(spec);
      ctl.out(`${makeNamespec(group, name)}: stopped`);
    } catch (err) {
      const r = faultResult(err, spec);
      ctl.out(formatSignalResult(r, 'stopped'));
      ctl.exit.fromFault(r.status, Faults.NOT_RUNNING);
    }
  }
}

export const start: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = words(arg);
  if (names.length === 0) {
    ctl.out('Error: start requires a process name');
    ctl.exit.set(Exit.INVALID_ARGS);
    printHelp(ctl, 'start');
    return;
  }
  await startNames(ctl, names);
};

export const stop: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = words(arg);
  if (names.length === 0) {
    ctl.out('Error: stop requires a process name');
    ctl.exit.set(Exit.GENERIC);
    printHelp(ctl, 'stop');
    return;
  }
  await stopNames(ctl, names);
};

export const restart: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = words(arg);
  if (names.length === 0) {
    ctl.out('Error: restart requires a process name');
    ctl.exit.set(Exit.GENERIC);
    printHelp(ctl, 'restart');
    return;
  }
  await stopNames(ctl, names);
  await startNames(ctl, names);
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
  const client = ctl.client();
  const report = (results: ProcessResult[]): void => {
    for (const r of results) {
      ctl.out(formatSignalResult(r));
      ctl.exit.fromFault(r.status);
    }
  };
  if (names.includes('all')) {
    report(await client.signalAllProcesses(sig));
    return;
  }
  for (const spec of names) {
    const [group, name] = splitNamespec(spec);
    if (name === null) {
      try {
        report(await client.signalProcessGroup(group, sig));
      } catch (err) {
        if (!isFault(err, Faults.BAD_NAME)) throw err;
        ctl.out(`${group}: ERROR (no such group)`);
        ctl.exit.set(Exit.GENERIC);
      }
      continue;
    }
    try {
      await client.signalProcess(spec, sig);
      ctl.out(`${makeNamespec(group, name)}: signalled`);
    } catch (err) {
      const r = faultResult(err, spec);
      ctl.out(formatSignalResult(r));
      ctl.exit.fromFault(r.status);
    }
  }
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
  try {
    await ctl.client().clearProcessLogs(spec);
    const [group, name] = splitNamespec(spec);
    ctl.out(`${makeNamespec(group, name ?? group)}: cleared`);
  } catch (err) {
    const r = faultResult(err, spec);
    ctl.out(formatClearResult(r));
    ctl.exit.fromFault(r.status);
  }
}

export const clear: Command = async (ctl, arg) => {
  if (!(await upcheck(ctl))) return;
  const names = words(arg);
  if (names.length === 0) {
    ctl.out('Error: clear requires a process name');
    ctl.exit.set(Exit.GENERIC);
    printHelp(ctl, 'clear');
    return;
  }
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

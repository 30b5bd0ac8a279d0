/** avail, reread, add, remove, update (compat §8.4). None of them runs the upcheck. */
import { Faults, RpcFault } from '../protocol/faults.ts';
import { applyUpdate } from './apply-update.ts';
import { rejectsArgs, words, type Command } from './command.ts';
import { Exit } from './exit-status.ts';
import { formatAvailLine, formatChanges } from './format.ts';

function faultCode(err: unknown): number {
  if (err instanceof RpcFault) return err.faultCode;
  throw err;
}

export const avail: Command = async (ctl, arg) => {
  if (rejectsArgs(ctl, 'avail', arg)) return;
  try {
    for (const c of await ctl.client().getAllConfigInfo()) ctl.out(formatAvailLine(c));
  } catch (err) {
    ctl.exit.set(Exit.GENERIC);
    if (faultCode(err) !== Faults.SHUTDOWN_STATE) throw err;
    ctl.out('ERROR: supervisor shutting down');
  }
};

export const reread: Command = async (ctl, arg) => {
  if (rejectsArgs(ctl, 'reread', arg)) return;
  try {
    for (const line of formatChanges(await ctl.client().reloadConfig())) ctl.out(line);
  } catch (err) {
    ctl.exit.set(Exit.GENERIC);
    const code = faultCode(err);
    if (code === Faults.SHUTDOWN_STATE) ctl.out('ERROR: supervisor shutting down');
    else if (code === Faults.CANT_REREAD) ctl.out(`ERROR: ${(err as RpcFault).faultString}`);
    else throw err;
  }
};

export const add: Command = async (ctl, arg) => {
  for (const name of words(arg)) {
    try {
      await ctl.client().addProcessGroup(name);
      ctl.out(`${name}: added process group`);
    } catch (err) {
      const code = faultCode(err);
      if (code === Faults.SHUTDOWN_STATE) {
        ctl.out('ERROR: shutting down');
        ctl.exit.set(Exit.GENERIC);
      } else if (code === Faults.ALREADY_ADDED) {
        ctl.out('ERROR: process group already active');
      } else if (code === Faults.BAD_NAME) {
        ctl.out(`ERROR: no such process/group: ${name}`);
        ctl.exit.set(Exit.GENERIC);
      } else {
        ctl.exit.set(Exit.GENERIC);
        throw err;
      }
    }
  }
};

export const remove: Command = async (ctl, arg) => {
  for (const name of words(arg)) {
    try {
      await ctl.client().removeProcessGroup(name);
      ctl.out(`${name}: removed process group`);
    } catch (err) {
      ctl.exit.set(Exit.GENERIC);
      const code = faultCode(err);
      if (code === Faults.STILL_RUNNING) ctl.out(`ERROR: process/group still running: ${name}`);
      else if (code === Faults.BAD_NAME) ctl.out(`ERROR: no such process/group: ${name}`);
      else throw err;
    }
  }
};

export const update: Command = async (ctl, arg) => {
  const client = ctl.client();
  let diff;
  try {
    diff = await client.reloadConfig();
  } catch (err) {
    ctl.exit.set(Exit.GENERIC);
    if (faultCode(err) !== Faults.SHUTDOWN_STATE) throw err;
    ctl.out('ERROR: already shutting down');
    return;
  }
  // `all` means no filter. Unknown names are reported in argument order (4.2.5: set order).
  let wanted = new Set(words(arg));
  if (wanted.has('all')) wanted = new Set();
  if (wanted.size > 0) {
    const groups = new Set((await client.getAllProcessInfo()).map((i) => i.group));
    for (const g of diff.added) groups.add(g);
    for (const g of wanted) {
      if (!groups.has(g)) {
        ctl.out(`ERROR: no such group: ${g}`);
        ctl.exit.set(Exit.GENERIC);
      }
    }
  }
  const selected = (g: string): boolean => wanted.size === 0 || wanted.has(g);
  await applyUpdate(client, diff, selected, { out: (line) => ctl.out(line), failed: () => ctl.exit.set(Exit.GENERIC) });
};

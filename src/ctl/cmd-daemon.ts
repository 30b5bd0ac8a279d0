/** shutdown, reload, version, open (compat §8.4). */
import { ClientError } from '../client/types.ts';
import { Faults, RpcFault } from '../protocol/faults.ts';
import { rejectsArgs, type Command } from './command.ts';
import type { Ctl } from './context.ts';
import { Exit } from './exit-status.ts';
import { status } from './cmd-process.ts';
import { upcheck } from './upcheck.ts';

/** In the shell, shutdown and reload ask first; anything starting with y/Y is yes. */
async function confirmed(ctl: Ctl, question: string): Promise<boolean> {
  if (!ctl.interactive) return true;
  const answer = await ctl.terminal.readLine(question);
  return answer !== null && answer.toLowerCase().startsWith('y');
}

export const shutdown: Command = async (ctl, arg) => {
  if (rejectsArgs(ctl, 'shutdown', arg)) return;
  if (!(await confirmed(ctl, 'Really shut the remote supervisord process down y/N? '))) return;
  try {
    await ctl.client().shutdown();
    ctl.out('Shut down');
  } catch (err) {
    if (err instanceof RpcFault && err.faultCode === Faults.SHUTDOWN_STATE) {
      ctl.out('ERROR: already shutting down');
      return;
    }
    ctl.exit.set(Exit.GENERIC);
    if (err instanceof ClientError && err.kind === 'refused') {
      ctl.out(`ERROR: ${ctl.settings.serverurl} refused connection (already shut down?)`);
    } else if (err instanceof ClientError && err.kind === 'nofile') {
      ctl.out(`ERROR: ${ctl.settings.serverurl} no such file (already shut down?)`);
    } else {
      throw err;
    }
  }
};

export const reload: Command = async (ctl, arg) => {
  if (rejectsArgs(ctl, 'reload', arg)) return;
  if (!(await confirmed(ctl, 'Really restart the remote supervisord process y/N? '))) return;
  try {
    await ctl.client().restart();
    ctl.out('Restarted supervisord');
  } catch (err) {
    ctl.exit.set(Exit.GENERIC);
    if (!(err instanceof RpcFault && err.faultCode === Faults.SHUTDOWN_STATE)) throw err;
    ctl.out('ERROR: already shutting down');
  }
};

export const version: Command = async (ctl, arg) => {
  if (rejectsArgs(ctl, 'version', arg)) return;
  if (!(await upcheck(ctl))) return;
  ctl.out(await ctl.client().getSupervisorVersion());
};

/** supervisorctl takes unix:// and http://; ssh:// is ours (the client tunnels it). */
const OPEN_SCHEMES = new Set(['unix', 'http', 'ssh']);

export const open: Command = async (ctl, arg) => {
  const url = arg.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined || !OPEN_SCHEMES.has(scheme)) {
    ctl.out('ERROR: url must be http:// or unix://');
    ctl.exit.set(Exit.GENERIC);
    return;
  }
  ctl.reconfigure({ serverurl: url });
  const before = ctl.exit.code;
  await status(ctl, '');
  ctl.exit.set(before);
};

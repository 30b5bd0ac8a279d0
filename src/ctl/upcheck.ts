/**
 * supervisorctl's connection check before most commands (compat §8.3): getVersion must answer
 * API 3.0. Refused and missing-socket answers become a message and a status; anything else
 * propagates to the command loop, which prints it.
 */
import { ClientError } from '../client/types.ts';
import { Faults, RpcFault } from '../protocol/faults.ts';
import { API_VERSION } from '../protocol/types.ts';
import type { Ctl } from './context.ts';
import { Exit } from './exit-status.ts';

export const UNKNOWN_NAMESPACE_MESSAGE =
  'Sorry, supervisord responded but did not recognize the supervisor namespace commands that ' +
  'supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] section ' +
  'is enabled in the configuration file (see sample.conf).';

/** `say` prints the outcome; `status --json` sends it to stderr to keep stdout JSON. */
export async function upcheck(ctl: Ctl, say: (line: string) => void = (line) => ctl.out(line)): Promise<boolean> {
  try {
    const api = await ctl.client().getVersion();
    if (api !== API_VERSION) {
      say(`Sorry, this version of supervisorctl expects to talk to a server with API version ${API_VERSION}, but the remote version is ${api}.`);
      ctl.exit.set(Exit.NOT_INSTALLED);
      return false;
    }
    return true;
  } catch (err) {
    if (err instanceof RpcFault && err.faultCode === Faults.UNKNOWN_METHOD) {
      say(UNKNOWN_NAMESPACE_MESSAGE);
      ctl.exit.set(Exit.UNIMPLEMENTED_FEATURE);
      return false;
    }
    if (err instanceof ClientError && err.kind === 'refused') {
      say(`${ctl.settings.serverurl} refused connection`);
      ctl.exit.set(Exit.INSUFFICIENT_PRIVILEGES);
      return false;
    }
    if (err instanceof ClientError && err.kind === 'nofile') {
      say(`${ctl.settings.serverurl} no such file`);
      ctl.exit.set(Exit.NOT_RUNNING);
      return false;
    }
    ctl.exit.set(Exit.GENERIC);
    throw err;
  }
}

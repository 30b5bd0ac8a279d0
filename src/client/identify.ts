/** Checked decoding of `supervisortui.identify` (src/protocol/identify.ts), and which daemon a client is connected to. */
import { Faults, RpcFault } from '../protocol/faults.ts';
import { IDENTIFY_METHOD, type DaemonIdentity } from '../protocol/identify.ts';
import type { XmlRpcValue } from '../xmlrpc/types.ts';
import { asStructWith, type Kind } from './results.ts';
import type { SupervisorClient } from './types.ts';

const IDENTITY: Record<keyof DaemonIdentity, Kind> = {
  name: 'string',
  version: 'string',
  api_version: 'string',
  supervisor_version: 'string',
  pid: 'number',
  node_version: 'string',
};

export function asDaemonIdentity(v: XmlRpcValue): DaemonIdentity {
  return asStructWith<DaemonIdentity>(IDENTIFY_METHOD, v, IDENTITY);
}

/** Ours says what it is; a real supervisord faults UNKNOWN_METHOD, and that is null (other errors propagate). */
export async function identify(client: SupervisorClient): Promise<DaemonIdentity | null> {
  try {
    return asDaemonIdentity(await client.call(IDENTIFY_METHOD));
  } catch (err) {
    if (err instanceof RpcFault && err.faultCode === Faults.UNKNOWN_METHOD) return null;
    throw err;
  }
}

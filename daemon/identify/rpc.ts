/** `supervisortui.identify`: which daemon this is, in our own namespace (4.2.5 clients never see it). */
import { IDENTIFY_METHOD, type DaemonIdentity } from '../../src/protocol/identify.ts';
import { API_VERSION, SUPERVISOR_VERSION } from '../../src/protocol/types.ts';
import { packageVersion, PRODUCT_NAME } from '../../src/version.ts';
import { method, type MethodSpec } from '../rpc/dispatch.ts';

export const IDENTIFY_METHOD_DOCS: ReadonlyMap<string, string> = new Map([
  [
    IDENTIFY_METHOD,
    ` Return what this daemon is: supervisor-tui (name), its version, the
        Supervisor XML-RPC API version it speaks (api_version, as
        getAPIVersion), the supervisord release it behaves as
        (supervisor_version, as getSupervisorVersion), its pid and the
        Node.js version it runs on. A real supervisord faults
        UNKNOWN_METHOD.

        @return struct result  {name, version, api_version,
                               supervisor_version, pid, node_version}
        `,
  ],
]);

export function identity(): DaemonIdentity {
  return {
    name: PRODUCT_NAME,
    version: packageVersion(),
    api_version: API_VERSION,
    supervisor_version: SUPERVISOR_VERSION,
    pid: process.pid,
    node_version: process.versions.node,
  };
}

export function identifyMethods(): [string, MethodSpec][] {
  // Answered in every state, like getSupervisorVersion's neighbours in system.*: a client may ask while the daemon starts or stops.
  return [[IDENTIFY_METHOD, method([], () => ({ ...identity() }), { needsRunning: false })]];
}

/** `supervisortui.identify`: what a daemon of ours says it is (a real supervisord has no such method). */

export const IDENTIFY_METHOD = 'supervisortui.identify';

export interface DaemonIdentity {
  /** `supervisor-tui`. */
  name: string;
  /** This package's version. */
  version: string;
  /** The Supervisor XML-RPC API it speaks (`supervisor.getAPIVersion`). */
  api_version: string;
  /** The supervisord release whose behaviour it reproduces (`supervisor.getSupervisorVersion`). */
  supervisor_version: string;
  pid: number;
  /** The Node.js it runs on, e.g. `20.20.2`. */
  node_version: string;
}

/** How a client names the daemon it is connected to: ours with its version, or supervisord's. */
export function daemonLabel(identity: DaemonIdentity | null, supervisorVersion: string): string {
  return identity === null ? `supervisord ${supervisorVersion}` : `${identity.name} ${identity.version}`;
}

/**
 * The daemon the web tests drive: our `supervisor-tui daemon -n` with a password on both the
 * unix socket and a loopback inet port, a two-process group of known priorities, a child that
 * echoes its stdin to stderr (backslash escapes interpreted) (so a test decides when a line is written) and one that is FATAL.
 */
import { createClient, type SupervisorClient } from '../../src/client/index.ts';
import { startDaemon, type RunningDaemon } from '../reliability/daemon.ts';

export const USER = 'admin';
export const PASSWORD = 'web-secret';
export const AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

const PROGRAMS = `
[program:echo]
command=/bin/sh -c 'while IFS= read -r line; do printf "%%b\\n" "$line" >&2; done'
startsecs=0

[program:api]
command=sleep 1000
startsecs=0
priority=10

[program:worker]
command=sleep 1000
startsecs=0
priority=20

[group:web]
programs=api,worker

[program:broken]
command=/bin/false
startsecs=1
startretries=0
`;

export interface WebDaemon {
  readonly d: RunningDaemon;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** An XML-RPC client over the inet server, with the password. */
  readonly inet: SupervisorClient;
  stop(): Promise<void>;
}

export async function startWebDaemon(): Promise<WebDaemon> {
  const auth = `username=${USER}\npassword=${PASSWORD}`;
  const d = await startDaemon({ programs: PROGRAMS, unix: auth, inet: auth, clientAuth: { username: USER, password: PASSWORD } });
  const base = `http://127.0.0.1:${d.port}`;
  const inet = createClient({ serverurl: base, username: USER, password: PASSWORD, timeoutMs: 30_000 });
  return {
    d,
    base,
    inet,
    stop: async () => {
      inet.close();
      await d.stop();
    },
  };
}

/**
 * Runs one daemon — the real supervisord or ours — on a config in a temp dir, drives it over
 * XML-RPC on its unix socket, and reads what the Python listeners recorded. The same config
 * and script run under both, so their recordings can be compared.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../src/client/client.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';
import { ROOT } from '../helpers/cli.ts';
import { PYTHON, startDaemonProcess, supervisordSkipReason, type DaemonKind } from '../helpers/daemon.ts';

export const LISTENER = join(ROOT, 'test/events/fixtures/listener.py');

/** Why the Python listener can't run here, or false. */
export function pythonListenerSkip(): string | false {
  if (!existsSync(PYTHON)) return `${PYTHON} not installed (apt-get install -y python3)`;
  if (!existsSync('/usr/lib/python3/dist-packages/supervisor/childutils.py')) return 'supervisor.childutils missing (apt-get install -y supervisor)';
  return false;
}

export function realSupervisordSkip(): string | false {
  return pythonListenerSkip() || supervisordSkipReason();
}

export interface Daemon {
  readonly dir: string;
  readonly sock: string;
  readonly child: ChildProcess;
  output(): string;
  mainLog(): string;
  rpc(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue>;
  stop(): Promise<void>;
}

/** The [supervisord] and server sections every scenario shares; `sections` adds programs and listeners. */
export function writeConfig(dir: string, sections: string): string {
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(
    conf,
    `[unix_http_server]
file=${join(dir, 's.sock')}

[supervisord]
logfile=${join(dir, 'supervisord.log')}
pidfile=${join(dir, 'supervisord.pid')}
childlogdir=${dir}
identifier=evtest
loglevel=debug

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

${sections}`,
  );
  return conf;
}

export async function startDaemon(kind: DaemonKind, dir: string): Promise<Daemon> {
  const sock = join(dir, 's.sock');
  const client = createClient({ serverurl: `unix://${sock}` });
  const rpc = (method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> => client.call(method, params);
  const proc = await startDaemonProcess(kind, join(dir, 'supervisord.conf'), {
    env: { ...process.env, NODE_ENV: 'production' },
    ready: async () => (await rpc('supervisor.getState')) !== null,
  }).catch((err: unknown) => {
    client.close();
    throw err;
  });
  return {
    dir,
    sock,
    child: proc.child,
    output: proc.output,
    mainLog: () => (existsSync(join(dir, 'supervisord.log')) ? readFileSync(join(dir, 'supervisord.log'), 'utf8') : ''),
    rpc,
    async stop() {
      client.close();
      await proc.stop();
    },
  };
}

export interface Recorded {
  readonly [key: string]: string;
}

export function readRecords(file: string): Recorded[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Recorded);
}

/**
 * One comparable line per event: pids and times masked, everything else kept (serials included).
 * `len` varies with the pid's digits, so it is checked against the payload (code points) instead.
 */
export function normalize(r: Recorded): string {
  const raw = r['payload'] ?? '';
  const len = Number(r['len']) === [...raw].length ? 'ok' : `${r['len']}!=${[...raw].length}`;
  const payload = raw.replace(/\bpid:\d+/g, 'pid:X').replace(/\bwhen:\d+/g, 'when:X');
  return `serial:${r['serial']} pool:${r['pool']} poolserial:${r['poolserial']} ${r['eventname']} server:${r['server']} len:${len} ${JSON.stringify(payload)}`;
}

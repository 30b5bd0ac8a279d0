/**
 * A small fleet of real daemons for the fleet tests: ours and the real supervisord on unix sockets,
 * the real one also on TCP with a password, and (when sshd is installed) one of ours reached
 * through a loopback sshd. Writes a servers file naming them all.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { freePort, socketAccepts, startDaemonProcess, supervisordSkipReason, type DaemonKind, type DaemonProcess } from '../helpers/daemon.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

export interface FleetDaemon {
  name: string;
  kind: DaemonKind;
  sock: string;
  dir: string;
  proc: DaemonProcess;
}

export interface TestFleet {
  dir: string;
  serversFile: string;
  daemons: FleetDaemon[];
  /** null when sshd cannot run here (the reason is in sshSkip). */
  sshd: Sshd | null;
  sshSkip: string | false;
  /** The servers file's [server:NAME] url for each daemon. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/** Two web processes that print a line a second, and a program whose command does not exist. */
export const PROGRAMS = (tag: string): string => `
[program:web]
command=sh -c 'i=0; while true; do i=$((i+1)); echo "${tag} line $i"; sleep 0.5; done'
process_name=web_%(process_num)02d
numprocs=2
startsecs=0
stopwaitsecs=2

[program:bad]
command=/nonexistent/program
autostart=false
startretries=0
`;

async function startOne(root: string, name: string, kind: DaemonKind, inet: { port: number; password: string } | null, programs: string): Promise<FleetDaemon> {
  const dir = join(root, name);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const sock = join(dir, 'sv.sock');
  const conf = join(dir, 'sv.conf');
  writeFileSync(
    conf,
    `[unix_http_server]\nfile=${sock}\n\n` +
      (inet ? `[inet_http_server]\nport=127.0.0.1:${inet.port}\nusername=admin\npassword=${inet.password}\n\n` : '') +
      `[supervisord]\nlogfile=${dir}/supervisord.log\npidfile=${dir}/supervisord.pid\nchildlogdir=${dir}/logs\nnodaemon=true\nidentifier=${name}\n\n` +
      `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
      programs,
  );
  const proc = await startDaemonProcess(kind, conf, { cwd: dir, ready: () => socketAccepts(sock), timeoutMs: 30_000 });
  return { name, kind, sock, dir, proc };
}

/**
 * a: ours (unix), b: real supervisord (unix, and TCP with a password, as `bt`), c: ours through ssh.
 * Extra servers in the file: `down` (a socket nobody serves). Contexts: all (a b c), pair (a b),
 * tcp (a bt), ro (a b, readonly, red), one (a), broken (a and a failing password_command),
 * roone (a, readonly), hung (a and a password_command that hangs past its 3 s timeout).
 */
export async function startTestFleet(opts: { programs?: (tag: string) => string } = {}): Promise<TestFleet | string> {
  const skip = supervisordSkipReason();
  if (skip) return skip;
  const programs = opts.programs ?? PROGRAMS;
  const tmp = makeTmpDir('svfleet-');
  const daemons: FleetDaemon[] = [];
  let sshd: Sshd | null = null;
  const stop = async (): Promise<void> => {
    await Promise.all(daemons.map((d) => d.proc.stop()));
    sshd?.stop();
    tmp.cleanup();
  };
  try {
    const port = await freePort();
    const [a, b] = await Promise.all([
      startOne(tmp.dir, 'a', 'ours', null, programs('a')),
      startOne(tmp.dir, 'b', 'real', { port, password: 'pw-b' }, programs('b')),
    ]);
    daemons.push(a!, b!);
    const sshDir = join(tmp.dir, 'ssh');
    mkdirSync(sshDir);
    const started = await startSshd(sshDir);
    const sshSkip = typeof started === 'string' ? started : false;
    if (typeof started !== 'string') {
      sshd = started;
      daemons.push(await startOne(tmp.dir, 'c', 'ours', null, programs('c')));
    }
    const urls: Record<string, string> = { a: `unix://${a!.sock}`, b: `unix://${b!.sock}`, bt: `http://127.0.0.1:${port}` };
    if (sshd) urls['c'] = sshd.url(daemons[2]!.sock);
    const serversFile = join(tmp.dir, 'servers.conf');
    const ssh = sshd ? `[server:c]\nurl = ${urls['c']}\n` : '';
    writeFileSync(
      serversFile,
      `[server:a]\nurl = ${urls['a']}\n[server:b]\nurl = ${urls['b']}\n[server:bt]\nurl = ${urls['bt']}\nusername = admin\npassword_command = printf pw-b\n${ssh}` +
        `[server:down]\nurl = unix://${tmp.dir}/nobody.sock\n[server:nopw]\nurl = ${urls['bt']}\nusername = admin\npassword_command = echo no secret >&2; exit 3\n` +
        `[server:hangpw]\nurl = ${urls['bt']}\nusername = admin\npassword_command = sleep 600\npassword_command_timeout = 3\n` +
        `[context:all]\nservers = a b${sshd ? ' c' : ''}\n[context:pair]\nservers = a b\n[context:tcp]\nservers = a bt\n` +
        `[context:ro]\nservers = a b\nreadonly = true\ncolor = red\n[context:one]\nservers = a\n[context:withdown]\nservers = a down\n[context:broken]\nservers = a nopw\n[context:roone]\nservers = a\nreadonly = true\n[context:hung]\nservers = a hangpw\n`,
      { mode: 0o600 },
    );
    return { dir: tmp.dir, serversFile, daemons, sshd, sshSkip, urls, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A test file's fleet: started before its tests and stopped after them. `skip` says why it cannot
 * run here (each test skips with it); the ssh server alone left out is said once.
 */
export function sharedTestFleet(what: string): { fleet: TestFleet | null; skip: string | false } {
  const shared: { fleet: TestFleet | null; skip: string | false } = { fleet: null, skip: false };
  before(async () => {
    const f = await startTestFleet();
    if (typeof f === 'string') {
      shared.skip = f;
      console.log(`# skipping ${what}: ${f}`);
      return;
    }
    shared.fleet = f;
    if (f.sshSkip) console.log(`# the ssh server of the fleet is left out: ${f.sshSkip}`);
  });
  after(async () => {
    await shared.fleet?.stop();
  });
  return shared;
}

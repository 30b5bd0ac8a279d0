/** Shared by the health/depends_on tests: our daemon on a config file, an RPC client, main-log lines with their times. */
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createClient, type SupervisorClient } from '../../src/client/index.ts';
import { startDaemonProcess, type DaemonKind, type DaemonProcess } from '../helpers/daemon.ts';
import { ROOT } from '../helpers/cli.ts';

export const FIXTURES = join(ROOT, 'test', 'health', 'fixtures');

export interface Running {
  readonly daemon: DaemonProcess;
  readonly client: SupervisorClient;
  readonly logPath: string;
  readonly conf: string;
  close(): Promise<void>;
}

/** Writes `[unix_http_server]`, `[supervisord]` (log in `dir`) and `[rpcinterface:supervisor]` before `body`, and starts the daemon. */
export async function startWithConfig(dir: string, body: string, kind: DaemonKind = 'ours', supervisordExtra = ''): Promise<Running> {
  const sock = join(dir, 's.sock');
  const logPath = join(dir, 'supervisord.log');
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(
    conf,
    `[unix_http_server]
file = ${sock}

[supervisord]
logfile = ${logPath}
pidfile = ${join(dir, 'supervisord.pid')}
childlogdir = ${dir}
loglevel = info
${supervisordExtra}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = unix://${sock}

${body}
`,
  );
  const client = createClient({ serverurl: `unix://${sock}`, timeoutMs: 30_000 });
  const daemon = await startDaemonProcess(kind, conf, {
    ready: async () => (await client.getState()).statename === 'RUNNING',
    cwd: dir,
  });
  return {
    daemon,
    client,
    logPath,
    conf,
    async close() {
      client.close();
      await daemon.stop();
    },
  };
}

export interface LogLine {
  /** Wall-clock ms, from the line's own timestamp. */
  readonly at: number;
  readonly level: string;
  readonly text: string;
}

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) (\w+) (.*)$/;

export function mainLog(path: string): LogLine[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
    out.push({ at: new Date(y, mo - 1, d, h, mi, s, ms).getTime(), level: m[8]!, text: m[9]! });
  }
  return out;
}

/** The first main-log line matching `re`, or undefined. */
export function findLine(path: string, re: RegExp): LogLine | undefined {
  return mainLog(path).find((l) => re.test(l.text));
}

/** Every main-log line matching `re`. */
export function findLines(path: string, re: RegExp): LogLine[] {
  return mainLog(path).filter((l) => re.test(l.text));
}

export interface Got {
  status: number;
  type: string;
  body: string;
}

/** A GET over a unix socket or a loopback port, optionally with basic auth. */
export function httpGet(target: { socketPath: string } | { port: number }, path: string, auth?: string): Promise<Got> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = auth === undefined ? {} : { authorization: `Basic ${Buffer.from(auth).toString('base64')}` };
    const req = request({ ...target, host: '127.0.0.1', path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

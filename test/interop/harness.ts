/**
 * Runs our daemon and the real supervisord side by side on one config template, each in its own
 * temp dir, and drives both with the real supervisorctl so outputs can be compared.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess, type CliResult } from '../helpers/cli.ts';
import { SUPERVISORCTL, SUPERVISORD, startDaemonProcess, type DaemonKind } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { which } from '../helpers/tools.ts';

export function interopSkipReason(): string | false {
  if (which(SUPERVISORCTL) === null || which(SUPERVISORD) === null) {
    return 'the real Supervisor is not installed (apt-get install -y supervisor)';
  }
  return false;
}

export type Side = DaemonKind;

export interface Daemon {
  readonly side: Side;
  readonly dir: string;
  readonly conf: string;
  readonly sock: string;
  readonly child: ChildProcess;
  output(): string;
  /** supervisorctl -c <this side's config> args… */
  ctl(args: string[], opts?: { timeoutMs?: number; extraConf?: string }): Promise<CliResult>;
  /** Rewrite this side's config file from a template (for reread/update). */
  rewriteConfig(template: string): void;
  stop(): Promise<void>;
}

export interface Pair {
  readonly ours: Daemon;
  readonly real: Daemon;
  readonly root: string;
  both<T>(fn: (d: Daemon) => Promise<T>): Promise<{ ours: T; real: T }>;
  close(): Promise<void>;
}

/** `{DIR}` in the template becomes the side's directory, `{KEY}` the side's value of KEY. */
function renderConfig(template: string, dir: string, vars: Readonly<Record<string, string>> = {}): string {
  let out = template.replaceAll('{DIR}', dir);
  for (const [k, v] of Object.entries(vars)) out = out.replaceAll(`{${k}}`, v);
  return out;
}

async function startDaemon(side: Side, root: string, template: string, vars: Readonly<Record<string, string>>): Promise<Daemon> {
  const dir = join(root, side === 'ours' ? 'o' : 'r');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const conf = join(dir, 'sv.conf');
  writeFileSync(conf, renderConfig(template, dir, vars));
  const ctl: Daemon['ctl'] = (args, opts = {}) => {
    let c = conf;
    if (opts.extraConf !== undefined) {
      c = join(dir, 'ctl-extra.conf');
      writeFileSync(c, renderConfig(opts.extraConf, dir, vars));
    }
    return runProcess(SUPERVISORCTL, ['-c', c, ...args], { timeoutMs: opts.timeoutMs ?? 30_000 });
  };
  const proc = await startDaemonProcess(side, conf, {
    env: { ...process.env, TZ: process.env.TZ ?? 'UTC' },
    ready: async () => {
      const r = await ctl(['pid']);
      return r.code === 0 && /^\d+\n$/.test(r.stdout);
    },
  });
  return {
    side,
    dir,
    conf,
    sock: join(dir, 'sv.sock'),
    child: proc.child,
    output: proc.output,
    ctl,
    rewriteConfig: (t) => writeFileSync(conf, renderConfig(t, dir, vars)),
    stop: proc.stop,
  };
}

/** `vars` fills `{KEY}` placeholders per side (e.g. each side's TCP port). */
export async function startPair(template: string, vars: Readonly<Record<Side, Readonly<Record<string, string>>>> = { ours: {}, real: {} }): Promise<Pair> {
  const tmp = makeTmpDir('svi-');
  const [ours, real] = await Promise.allSettled([startDaemon('ours', tmp.dir, template, vars.ours), startDaemon('real', tmp.dir, template, vars.real)]);
  if (ours.status === 'rejected' || real.status === 'rejected') {
    if (ours.status === 'fulfilled') await ours.value.stop();
    if (real.status === 'fulfilled') await real.value.stop();
    tmp.cleanup();
    throw ours.status === 'rejected' ? ours.reason : (real as PromiseRejectedResult).reason;
  }
  const pair: Pair = {
    ours: ours.value,
    real: real.value,
    root: tmp.dir,
    both: async (fn) => {
      const [o, r] = await Promise.all([fn(pair.ours), fn(pair.real)]);
      return { ours: o, real: r };
    },
    close: async () => {
      await Promise.all([pair.ours.stop(), pair.real.stop()]);
      tmp.cleanup();
    },
  };
  return pair;
}

/** Replace what legitimately differs between two runs: pids, times, dates, dirs, random log names. */
export function mask(text: string, dir: string): string {
  return text
    .replaceAll(dir, '<DIR>')
    .replace(/---supervisor-[a-z0-9_]{8}\.log/g, '---supervisor-<RND>.log')
    .replace(/pid \d+/g, 'pid <PID>')
    .replace(/uptime (\d+ days?, )?\d+:\d\d:\d\d/g, 'uptime <UP>')
    .replace(/\b[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M\b/g, '<DATE>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}/g, '<TS>')
    .replace(/^[1-9]\d*$/gm, '<N>');
}

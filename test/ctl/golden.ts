/**
 * Golden interop harness: one daemon (the real supervisord, or ours), driven by the real
 * supervisorctl and by supervisor-tui with the same arguments; outputs compared after masking
 * what legitimately differs (pids, uptimes, dates, the program name in usage errors).
 *
 * Which daemons: SVT_CTL_DAEMONS=real,ours (default). `real` needs /usr/bin/supervisord.
 * `ours` runs `supervisor-tui daemon -n -c …`; unless SVT_CTL_DAEMONS names it explicitly, a
 * daemon that does not come up turns its tests into skips with the reason printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, runProcess, spawnCli, type CliResult } from '../helpers/cli.ts';
import { PYTHON, startDaemonProcess, SUPERVISORCTL, type DaemonKind, type DaemonProcess } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { createClient } from '../../src/client/client.ts';
import { runCtl } from '../../src/ctl/main.ts';
import { scriptedTerminal } from './fake.ts';
import { interopSkipReason, mask } from '../interop/harness.ts';

export interface DaemonChoice {
  kind: DaemonKind;
  /** Named in SVT_CTL_DAEMONS: failing to start is a failure, not a skip. */
  forced: boolean;
}

export function daemonChoices(): DaemonChoice[] {
  const env = process.env.SVT_CTL_DAEMONS;
  const kinds = (env ?? 'real,ours').split(',').map((s) => s.trim()).filter((s): s is DaemonKind => s === 'real' || s === 'ours');
  return kinds.map((kind) => ({ kind, forced: env !== undefined }));
}

export function realSkipReason(): string | false {
  return interopSkipReason();
}

export interface Server {
  readonly kind: DaemonKind;
  readonly dir: string;
  readonly conf: string;
  readonly vars: Record<string, string>;
  /** Rewrite the config (for reread/update) from another fixture. */
  writeConfig(fixture: string): void;
  stop(): Promise<void>;
  /** Start again after a shutdown. */
  restart(): Promise<void>;
  log(): string;
}

/** startServer's name for the repository's examples/supervisord.conf (with its conf.d and scripts). */
export const EXAMPLE = 'examples/supervisord.conf';

export function fixture(name: string): string {
  return readFileSync(join(ROOT, 'test/ctl/fixtures', name), 'utf8');
}

function render(template: string, vars: Record<string, string>): string {
  let text = template;
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, v);
  return text;
}

/** The real supervisorctl against the server's config. */
export function realCtl(server: Pick<Server, 'conf'>, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return runProcess(SUPERVISORCTL, ['-c', server.conf, ...args], { timeoutMs: 30_000, ...opts });
}

/** supervisor-tui as a process (the bin, from source). */
export function oursCtl(server: Pick<Server, 'conf'>, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return runCli(['-c', server.conf, ...args], { timeoutMs: 30_000, ...opts });
}

/**
 * supervisor-tui's runCtl in this process: the same code from argv to exit status, without the
 * ~0.4 s start of a tsx process per case. A few cases per file still run as processes.
 */
export async function oursInProcess(server: Pick<Server, 'conf'>, args: string[], opts: { input?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const lines = opts.input === undefined ? [] : opts.input.split('\n').slice(0, -1);
  const code = await runCtl(['-c', server.conf, ...args], {
    output: { write: (t) => (stdout += t), writeErr: (t) => (stderr += t) },
    terminal: () => scriptedTerminal(lines, (t) => (stdout += t)),
    connect: createClient,
    env: {},
    stdoutIsTTY: false,
  });
  return { code, signal: null, stdout, stderr };
}

/** Settled: every process has left STARTING/BACKOFF (unless restless), so two runs in a row see the same table. */
export async function settle(server: Server, extra: (stdout: string) => boolean = () => true, opts: { restless?: boolean } = {}): Promise<void> {
  await waitFor(
    async () => {
      const r = await oursInProcess(server, ['status']);
      const still = opts.restless === true || !/ (STARTING|BACKOFF|STOPPING) /.test(r.stdout);
      return r.stdout !== '' && still && extra(r.stdout);
    },
    { timeoutMs: 20_000, intervalMs: 100, message: `${server.kind} daemon to settle` },
  );
}

export async function startServer(kind: DaemonKind, fixtureName: string, extraVars: Record<string, string> = {}): Promise<Server> {
  const tmp = makeTmpDir('svc-');
  const dir = tmp.dir;
  mkdirSync(join(dir, 'logs'));
  const vars = { DIR: dir, ...extraVars };
  let conf = join(dir, 'sv.conf');
  if (fixtureName === EXAMPLE) {
    // The shipped example, copied so that its run/ directory is this test's.
    for (const part of ['supervisord.conf', 'conf.d', 'scripts']) cpSync(join(ROOT, 'examples', part), join(dir, 'examples', part), { recursive: true });
    mkdirSync(join(dir, 'examples/run/logs'), { recursive: true });
    conf = join(dir, EXAMPLE);
  } else {
    writeFileSync(conf, render(fixture(fixtureName), vars));
  }
  let proc: DaemonProcess | null = null;
  // Output of earlier runs (before a restart), so log() tells the whole story.
  let earlier = '';

  const launch = async (): Promise<void> => {
    if (proc !== null) earlier += proc.output();
    proc = await startDaemonProcess(kind, conf, {
      cwd: dir,
      env: { ...process.env, TZ: 'UTC' },
      ready: async () => {
        const r = await realCtl({ conf }, ['pid']);
        return r.code === 0 && /^\d+\n$/.test(r.stdout);
      },
    });
  };
  const exited = (): boolean => proc === null || proc.exited();
  const stop = async (): Promise<void> => {
    if (proc === null || proc.exited()) return;
    // Children first: a supervisord shutdown stops one group per loop tick (seconds per test file).
    const pids = await oursInProcess({ conf }, ['pid', 'all']).catch(() => null);
    for (const pid of pids?.stdout.split('\n').map(Number) ?? []) {
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await proc.stop();
  };
  try {
    await launch();
  } catch (err) {
    // startDaemonProcess has stopped a daemon that did not come up.
    tmp.cleanup();
    throw err;
  }
  return {
    kind,
    dir,
    conf,
    vars,
    writeConfig: (name) => writeFileSync(conf, render(fixture(name), vars)),
    stop: async () => {
      await stop();
      tmp.cleanup();
    },
    restart: async () => {
      await waitFor(exited, { timeoutMs: 15_000, message: 'daemon to exit before restart' });
      await launch();
    },
    log: () => earlier + (proc?.output() ?? ''),
  };
}

export interface Outcome {
  args: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Masks what differs between two runs, and supervisorctl's program name in usage errors. */
export function normalize(args: string[], r: CliResult, dir: string): Outcome {
  const m = (s: string) => mask(s, dir).replaceAll('/usr/bin/supervisorctl', 'supervisor-tui');
  return { args: args.join(' '), code: r.code, stdout: m(r.stdout), stderr: m(r.stderr) };
}

/**
 * 4.2.5 race: a Ctrl-C landing inside its HTTP handler (asyncore's handle_error) is reported as a
 * connection error and ends the loop normally, so the empty line its `except KeyboardInterrupt`
 * prints is missing too. Seen as the Ctrl-C it was, both are what the clean path prints.
 */
export function interruptedCleanly(client: Client, r: Outcome): Outcome {
  const race = /^.* Cannot connect, error: <class 'KeyboardInterrupt'> \(\)\n/m;
  if (client !== 'real' || !race.test(r.stderr)) return r;
  return { ...r, stderr: r.stderr.replace(race, ''), stdout: `${r.stdout}\n` };
}

export interface Case {
  args: string[];
  /** Commands that bring the daemon to the case's starting state, before each client's run. */
  before?: string[][];
  input?: string;
  /** Run supervisor-tui as a process rather than in this process. */
  process?: boolean;
}

/** Brings the daemon to a case's starting state (in this process: preparing is not what is compared). */
export async function prepare(server: Pick<Server, 'conf'>, commands: readonly string[][]): Promise<void> {
  for (const args of commands) await oursInProcess(server, args);
}

/** Many supervisorctl runs in one Python process (the same main() as /usr/bin/supervisorctl). */
export async function realBatch(server: Pick<Server, 'conf'>, cases: readonly Case[]): Promise<CliResult[]> {
  const input = JSON.stringify(cases.map((c) => ({ args: ['-c', server.conf, ...c.args], input: c.input ?? '' })));
  const r = await runProcess(PYTHON, [join(ROOT, 'test/ctl/supervisorctl-batch.py')], { input, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`supervisorctl batch failed (${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { code: number; stdout: string; stderr: string }[]).map((x) => ({ ...x, signal: null }));
}

/**
 * Runs every case with both clients and returns the two outcome lists, for one deepEqual that
 * shows every difference. Cases that do not change state (no `before`) run as one batch of the
 * real supervisorctl and, for ours, in this process (or as a process when the case says so);
 * the others run one by one, each client after its own `before`.
 */
export async function runCases(server: Server, cases: readonly Case[]): Promise<{ ours: Outcome[]; real: Outcome[] }> {
  const oursRun = (c: Case) => (c.process === true ? oursCtl : oursInProcess)(server, c.args, c.input === undefined ? {} : { input: c.input });
  const reads = cases.filter((c) => c.before === undefined);
  const readReal = await realBatch(server, reads);
  const readOurs: CliResult[] = [];
  for (const c of reads) readOurs.push(await oursRun(c));
  const results = new Map<Case, [CliResult, CliResult]>(reads.map((c, i) => [c, [readOurs[i]!, readReal[i]!]]));
  for (const c of cases) {
    if (c.before === undefined) continue;
    await prepare(server, c.before);
    const real = await realCtl(server, c.args, c.input === undefined ? {} : { input: c.input });
    await prepare(server, c.before);
    results.set(c, [await oursRun(c), real]);
  }
  const pairs = cases.map((c) => results.get(c)!);
  return {
    ours: cases.map((c, i) => normalize(c.args, pairs[i]![0], server.dir)),
    real: cases.map((c, i) => normalize(c.args, pairs[i]![1], server.dir)),
  };
}

export type Client = 'real' | 'ours';

export function spawnClient(client: Client, server: Server, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const full = ['-c', server.conf, ...args];
  const opts = { stdio: ['pipe', 'pipe', 'pipe'] as ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } };
  return client === 'real' ? spawn(SUPERVISORCTL, full, opts) : spawnCli(full, opts);
}

/** Runs a client, waits until its stdout matches, then Ctrl-C (or end of stdin); returns what it printed. */
export async function converse(
  child: ChildProcess,
  steps: { until: RegExp; then: 'interrupt' | 'end-input' | 'kill' | string }[],
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  try {
    for (const step of steps) {
      await waitFor(() => step.until.test(stdout), { timeoutMs: 15_000, message: `output matching ${step.until} (got ${JSON.stringify(stdout)})` });
      if (step.then === 'interrupt') child.kill('SIGINT');
      else if (step.then === 'kill') child.kill('SIGKILL');
      else if (step.then === 'end-input') child.stdin!.end();
      else child.stdin!.write(step.then);
    }
    const { code, signal } = await done;
    return { code, signal, stdout, stderr };
  } finally {
    child.kill('SIGKILL');
  }
}

export interface DaemonContext {
  server(): Server;
  /** Call first in each test: true (and the test marked skipped, reason printed) when it cannot run. */
  skipped(t: { skip(message?: string): void }): boolean;
}

/**
 * One describe block per chosen daemon, sharing one daemon per block across its tests (tests
 * reset the state they change). `settled` decides when the started daemon is ready to compare.
 */
export function forEachDaemon(
  title: string,
  fixtureName: string,
  opts: {
    vars?: () => Promise<Record<string, string>>;
    settled?: (status: string) => boolean;
    /** One daemon at a time (the config binds fixed ports). */
    sequential?: boolean;
    /** Some programs never settle (a crash loop): wait for `settled` alone. */
    restless?: boolean;
  },
  body: (ctx: DaemonContext) => void,
  hooks: { describe: typeof import('node:test').describe; before: typeof import('node:test').before; after: typeof import('node:test').after },
): void {
  // The daemons' blocks run side by side: most of their time is spent waiting for daemon ticks.
  hooks.describe(title, { concurrency: opts.sequential !== true }, () => {
  for (const choice of daemonChoices()) {
    hooks.describe(`${title} (${choice.kind} supervisord)`, { concurrency: 1 }, () => {
      let server: Server | null = null;
      let reason: string | false = false;
      hooks.before(async () => {
        reason = realSkipReason();
        if (reason) return;
        try {
          server = await startServer(choice.kind, fixtureName, opts.vars ? await opts.vars() : {});
          await settle(server, opts.settled, { restless: opts.restless === true });
        } catch (err) {
          if (choice.kind !== 'ours' || choice.forced) throw err;
          reason = `our daemon is not usable yet (set SVT_CTL_DAEMONS=ours to make this a failure): ${err instanceof Error ? err.message : String(err)}`;
        }
      });
      hooks.after(async () => {
        await server?.stop();
      });
      body({
        server: () => server!,
        skipped: (t) => {
          if (!reason) return false;
          t.skip(reason);
          return true;
        },
      });
    });
  }
  });
}

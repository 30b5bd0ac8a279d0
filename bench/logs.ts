/**
 * Log throughput benchmark: our log subsystem against the real supervisord 4.2.5, same writer, same machine.
 *
 *   node --import tsx bench/logs.ts [--quick] [--repeat N] [--only SCENARIO#] [--json FILE]
 *
 * Scenarios (issue 8): one child writing 200 MB in 1 MiB writes; one child writing 500,000 lines of 100
 * bytes with one write() per line; four such children at once. "supervisord" is /usr/bin/supervisord and
 * "ours" our daemon (`supervisor-tui daemon -n`), each with one [program] per writer in the same generated
 * config, started over its unix socket with startAllProcesses(wait=false); "capture path alone" is a relay
 * process running only the log subsystem (openOutputPipe → spawn → pipeOutput → ChannelLog). For each, the
 * whole-process CPU (all threads, /proc) is taken from the start request until every log file holds all
 * the bytes, runs are interleaved (A B C, C B A, …), and every run's files are checked line by line:
 * lost, duplicated, reordered and torn lines must be 0. The writer is a small C program (gcc), or the Node
 * writer of the tests when gcc is missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChannelLog } from '../daemon/logs/channel-log.ts';
import { openOutputPipe } from '../daemon/logs/output-pipe.ts';
import { pipeOutput } from '../daemon/logs/pipe-output.ts';
import { checkLines, type LineReport } from '../test/logs/line-check.ts';
import { clientFor, SUPERVISORD, waitForRpc } from './lib/daemon.ts';

const SELF = fileURLToPath(import.meta.url);
const NODE_WRITER = join(fileURLToPath(new URL('../test/logs/fixtures/writer.mjs', import.meta.url)));
const CLK_TCK = 100; // USER_HZ on Linux

const WRITER_C = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
/* w LINES LEN TAG [PERWRITE]: LINES lines "TAG 0000000042 xxx...\n" of LEN bytes, PERWRITE lines per write(2). */
static char buf[8 << 20];
int main(int argc, char **argv) {
  long n = atol(argv[1]); int len = atoi(argv[2]); const char *tag = argv[3];
  long per = argc > 4 ? atol(argv[4]) : 1; if ((long)len * per > (long)sizeof buf) per = sizeof buf / len;
  long k = 0;
  for (long i = 0; i < n; i++) {
    int h = snprintf(buf + k, 64, "%s %010ld ", tag, i);
    char *p = buf + k + h; for (int j = h; j < len - 1; j++) *p++ = 'x'; *p = '\n'; k += len;
    if ((i + 1) % per == 0 || i + 1 == n) {
      char *q = buf; while (k > 0) { ssize_t r = write(1, q, k); if (r < 0) return 1; q += r; k -= r; }
    }
  }
  return 0;
}
`;

interface Scenario {
  name: string;
  writers: number;
  lines: number;
  len: number;
  perWrite: number;
}

const SCENARIOS: Scenario[] = [
  { name: '1 child, 200 MB in 1 MiB writes', writers: 1, lines: 2_000_000, len: 100, perWrite: 10_485 },
  { name: '1 child, 500,000 lines, 1 write each', writers: 1, lines: 500_000, len: 100, perWrite: 1 },
  { name: '4 children × 500,000 lines, 1 write each', writers: 4, lines: 500_000, len: 100, perWrite: 1 },
];

/** supervisord 4.2.5; our whole daemon (same config, same RPC); the relay: our capture path alone. */
type Contender = 'supervisord' | 'daemon' | 'relay';

interface Sample {
  daemon: Contender;
  scenario: string;
  /** Start request → every file complete. */
  wallMs: number;
  /** Start request → first byte in a log file (spawn latency). */
  firstByteMs: number;
  cpuMs: number;
  mb: number;
  integrity: LineReport[];
}

const TAGS = ['a', 'b', 'c', 'd'];

function writerCommand(dir: string, s: Scenario, tag: string): string[] {
  const bin = join(dir, '..', 'w');
  const args = [String(s.lines), String(s.len), tag];
  if (existsSync(bin)) return [bin, ...args, String(s.perWrite)];
  // Node writer: lines mode (LINES>0) writes one line per write; block mode needs LINES=0 and the size in MB.
  return s.perWrite > 1 ? [process.execPath, NODE_WRITER, '0', String(s.len), tag, String((s.lines * s.len) / (1 << 20))] : [process.execPath, NODE_WRITER, ...args];
}

/**
 * The whole process's CPU time in ms: the run time (ns) in /proc/<pid>/task/<tid>/schedstat summed over
 * all threads (Node's GC and thread-pool threads count), else utime+stime from /proc/<pid>/stat (10 ms
 * ticks: too coarse for 100 ms runs).
 */
function cpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime + stime (fields 14, 15)
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

async function waitUntil(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Measure from `start()` until all files are complete: wall time, time to the first byte, the daemon's CPU time. */
async function measure(
  pid: number,
  files: string[],
  expected: number,
  start: () => void,
): Promise<{ wallMs: number; firstByteMs: number; cpuMs: number }> {
  const c0 = cpuMs(pid);
  const t0 = performance.now();
  start();
  await waitUntil(() => files.some((f) => sizeOf(f) > 0), 60_000, 'the first byte');
  const firstByteMs = performance.now() - t0;
  await waitUntil(() => files.every((f) => sizeOf(f) >= expected), 120_000, 'log files to fill');
  const wallMs = performance.now() - t0;
  return { wallMs, firstByteMs, cpuMs: cpuMs(pid) - c0 };
}

function check(files: string[], s: Scenario): LineReport[] {
  return files.map((f, i) => checkLines(readFileSync(f), TAGS[i]!, s.lines, s.len));
}

function rpc(socketPath: string, method: string, params: string): Promise<string> {
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/RPC2', method: 'POST', headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.setEncoding('utf8').on('data', (d: string) => (data += d));
      res.on('end', () => resolve(data));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** supervisord or our daemon on the same generated config, programs started with startAllProcesses(wait=false). */
async function runDaemon(kind: 'supervisord' | 'daemon', root: string, s: Scenario): Promise<Sample> {
  const dir = mkdtempSync(join(root, kind === 'supervisord' ? 'sv-' : 'ours-'));
  const sock = join(dir, 's.sock');
  const files = TAGS.slice(0, s.writers).map((t) => join(dir, `${t}.log`));
  const programs = TAGS.slice(0, s.writers).map(
    (t, i) => `[program:${t}]\ncommand=${writerCommand(dir, s, t).join(' ')}\nautostart=false\nautorestart=false\nstartsecs=0\nstdout_logfile=${files[i]}\nstdout_logfile_maxbytes=0\n`,
  );
  writeFileSync(
    join(dir, 's.conf'),
    `[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\nchildlogdir=${dir}\nnodaemon=true\n` +
      `[unix_http_server]\nfile=${sock}\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
      programs.join(''),
  );
  const conf = join(dir, 's.conf');
  const daemon = daemonProcess(kind, conf);
  try {
    await daemonReady(daemon, kind, sock);
    await sleep(200); // let its start-up work settle before counting CPU
    const m = await measure(daemon.pid!, files, s.lines * s.len, () => {
      void rpc(sock, 'supervisor.startAllProcesses', '<param><value><boolean>0</boolean></value></param>');
    });
    return { daemon: kind, scenario: s.name, ...m, mb: (s.writers * s.lines * s.len) / 1e6, integrity: check(files, s) };
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The benches' one readiness wait (bench/lib/daemon.ts): getState answers on `sock`. */
async function daemonReady(daemon: ChildProcess, kind: string, sock: string): Promise<void> {
  const client = clientFor(sock);
  try {
    await waitForRpc(daemon, kind, sock, client, performance.now() + 60_000);
  } finally {
    client.close();
  }
}

/** The daemon command line for a config (supervisord or ours). */
function daemonProcess(kind: 'supervisord' | 'daemon', conf: string): ChildProcess {
  return kind === 'supervisord'
    ? spawn(SUPERVISORD, ['-c', conf], { stdio: 'ignore' })
    : spawn(process.execPath, ['--import', 'tsx', CLI, 'daemon', '-n', '-c', conf], { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
}

/**
 * /logtail line latency: a program prints its wall clock (`date +%s%N`) every 100 ms; a client on the
 * daemon's /logtail stream computes arrival time minus that stamp for `lines` lines (after the first chunk).
 */
async function logtailLatency(kind: 'supervisord' | 'daemon', root: string, lines: number): Promise<number[]> {
  const dir = mkdtempSync(join(root, kind === 'supervisord' ? 'svt-' : 'ourt-'));
  const sock = join(dir, 's.sock');
  const log = join(dir, 'tick.log');
  const conf = join(dir, 's.conf');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\nchildlogdir=${dir}\nnodaemon=true\n` +
      `[unix_http_server]\nfile=${sock}\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
      `[program:tick]\ncommand=sh -c 'while :; do date +%%s%%N; sleep 0.1; done'\nstartsecs=0\nstdout_logfile=${log}\n`,
  );
  const daemon = daemonProcess(kind, conf);
  try {
    await daemonReady(daemon, kind, sock);
    await waitUntil(() => sizeOf(log) > 0, 20_000, `${kind} to run the tick program`);
    return await new Promise<number[]>((resolve, reject) => {
      const out: number[] = [];
      let first = true;
      let partial = '';
      const req = request({ socketPath: sock, path: '/logtail/tick/stdout', method: 'GET' }, (res) => {
        res.setEncoding('utf8').on('data', (d: string) => {
          const now = performance.timeOrigin + performance.now();
          const text = partial + d;
          const parts = text.split('\n');
          partial = parts.pop() ?? '';
          if (first) {
            first = false; // the initial tail of the file is old by design
            return;
          }
          for (const p of parts) if (/^\d{19}$/.test(p)) out.push(now - Number(BigInt(p) / 1000n) / 1000);
          if (out.length >= lines) {
            req.destroy();
            resolve(out.slice(0, lines));
          }
        });
      });
      req.on('error', (err) => (out.length >= lines ? undefined : reject(err)));
      req.setTimeout(lines * 1000 + 10_000, () => req.destroy(new Error(`${kind}: /logtail delivered ${out.length} of ${lines} lines`)));
      req.end();
    });
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => (daemon.exitCode !== null ? r(null) : daemon.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runRelay(root: string, s: Scenario): Promise<Sample> {
  const dir = mkdtempSync(join(root, 'relay-'));
  const files = TAGS.slice(0, s.writers).map((t) => join(dir, `${t}.log`));
  const commands = TAGS.slice(0, s.writers).map((t) => writerCommand(dir, s, t));
  const relay: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SELF, '--relay', JSON.stringify({ files, commands })], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      relay.stdout!.once('data', () => resolve());
      relay.once('exit', () => reject(new Error('relay exited before it was ready')));
    });
    await sleep(200);
    const m = await measure(relay.pid!, files, s.lines * s.len, () => relay.stdin!.write('go\n'));
    return { daemon: 'relay', scenario: s.name, ...m, mb: (s.writers * s.lines * s.len) / 1e6, integrity: check(files, s) };
  } finally {
    relay.stdin!.end();
    await new Promise((r) => (relay.exitCode !== null ? r(null) : relay.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The relay process: the daemon's capture path and nothing else. Waits for a line on stdin, then runs the writers. */
async function relayMain(spec: string): Promise<void> {
  const { files, commands } = JSON.parse(spec) as { files: string[]; commands: string[][] };
  const logs = files.map((path) => new ChannelLog({ path, maxbytes: 0, backups: 0, stripAnsi: false }));
  process.stdout.write('ready\n');
  await new Promise((r) => process.stdin.once('data', r));
  await Promise.all(
    commands.map(async (cmd, i) => {
      const pipe = openOutputPipe();
      const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', pipe?.childFd ?? 'pipe', 'inherit'] });
      pipe?.closeChildFd();
      await pipeOutput(pipe?.readable ?? child.stdout!, logs[i]!);
    }),
  );
  await Promise.all(logs.map((l) => l.close()));
  await new Promise((r) => process.stdin.once('end', r).resume());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function fmtRange(xs: number[], digits: number): string {
  return `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}..${Math.max(...xs).toFixed(digits)})`;
}

export interface LogBenchRow {
  metric: string;
  supervisord: number;
  ours: number;
  ratio: number;
  detail: string;
}

/** Run every scenario `repeat` times, interleaved; returns the table rows and all samples. */
export async function runLogBench(
  repeat: number,
  only?: number,
): Promise<{ rows: LogBenchRow[]; samples: Sample[]; latency: { supervisord: number[]; daemon: number[] } }> {
  const scenarios = only === undefined ? SCENARIOS : SCENARIOS.slice(only - 1, only);
  const root = mkdtempSync(join(tmpdir(), 'svlb-'));
  try {
    writeFileSync(join(root, 'w.c'), WRITER_C);
    try {
      execFileSync('gcc', ['-O2', '-o', join(root, 'w'), join(root, 'w.c')], { stdio: 'ignore' });
    } catch {
      console.error('gcc not available: using the Node writer (slower than the C writer; the writer may be the bottleneck)');
    }
    const samples: Sample[] = [];
    for (const s of scenarios) {
      for (let i = 0; i < repeat; i++) {
        const runs: Array<() => Promise<Sample>> = [() => runDaemon('supervisord', root, s), () => runDaemon('daemon', root, s), () => runRelay(root, s)];
        for (const run of i % 2 === 0 ? runs : runs.reverse()) {
          const sample = await run();
          samples.push(sample);
          const bad = sample.integrity.find((r) => r.lost + r.duplicated + r.reordered + r.torn > 0);
          if (bad) console.error(`INTEGRITY FAILURE ${sample.daemon} ${s.name}: ${JSON.stringify(bad)}`);
        }
      }
    }
    const rows: LogBenchRow[] = [];
    for (const s of scenarios) {
      const of = (d: Contender) => samples.filter((x) => x.scenario === s.name && x.daemon === d);
      const sv = of('supervisord');
      const us = of('daemon');
      const relay = of('relay');
      // Log throughput proper: from the first byte on (the spawn latency is its own row).
      const mbps = (xs: Sample[]) => xs.map((x) => x.mb / ((x.wallMs - x.firstByteMs) / 1000));
      const first = (xs: Sample[]) => xs.map((x) => x.firstByteMs);
      const cpmb = (xs: Sample[]) => xs.map((x) => x.cpuMs / x.mb);
      const bad = (xs: Sample[]) => xs.flatMap((x) => x.integrity).reduce((n, r) => n + r.lost + r.duplicated + r.reordered + r.torn, 0);
      rows.push({
        metric: `${s.name}: MB/s`,
        supervisord: median(mbps(sv)),
        ours: median(mbps(us)),
        ratio: median(mbps(us)) / median(mbps(sv)),
        detail: `supervisord ${fmtRange(mbps(sv), 0)}, ours ${fmtRange(mbps(us), 0)}; capture path alone ${fmtRange(mbps(relay), 0)}`,
      });
      rows.push({
        metric: `${s.name}: start request → first byte, ms`,
        supervisord: median(first(sv)),
        ours: median(first(us)),
        ratio: median(first(us)) / median(first(sv)),
        detail: `supervisord ${fmtRange(first(sv), 1)}, ours ${fmtRange(first(us), 1)}`,
      });
      rows.push({
        metric: `${s.name}: daemon CPU ms per MB`,
        supervisord: median(cpmb(sv)),
        ours: median(cpmb(us)),
        ratio: median(cpmb(us)) / median(cpmb(sv)),
        detail: `supervisord ${fmtRange(cpmb(sv), 2)}, ours ${fmtRange(cpmb(us), 2)}; capture path alone ${fmtRange(cpmb(relay), 2)}`,
      });
      rows.push({
        metric: `${s.name}: bad lines (lost+dup+reordered+torn)`,
        supervisord: bad(sv),
        ours: bad(us) + bad(relay),
        ratio: NaN,
        detail: `${s.writers * s.lines} lines per run, ${sv.length}+${us.length}+${relay.length} runs`,
      });
    }
    const latency = { supervisord: await logtailLatency('supervisord', root, repeat * 10), daemon: await logtailLatency('daemon', root, repeat * 10) };
    rows.push({
      metric: '/logtail line latency p50, ms',
      supervisord: median(latency.supervisord),
      ours: median(latency.daemon),
      ratio: median(latency.daemon) / median(latency.supervisord),
      detail: `max: supervisord ${Math.max(...latency.supervisord).toFixed(1)}, ours ${Math.max(...latency.daemon).toFixed(1)}; ${repeat * 10} lines each`,
    });
    return { rows, samples, latency };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--relay') {
    await relayMain(argv[1]!);
    return 0;
  }
  if (!existsSync(SUPERVISORD)) {
    console.error(`${SUPERVISORD} not found (apt-get install -y supervisor)`);
    return 2;
  }
  const quick = argv.includes('--quick');
  const ri = argv.indexOf('--repeat');
  const repeat = ri >= 0 ? Number(argv[ri + 1]) : quick ? 1 : 5;
  const ji = argv.indexOf('--json');
  const oi = argv.indexOf('--only');
  const { rows, samples, latency } = await runLogBench(repeat, oi >= 0 ? Number(argv[oi + 1]) : undefined);
  const w = Math.max(...rows.map((r) => r.metric.length));
  console.log(`${'metric'.padEnd(w)}  ${'supervisord'.padStart(11)}  ${'ours'.padStart(9)}  ratio`);
  for (const r of rows) {
    const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
    console.log(`${r.metric.padEnd(w)}  ${num(r.supervisord).padStart(11)}  ${num(r.ours).padStart(9)}  ${Number.isNaN(r.ratio) ? '  -' : r.ratio.toFixed(2) + '×'}   ${r.detail}`);
  }
  if (ji >= 0) writeFileSync(argv[ji + 1]!, JSON.stringify({ rows, samples, latency }, null, 2));
  return 0;
}

if (process.argv[1] === SELF) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}

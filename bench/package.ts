/**
 * The package as users get it, two tarballs side by side (e.g. a build of an older commit and
 * this one's `npm pack`): install time and installed size, and from each installed prefix the
 * `status` wall time, the daemon's start (`daemon -c` returns once it serves) and the dashboard's
 * first frame in tmux (launch → header drawn). Runs alternate A B, B A, … on one machine.
 *
 *   node --import tsx bench/package.ts BEFORE.tgz AFTER.tgz [--runs N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmtNum, median, maxOf, minOf } from './lib/stats.ts';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const tarballs = args.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1));
if (tarballs.length !== 2) {
  process.stderr.write('usage: node --import tsx bench/package.ts BEFORE.tgz AFTER.tgz [--runs N]\n');
  process.exit(2);
}
const LABELS = ['before', 'after'] as const;
const work = mkdtempSync(join(tmpdir(), 'svtui-pkgbench-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function wall(cmd: string, argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return ms;
}

function install(tgz: string, prefix: string): number {
  rmSync(prefix, { recursive: true, force: true });
  return wall('npm', ['install', '-g', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefix, tgz]);
}

function config(dir: string, programs: number): string {
  const sock = join(dir, 's.sock');
  const lines = ['[unix_http_server]', `file=${sock}`, '[supervisord]', `logfile=${join(dir, 'sd.log')}`, `pidfile=${join(dir, 'sd.pid')}`, `childlogdir=${dir}`];
  lines.push('[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface', '[supervisorctl]', `serverurl=unix://${sock}`);
  for (let i = 0; i < programs; i++) lines.push(`[program:p${String(i).padStart(3, '0')}]`, 'command=sleep 100000', 'startsecs=0');
  const file = join(dir, 'supervisord.conf');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

let sessions = 0;
async function firstFrame(bin: string, conf: string): Promise<number> {
  // A tmux server of its own each time: a new one on a socket being shut down fails to start.
  const server = `pkgbench-${process.pid}-${sessions++}`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', server, ...a], { encoding: 'utf8' });
  const t0 = performance.now();
  tmux('-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '40', `${bin} -c ${conf}`);
  try {
    for (;;) {
      // Anywhere on the screen: a build without the Ink fix draws its updates one line low.
      if (/ procs: \d+ running/.test(tmux('capture-pane', '-p'))) return performance.now() - t0;
      if (performance.now() - t0 > 30_000) throw new Error(`no frame:\n${tmux('capture-pane', '-p')}`);
      await sleep(5);
    }
  } finally {
    tmux('kill-server');
  }
}

const samples = new Map<string, number[]>();
const add = (metric: string, label: string, v: number) => {
  const key = `${metric}\0${label}`;
  samples.set(key, [...(samples.get(key) ?? []), v]);
};

const prefixes = LABELS.map((l) => join(work, l));
const bins = prefixes.map((p) => join(p, 'bin', 'supervisor-tui'));
try {
  process.stderr.write(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  for (let r = 0; r < RUNS; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) add('npm install -g of the tarball, ms', LABELS[i]!, install(tarballs[i]!, prefixes[i]!));
  }
  for (const i of [0, 1]) {
    const du = execFileSync('du', ['-sk', join(prefixes[i]!, 'lib', 'node_modules', 'supervisor-tui')], { encoding: 'utf8' });
    add('installed size (du), MB', LABELS[i]!, Number(du.split('\t')[0]) / 1024);
  }
  // One daemon (the new one) with 100 programs serves both `status` runs and both dashboards.
  const served = mkdtempSync(join(work, 'served-'));
  const conf = config(served, 100);
  execFileSync(bins[1]!, ['daemon', '-c', conf]);
  try {
    await sleep(2000);
    for (let r = 0; r < RUNS; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) add('`status`, 100 programs, wall ms', LABELS[i]!, wall(bins[i]!, ['-c', conf, 'status']));
      for (const i of order) add('dashboard launch → first frame, ms', LABELS[i]!, await firstFrame(bins[i]!, conf));
      for (const i of order) {
        const dir = mkdtempSync(join(work, 'boot-'));
        const c = config(dir, 10);
        add('`daemon -c` (10 programs) until it serves, ms', LABELS[i]!, wall(bins[i]!, ['daemon', '-c', c]));
        wall(bins[1]!, ['-c', c, 'shutdown']);
      }
    }
  } finally {
    spawnSync(bins[1]!, ['-c', conf, 'shutdown']);
  }
  const metrics = [...new Set([...samples.keys()].map((k) => k.split('\0')[0]!))];
  process.stdout.write(`| metric | ${LABELS.join(' | ')} | ratio |\n|---|---|---|---|\n`);
  for (const m of metrics) {
    const cells = LABELS.map((l) => samples.get(`${m}\0${l}`) ?? []);
    const show = (xs: number[]) => (xs.length > 1 ? `${fmtNum(median(xs))} (${fmtNum(minOf(xs))}..${fmtNum(maxOf(xs))})` : fmtNum(xs[0] ?? NaN));
    process.stdout.write(`| ${m} | ${cells.map(show).join(' | ')} | ${(median(cells[1]!) / median(cells[0]!)).toFixed(2)}× |\n`);
  }
  process.stderr.write(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

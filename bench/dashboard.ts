/**
 * The dashboard process as users run it, in a tmux pane (120×45) on our daemon with N RUNNING
 * programs: launch → first frame (process rows drawn) and the CPU it took, VmRSS after start and after the windows,
 * CPU (% of a core) idle and while `j` is held (25 keys/s). Each entry is measured in turn: the
 * built bundle (dist/, what the package runs) and the TypeScript sources through tsx (the dev path).
 * Whole-process figures from /proc.
 *
 *   npm run build && node --import tsx bench/dashboard.ts [--n 1000] [--window S] [--entry dist|source]
 *       [--runs R] [--socket PATH (a running daemon)] [--cpu-prof] [--no-keys]
 *       [--before PATH (another build's dist/src/cli/main.js, measured as entry `before`)]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon, type RunningDaemon } from './lib/daemon.ts';
import { OURS_BIN, REPO } from './lib/paths.ts';
import { cpuMs, loadAverage, rssMiB } from './lib/proc.ts';
import { hotSpots } from './lib/profile-summary.ts';
import { fmtSummary } from './lib/stats.ts';

const argv = process.argv.slice(2);
const opt = (name: string): string | null => (argv.includes(name) ? (argv[argv.indexOf(name) + 1] ?? null) : null);
const N = Number(opt('--n') ?? 1000);
const windowMs = Number(opt('--window') ?? 10) * 1000;
const runs = Number(opt('--runs') ?? 1);
const before = opt('--before');
const entries = opt('--entry') ? opt('--entry')!.split(',') : before !== null ? ['before', 'dist'] : ['dist', 'source'];
const socketArg = opt('--socket');
const cpuProf = argv.includes('--cpu-prof');
const keys = !argv.includes('--no-keys');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function command(entry: string, socket: string, profDir: string | null): string {
  const prof = profDir === null ? '' : `--cpu-prof --cpu-prof-dir=${profDir} `;
  const main = entry === 'dist' ? OURS_BIN : entry === 'before' ? before! : `--import tsx ${join(REPO, 'src/cli/main.ts')}`;
  return `cd ${REPO} && exec ${process.execPath} ${prof}${main} -s unix://${socket}`;
}

const samples = new Map<string, number[]>();
const add = (metric: string, v: number) => samples.set(metric, [...(samples.get(metric) ?? []), v]);

async function measure(entry: string, socket: string, firstName: string, run: number): Promise<void> {
  const server = `bench-dash-${process.pid}-${entry}-${run}`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', server, ...a], { encoding: 'utf8' });
  const profDir = cpuProf ? mkdtempSync(join(tmpdir(), 'dashprof-')) : null;
  const row = new RegExp(`${firstName} +RUNNING`);
  const t0 = performance.now();
  tmux('-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '45', command(entry, socket, profDir));
  try {
    const pid = Number(tmux('list-panes', '-F', '#{pane_pid}').trim());
    while (!row.test(tmux('capture-pane', '-p'))) {
      if (performance.now() - t0 > 60_000) throw new Error(`${entry}: no rows drawn:\n${tmux('capture-pane', '-p')}`);
      await sleep(5);
    }
    add(`${entry}: launch → first frame, ms`, performance.now() - t0);
    // The process's own CPU up to that frame (all threads, exited ones excluded): the work start-up
    // does, which swings far less with the shared machine's load than the wall time above.
    add(`${entry}: CPU to the first frame, ms`, cpuMs(pid));
    await sleep(5000); // past the priorities, the first stats sample and the first uptime ticks
    add(`${entry}: VmRSS after start, MiB`, rssMiB(pid));
    let c0 = cpuMs(pid);
    await sleep(windowMs);
    add(`${entry}: idle CPU, % of a core`, ((cpuMs(pid) - c0) / windowMs) * 100);
    if (keys) {
      c0 = cpuMs(pid);
      const w0 = performance.now();
      let sent = 0;
      while (performance.now() - w0 < windowMs) {
        tmux('send-keys', 'j');
        sent++;
        const next = w0 + sent * 40;
        await sleep(Math.max(0, next - performance.now()));
      }
      const took = performance.now() - w0;
      add(`${entry}: holding j (${((sent / took) * 1000).toFixed(0)} keys/s), % of a core`, ((cpuMs(pid) - c0) / took) * 100);
    }
    add(`${entry}: VmRSS at the end, MiB`, rssMiB(pid));
    tmux('send-keys', 'q');
    const q0 = performance.now();
    while (performance.now() - q0 < 20_000) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await sleep(50);
    }
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // gone with its only pane
    }
  }
  if (profDir !== null) {
    await sleep(500);
    for (const f of readdirSync(profDir).filter((x) => x.endsWith('.cpuprofile'))) {
      const { totalMs, spots } = hotSpots(join(profDir, f), 30);
      console.log(`\n${entry} ${join(profDir, f)}: ${totalMs.toFixed(0)} ms on CPU (idle excluded)`);
      for (const s of spots) console.log(`${s.selfMs.toFixed(1).padStart(9)} ms ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.fn}`);
    }
  }
}

let d: RunningDaemon | null = null;
try {
  execFileSync('tmux', ['-V'], { stdio: 'ignore' });
} catch {
  console.error('skipped: needs tmux (apt-get install -y tmux)');
  process.exit(0);
}
let socket = socketArg;
if (socket === null) {
  d = await startDaemon('ours', { count: N, command: 'sleep 100000', autostart: true, autorestart: false, startsecs: 0 }, { timeoutMs: 300_000 });
  socket = d.socket;
  while ((await d.client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length < N) await sleep(1000);
}
try {
  const { createClient } = await import('../src/client/client.ts');
  const c = createClient({ serverurl: `unix://${socket}`, timeoutMs: 120_000 });
  const infos = await c.getAllProcessInfo();
  c.close();
  console.log(`dashboard bench: ${infos.length} processes, ${windowMs / 1000} s windows, load ${loadAverage()}`);
  for (let r = 0; r < runs; r++) for (const e of r % 2 === 0 ? entries : [...entries].reverse()) await measure(e, socket, infos[0]!.name, r);
  for (const [m, xs] of samples) console.log(`| ${m} | ${fmtSummary(xs)} |`);
  console.log(`load after: ${loadAverage()}`);
} finally {
  await d?.stop();
}

/**
 * Dashboard measurements: the render path at 1,000 processes (bench/tui.ts, by the dashboard's
 * owner, run as is and its figures read), and the real dashboard's whole-process idle CPU in a tmux
 * pane against our daemon with 1,000 RUNNING programs.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDaemon } from './daemon.ts';
import { OURS_BIN, REPO } from './paths.ts';
import { childPids, commOf, cpuMs, rssMiB } from './proc.ts';
import type { Samples } from './samples.ts';

const TUI_BENCH = fileURLToPath(new URL('../tui.ts', import.meta.url));
// bench/tui.ts renders Ink from source: it needs the same incremental-render fix as the tests.
const INK_FIX = new URL('../../tui/ink-fix/register.mjs', import.meta.url).href;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs bench/tui.ts and records its 1,000-process figures. */
export async function renderPath(s: Samples): Promise<void> {
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', '--import', INK_FIX, TUI_BENCH], { cwd: REPO, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      err ? reject(new Error(`bench/tui.ts failed: ${stderr || err.message}`)) : resolve(stdout),
    ),
  );
  const block = out.split(/\n(?=\d+ processes)/).find((b) => b.trimStart().startsWith('1000 processes'));
  if (!block) throw new Error(`bench/tui.ts printed no 1000-process block:\n${out}`);
  const num = (re: RegExp, what: string) => {
    const m = re.exec(block);
    if (!m) throw new Error(`bench/tui.ts: no ${what} in:\n${block}`);
    return Number(m[1]);
  };
  s.add('dashboard frame p50 (all 40 rows tick), ms', 'ours', num(/refresh \(all 40 visible uptimes tick\): median ([\d.]+) ms/, 'refresh median'));
  s.add('dashboard bytes per refresh (all 40 rows tick)', 'ours', num(/; (\d+) B median/, 'bytes median'));
  s.add('dashboard bytes, nothing changed', 'ours', num(/unchanged refresh: (\d+) B/, 'unchanged bytes'));
  s.add('dashboard render CPU at 1 s refresh, % of a core', 'ours', num(/→ ([\d.]+)% of a core at a 1 s/, 'CPU per refresh'));
  s.add('dashboard render CPU holding j (25 keys/s), % of a core', 'ours', num(/→ ([\d.]+)% of a core at 25 keys/, 'CPU per j'));
}

/** The dashboard process itself (tmux pane, 120×45) watching 1,000 RUNNING programs: CPU % of a core over `windowMs`. */
export async function idleDashboard(s: Samples, windowMs: number): Promise<void> {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
  } catch {
    process.stderr.write('skipped: the dashboard process idle CPU needs tmux (apt-get install -y tmux)\n');
    return;
  }
  const n = 1000;
  const d = await startDaemon('ours', { count: n, command: 'sleep 100000', autostart: true, autorestart: false, startsecs: 0 });
  const server = `bench-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8' });
  try {
    const deadline = performance.now() + 120_000;
    while (childPids(d.pid).filter((c) => commOf(c) === 'sleep').length < n) {
      if (performance.now() > deadline) throw new Error('the 1,000 programs did not start');
      await sleep(50);
    }
    const launched = performance.now();
    tmux('-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '45', `exec env NODE_ENV=production ${process.execPath} ${OURS_BIN} -c ${d.conf} --interval 1`);
    const panePid = Number(tmux('list-panes', '-F', '#{pane_pid}').trim());
    while (!/p000 +RUNNING/.test(tmux('capture-pane', '-p'))) {
      if (performance.now() > deadline) throw new Error(`the dashboard drew no process rows:\n${tmux('capture-pane', '-p')}`);
      await sleep(5);
    }
    s.add('dashboard process launch → first rows, 1,000 procs, ms', 'ours', performance.now() - launched);
    await sleep(3000); // past start-up and the first full snapshot
    s.add('dashboard process VmRSS, 1,000 procs, MiB', 'ours', rssMiB(panePid));
    let c0 = cpuMs(panePid);
    await sleep(windowMs);
    s.add('dashboard process idle CPU, 1,000 procs, % of a core', 'ours', ((cpuMs(panePid) - c0) / windowMs) * 100);
    // Holding j: 25 keys a second through tmux (bench/dashboard.ts measures more, e.g. against another build).
    c0 = cpuMs(panePid);
    const k0 = performance.now();
    for (let sent = 1; performance.now() - k0 < windowMs; sent++) {
      tmux('send-keys', 'j');
      await sleep(Math.max(0, k0 + sent * 40 - performance.now()));
    }
    s.add('dashboard process holding j (25 keys/s), 1,000 procs, % of a core', 'ours', ((cpuMs(panePid) - c0) / (performance.now() - k0)) * 100);
    if (!/RUNNING/.test(tmux('capture-pane', '-p'))) throw new Error('the dashboard lost its rows during the idle window');
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    await d.stop();
  }
}

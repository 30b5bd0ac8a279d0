/**
 * The live dashboard at 1,000 processes with nothing changing, on our daemon (change feed) and on
 * supervisord 4.2.5 (paced polling): bytes/s on the RPC connection (a counting unix-socket proxy
 * between the dashboard and the daemon), the dashboard's CPU, the daemon's CPU caused by one
 * dashboard and by ten headless watchers (bench/live-clients.ts), and state change → screen
 * (a stop made over RPC until tmux shows it). Whole-process figures from /proc.
 *
 *   npm run build && node --import tsx bench/live.ts [--window SECONDS] [--only ours|supervisord]
 *     [--before PATH (another build's dist/src/cli/main.js: its daemon measured first, as column `before`)]
 */
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDaemon, type Kind, type RunningDaemon } from './lib/daemon.ts';
import { OURS_BIN, REPO } from './lib/paths.ts';
import { mainLog, stoppedEntries } from './lib/mainlog.ts';
import { cpuMs, loadAverage } from './lib/proc.ts';
import { median } from './lib/stats.ts';

const N = 1000;
const argv = process.argv.slice(2);
const windowMs = Number(argv[argv.indexOf('--window') + 1] ?? '') * 1000 || 15_000;
const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] as Kind) : null;
const beforeBin = argv.includes('--before') ? argv[argv.indexOf('--before') + 1]! : null;
const CLIENTS = fileURLToPath(new URL('./live-clients.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A unix-socket proxy that counts the bytes both ways. */
function countingProxy(listen: string, target: string): Promise<{ bytes: () => number; close: () => void }> {
  let bytes = 0;
  const server = net.createServer((a) => {
    const b = net.connect({ path: target });
    a.on('data', (d) => (bytes += d.length));
    b.on('data', (d) => (bytes += d.length));
    a.pipe(b).pipe(a);
    a.on('error', () => b.destroy());
    b.on('error', () => a.destroy());
    a.on('close', () => b.destroy());
    b.on('close', () => a.destroy());
  });
  return new Promise((resolve) =>
    server.listen(listen, () =>
      resolve({
        bytes: () => bytes,
        close: () => {
          server.close();
        },
      }),
    ),
  );
}

async function daemonCpuOver(d: RunningDaemon, ms: number): Promise<number> {
  const c0 = cpuMs(d.pid);
  await sleep(ms);
  return ((cpuMs(d.pid) - c0) / ms) * 100;
}

/** `bin`: our daemon from another build (the dashboard and watchers are always this build's). */
async function scenario(kind: Kind, bin?: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const programs = { count: N, command: 'sleep 100000', autostart: true, autorestart: false, startsecs: 0 };
  const d = await startDaemon(kind, programs, { timeoutMs: 300_000, ...(bin === undefined ? {} : { bin }) });
  const tmuxServer = `bench-live-${process.pid}-${kind}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', tmuxServer, ...args], { encoding: 'utf8' });
  const proxy = await countingProxy(join(d.dir, 'proxy.sock'), d.socket);
  try {
    const deadline = performance.now() + 300_000;
    while ((await d.client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length < N) {
      if (performance.now() > deadline) throw new Error(`${kind}: the ${N} programs did not start`);
      await sleep(1000);
    }
    await sleep(3000);
    const base = await daemonCpuOver(d, windowMs);

    tmux('-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '45', `exec env NODE_ENV=production ${process.execPath} ${OURS_BIN} -s unix://${join(d.dir, 'proxy.sock')} --interval 1`);
    const panePid = Number(tmux('list-panes', '-F', '#{pane_pid}').trim());
    const [first, second] = (await d.client.getAllProcessInfo()).map((p) => p.name);
    while (!new RegExp(`${first} +RUNNING`).test(tmux('capture-pane', '-p'))) {
      if (performance.now() > deadline) throw new Error(`${kind}: the dashboard drew no rows:\n${tmux('capture-pane', '-p')}`);
      await sleep(200);
    }
    await sleep(5000); // past start-up, the first snapshot and the poll pacing's first answers
    const b0 = proxy.bytes();
    const dash0 = cpuMs(panePid);
    const withOne = await daemonCpuOver(d, windowMs);
    out['bytes/s on the RPC connection'] = ((proxy.bytes() - b0) / windowMs) * 1000;
    out['dashboard CPU, % of a core'] = ((cpuMs(panePid) - dash0) / windowMs) * 100;
    out['daemon CPU caused by 1 dashboard, % of a core'] = Math.max(0, withOne - base);

    const latencies: number[] = [];
    const fromChange: number[] = [];
    for (let i = 0; i < 6; i++) {
      const name = i % 2 === 0 ? first! : second!;
      const t0 = performance.now();
      const stopsBefore = stoppedEntries(mainLog(d)).length;
      await d.client.stopProcess(name, false);
      const re = new RegExp(`${name} +STOPPED`);
      let shown = true;
      while (!re.test(tmux('capture-pane', '-p'))) {
        // Paced polling on a loaded machine may take longer: counted as 60 s, and the other figures still reported.
        if (performance.now() - t0 > 60_000) {
          shown = false;
          break;
        }
        await sleep(5);
      }
      const seenWall = Date.now();
      latencies.push(shown ? performance.now() - t0 : 60_000);
      // The change itself is when the daemon logged "stopped:" (SIGTERM sent, child reaped).
      // The log line may be written after the screen showed the change (the log is written asynchronously).
      let stopped = stoppedEntries(mainLog(d))[stopsBefore];
      for (let w = 0; stopped === undefined && w < 100; w++) {
        await sleep(20);
        stopped = stoppedEntries(mainLog(d))[stopsBefore];
      }
      if (shown && stopped !== undefined) fromChange.push(seenWall - stopped.at);
      await d.client.startProcess(name, true);
      const back = new RegExp(`${name} +RUNNING`);
      while (!back.test(tmux('capture-pane', '-p'))) await sleep(50);
      await sleep(500 + Math.random() * 1000); // a random phase against the poll period
    }
    out['stop request → screen, median ms'] = median(latencies);
    if (fromChange.length > 0) out['state change (main log) → screen, median ms'] = median(fromChange);
    tmux('kill-server');

    const clients = spawn(process.execPath, ['--import', 'tsx', CLIENTS, d.socket, '10'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => clients.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve()));
    await sleep(5000);
    const withTen = await daemonCpuOver(d, windowMs);
    out['daemon CPU caused by 10 watchers, % of a core'] = Math.max(0, withTen - base);
    clients.kill('SIGTERM');
    out['daemon CPU idle (no client), % of a core'] = base;
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // gone
    }
    proxy.close();
    await d.stop();
  }
  return out;
}

const results: Partial<Record<Kind | 'before', Record<string, number>>> = {};
console.log(`live bench: ${N} processes, ${windowMs / 1000} s windows, load ${loadAverage()}`);
if (beforeBin !== null && only !== 'supervisord') {
  results.before = await scenario('ours', beforeBin);
  console.log('before', results.before);
}
for (const kind of ['ours', 'supervisord'] as const) {
  if (only !== null && only !== kind) continue;
  results[kind] = await scenario(kind);
  console.log(kind, results[kind]);
}
const rows = Object.keys(results.ours ?? results.supervisord ?? {});
const beforeCol = results.before === undefined ? '' : ' ours before (feed) |';
console.log(`\n| at 1,000 processes, dashboard open, nothing changing | supervisord 4.2.5 (polling) |${beforeCol} ours (feed) |\n|---|---|${beforeCol === '' ? '' : '---|'}---|`);
const f = (v: number | undefined) => (v === undefined ? '' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
for (const r of rows) console.log(`| ${r} | ${f(results.supervisord?.[r])} |${beforeCol === '' ? '' : ` ${f(results.before?.[r])} |`} ${f(results.ours?.[r])} |`);
console.log(`load after: ${loadAverage()}`);

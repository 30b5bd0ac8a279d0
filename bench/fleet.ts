/**
 * Many servers: S daemons (ours and supervisord 4.2.5 alternating) × P sleeping programs each on
 * unix sockets, the first K reached through a loopback sshd; the dashboard from source in a tmux
 * pane on a context naming them all. Measures, whole-process:
 *   - first full frame: launch → every server row up and the header summing S×P processes;
 *   - key latency while all servers refresh: Space (mark) → the header's "N marked", typed through a
 *     tmux control client and seen in the pane's output stream (lib/tmux-keys.ts, lib/pane-stream.ts),
 *     then typed by `tmux send-keys` and seen by polling capture-pane;
 *   - the dashboard's idle CPU (% of a core) and RSS;
 *   - one server that accepts and never answers: how fast a change on the other servers reaches the
 *     fleet's view with it in the fleet, against without it (the fleet's per-server loops in this process).
 * The dashboard and our daemons run from the build (`npm run build`, made first), as users run
 * them; `--profile` runs the dashboard (bundled unminified) under `node --cpu-prof` and prints its
 * hottest functions (over the whole run, then the idle window alone) and the long tasks after the
 * first full frame (lib/long-tasks.ts); `--trace` preloads
 * lib/key-trace.mjs into it and splits each key's time into tmux → dashboard, the dashboard's own
 * work, and dashboard → screen; `--all-ours` makes every server ours (each with its change feed).
 * Run: node --import tsx bench/fleet.ts [--servers 20] [--procs 250] [--ssh 3] [--idle-ms 30000] [--profile] [--trace] [--all-ours]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/client/client.ts';
import type { SupervisorClient } from '../src/client/types.ts';
import type { Fleet } from '../src/fleet/types.ts';
import { startSshd, type Sshd } from '../test/helpers/sshd.ts';
import type { FleetView } from '../tui/fleet/model.ts';
import { FleetPollers } from '../tui/fleet/pollers.ts';
import { openFleetSession } from '../tui/fleet/session.ts';
import { configText, programName } from './lib/config.ts';
import { SUPERVISORD, waitForRpc } from './lib/daemon.ts';
import { OURS_BIN, REPO } from './lib/paths.ts';
import { paneStream } from './lib/pane-stream.ts';
import { tmuxKeys } from './lib/tmux-keys.ts';
import { longTasks } from './lib/long-tasks.ts';
import { hotSpots } from './lib/profile-summary.ts';
import { cpuMs, loadAverage, machineBusyMs, rssMiB } from './lib/proc.ts';
import { numberArg } from './lib/args.ts';

const SERVERS = numberArg('servers', 20);
const PROCS = numberArg('procs', 250);
const SSH = numberArg('ssh', 3);
const IDLE_MS = numberArg('idle-ms', 30_000);
const KEYS = numberArg('keys', 60);
const PACED_KEYS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PROFILE = process.argv.includes('--profile');
const TRACE = process.argv.includes('--trace');
/** Every server ours (each with its change feed), rather than ours and supervisord alternating. */
const ALL_OURS = process.argv.includes('--all-ours');
const wallNow = () => performance.timeOrigin + performance.now();

interface Daemon {
  name: string;
  kind: 'ours' | 'supervisord';
  socket: string;
  child: ChildProcess;
}

async function startOne(root: string, i: number): Promise<Daemon> {
  const kind = ALL_OURS || i % 2 === 0 ? 'ours' : 'supervisord';
  const name = `s${String(i).padStart(2, '0')}-${kind === 'ours' ? 'ours' : 'real'}`;
  const dir = join(root, name);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const socket = join(dir, 's.sock');
  const conf = join(dir, 's.conf');
  writeFileSync(conf, configText({ dir, socket, programs: { count: PROCS, command: 'sleep 100000', autostart: true, autorestart: false, startsecs: 0 } }));
  const [cmd, args] = kind === 'supervisord' ? [SUPERVISORD, ['-n', '-c', conf]] : [process.execPath, [OURS_BIN, 'daemon', '-n', '-c', conf]];
  const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
  const client = createClient({ serverurl: `unix://${socket}`, timeoutMs: 120_000 });
  try {
    await waitForRpc(child, name, socket, client, performance.now() + 300_000, () => err);
    // Every program RUNNING before anything is measured.
    for (;;) {
      const infos = await client.getAllProcessInfo();
      if (infos.length === PROCS && infos.every((p) => p.statename === 'RUNNING')) break;
      await sleep(500);
    }
  } finally {
    client.close();
  }
  return { name, kind, socket, child };
}

/** A unix socket that accepts connections and never answers: a hung server. */
function hungServer(path: string): net.Server {
  const sockets: net.Socket[] = [];
  const srv = net.createServer((s) => void sockets.push(s.on('error', () => {})));
  srv.listen(path);
  srv.on('close', () => sockets.forEach((s) => s.destroy()));
  return srv;
}

function pct(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!;
}

/**
 * How fast the fleet's per-server loops show a change: on each server in turn a control client
 * stops one program and starts it again; the time until the fleet's view (FleetPollers, the
 * dashboard's data path, in this process) shows each state. Median ms over every change.
 */
/**
 * When each server's rows first arrive, all asked at once from this process (the fleet's pollers,
 * its session's clients with their first contact sent early): which servers the first frame waits for.
 */
async function firstRows(urls: Map<string, string>, sshCommand: string[]): Promise<string> {
  process.env['SUPERVISOR_TUI_SSH_COMMAND'] = sshCommand.join(' ');
  const t0 = performance.now();
  const fleet: Fleet = { context: 'bench', color: null, readonly: false, servers: [...urls].map(([name, serverurl]) => ({ name, serverurl, username: null, password: { kind: 'none' } })) };
  const session = openFleetSession(fleet, createClient, 15_000);
  const at = new Map<string, number>();
  await new Promise<void>((resolve) => {
    const pollers = new FleetPollers(session.ready, {
      intervalMs: 1000,
      isPaused: () => false,
      statsWanted: () => new Set(),
      onView: (v) => {
        for (const m of v.members) if (m.snapshot !== null && !at.has(m.name)) at.set(m.name, performance.now() - t0);
        if (at.size === urls.size) {
          pollers.stop();
          resolve();
        }
      },
      base: { context: 'bench', color: null, tree: true },
    });
    pollers.start();
  });
  session.close();
  const last = [...at].sort((a, b) => b[1] - a[1]).slice(0, 6);
  return last.map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ');
}

async function changeLatency(sockets: Map<string, string>, servers: readonly string[], rounds: number): Promise<number> {
  const clients = new Map<string, SupervisorClient>();
  for (const [name, sock] of sockets) clients.set(name, createClient({ serverurl: `unix://${sock}`, timeoutMs: 15_000 }));
  let view: FleetView | null = null;
  let wake: (() => void) | null = null;
  const pollers = new FleetPollers(clients, {
    intervalMs: 1000,
    isPaused: () => false,
    statsWanted: () => new Set(),
    onView: (v) => {
      view = v;
      wake?.();
    },
    base: { context: 'bench', color: null, tree: true },
  });
  const stateOf = (server: string, name: string) => (view as FleetView | null)?.members.find((m) => m.name === server)?.snapshot?.infos.find((p) => p.name === name)?.statename;
  const until = async (server: string, name: string, state: string) => {
    const t0 = performance.now();
    while (stateOf(server, name) !== state) {
      if (performance.now() - t0 > 60_000) throw new Error(`${server}: ${name} never showed ${state}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
    }
  };
  pollers.start();
  const lat: number[] = [];
  const control = new Map(servers.map((s) => [s, createClient({ serverurl: `unix://${sockets.get(s)!}` })]));
  try {
    const name = programName(0, PROCS);
    for (const s of servers) await until(s, name, 'RUNNING');
    for (let r = 0; r < rounds; r++) {
      for (const s of servers) {
        for (const [call, state] of [[(c: SupervisorClient) => c.stopProcess(name, true), 'STOPPED'], [(c: SupervisorClient) => c.startProcess(name, true), 'RUNNING']] as const) {
          await call(control.get(s)!);
          const t0 = performance.now();
          await until(s, name, state);
          lat.push(performance.now() - t0);
        }
      }
    }
  } finally {
    pollers.stop();
    for (const c of [...clients.values(), ...control.values()]) c.close();
  }
  return pct(lat, 50);
}

/** Starts counting; the returned function says each named set's share of a core since, and the whole machine's. */
function cpuShares(sets: Record<string, number[]>): () => string {
  const total = (pids: number[]) => pids.reduce((a, p) => a + cpuMs(p), 0);
  const t0 = performance.now();
  const m0 = machineBusyMs();
  const before = Object.fromEntries(Object.entries(sets).map(([k, pids]) => [k, total(pids)]));
  return () => {
    const ms = performance.now() - t0;
    const parts = Object.entries(sets).map(([k, pids]) => `${k} ${(((total(pids) - before[k]!) / ms) * 100).toFixed(0)} %`);
    return `busy ${(((machineBusyMs() - m0) / ms) * 100).toFixed(0)} % of one core (2 cores: 200 %): ${parts.join(', ')}, over ${(ms / 1000).toFixed(1)} s`;
  };
}

interface KeyTrace {
  keys: { at: number }[];
  writes: number[];
  gc: { at: number; ms: number }[];
  delay: { p50: number; p99: number; max: number };
}

/**
 * Each key's time split in three, from the dashboard's own stamps: send-keys → the dashboard reads
 * the key (tmux's relay, plus the dashboard's event loop busy with other work), read → its first
 * terminal write after (its handling and the frame throttle), that write → capture-pane shows it.
 */
function keyBreakdown(file: string, sent: number[], seen: number[]): string[] {
  const trace = JSON.parse(readFileSync(file, 'utf8')) as KeyTrace;
  // The trace holds the capture-pane keys too; these are the streamed ones.
  const queued: number[] = [];
  const handled: number[] = [];
  const shown: number[] = [];
  for (let i = 0; i < sent.length; i++) {
    const key = trace.keys.find((k) => k.at >= sent[i]! && k.at <= seen[i]!);
    const wrote = key && trace.writes.find((w) => w >= key.at && w <= seen[i]!);
    if (!key || wrote === undefined) continue;
    queued.push(key.at - sent[i]!);
    handled.push(wrote - key.at);
    shown.push(seen[i]! - wrote);
  }
  const first = sent[0] ?? 0;
  const last = seen.at(-1) ?? 0;
  const gc = trace.gc.filter((g) => g.at >= first && g.at <= last);
  const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} / p99 ${pct(xs, 99).toFixed(1)} ms`;
  const slowest = queued
    .map((q, i) => ({ q, h: handled[i]!, s: shown[i]! }))
    .sort((a, b) => b.q + b.h + b.s - (a.q + a.h + a.s))
    .slice(0, 5)
    .map((k) => `${k.q.toFixed(0)}+${k.h.toFixed(0)}+${k.s.toFixed(0)}`);
  return [
    `  where the keys' time went (${queued.length} of ${sent.length} keys traced): send-keys → dashboard reads it ${f(queued)}; read → its frame written ${f(handled)}; written → the bench sees it ${f(shown)}`,
    `  the 5 slowest keys (to read + to write + to the bench, ms): ${slowest.join(', ')}`,
    `  the dashboard's event loop over both key windows: delay p50 ${trace.delay.p50.toFixed(1)} / p99 ${trace.delay.p99.toFixed(1)} / max ${trace.delay.max.toFixed(1)} ms; ${gc.length} GC pauses, longest ${Math.max(0, ...gc.map((g) => g.ms)).toFixed(1)} ms, ${gc.reduce((a, g) => a + g.ms, 0).toFixed(0)} ms in all`,
  ];
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bfleet-'));
  const daemons: Daemon[] = [];
  let sshd: Sshd | null = null;
  let hung: net.Server | null = null;
  const tmuxServer = `bfleet-${process.pid}`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', tmuxServer, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const out: string[] = [];
  const say = (line: string) => {
    out.push(line);
    process.stdout.write(line + '\n');
  };
  try {
    // What users run, from these sources; under --profile the dashboard bundle unminified, so the profile names functions.
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
    if (PROFILE) {
      const build = (await import(String(new URL('../scripts/build.mjs', import.meta.url)))) as { bundleDashboard(outdir: string, o: { minify: boolean }): Promise<unknown> };
      await build.bundleDashboard(join(REPO, 'dist', 'tui'), { minify: false });
    }
    say(`fleet bench: ${SERVERS} servers × ${PROCS} programs, ${SSH} through ssh; load before: ${loadAverage()}`);
    const t0 = performance.now();
    // A few at a time: 20 daemons spawning 250 children each at once swamp two cores.
    for (let i = 0; i < SERVERS; i += 4) daemons.push(...(await Promise.all(Array.from({ length: Math.min(4, SERVERS - i) }, (_, k) => startOne(root, i + k)))));
    say(`daemons up with every program RUNNING in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const sshDir = join(root, 'ssh');
    mkdirSync(sshDir);
    const s = SSH > 0 ? await startSshd(sshDir) : 'no ssh servers asked for';
    if (typeof s === 'string') say(`ssh: left out (${s})`);
    else sshd = s;
    const urls = daemons.map((d, i) => (sshd && i < SSH ? sshd.url(d.socket) : `unix://${d.socket}`));
    const file = join(root, 'servers.conf');
    writeFileSync(file, daemons.map((d, i) => `[server:${d.name}]\nurl = ${urls[i]}\n`).join('') + `[context:bench]\nservers = ${daemons.map((d) => d.name).join(' ')}\n`, { mode: 0o600 });

    // The dashboard, whole process, in tmux.
    const env = `NODE_ENV=production SUPERVISOR_TUI_SSH_COMMAND='${(sshd?.sshCommand ?? ['ssh']).join(' ')}'`;
    const launched = performance.now();
    const profDir = PROFILE ? mkdtempSync(join(tmpdir(), 'bfleet-prof-')) : null;
    const traceFile = join(root, 'key-trace.json');
    const nodeArgs = [
      ...(profDir === null ? [] : [`--cpu-prof --cpu-prof-dir=${profDir}`]),
      ...(TRACE ? [`--import ${join(REPO, 'bench/lib/key-trace.mjs')}`] : []),
    ].join(' ');
    const traceEnv = TRACE ? ` BENCH_KEY_TRACE=${traceFile}` : '';
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'fleet', '-x', '160', '-y', '50', `cd ${REPO} && exec env ${env}${traceEnv} ${process.execPath} ${nodeArgs} ${OURS_BIN} --servers ${file} --context bench`);
    const panePid = Number(tmux('list-panes', '-F', '#{pane_pid}').trim());
    const total = SERVERS * PROCS;
    const full = new RegExp(`${SERVERS} servers: ${SERVERS} up · ${total.toLocaleString('en-US')} procs: ${total.toLocaleString('en-US')} running`);
    for (;;) {
      const screen = tmux('capture-pane', '-p');
      if (full.test(screen)) break;
      if (performance.now() - launched > 300_000) throw new Error(`no full frame in 300 s:\n${screen}`);
      await sleep(20);
    }
    const firstFrame = performance.now() - launched;
    const firstFrameUs = Number(process.hrtime.bigint() / 1000n);
    // How much of that the dashboard spent on the CPU (the rest is waiting for the servers and ssh).
    const frameCpu = cpuMs(panePid);
    say(`first full frame (launch → ${SERVERS} servers up, ${total} procs summed): ${(firstFrame / 1000).toFixed(2)} s, of which the dashboard on the CPU ${(frameCpu / 1000).toFixed(2)} s (target ≤ 2 s)`);
    await sleep(3000);

    // Keys while every server refreshes: Space marks and moves; the header counts the marks. Timed
    // twice: first as a terminal would see them (typed through one tmux control client, seen in the
    // pane's output stream), then as earlier runs did (tmux send-keys, polling capture-pane: a tmux
    // client spawned per key and per poll, load on the two cores the keys share).
    tmux('send-keys', 'g'); // first row: a server row; Space there marks its whole server
    tmux('send-keys', 'j');
    await sleep(300);
    const pane = await paneStream(tmux, root, 160, 50);
    const keys = await tmuxKeys(tmuxServer, 'fleet');
    await sleep(300);
    const sent: number[] = [];
    const seen: number[] = [];
    // Who had the two cores while the keys were typed: the dashboard, tmux, the servers (theirs), the rest.
    const tmuxPid = Number(tmux('display-message', '-p', '#{pid}').trim());
    const servers = { 'our daemons': daemons.filter((d) => d.kind === 'ours').map((d) => d.child.pid!), supervisords: daemons.filter((d) => d.kind === 'supervisord').map((d) => d.child.pid!) };
    const shares = cpuShares({ dashboard: [panePid], tmux: [tmuxPid], ...servers });
    for (let i = 1; i <= KEYS; i++) {
      sent.push(wallNow());
      keys.send('Space');
      seen.push(await pane.waitForLine(0, new RegExp(`· ${i} marked`), 10_000));
    }
    // The same keys at a fast typist's pace (10 a second): each one's own latency, not the 30 fps
    // cap that keys typed the moment the last one shows run into.
    const paced: number[] = [];
    for (let i = KEYS + 1; i <= KEYS + PACED_KEYS; i++) {
      await sleep(100);
      const at = wallNow();
      keys.send('Space');
      paced.push((await pane.waitForLine(0, new RegExp(`· ${i} marked`), 10_000)) - at);
    }
    keys.close();
    pane.close();
    say(`  the machine while the keys were typed: ${shares()}`);
    const streamed = seen.map((at, i) => at - sent[i]!);
    say(`key → terminal (Space typed through a tmux control client → "N marked" in the pane's output stream), ${KEYS} keys: p50 ${pct(streamed, 50).toFixed(1)} ms, p99 ${pct(streamed, 99).toFixed(1)} ms, max ${Math.max(...streamed).toFixed(1)} ms (target p99 ≤ 50 ms)`);
    say(`key → terminal at 10 keys a second, ${PACED_KEYS} keys: p50 ${pct(paced, 50).toFixed(1)} ms, p99 ${pct(paced, 99).toFixed(1)} ms, max ${Math.max(...paced).toFixed(1)} ms`);
    const lat: number[] = [];
    for (let i = KEYS + PACED_KEYS + 1; i <= 2 * KEYS + PACED_KEYS; i++) {
      const t = performance.now();
      tmux('send-keys', ' ');
      while (!new RegExp(`· ${i} marked`).test(tmux('capture-pane', '-p', '-S', '0', '-E', '0'))) {
        if (performance.now() - t > 10_000) throw new Error(`key ${i}: no reaction in 10 s`);
      }
      lat.push(performance.now() - t);
    }
    const noop: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      tmux('capture-pane', '-p', '-S', '0', '-E', '0');
      noop.push(performance.now() - t);
    }
    say(`key → screen by polling capture-pane, ${KEYS} more keys: p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms; one capture-pane alone p50 ${pct(noop, 50).toFixed(1)} ms`);
    tmux('send-keys', 'U');
    if (TRACE) {
      const deadline = performance.now() + 10_000;
      while (!existsSync(traceFile) && performance.now() < deadline) await sleep(50);
      for (const line of keyBreakdown(traceFile, sent, seen)) say(line);
    }
    await sleep(2000);
    const idleShares = cpuShares({ dashboard: [panePid], ...servers });
    const c0 = cpuMs(panePid);
    const idleFromUs = Number(process.hrtime.bigint() / 1000n);
    // In 10 s slices too: a one-off (V8's memory reducer after the key windows) shows in one of them.
    const slices: string[] = [];
    for (let left = IDLE_MS, c = c0; left > 0; left -= 10_000) {
      const ms = Math.min(10_000, left);
      await sleep(ms);
      const now = cpuMs(panePid);
      slices.push((((now - c) / ms) * 100).toFixed(1));
      c = now;
    }
    const cpu = ((cpuMs(panePid) - c0) / IDLE_MS) * 100;
    const idleWindow = { fromUs: idleFromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    say(`dashboard idle (all ${SERVERS} refreshing: ${ALL_OURS ? 'every one ours, through its change feed' : 'ours through their change feed, supervisord polled with its main log followed'}): CPU ${cpu.toFixed(1)} % of a core over ${IDLE_MS / 1000} s (${slices.join(' / ')} by 10 s), RSS ${rssMiB(panePid).toFixed(0)} MiB (targets ≤ 3 % with the feed, ≤ 150 MB)`);
    say(`  the machine over the idle window: ${idleShares()}`);
    if (profDir !== null) {
      // q: the dashboard exits normally, so node writes the profile.
      tmux('send-keys', 'q');
      const deadline = performance.now() + 30_000;
      while (readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).length === 0 && performance.now() < deadline) await sleep(200);
      await sleep(500);
      for (const f of readdirSync(profDir).filter((x) => x.endsWith('.cpuprofile'))) {
        const { totalMs, spots } = hotSpots(join(profDir, f), 20);
        say(`dashboard profile ${join(profDir, f)}: ${totalMs.toFixed(0)} ms on CPU over the whole run (idle excluded); hottest by self time:`);
        for (const x of spots) say(`${x.selfMs.toFixed(1).padStart(9)} ms ${(x.share * 100).toFixed(1).padStart(5)}%  ${x.fn}`);
        const idle = hotSpots(join(profDir, f), 25, idleWindow);
        say(`  of which the idle window (${idleWindow.fromUs}..${idleWindow.toUs} µs, CLOCK_MONOTONIC): ${idle.totalMs.toFixed(0)} ms on CPU; hottest by self time:`);
        for (const x of idle.spots) say(`${x.selfMs.toFixed(1).padStart(9)} ms ${(x.share * 100).toFixed(1).padStart(5)}%  ${x.fn}`);
        // What could hold a key: the main thread busy without a break, from the first full frame on.
        const long = longTasks(join(profDir, f), 25, firstFrameUs);
        if (long.length === 0) say('  no long task (≥ 25 ms) after the first frame');
        for (const t of long) {
          say(`  long task of ${t.ms.toFixed(1)} ms, ${((t.startUs - firstFrameUs) / 1e6).toFixed(2)} s after the first frame: ${t.held.slice(0, 4).map((h) => `${h.fn} ${h.ms.toFixed(1)}`).join(' · ')}`);
        }
      }
    }
    try {
      tmux('kill-server');
    } catch {
      // the dashboard quit and took the session with it
    }

    say(`first rows, all ${SERVERS} asked at once from the bench's process, the last six: ${await firstRows(new Map(daemons.map((d, i) => [d.name, urls[i]!])), sshd?.sshCommand ?? ['ssh'])}`);
    // One hung server: how fast the others' changes show with it in the fleet, against without it.
    const sockets = new Map(daemons.map((d) => [d.name, d.socket]));
    const names = daemons.map((d) => d.name);
    const without = await changeLatency(sockets, names, 1);
    const hungPath = join(root, 'hung.sock');
    hung = hungServer(hungPath);
    const withHung = await changeLatency(new Map([...sockets, ['hung', hungPath]]), names, 1);
    say(`change → fleet view on the other servers (stop/start on each, ${names.length * 2} changes), median: ${without.toFixed(0)} ms without a hung server, ${withHung.toFixed(0)} ms with one; others slowed ${(((withHung - without) / without) * 100).toFixed(1)} % (target ≤ 10 %)`);
    say(`load after: ${loadAverage()}`);
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // not started or gone
    }
    hung?.close();
    sshd?.stop();
    await Promise.all(
      daemons.map(
        (d) =>
          new Promise<void>((r) => {
            if (d.child.exitCode !== null) return r();
            d.child.once('exit', () => r());
            d.child.kill('SIGTERM');
            setTimeout(() => d.child.kill('SIGKILL'), 30_000).unref();
          }),
      ),
    );
    rmSync(root, { recursive: true, force: true });
  }
}

await main();

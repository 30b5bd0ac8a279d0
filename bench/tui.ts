/**
 * Dashboard benchmark: 1,000 processes (25 groups of 40), a table window of 40 rows at 120 columns.
 * Measures, on the real render path (reducer → Ink incremental → FrameOutput cell diff), the time
 * per refresh and the bytes it sends when every visible uptime ticks (a tick of the table clock,
 * tui/clock/: the data does not change), a scroll step, a filter keystroke, and the CPU per
 * refresh (→ % of a core at the default 1 s interval).
 * Run: NODE_ENV=production node --import tsx --import ./tui/ink-fix/register.mjs bench/tui.ts [--ticks N]
 * (`--ticks 300` with `--cpu-prof` profiles the tick mostly).
 */
delete process.env['CI'];
process.env['FORCE_COLOR'] = '1';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createElement } from 'react';
import { ProcessStates, type ProcessInfo } from '../src/protocol/index.ts';
import { Screen } from '../tui/components/Screen.tsx';
import { sameSnapshot } from '../tui/effects/live.ts';
import { layoutOf, initialState, reduce } from '../tui/reducer.ts';
import type { Action, ViewState } from '../tui/state.ts';
import { FrameOutput } from '../tui/term/frame-output.ts';
import { makeTheme } from '../tui/theme.ts';
import { ClockContext } from '../tui/clock/use-clock.ts';
import { ManualClock } from '../test/tui/helpers/clock.ts';

const { render } = await import('ink');

const COLS = 120;
const ROWS = 45; // frame 44 lines: header, titles, 40 table rows, message, hints

class CountingTerminal extends EventEmitter {
  columns = COLS;
  rows = ROWS;
  bytes = 0;
  private waiter: (() => void) | null = null;
  write = (data: string): boolean => {
    this.bytes += Buffer.byteLength(data);
    this.waiter?.();
    this.waiter = null;
    return true;
  };
  nextWrite(): Promise<void> {
    return new Promise((r) => (this.waiter = r));
  }
}

class Stdin extends EventEmitter {
  isTTY = true;
  read = () => null;
  setEncoding() {}
  setRawMode() {}
  ref() {}
  unref() {}
}

function fleet(now: number, count: number): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (let i = 0; i < count; i++) {
    const group = `group_${String(Math.floor(i / 40)).padStart(2, '0')}`;
    const start = 1_795_000_000 + (i % 97);
    const up = now - start;
    const h = Math.floor(up / 3600);
    const m = String(Math.floor((up % 3600) / 60)).padStart(2, '0');
    const s = String(up % 60).padStart(2, '0');
    out.push({
      name: `${group}_${String(i % 40).padStart(2, '0')}`,
      group,
      start,
      stop: 0,
      now,
      state: ProcessStates.RUNNING,
      statename: 'RUNNING',
      spawnerr: '',
      exitstatus: 0,
      logfile: '',
      stdout_logfile: '',
      stderr_logfile: '',
      pid: 10_000 + i,
      description: `pid ${10_000 + i}, uptime ${h}:${m}:${s}`,
    });
  }
  return out;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
};

async function bench(count: number): Promise<void> {
  const term = new CountingTerminal();
  const output = new FrameOutput(term);
  const theme = makeTheme({ color: true, ascii: false });
  let state: ViewState = initialState({ cols: COLS, rows: ROWS, readonly: false, interval: 1 });
  state = reduce(state, { type: 'server', server: { label: 'bench', daemon: 'supervisord 4.2.5', state: 'RUNNING' } });
  state = reduce(state, { type: 'connection', conn: { status: 'up' } });
  let now = 1_795_010_000;
  const snap = () => ({ infos: fleet(now, count), stats: null, priorities: new Map(), at: now });
  state = reduce(state, { type: 'snapshot', snapshot: snap() });
  console.log(`\n${count} processes — table window: ${layoutOf(state).tableRows} rows of ${state.tableRows.length}`);

  const clock = new ManualClock(now * 1000);
  const screen = () => createElement(ClockContext.Provider, { value: clock }, createElement(Screen, { state, theme, now: 0 }));
  const inst = render(screen(), {
    stdout: output as unknown as NodeJS.WriteStream,
    stdin: new Stdin() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    incrementalRendering: true,
  });
  await new Promise((r) => setTimeout(r, 100));
  console.log(`first frame: ${term.bytes} B`);

  /** Apply actions, render, wait for the bytes to reach the terminal; returns [ms, bytes]. */
  async function step(actions: Action[] | 'tick'): Promise<[number, number]> {
    await new Promise((r) => setTimeout(r, 40)); // past Ink's 30 fps throttle: the write is immediate
    const before = term.bytes;
    const wrote = term.nextWrite();
    const t0 = performance.now();
    if (actions === 'tick') clock.set((now += 1) * 1000);
    else {
      for (const a of actions) state = reduce(state, a);
      inst.rerender(screen());
    }
    await Promise.race([wrote, new Promise((r) => setTimeout(r, 500))]);
    return [performance.now() - t0, term.bytes - before];
  }

  const refreshMs: number[] = [];
  const refreshBytes: number[] = [];
  const cpu0 = process.cpuUsage();
  let busy = 0;
  const N = process.argv.includes('--ticks') ? Number(process.argv[process.argv.indexOf('--ticks') + 1]) : 30;
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const [ms, bytes] = await step('tick');
    busy += performance.now() - t0;
    refreshMs.push(ms);
    refreshBytes.push(bytes);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuPerRefresh = (cpu.user + cpu.system) / 1000 / N;

  // Holding j: one row down per key, each key its own frame (Ink's 30 fps throttle is waited out).
  const keyCpu0 = process.cpuUsage();
  const KEYS = 60;
  for (let i = 0; i < KEYS; i++) await step([{ type: 'move', to: 'down' }]);
  const keyCpu = process.cpuUsage(keyCpu0);
  const cpuPerKey = (keyCpu.user + keyCpu.system) / 1000 / KEYS;

  const scrollMs: number[] = [];
  for (let i = 0; i < 20; i++) scrollMs.push((await step([{ type: 'move', to: 'pageDown' }]))[0]);
  const filterMs: number[] = [];
  state = reduce(state, { type: 'openPrompt', prompt: 'filter' });
  for (const ch of 'group_1') filterMs.push((await step([{ type: 'promptInput', text: ch }]))[0]);
  const again = snap();
  sameSnapshot(state.snapshot!, again); // the live source's change check
  const idle = await step([{ type: 'snapshot', snapshot: again }]);

  const r = stats(refreshMs);
  const b = stats(refreshBytes);
  console.log(`refresh (all 40 visible uptimes tick): median ${r.median.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ${b.median} B median, ${b.max} B max`);
  console.log(`CPU per refresh: ${cpuPerRefresh.toFixed(1)} ms → ${(cpuPerRefresh / 10).toFixed(1)}% of a core at a 1 s interval (wall ${(busy / N).toFixed(1)} ms)`);
  console.log(`CPU per j (one row down): ${cpuPerKey.toFixed(2)} ms → ${(cpuPerKey * 2.5).toFixed(1)}% of a core at 25 keys/s`);
  console.log(`scroll a page: median ${stats(scrollMs).median.toFixed(1)} ms; filter keystroke: median ${stats(filterMs).median.toFixed(1)} ms`);
  console.log(`unchanged refresh: ${idle[1]} B`);
  inst.unmount();
  output.dispose();
}

await bench(1000);
await bench(20);

/**
 * `--real`: the poll path against Debian's supervisord running numprocs=1000 of sleep: one
 * system.multicall (getState + getAllProcessInfo) and the /proc reads for CPU% and RSS.
 */
async function benchRealPoll(): Promise<void> {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createClient } = await import('../src/client/client.ts');
  const { readLocal } = await import('../src/live/local-stats.ts');
  const { waitForRpc } = await import('./lib/daemon.ts');
  const dir = mkdtempSync(join(tmpdir(), 'svtui-bench-'));
  const sock = join(dir, 's.sock');
  writeFileSync(
    join(dir, 'supervisord.conf'),
    `[unix_http_server]\nfile=${sock}\n[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\nchildlogdir=${dir}\nminfds=4096\n` +
      `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
      `[program:sleep]\ncommand=sleep 100000\nprocess_name=%(program_name)s_%(process_num)04d\nnumprocs=1000\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\n`,
  );
  const daemon = spawn('/usr/bin/supervisord', ['-n', '-c', join(dir, 'supervisord.conf')], { stdio: 'ignore' });
  const client = createClient({ serverurl: `unix://${sock}` });
  try {
    const t0 = performance.now();
    await waitForRpc(daemon, 'supervisord', sock, client, t0 + 60_000);
    while ((await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length < 1000) await new Promise((r) => setTimeout(r, 500));
    console.log(`\nreal supervisord, 1000 sleep processes running after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const callMs: number[] = [];
    const procMs: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < 10; i++) {
      const a = performance.now();
      const [, infos] = await client.multicall([{ methodName: 'supervisor.getState' }, { methodName: 'supervisor.getAllProcessInfo' }]);
      const b = performance.now();
      readLocal(new Map((infos as unknown as ProcessInfo[]).map((p) => [p.name, p.pid])));
      callMs.push(b - a);
      procMs.push(performance.now() - b);
      await new Promise((r) => setTimeout(r, 200));
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(`poll: multicall median ${stats(callMs).median.toFixed(1)} ms, /proc reads median ${stats(procMs).median.toFixed(1)} ms, client CPU ${((cpu.user + cpu.system) / 1000 / 10).toFixed(1)} ms per poll`);
  } finally {
    client.close();
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--real')) await benchRealPoll();

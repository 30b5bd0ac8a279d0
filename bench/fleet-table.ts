/**
 * The fleet table's cost per server's news, in process: the dashboard's reducer over a synthetic
 * fleet of S servers × P processes (one program per group, as bench/fleet.ts configures them), one
 * process of one server changing state per update, as the poller delivers it (a new member object
 * for that server only). Prints the reducer's time per update (with the NAME width the table
 * draws), per key (Space, j/k), and the heap the table and the state history retain.
 * Run: node --expose-gc --import tsx bench/fleet-table.ts [--servers 20] [--procs 250] [--updates 1000]
 */
import { ProcessStates, type ProcessInfo } from '../src/protocol/index.ts';
import type { FleetMember, FleetView } from '../tui/fleet/model.ts';
import { initialState, reduce } from '../tui/reducer.ts';
import { widestLabel } from '../tui/rows.ts';
import { numberArg } from './lib/args.ts';

const S = numberArg('servers', 20);
const P = numberArg('procs', 250);
const N = numberArg('updates', 1000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const now = Math.floor(Date.now() / 1000);
function info(i: number, running: boolean): ProcessInfo {
  const name = `p${String(i).padStart(String(P - 1).length, '0')}`;
  const pid = running ? 1000 + i : 0;
  const state = running ? ProcessStates.RUNNING : ProcessStates.STOPPED;
  return { name, group: name, start: now - 100, stop: running ? 0 : now, now, state, statename: running ? 'RUNNING' : 'STOPPED', spawnerr: '', exitstatus: 0, logfile: '', stdout_logfile: '', stderr_logfile: '', pid, description: running ? `pid ${pid}, uptime 0:01:40` : 'Not started' };
}

const members: FleetMember[] = Array.from({ length: S }, (_, s) => ({
  name: `s${String(s).padStart(2, '0')}`,
  snapshot: { infos: Array.from({ length: P }, (_, i) => info(i, true)), stats: null, priorities: new Map(), at: Date.now() },
  server: null,
  conn: { status: 'up' },
  rttMs: 3,
}));
let view: FleetView = { context: 'bench', color: null, tree: true, members, now: Date.now() };
let s = initialState({ cols: 160, rows: 50, readonly: false, interval: 1, fleet: view });
gc();
const heap0 = process.memoryUsage().heapUsed;
s = reduce(s, { type: 'fleet', fleet: view });
widestLabel(s.tableRows);

const t0 = performance.now();
for (let k = 0; k < N; k++) {
  const si = k % S;
  const m = view.members[si]!;
  const infos = [...m.snapshot!.infos];
  const j = (k * 7) % P;
  infos[j] = info(j, infos[j]!.statename !== 'RUNNING');
  const next = [...view.members];
  next[si] = { ...m, snapshot: { ...m.snapshot!, infos } };
  view = { ...view, members: next, now: Date.now() };
  s = reduce(s, { type: 'fleet', fleet: view });
  widestLabel(s.tableRows);
}
const perUpdate = (performance.now() - t0) / N;
gc();
const retained = (process.memoryUsage().heapUsed - heap0) / 1048576;

const K = 300;
let t1 = performance.now();
for (let i = 0; i < K; i++) s = reduce(s, { type: 'toggleMark' });
const perMark = (performance.now() - t1) / K;
t1 = performance.now();
for (let i = 0; i < K; i++) s = reduce(s, { type: 'move', to: i % 2 === 0 ? 'down' : 'up' });
const perMove = (performance.now() - t1) / K;

console.log(`fleet table, ${S} servers × ${P} processes (${s.tableRows.length} rows), ${N} updates of one server each:`);
console.log(`  reducer + NAME width per server's update: ${perUpdate.toFixed(3)} ms`);
console.log(`  per key: Space (mark) ${perMark.toFixed(3)} ms, j/k ${perMove.toFixed(3)} ms`);
console.log(`  heap retained by the table and the state history: ${retained.toFixed(1)} MiB`);

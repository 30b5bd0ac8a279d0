/**
 * Group restart: the dashboard's `r` on a group (tui/effects/actions.ts runOp, the code the key
 * runs) against `supervisorctl restart web:*` on the same real supervisord 4.2.5, interleaved.
 * 9 programs of one priority, startsecs=1. Target (issue 15): dashboard ≤ 1.2× supervisorctl.
 *
 *   node --import tsx bench/group-restart.ts [--repeat N]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src/client/client.ts';
import { makeNamespec } from '../src/protocol/index.ts';
import { runOp } from '../tui/effects/actions.ts';
import type { Priority, Snapshot } from '../tui/model.ts';
import { configText } from './lib/config.ts';
import { waitForRpc } from './lib/daemon.ts';

const N = 9;
const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1] || 3);
const dir = mkdtempSync(join(tmpdir(), 'svtui-gr-'));
const sock = join(dir, 's.sock');
const conf = join(dir, 'supervisord.conf');
mkdirSync(join(dir, 'logs'));
writeFileSync(
  conf,
  [
    configText({ dir, socket: sock }),
    '[program:web]',
    'command=sleep 100000',
    'process_name=%(program_name)s_%(process_num)02d',
    `numprocs=${N}`,
    'startsecs=1',
    'stopwaitsecs=2',
    '',
  ].join('\n'),
);
const daemon = spawn('/usr/bin/supervisord', ['-n', '-c', conf], { stdio: 'ignore' });
const client = createClient({ serverurl: `unix://${sock}`, timeoutMs: 30_000 });

async function allRunning(): Promise<boolean> {
  return (await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length === N;
}

async function snapshot(): Promise<Snapshot> {
  const infos = await client.getAllProcessInfo();
  const priorities = new Map<string, Priority>((await client.getAllConfigInfo()).map((c) => [makeNamespec(c.group, c.name), { group: c.group_prio, process: c.process_prio }]));
  return { infos, stats: null, priorities, at: Date.now() };
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

try {
  await waitForRpc(daemon, 'supervisord', sock, client, performance.now() + 60_000);
  while (!(await allRunning())) await new Promise((r) => setTimeout(r, 200));
  const ctl: number[] = [];
  const dash: number[] = [];
  for (let i = 0; i < repeat; i++) {
    let t0 = process.hrtime.bigint();
    execFileSync('/usr/bin/supervisorctl', ['-c', conf, 'restart', 'web:*'], { stdio: 'ignore' });
    ctl.push(ms(t0));
    const snap = await snapshot();
    let result = '';
    t0 = process.hrtime.bigint();
    await runOp({ client, snapshot: () => snap, progress: () => {}, message: (t) => void (result = t), refresh: () => {} }, 'restart', { kind: 'group', name: 'web' });
    dash.push(ms(t0));
    if (!/9 restarted/.test(result)) throw new Error(`dashboard restart: ${result}`);
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  console.log(`group restart of ${N} programs (startsecs=1), median of ${repeat}:`);
  console.log(`  supervisorctl restart web:*  ${med(ctl).toFixed(0)} ms  (${ctl.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  dashboard r on the group      ${med(dash).toFixed(0)} ms  (${dash.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  ratio dashboard / supervisorctl: ${(med(dash) / med(ctl)).toFixed(2)}×  (target ≤ 1.2×)`);
} finally {
  client.close();
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Profile our daemon in one benchmark scenario: it runs under `node --cpu-prof` (and --heap-prof
 * with --heap), the scenario is driven through our client, and the hottest functions by self time
 * are printed. Profiles are kept in the printed directory for Chrome DevTools / speedscope.
 *
 *   node --import tsx bench/profile.ts SCENARIO [N] [--heap]
 *   SCENARIO: gapi (getAllProcessInfo ×1000) | stopstart (stopAll/startAll with wait ×5) | idle (10 s) | launch
 *             | crashloop (one /bin/false, startsecs=0, autorestart=true, for 30 s after 12 s: past the one-off start-up GC)
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from './lib/daemon.ts';
import { hotSpots } from './lib/profile-summary.ts';

const SCENARIOS = ['gapi', 'stopstart', 'idle', 'launch', 'crashloop'] as const;
type Scenario = (typeof SCENARIOS)[number];

async function main(argv: string[]): Promise<number> {
  const scenario = argv[0] as Scenario;
  if (!SCENARIOS.includes(scenario)) {
    console.error(`usage: node --import tsx bench/profile.ts ${SCENARIOS.join('|')} [N] [--heap]`);
    return 2;
  }
  const n = Number(argv[1] ?? 100);
  const heap = argv.includes('--heap');
  const out = mkdtempSync(join(tmpdir(), 'bprof-'));
  const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${out}`, ...(heap ? ['--heap-prof', `--heap-prof-dir=${out}`] : [])];
  const programs =
    scenario === 'crashloop'
      ? { count: 1, command: '/bin/false', autostart: true, autorestart: true, startsecs: 0 }
      : { count: n, command: 'sleep 100000', autostart: scenario !== 'launch', autorestart: false, startsecs: 0 };
  const d = await startDaemon('ours', programs, { nodeArgs });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    const waitRunning = async () => {
      while (!(await d.client.getAllProcessInfo()).every((p) => p.statename === 'RUNNING')) await sleep(50);
    };
    if (scenario !== 'launch' && scenario !== 'crashloop') await waitRunning();
    if (scenario === 'crashloop') await sleep(12_000);
    const t0 = performance.now();
    if (scenario === 'gapi') for (let i = 0; i < 1000; i++) await d.client.getAllProcessInfo();
    if (scenario === 'stopstart')
      for (let i = 0; i < 5; i++) {
        await d.client.stopAllProcesses(true);
        await d.client.startAllProcesses(true);
      }
    if (scenario === 'idle') await sleep(10_000);
    if (scenario === 'crashloop') await sleep(30_000);
    if (scenario === 'launch') {
      await d.client.startAllProcesses(true);
    }
    console.log(`${scenario} N=${n}: ${(performance.now() - t0).toFixed(0)} ms wall`);
  } finally {
    await d.stop();
  }
  for (const f of readdirSync(out).filter((x) => x.endsWith('.cpuprofile'))) {
    const { totalMs, spots } = hotSpots(join(out, f));
    console.log(`\n${join(out, f)}: ${totalMs.toFixed(0)} ms on CPU (idle excluded)`);
    for (const s of spots) console.log(`${s.selfMs.toFixed(1).padStart(9)} ms ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.fn}`);
  }
  const heaps = readdirSync(out).filter((x) => x.endsWith('.heapprofile'));
  if (heaps.length) console.log(`\nheap profiles: ${heaps.map((h) => join(out, h)).join(', ')}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);

/**
 * The benchmark: our daemon, client and dashboard against Debian's supervisord 4.2.5, same machine,
 * same run. Each daemon gets its own temp dir and unix socket and is driven through our client
 * (src/client); the two are interleaved (A B, B A, …) and every scenario is repeated.
 *
 *   npm run bench [-- --quick] [--json FILE] [--repeat N] [--only SECTION,...] [--no-build]
 *
 * Sections: daemon (boot, RSS, idle CPU, RPC latency, status, start/stop), startup (CPU per 5 s over the first 30 s), restart (one crash; a crash loop), logs (bench/logs.ts),
 * dashboard (bench/tui.ts and the real dashboard in tmux), imports. Ours runs from the built dist
 * (`npm run build` first, unless --no-build), as users run it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { bareNodeServer } from './lib/floor.ts';
import { bootEmpty, bootFleet, crashLoop, FULL, QUICK, restartAfterCrash, startupWindows, type Sizes } from './lib/daemon-scenarios.ts';
import { KINDS, SUPERVISORD, SUPERVISORCTL, type Kind } from './lib/daemon.ts';
import { idleDashboard, renderPath } from './lib/dashboard.ts';
import { importTimes } from './lib/imports.ts';
import { logBench } from './lib/logs.ts';
import { OURS_BIN, REPO } from './lib/paths.ts';
import { loadAverage } from './lib/proc.ts';
import { ROWS } from './lib/rows.ts';
import { Samples } from './lib/samples.ts';
import { buildRows, markdown } from './lib/table.ts';

const SECTIONS = ['daemon', 'startup', 'restart', 'logs', 'dashboard', 'imports'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  json: string | undefined;
  repeat: number;
  only: Set<Section>;
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, json: undefined, repeat: 0, only: new Set(SECTIONS), build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--json') o.json = value();
    else if (a === '--repeat') {
      o.repeat = Number(value());
      if (!Number.isInteger(o.repeat) || o.repeat < 1) throw new Error(`--repeat must be a positive integer`);
    } else if (a === '--only') {
      const names = value().split(',');
      for (const n of names) if (!(SECTIONS as readonly string[]).includes(n)) throw new Error(`--only: unknown section ${n} (${SECTIONS.join(', ')})`);
      o.only = new Set(names as Section[]);
    } else throw new Error(`unknown argument ${a} (usage: npm run bench -- [--quick] [--json FILE] [--repeat N] [--only ${SECTIONS.join(',')}] [--no-build])`);
  }
  if (!o.repeat) o.repeat = o.quick ? 1 : 3;
  return o;
}

function machine(): Record<string, string> {
  const model = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  let supervisord = '?';
  try {
    supervisord = execFileSync(SUPERVISORD, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as '?'
  }
  return { cpus: String(cpus().length), model, node: process.version, supervisord, kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim() };
}

/** A's and B's turn in round r: supervisord first on even rounds, ours first on odd ones. */
function order(round: number): readonly Kind[] {
  return round % 2 === 0 ? KINDS : [...KINDS].reverse();
}

function log(msg: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)} load ${loadAverage()}] ${msg}\n`);
}

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  for (const tool of [SUPERVISORD, SUPERVISORCTL]) if (!existsSync(tool)) throw new Error(`${tool} not found (apt-get install -y supervisor)`);
  if (o.build) {
    log('npm run build');
    try {
      execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      // tsc still emits on type errors elsewhere in the tree; only a missing bin is fatal
      if (!existsSync(OURS_BIN)) throw new Error('npm run build produced no dist/src/cli/main.js');
      log('npm run build reported errors; measuring what it emitted');
    }
  }
  if (!existsSync(OURS_BIN)) throw new Error(`${OURS_BIN} missing: run npm run build`);
  const sizes: Sizes = o.quick ? QUICK : FULL;
  const s = new Samples();
  const loads: string[] = [loadAverage()];
  const started = new Date().toISOString();

  for (let r = 0; r < o.repeat; r++) {
    s.round = r;
    if (o.only.has('daemon')) {
      for (const k of order(r)) {
        log(`round ${r + 1}/${o.repeat}: ${k}, N=0`);
        await bootEmpty(k, s, sizes);
      }
      await bareNodeServer(s, sizes.settleMs);
      for (const n of [100, 500]) {
        for (const k of order(r)) {
          log(`round ${r + 1}/${o.repeat}: ${k}, N=${n}`);
          await bootFleet(k, n, s, sizes);
        }
      }
    }
    if (o.only.has('startup')) {
      for (const k of order(r)) {
        log(`round ${r + 1}/${o.repeat}: ${k}, first 30 s`);
        await startupWindows(k, s);
      }
    }
    if (o.only.has('restart')) {
      for (const k of order(r)) {
        log(`round ${r + 1}/${o.repeat}: ${k}, unexpected exit`);
        await restartAfterCrash(k, s, sizes);
      }
      for (const k of order(r)) {
        log(`round ${r + 1}/${o.repeat}: ${k}, crash loop`);
        await crashLoop(k, s, sizes);
      }
    }
    loads.push(loadAverage());
  }
  s.round = 0;
  if (o.only.has('logs')) {
    log(`logs (bench/logs.ts, ${o.repeat} runs each)`);
    await logBench(s, o.repeat);
    loads.push(loadAverage());
  }
  if (o.only.has('dashboard')) {
    log('dashboard render path (bench/tui.ts)');
    await renderPath(s);
    log('dashboard process, 1,000 programs, idle');
    await idleDashboard(s, o.quick ? 10_000 : 30_000);
    loads.push(loadAverage());
  }
  if (o.only.has('imports')) {
    log('import times');
    await importTimes(s, o.quick ? 3 : 7);
    loads.push(loadAverage());
  }

  const rows = buildRows(ROWS, s);
  const m = machine();
  console.log(`\n${m.cpus} × ${m.model}, Linux ${m.kernel}, node ${m.node}, supervisord ${m.supervisord}`);
  console.log(`${o.quick ? 'quick' : 'full'} run, ${o.repeat} round(s), started ${started}; load average (1/5/15 min) at start and after each phase: ${loads.join(' → ')}`);
  console.log('values: median (min..max) over runs; ratio = ours / supervisord of the medians\n');
  console.log(markdown(rows));
  const missed = rows.filter((r) => r.verdict === 'MISSED').map((r) => r.metric);
  console.log(missed.length ? `\nmissed: ${missed.join('; ')}` : '\nevery target with a measurement met');
  if (o.json) writeFileSync(o.json, JSON.stringify({ machine: m, started, loads, options: { ...o, only: [...o.only] }, sizes, rows, samples: s.all }, null, 2));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

/**
 * Uptimes on screen come from the table clock (tui/clock/), not from data that moves: in tmux,
 * against our daemon (the feed sends nothing while nothing changes) and supervisord 4.2.5 (polled
 * every 10 s here), a RUNNING row's uptime keeps ticking between messages, and a row scrolled into
 * view shows the uptime the server gives at that moment — not the one it had when it was last
 * drawn or last reported (what a tick of the visible rows only, or no tick, would show).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { supervisordSkipReason, type DaemonKind } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { daemonInTmux } from './helpers/daemon-in-tmux.ts';

const tmuxSkip = skipReason('tmux', 'tmux');
const PROGRAMS = 40;

const seconds = (hms: string): number => hms.split(':').reduce((n, part) => n * 60 + Number(part), 0);

/** A process row's UPTIME and DESCRIPTION uptime, in seconds, or null when it is not on screen. */
function shownUptime(screen: string, name: string): { uptime: number; description: number } | null {
  const m = new RegExp(`^\\s*${name} +RUNNING +\\d+ +(\\d+:\\d\\d:\\d\\d) .*pid \\d+, uptime (\\d+:\\d\\d:\\d\\d)`, 'm').exec(screen);
  return m === null ? null : { uptime: seconds(m[1]!), description: seconds(m[2]!) };
}

async function scenario(t: TestContext, kind: DaemonKind): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svtui-uptime-');
  const sock = join(dir, 's.sock');
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(
    conf,
    `[unix_http_server]\nfile=${sock}\n[supervisord]\nlogfile=${dir}/supervisord.log\npidfile=${dir}/supervisord.pid\nchildlogdir=${dir}\n` +
      `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
      `[supervisorctl]\nserverurl=unix://${sock}\n` +
      `[program:p]\ncommand=sleep 1000\nstartsecs=0\nprocess_name=p%(process_num)02d\nnumprocs=${PROGRAMS}\nstdout_logfile=NONE\nstderr_logfile=NONE\n`,
  );
  const client = createClient({ serverurl: `unix://${sock}` });
  const { tmux, screen } = await daemonInTmux(t, {
    kind,
    conf,
    client,
    cleanup,
    ready: async () => (await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length === PROGRAMS,
    readyMs: 60_000,
    session: `svtui-uptime-${process.pid}-${kind}`,
    screenMs: 30_000,
  });
  /** The server's own uptime of `name` now (its clock, its start). */
  const serverUptime = async (name: string): Promise<number> => {
    const p = await client.getProcessInfo(`p:${name}`);
    return p.now - p.start;
  };

  // 120×20: 40 rows do not fit, the last ones are off screen.
  tmux.start(120, 20, ROOT, 'e2e$ ', { NODE_ENV: 'production' });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
  tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} -c ${conf} --interval 10`);
  await screen(/p00 +RUNNING +\d+ +\d+:\d\d:\d\d/, 'p00 running with an uptime');
  const last = `p${PROGRAMS - 1}`;
  if (shownUptime(tmux.capture(), last) !== null) throw new Error(`${last} should start off screen:\n${tmux.capture()}`);

  // On screen, between messages: the uptime ticks (the feed sends nothing, supervisord is polled every 10 s).
  const first = shownUptime(tmux.capture(), 'p00')!;
  await waitFor(
    () => {
      const now = shownUptime(tmux.capture(), 'p00');
      return now !== null && now.uptime >= first.uptime + 6 && now.description >= first.description + 6;
    },
    { message: `p00's uptime ticks past ${first.uptime + 6} s in both columns (screen:\n${tmux.capture()})`, timeoutMs: 30_000, intervalMs: 100 },
  );
  const shown = shownUptime(tmux.capture(), 'p00')!;
  const truth = await serverUptime('p00');
  // The screen lags the server by up to a tick (1 s) plus the time between capture and answer.
  if (truth - shown.uptime < -1 || truth - shown.uptime > 3) throw new Error(`p00 shows ${shown.uptime} s, the server says ${truth} s`);

  // Scrolled into view, a row never drawn since the dashboard started shows the uptime of now.
  // Read from the first screen that shows it: a stale value would last until the next redraw.
  tmux.keys('G');
  let seen = '';
  await waitFor(() => new RegExp(`${last} +RUNNING`).test((seen = tmux.capture())), { message: `${last} scrolled into view (screen:\n${seen})`, timeoutMs: 30_000, intervalMs: 5 });
  const lastTruth = await serverUptime(last);
  const scrolled = shownUptime(seen, last);
  if (scrolled === null) throw new Error(`${last}'s uptime is not shown:\n${seen}`);
  for (const [column, v] of Object.entries(scrolled)) {
    if (lastTruth - v < -1 || lastTruth - v > 3) throw new Error(`${last} scrolled into view shows ${column} ${v} s, the server says ${lastTruth} s:\n${seen}`);
  }
  tmux.keys('q');
}

describe('dashboard uptimes: ticking on screen, current when scrolled into view', { skip: tmuxSkip }, () => {
  it('on our daemon (feed)', { timeout: 150_000 }, (t) => scenario(t, 'ours'));
  it('on supervisord 4.2.5 (polled)', { timeout: 150_000, skip: supervisordSkipReason() }, (t) => scenario(t, 'real'));
});

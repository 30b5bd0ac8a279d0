/** Synthetic process data for rendering tests: real ProcessInfo shapes, no server needed. */
import { ProcessStates, stateName, type ProcessInfo } from '../../../src/protocol/index.ts';
import { formatUptime } from '../../../src/protocol/uptime.ts';
import type { Priority, Snapshot } from '../../../tui/model.ts';

export function info(group: string, name: string, state: number, opts: Partial<ProcessInfo> = {}): ProcessInfo {
  const running = state === ProcessStates.RUNNING;
  const pid = opts.pid ?? (running ? 1000 + Math.floor(Math.random() * 30000) : 0);
  const start = opts.start ?? 1_700_000_000;
  const now = opts.now ?? start + 3600;
  return {
    name,
    group,
    start,
    stop: running ? 0 : start + 10,
    now,
    state,
    statename: stateName(state),
    spawnerr: '',
    exitstatus: 0,
    logfile: '',
    stdout_logfile: '',
    stderr_logfile: '',
    pid,
    description: running ? `pid ${pid}, uptime ${formatUptime(now - start)}` : 'Not started',
    ...opts,
  };
}

/** `groups` groups of `per` running processes each, plus a stopped single `cron`. */
export function fleet(groups: number, per: number, now = 1_700_003_600): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < per; i++) out.push(info(`g${g}`, `g${g}_${String(i).padStart(2, '0')}`, ProcessStates.RUNNING, { pid: 2000 + g * 100 + i, now }));
  }
  out.push(info('cron', 'cron', ProcessStates.STOPPED, { now }));
  return out;
}

/** The same fleet one second later: every uptime ticks. */
export function tick(infos: readonly ProcessInfo[], seconds = 1): ProcessInfo[] {
  return infos.map((p) => {
    const now = p.now + seconds;
    return p.state === ProcessStates.RUNNING ? { ...p, now, description: `pid ${p.pid}, uptime ${formatUptime(now - p.start)}` } : { ...p, now };
  });
}

export function snapshot(infos: readonly ProcessInfo[], priorities: Map<string, Priority> = new Map()): Snapshot {
  return { infos, stats: null, priorities, at: 0 };
}

/**
 * `memory_limit = 512MB` (README "Beyond Supervisor"): while a process with a limit runs, the RSS of
 * its whole process tree is sampled from /proc every `memory_limit_interval` seconds; above the limit
 * it is restarted — stopsignal, SIGKILL after stopwaitsecs (the ordinary stop), then started again —
 * with a main-log line saying by how much, and a PROCESS_MEMORY_LIMIT event (ours: only listeners
 * naming it receive it).
 */
import { STOPPED_STATES } from '../../src/protocol/states.ts';
import { errorText } from '../../src/error-text.ts';
import type { EventBus } from '../events/bus.ts';
import type { ActivityLogPort } from '../log-ports.ts';
import type { ManagedProcess } from '../process/process.ts';
import { StatsSampler } from '../stats/sampler.ts';
import type { SupervisorStateName } from '../../src/protocol/states.ts';

const MIB = 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/** The main-log line for a process over its limit (pure; tested). */
export function memoryLimitMessage(namespec: string, pid: number, rss: number, limit: number): string {
  return `memory limit: ${namespec} (pid ${pid}) process tree uses ${mib(rss)}, ${mib(rss - limit)} over memory_limit ${mib(limit)}: restarting`;
}

/** What the watcher needs of the engine. */
export interface MemoryLimitHost {
  readonly bus: EventBus;
  readonly log: ActivityLogPort;
  mood(): SupervisorStateName;
  findProcess(group: string, name: string): ManagedProcess | undefined;
}

/** The tree RSS of a running process in bytes (0 when it is gone). */
export type RssProbe = (proc: ManagedProcess) => number;

/** A default StatsSampler walks the tree on every check (no treeTtlMs): a child forked just before a check counts. */
export function treeRssProbe(sampler = new StatsSampler()): RssProbe {
  return (proc) => sampler.sampleOne(proc).tree_rss;
}

/** Start watching; returns the detach function (clears every timer). */
export function attachMemoryLimits(host: MemoryLimitHost, probe: RssProbe = treeRssProbe()): () => void {
  const timers = new Map<ManagedProcess, NodeJS.Timeout>();
  const live = (p: ManagedProcess): boolean => p.pid !== 0 && (p.state === 'RUNNING' || p.state === 'STARTING');

  const unwatch = (p: ManagedProcess): void => {
    const t = timers.get(p);
    if (t !== undefined) clearInterval(t);
    timers.delete(p);
  };

  const restart = (p: ManagedProcess): void => {
    unwatch(p);
    try {
      p.stop();
    } catch (err) {
      host.log.log('error', `memory limit: could not stop ${p.namespec}: ${errorText(err)}`);
      return;
    }
    void p.waitFor((q) => STOPPED_STATES.has(q.state)).then(() => {
      if (host.mood() !== 'RUNNING' || p.state !== 'STOPPED') return;
      try {
        p.start();
      } catch (err) {
        host.log.log('error', `memory limit: could not start ${p.namespec} again: ${errorText(err)}`);
      }
    });
  };

  const check = (p: ManagedProcess): void => {
    const limit = p.config.memory_limit;
    if (limit === null || !live(p)) return;
    const rss = probe(p);
    if (rss <= limit) return;
    host.log.log('warn', memoryLimitMessage(p.namespec, p.pid, rss, limit));
    host.bus.emit({ name: 'PROCESS_MEMORY_LIMIT', processname: p.name, groupname: p.groupName, pid: p.pid, rss, limit });
    restart(p);
  };

  const update = (p: ManagedProcess): void => {
    if (p.config.memory_limit === null) return;
    if (!live(p)) unwatch(p);
    else if (!timers.has(p)) timers.set(p, setInterval(() => check(p), p.config.memory_limit_interval * 1000));
  };

  const off = host.bus.subscribe((e) => {
    if (!e.name.startsWith('PROCESS_STATE_') || !('processname' in e)) return;
    const p = host.findProcess(e.groupname, e.processname);
    if (p !== undefined) update(p);
  });
  return () => {
    off();
    for (const p of [...timers.keys()]) unwatch(p);
  };
}

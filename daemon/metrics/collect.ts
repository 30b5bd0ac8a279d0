/**
 * `GET /metrics` (`[supervisord] metrics = true`): the daemon and every process as Prometheus
 * metrics. CPU and memory are the process tree's (the program and everything it started), read
 * from /proc by daemon/stats; restarts are counted from the engine's STARTING transitions
 * since this incarnation began (a counter reset after a reload, as Prometheus allows).
 */
import { makeNamespec } from '../../src/protocol/namespec.ts';
import { ProcessStates, type ProcessStateName } from '../../src/protocol/states.ts';
import { StatsSampler } from '../stats/sampler.ts';
import type { Supervisor } from '../supervisor.ts';
import { renderExposition, type MetricFamily, type Sample } from './exposition.ts';

const STATE_NAMES = Object.keys(ProcessStates) as ProcessStateName[];

export class MetricsCollector {
  /** Starts (STARTING transitions) per namespec since this incarnation began. */
  private readonly starts = new Map<string, number>();
  private readonly off: () => void;

  constructor(
    private readonly sv: Supervisor,
    private readonly sampler: StatsSampler = new StatsSampler(undefined, () => sv.now()),
  ) {
    this.off = sv.bus.on('PROCESS_STATE_STARTING', (e) => {
      const key = makeNamespec(e.groupname, e.processname);
      this.starts.set(key, (this.starts.get(key) ?? 0) + 1);
    });
  }

  /** Stop counting (the incarnation is over). */
  close(): void {
    this.off();
  }

  families(): MetricFamily[] {
    const procs = this.sv.allProcesses('lexical');
    const stats = this.sampler.processes(procs);
    const id = (i: number): Record<string, string> => ({ group: procs[i]!.groupName, name: procs[i]!.name });
    const each = (value: (i: number) => number | null): Sample[] =>
      procs.flatMap((_, i) => {
        const v = value(i);
        return v === null ? [] : [{ labels: id(i), value: v }];
      });
    const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'gauge', samples });
    const counter = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'counter', samples });
    return [
      gauge('supervisor_up', 'Whether the daemon is serving (1) and RUNNING, not shutting down.', [{ labels: {}, value: this.sv.mood === 'RUNNING' ? 1 : 0 }]),
      gauge(
        'supervisor_process_state',
        'The process state: 1 for the current one, 0 for the others.',
        procs.flatMap((p, i) => STATE_NAMES.map((state) => ({ labels: { ...id(i), state }, value: p.state === state ? 1 : 0 }))),
      ),
      gauge('supervisor_process_up', 'Whether the process is RUNNING.', each((i) => (procs[i]!.state === 'RUNNING' ? 1 : 0))),
      gauge('supervisor_process_start_time_seconds', 'Unix time of the last spawn (0 = never started).', each((i) => procs[i]!.laststart)),
      counter(
        'supervisor_process_restarts_total',
        'Starts after the first, since the daemon (re)loaded its config.',
        each((i) => Math.max(0, (this.starts.get(procs[i]!.namespec) ?? 0) - 1)),
      ),
      gauge('supervisor_process_exit_status', 'Exit status of the last exit (-1 for a signal; 0 before any).', each((i) => procs[i]!.exitstatus)),
      counter('supervisor_process_cpu_seconds_total', 'User+system CPU seconds of the process and its descendants now alive.', each((i) => stats[i]!.tree_cpu_time)),
      gauge('supervisor_process_resident_memory_bytes', 'Resident memory of the process and its descendants.', each((i) => stats[i]!.tree_rss)),
      gauge(
        'supervisor_process_healthy',
        'Health check verdict: 1 healthy, 0 otherwise (only processes with a healthcheck).',
        each((i) => (procs[i]!.config.healthcheck === null ? null : this.sv.health.health(procs[i]!).state === 'healthy' ? 1 : 0)),
      ),
      counter(
        'supervisor_process_log_bytes_total',
        'Bytes the process wrote on the channel.',
        procs.flatMap((p, i) => (['stdout', 'stderr'] as const).map((channel) => ({ labels: { ...id(i), channel }, value: p.outputBytes(channel) }))),
      ),
    ];
  }

  render(): string {
    return renderExposition(this.families());
  }
}

/**
 * Runs each process's `healthcheck` while it is RUNNING: the first check as it enters RUNNING,
 * then one every `healthcheck_interval` seconds after the previous one ended (checks of one
 * process never overlap). Verdict changes are logged, emitted on the bus
 * (PROCESS_HEALTH_HEALTHY / _UNHEALTHY) and reported to `onChange` (dependents waiting on it);
 * `healthcheck_action = restart` stops and starts a process that turned unhealthy.
 */
import { errorText } from '../../src/error-text.ts';
import { STOPPED_STATES, type SupervisorStateName } from '../../src/protocol/states.ts';
import type { EventBus } from '../events/bus.ts';
import type { ActivityLogPort } from '../log-ports.ts';
import type { ManagedProcess } from '../process/process.ts';
import { runCheck } from './checkers.ts';
import { applyCheck, NO_HEALTH, STARTING_HEALTH, type HealthFields } from './verdict.ts';

export interface HealthMonitorOptions {
  readonly log: ActivityLogPort;
  readonly bus: EventBus;
  /** Epoch seconds, fractional. */
  readonly now: () => number;
  readonly mood: () => SupervisorStateName;
  /** The daemon's environment; a `cmd:` check also gets the program's own environment over it. */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** A process's health verdict changed. */
  readonly onChange: (p: ManagedProcess) => void;
}

interface Watch {
  fields: HealthFields;
  /** The pid being checked; 0 = not checking. */
  pid: number;
  /** Bumped whenever checking stops or restarts: a late outcome of an older round is dropped. */
  round: number;
  runningSince: number;
  timer: NodeJS.Timeout | null;
}

export class HealthMonitor {
  private readonly watches = new Map<ManagedProcess, Watch>();
  private closed = false;

  constructor(private readonly opts: HealthMonitorOptions) {}

  /** The process's health now (`none` without a healthcheck). */
  health(p: ManagedProcess): HealthFields {
    return this.watches.get(p)?.fields ?? NO_HEALTH;
  }

  /** Call after every state change of `p`: starts, keeps or stops its checks. */
  processChanged(p: ManagedProcess): void {
    const hc = p.config.healthcheck;
    if (hc === null || this.closed) return;
    let w = this.watches.get(p);
    if (w === undefined) {
      w = { fields: NO_HEALTH, pid: 0, round: 0, runningSince: 0, timer: null };
      this.watches.set(p, w);
    }
    if (p.state === 'RUNNING' && p.pid !== 0) {
      if (w.pid === p.pid) return;
      this.stopChecks(w);
      w.pid = p.pid;
      w.runningSince = this.opts.now();
      this.setFields(p, w, STARTING_HEALTH);
      this.schedule(p, w, 0);
    } else if (p.state === 'STARTING') {
      this.stopChecks(w);
      this.setFields(p, w, STARTING_HEALTH);
    } else {
      this.stopChecks(w);
      this.setFields(p, w, NO_HEALTH);
    }
  }

  /** The incarnation ends: no more checks (a running command check is killed at its timeout). */
  close(): void {
    this.closed = true;
    for (const w of this.watches.values()) this.stopChecks(w);
  }

  private stopChecks(w: Watch): void {
    if (w.timer !== null) clearTimeout(w.timer);
    w.timer = null;
    w.pid = 0;
    w.round += 1;
  }

  private schedule(p: ManagedProcess, w: Watch, delayMs: number): void {
    const round = w.round;
    w.timer = setTimeout(() => {
      w.timer = null;
      void this.check(p, w, round);
    }, delayMs);
  }

  private async check(p: ManagedProcess, w: Watch, round: number): Promise<void> {
    const hc = p.config.healthcheck!;
    const env = { ...this.opts.baseEnv, ...p.config.environment };
    const outcome = await runCheck(hc.target, hc.timeout * 1000, env);
    if (round !== w.round || this.closed) return;
    const now = this.opts.now();
    const inStartPeriod = now - w.runningSince < hc.start_period;
    this.setFields(p, w, applyCheck(w.fields, { ...outcome, now, inStartPeriod }, hc.retries));
    if (round === w.round && !this.closed) this.schedule(p, w, hc.interval * 1000);
  }

  private setFields(p: ManagedProcess, w: Watch, next: HealthFields): void {
    const before = w.fields;
    w.fields = next;
    if (before.state === next.state) return;
    const hc = p.config.healthcheck!;
    if (next.state === 'healthy' || next.state === 'unhealthy') {
      if (next.state === 'healthy') this.opts.log.log('info', `health: '${p.name}' is healthy (${next.detail})`);
      else this.opts.log.log('warn', `health: '${p.name}' is unhealthy after ${next.failures} failed checks (${next.detail})`);
      this.opts.bus.emit({
        name: next.state === 'healthy' ? 'PROCESS_HEALTH_HEALTHY' : 'PROCESS_HEALTH_UNHEALTHY',
        processname: p.name,
        groupname: p.groupName,
        pid: p.pid,
        from: before.state,
        failures: next.failures,
        detail: next.detail,
      });
    }
    this.opts.onChange(p);
    if (next.state === 'unhealthy' && hc.action === 'restart') this.restart(p, next);
  }

  /** healthcheck_action=restart: stop (stopsignal, SIGKILL after stopwaitsecs), then start again. */
  private restart(p: ManagedProcess, f: HealthFields): void {
    if (this.opts.mood() !== 'RUNNING' || p.state !== 'RUNNING') return;
    this.opts.log.log('warn', `restarting '${p.name}': unhealthy (${f.detail})`);
    try {
      p.stop();
    } catch (err) {
      this.opts.log.log('error', `could not stop '${p.name}' for its restart: ${errorText(err)}`);
      return;
    }
    void p
      .waitFor((q) => STOPPED_STATES.has(q.state))
      .then(() => {
        if (this.closed || this.opts.mood() !== 'RUNNING' || p.state !== 'STOPPED') return;
        try {
          p.start();
        } catch (err) {
          this.opts.log.log('error', `could not start '${p.name}' again: ${errorText(err)}`);
        }
      });
  }
}

/**
 * The engine: the live group table, the daemon's mood, startup autostart and the ordered
 * stop sequence of shutdown/reload (compat §2.5, §3). This is the typed in-process API the
 * RPC layer and the events subsystem call; it knows nothing of HTTP or XML-RPC.
 *
 * One Supervisor lives for one incarnation of the config: a reload (SIGHUP / `restart`)
 * stops everything, then the lifecycle builds a new Supervisor from the re-read config, as
 * supervisord does.
 */
import { pyCompare } from '../src/py/python.ts';
import type { Config } from '../src/config/types.ts';
import { errorText } from '../src/error-text.ts';
import { RpcFault } from '../src/protocol/faults.ts';
import { splitNamespec } from '../src/protocol/namespec.ts';
import { STOPPED_STATES, SupervisorStates, type SupervisorStateName } from '../src/protocol/states.ts';
import type { ReloadDiff, SupervisorStateInfo } from '../src/protocol/types.ts';
import { EventBus } from './events/bus.ts';
import { ProcessGroup, stableSortBy, stopForShutdown } from './group.ts';
import type { ActivityLogPort } from './log-ports.ts';
import { SyslogSink } from './logs/syslog.ts';
import { DescriptorBudget } from './descriptors.ts';
import type { ManagedProcess, ProcessContext } from './process/process.ts';
import { diffGroups } from './reload-diff.ts';
import { essentialDownReason, ESSENTIAL_EXIT_STATUS } from './policy/essential.ts';
import { attachMemoryLimits } from './policy/memory-limit.ts';
import { allCompressed } from './logs/compress-backups.ts';
import { DependencyTracker } from './deps/tracker.ts';
import { HealthMonitor } from './health/monitor.ts';

export type { ManagedProcess } from './process/process.ts';
export type { ProcessGroup } from './group.ts';

/** How the stop sequence ended: exit the daemon, or reload the config and start again. */
export type StopOutcome = 'shutdown' | 'restart';

export interface SupervisorOptions {
  /** The active configuration. */
  readonly config: Config;
  /** The main activity log. */
  readonly log: ActivityLogPort;
  /** Re-read the config file with the command-line overrides (reloadConfig). Throws the parser's message. */
  readonly readConfig: () => Config | Promise<Config>;
  /** Defaults to a new bus. */
  readonly bus?: EventBus;
  /** Epoch seconds, fractional; defaults to the system clock. */
  readonly now?: () => number;
  /** The environment copied into children; defaults to a copy of process.env taken at construction. */
  readonly env?: NodeJS.ProcessEnv;
  /** The descriptor budget of spawns; defaults to this process's soft RLIMIT_NOFILE less a reserve. */
  readonly descriptors?: DescriptorBudget;
}

/** Where a namespec points: a process, or a whole group (`g:` / `g:*`) when `process` is null. */
export interface Resolved {
  /** The live group. */
  readonly group: ProcessGroup;
  /** The process, or null for the whole group. */
  readonly process: ManagedProcess | null;
}

let clockOffset = performance.timeOrigin;

/**
 * Epoch seconds with sub-millisecond resolution (startsecs=0 needs `now > laststart` to hold):
 * the monotonic clock anchored to the wall clock, re-anchored when the wall clock is stepped.
 */
function systemNow(): number {
  const mono = performance.now();
  const wall = Date.now();
  if (Math.abs(clockOffset + mono - wall) > 1000) clockOffset = wall - mono;
  return (clockOffset + mono) / 1000;
}

const SHUTDOWN_REPORT_SECS = 3;

export class Supervisor {
  /** Engine events (process states, output, groups, daemon state); the events subsystem subscribes here. */
  readonly bus: EventBus;
  /** The daemon's pid (getPID). */
  readonly pid: number = process.pid;
  /** The main activity log. */
  readonly log: ActivityLogPort;

  private readonly active: Config;
  private pending: Config;
  private currentMood: SupervisorStateName = 'RUNNING';
  private readonly table = new Map<string, ProcessGroup>();
  private readonly ctx: ProcessContext;
  private readonly readConfig: () => Config | Promise<Config>;
  private started = false;
  private stopping: { outcome: StopOutcome; queue: ProcessGroup[]; reportTimer: NodeJS.Timeout | null } | null = null;
  private stoppedResolve: ((o: StopOutcome) => void) | null = null;
  private stepping = false;
  /** One `logger` process for every `*_syslog=true` channel, started on first use. */
  private syslogSink: SyslogSink | null = null;
  private stepAgain = false;
  private essentialDown = false;
  private detachMemoryLimits: (() => void) | null = null;
  private readonly stopped: Promise<StopOutcome>;
  /** Health checks of every process that has one. */
  readonly health: HealthMonitor;
  /** depends_on over the live table. */
  readonly deps: DependencyTracker;
  private wakePending = false;
  private readonly infoListeners = new Set<(p: ManagedProcess) => void>();
  private readonly healthListeners = new Set<(p: ManagedProcess) => void>();

  constructor(opts: SupervisorOptions) {
    this.active = opts.config;
    this.pending = opts.config;
    this.log = opts.log;
    this.readConfig = opts.readConfig;
    this.bus = opts.bus ?? new EventBus();
    this.bus.onError = (err, event) => this.log.log('error', `event subscriber failed on ${event.name}: ${errorText(err)}`);
    const sv = opts.config.supervisord;
    const level = sv.loglevel;
    this.ctx = {
      log: opts.log,
      bus: this.bus,
      supervisord: sv,
      mood: () => this.currentMood,
      now: opts.now ?? systemNow,
      defaultServerUrl: opts.config.serverurl,
      // A plain copy, as Python's os.environ is: reading process.env enumerates the C++ environment
      // on every spawn (1.4 ms per spawn in a crash loop's profile); nothing changes it after start-up.
      baseEnv: opts.env ?? { ...process.env },
      logChildOutput: level === 'debug' || level === 'trace' || level === 'blather',
      onStateChange: (p) => {
        this.checkEssential(p);
        this.health.processChanged(p);
        this.wakeWaiting();
        this.continueStopping();
      },
      unmetDependencies: (p) => this.deps.unmet(p),
      infoChanged: (p) => {
        for (const l of [...this.infoListeners]) l(p);
      },
      descriptors: opts.descriptors ?? new DescriptorBudget(),
      syslog: (text) => {
        this.syslogSink ??= new SyslogSink('supervisord', (err) => this.log.log('error', err.message));
        this.syslogSink.send(text);
      },
    };
    this.health = new HealthMonitor({
      log: opts.log,
      bus: this.bus,
      now: this.ctx.now,
      mood: () => this.currentMood,
      baseEnv: this.ctx.baseEnv,
      onChange: (p) => {
        this.wakeWaiting();
        for (const l of [...this.healthListeners]) l(p);
      },
    });
    this.deps = new DependencyTracker(
      () => this.groups().flatMap((g) => g.processes),
      (p) => this.health.health(p).state,
    );
    this.stopped = new Promise((resolve) => {
      this.stoppedResolve = resolve;
    });
  }

  // ---- configuration ---------------------------------------------------------------------

  /** The configuration this incarnation started from (groups added later come from pendingConfig). */
  get config(): Config {
    return this.active;
  }

  /** The last configuration read by reloadConfig (the active one until then): addGroup and getAllConfigInfo use it. */
  get pendingConfig(): Config {
    return this.pending;
  }

  /** getIdentification. */
  get identifier(): string {
    return this.active.supervisord.identifier;
  }

  /** Path of the main log file, or null when it goes to syslog. */
  mainLogPath(): string | null {
    const f = this.active.supervisord.logfile;
    return f === 'syslog' ? null : f;
  }

  // ---- state -----------------------------------------------------------------------------

  /** RUNNING; RESTARTING after restart()/SIGHUP; SHUTDOWN after shutdown()/SIGTERM. Anything but RUNNING refuses supervisor.* RPCs. */
  get mood(): SupervisorStateName {
    return this.currentMood;
  }

  /** getState's struct. */
  stateInfo(): SupervisorStateInfo {
    return { statecode: SupervisorStates[this.currentMood], statename: this.currentMood };
  }

  /** Epoch seconds (fractional) on the engine's clock. */
  now(): number {
    return this.ctx.now();
  }

  // ---- the group table ---------------------------------------------------------------------

  /** Live groups in insertion order (startup: config order; later additions appended). */
  groups(): readonly ProcessGroup[] {
    return [...this.table.values()];
  }

  /** Live groups by ascending group priority, ties in insertion order. */
  groupsByPriority(): ProcessGroup[] {
    return stableSortBy(this.groups(), (g) => g.priority);
  }

  /** The live group of that name, or undefined. */
  getGroup(name: string): ProcessGroup | undefined {
    return this.table.get(name);
  }

  /** Whether a group of that name is active (getAllConfigInfo's `inuse`). */
  isActive(groupName: string): boolean {
    return this.table.has(groupName);
  }

  /** Resolve a namespec (`name`, `group:name`, `group:`, `group:*`). Throws RpcFault BAD_NAME. */
  resolve(namespec: string): Resolved {
    const [groupName, processName] = splitNamespec(namespec);
    const group = this.table.get(groupName);
    if (group === undefined) throw RpcFault.of('BAD_NAME', namespec);
    if (processName === null) return { group, process: null };
    const process = group.process(processName);
    if (process === undefined) throw RpcFault.of('BAD_NAME', namespec);
    return { group, process };
  }

  /** The one process a namespec names; a whole-group namespec is BAD_NAME too (getProcessInfo). */
  getProcess(namespec: string): ManagedProcess {
    const r = this.resolve(namespec);
    if (r.process === null) throw RpcFault.of('BAD_NAME', namespec);
    return r.process;
  }

  /**
   * Every live process. `priority`: groups by ascending priority, each group's processes by
   * ascending priority (the "all" operations). `lexical`: groups by name, processes by name
   * (getAllProcessInfo, status).
   */
  allProcesses(order: 'priority' | 'lexical'): ManagedProcess[] {
    if (order === 'priority') return this.groupsByPriority().flatMap((g) => g.byPriority());
    const byName = <T extends { name: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => pyCompare(a.name, b.name));
    return byName(this.groups()).flatMap((g) => byName(g.processes));
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /**
   * Startup: create every configured group (AUTO log files appear, PROCESS_GROUP_ADDED is
   * emitted), emit SUPERVISOR_STATE_CHANGE_RUNNING, then spawn the autostart processes in
   * one pass by ascending group priority.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.detachMemoryLimits = attachMemoryLimits({
      bus: this.bus,
      log: this.log,
      mood: () => this.currentMood,
      findProcess: (group, name) => this.table.get(group)?.processes.find((p) => p.name === name),
    });
    for (const g of this.active.groups) this.createGroup(g.name);
    this.bus.emit({ name: 'SUPERVISOR_STATE_CHANGE_RUNNING' });
    for (const g of this.groupsByPriority()) g.tick();
  }

  /** The daemon's exit status: 0, or 3 once an essential program went down (essential.ts). */
  get exitStatus(): number {
    return this.essentialDown ? ESSENTIAL_EXIT_STATUS : 0;
  }

  /** shutdown RPC / SIGTERM: mood SHUTDOWN, then stop every group by descending priority. `whenStopped()` resolves 'shutdown'. */
  shutdown(): void {
    this.beginStopping('SHUTDOWN', 'shutdown');
  }

  /** restart RPC / SIGHUP: mood RESTARTING, same stop sequence; `whenStopped()` resolves 'restart'. */
  restart(): void {
    this.beginStopping('RESTARTING', 'restart');
  }

  /** Resolves once the stop sequence begun by shutdown()/restart() has every process in a stopped state. */
  whenStopped(): Promise<StopOutcome> {
    return this.stopped;
  }

  /** Crash exit: SIGKILL every live child and its process group, synchronously. */
  killAllNow(): void {
    for (const p of this.allProcesses('priority')) p.killNow();
  }

  /**
   * A process's info changed without a state change (no PROCESS_STATE_* event): a process that
   * waited for its depends_on was spawned (pid, description), or waits for fewer entries.
   */
  onInfoChange(listener: (p: ManagedProcess) => void): () => void {
    this.infoListeners.add(listener);
    return () => this.infoListeners.delete(listener);
  }

  /** A process's health verdict changed (the change feed carries it). */
  onHealthChange(listener: (p: ManagedProcess) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /**
   * Before an explicit start of `p`: start what it depends on (directly or not) that would not
   * start by itself — STOPPED, EXITED or FATAL — dependencies first, each logged; `p` then
   * waits in STARTING until they are ready. Returns the processes it started.
   */
  startDependencies(p: ManagedProcess): ManagedProcess[] {
    const started: ManagedProcess[] = [];
    for (const d of this.deps.startOrder(p)) {
      if (d.state !== 'STOPPED' && d.state !== 'EXITED' && d.state !== 'FATAL') continue;
      this.log.log('info', `starting '${d.name}' first: '${p.name}' depends on it`);
      try {
        d.start();
        started.push(d);
      } catch (err) {
        this.log.log('warn', `could not start '${d.name}' for '${p.name}': ${errorText(err)}`);
      }
    }
    return started;
  }

  /** Close every group's log files and timers. Call after the stop sequence. */
  async close(): Promise<void> {
    this.detachMemoryLimits?.();
    this.detachMemoryLimits = null;
    this.health.close();
    await Promise.all(this.groups().map((g) => g.close()));
    // Logs released when their process stopped may still be compressing a backup.
    await allCompressed();
    this.syslogSink?.close();
    this.syslogSink = null;
  }

  /** SIGUSR2: reopen the main log and every child log by name. */
  reopenLogs(): void {
    this.log.reopen();
    for (const g of this.groups()) g.reopenLogs();
  }

  // ---- reread / add / remove -------------------------------------------------------------

  /**
   * reloadConfig: re-read the config file into the pending config (not applied) and diff it
   * against the live groups. Throws RpcFault CANT_REREAD with the parser's message.
   */
  async reloadConfig(): Promise<ReloadDiff> {
    let next: Config;
    try {
      next = await this.readConfig();
    } catch (err) {
      throw RpcFault.of('CANT_REREAD', errorText(err));
    }
    this.pending = next;
    return diffGroups(
      this.groups().map((g) => g.config),
      next.groups,
    );
  }

  /**
   * addProcessGroup: create a group from the pending config, appended to the live table;
   * its autostart processes start at once (if the mood is RUNNING). Throws RpcFault
   * BAD_NAME (not in the pending config) or ALREADY_ADDED.
   */
  addGroup(name: string): ProcessGroup {
    if (!this.pending.groups.some((g) => g.name === name)) throw RpcFault.of('BAD_NAME', name);
    if (this.table.has(name)) throw RpcFault.of('ALREADY_ADDED', name);
    const group = this.createGroup(name);
    group.tick();
    return group;
  }

  /**
   * removeProcessGroup: drop a live group whose processes are all stopped (its log files are
   * closed, not deleted). Throws RpcFault BAD_NAME or STILL_RUNNING.
   */
  removeGroup(name: string): void {
    const group = this.table.get(name);
    if (group === undefined) throw RpcFault.of('BAD_NAME', name);
    if (group.unstopped().length > 0) throw RpcFault.of('STILL_RUNNING', name);
    this.table.delete(name);
    void group.close();
    this.bus.emit({ name: 'PROCESS_GROUP_REMOVED', groupname: name });
  }

  /** sendRemoteCommEvent: emit REMOTE_COMMUNICATION (allowed in any mood). */
  sendRemoteCommEvent(type: string, data: string): void {
    this.bus.emit({ name: 'REMOTE_COMMUNICATION', type, data });
  }

  // ---- internals ---------------------------------------------------------------------------

  private createGroup(name: string): ProcessGroup {
    const source = this.pending.groups.find((g) => g.name === name);
    if (source === undefined) throw RpcFault.of('BAD_NAME', name);
    const group = new ProcessGroup(source, this.ctx);
    this.table.set(name, group);
    this.bus.emit({ name: 'PROCESS_GROUP_ADDED', groupname: name });
    return group;
  }

  /** An essential program down for good, while running normally: stop everything, exit 3. */
  private checkEssential(proc: ManagedProcess): void {
    if (this.currentMood !== 'RUNNING' || this.essentialDown) return;
    const c = proc.config;
    const reason = essentialDownReason({
      namespec: proc.namespec,
      essential: c.essential,
      state: proc.state,
      autorestart: c.autorestart,
      exitcodes: c.exitcodes,
      exitstatus: proc.exitstatus,
    });
    if (reason === null) return;
    this.essentialDown = true;
    this.log.log('critical', `${reason}: stopping all processes, then exiting with status ${ESSENTIAL_EXIT_STATUS}`);
    this.shutdown();
  }

  private beginStopping(mood: 'SHUTDOWN' | 'RESTARTING', outcome: StopOutcome): void {
    if (this.stopping !== null) {
      // A shutdown during a reload's stop phase wins: exit instead of starting again.
      if (outcome === 'shutdown') {
        this.currentMood = mood;
        this.stopping.outcome = outcome;
      }
      return;
    }
    this.currentMood = mood;
    this.stopping = { outcome, queue: this.groupsByPriority(), reportTimer: null };
    // Let the requesting RPC answer first, as supervisord replies before its next loop iteration stops anything.
    setImmediate(() => {
      this.bus.emit({ name: 'SUPERVISOR_STATE_CHANGE_STOPPING' });
      this.continueStopping();
      this.shutdownReport();
    });
  }

  /** Re-entrant calls (a stop causing a state change) only ask the running step to look again. */
  private continueStopping(): void {
    if (this.stepping) {
      this.stepAgain = true;
      return;
    }
    this.stepping = true;
    try {
      do {
        this.stepAgain = false;
        this.stopStep();
      } while (this.stepAgain);
    } finally {
      this.stepping = false;
    }
  }

  /** One step of the ordered stop: stop the highest-priority group, move on once it is fully stopped. */
  private stopStep(): void {
    const s = this.stopping;
    if (s === null || this.stoppedResolve === null) return;
    while (s.queue.length > 0) {
      const group = s.queue[s.queue.length - 1]!;
      if (!this.table.has(group.name)) {
        s.queue.pop();
        continue;
      }
      group.stopAllForShutdown((p) => this.dependentsStopped(p));
      if (group.unstopped().length > 0) return;
      s.queue.pop();
    }
    if (this.unstopped().length > 0) return;
    if (s.reportTimer !== null) clearInterval(s.reportTimer);
    const resolve = this.stoppedResolve;
    this.stoppedResolve = null;
    resolve(s.outcome);
  }

  /**
   * Shutdown order with depends_on: a process stops only once every process depending on it is
   * stopped; those are asked to stop first (wherever their group is in the priority order).
   */
  private dependentsStopped(p: ManagedProcess, seen = new Set<ManagedProcess>()): boolean {
    const up = this.deps.dependents(p).filter((d) => !STOPPED_STATES.has(d.state));
    if (up.length === 0) return true;
    seen.add(p);
    for (const d of up) {
      if (!seen.has(d) && this.dependentsStopped(d, seen)) stopForShutdown(d);
    }
    return false;
  }

  /**
   * A state or health verdict changed: processes waiting in STARTING for their depends_on look
   * again — once the change that woke them is complete (its log lines written first), coalesced.
   */
  private wakeWaiting(): void {
    if (this.wakePending) return;
    this.wakePending = true;
    queueMicrotask(() => {
      this.wakePending = false;
      for (const g of this.groups()) for (const p of g.processes) if (p.waitingFor.length > 0) p.dependenciesChanged();
    });
  }

  private unstopped(): ManagedProcess[] {
    return this.groups().flatMap((g) => g.processes.filter((p) => !STOPPED_STATES.has(p.state)));
  }

  /** `waiting for a, b to die` now and every 3 s while anything is still up. */
  private shutdownReport(): void {
    const s = this.stopping;
    if (s === null || this.stoppedResolve === null) return;
    const report = (): void => {
      const left = this.unstopped();
      if (left.length === 0) return;
      this.log.log('info', `waiting for ${left.map((p) => p.name).join(', ')} to die`);
      for (const p of left) this.log.log('blather', `${p.name} state: ${p.state}`);
    };
    report();
    s.reportTimer = setInterval(report, SHUTDOWN_REPORT_SECS * 1000);
  }
}

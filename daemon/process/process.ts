/**
 * One supervised process: runs the pure state machine (state-machine.ts) and performs its
 * effects — spawn, signals, log lines, events — event-driven: a single timer per process
 * set to the next deadline the state machine reports, plus the child's exit event.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { ProcessConfig } from '../../src/config/types.ts';
import { errorText } from '../../src/error-text.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { makeNamespec } from '../../src/protocol/namespec.ts';
import { signalNumber, signame } from '../../src/protocol/signals.ts';
import { ProcessStates, type ProcessStateName, type SupervisorStateName } from '../../src/protocol/states.ts';
import type { ProcessInfo } from '../../src/protocol/types.ts';
import type { Unsubscribe } from '../events/bus.ts';
import type { OutputChannel, ProcessStateEvent } from '../events/types.ts';
import { CommandError, resolveCommand, searchPath, type ResolvedCommand } from './command.ts';
import { describeProcess } from '../../src/protocol/describe.ts';
import { type DescriptorBudget, tooManyOpenFiles } from '../descriptors.ts';
import { ChannelOutput, type OutputContext } from './output.ts';
import { spawnChild, type SpawnedChild } from './spawn.ts';
import {
  INITIAL_FIELDS,
  nextDeadline,
  step,
  type ProcEffect,
  type ProcFields,
  type ProcInput,
  type ProcSettings,
} from './state-machine.ts';

/** What a process needs from the daemon around it. */
export interface ProcessContext extends OutputContext {
  /** The daemon's mood: nothing starts by itself unless RUNNING. */
  mood(): SupervisorStateName;
  /** Epoch seconds, fractional. */
  now(): number;
  /** SUPERVISOR_SERVER_URL when the program's serverurl is AUTO; null = unset. */
  readonly defaultServerUrl: string | null;
  /** The daemon's environment, copied into every child's. */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Called after every state change, once the change's listeners ran (the supervisor's shutdown sequencing). */
  onStateChange(proc: ManagedProcess): void;
  /** What spawns may still open without eating the servers' reserve. */
  readonly descriptors: DescriptorBudget;
}

export type OutputListener = (channel: OutputChannel, chunk: Buffer) => void;

/** After an exit, how long to keep waiting for the pipes' EOF (a grandchild may hold them open). */
const DRAIN_CAP_MS = 1000;

/**
 * Bytes sendProcessStdin may leave queued for a child that does not read (beyond the kernel's
 * 64 KiB pipe buffer). 4.2.5 queues without bound (100 MB sent grew it by 131 MiB).
 */
export const STDIN_QUEUE_LIMIT = 4 * 1024 * 1024;

function settingsOf(c: ProcessConfig): ProcSettings {
  return {
    name: c.name,
    autostart: c.autostart,
    autorestart: c.autorestart,
    startsecs: c.startsecs,
    startretries: c.startretries,
    exitcodes: c.exitcodes,
    stopsignal: signalNumber(c.stopsignal),
    stopwaitsecs: c.stopwaitsecs,
    stopasgroup: c.stopasgroup,
    killasgroup: c.killasgroup,
  };
}

export class ManagedProcess {
  /** The process's configuration (one numprocs instance). */
  readonly config: ProcessConfig;
  /** Name of the group it belongs to. */
  readonly groupName: string;
  /** Whether it belongs to an [eventlistener:x] pool (its stdout carries the listener protocol). */
  readonly isListener: boolean;
  /** Display namespec: `name`, or `group:name`. */
  readonly namespec: string;

  private readonly ctx: ProcessContext;
  private readonly settings: ProcSettings;
  private f: ProcFields = INITIAL_FIELDS;
  private child: ChildProcess | null = null;
  private stdinOpen = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly stdout: ChannelOutput;
  private readonly stderr: ChannelOutput;
  private readonly stateListeners = new Set<(e: ProcessStateEvent) => void>();
  private readonly outputListeners = new Set<OutputListener>();
  /** Read ends not at EOF yet: a grandchild may hold the write ends open long after the child exited. */
  private readonly openPipes = new Set<Readable>();
  private closed = false;

  constructor(config: ProcessConfig, groupName: string, isListener: boolean, ctx: ProcessContext) {
    this.config = config;
    this.groupName = groupName;
    this.isListener = isListener;
    this.namespec = makeNamespec(groupName, config.name);
    this.ctx = ctx;
    this.settings = settingsOf(config);
    const channel = (ch: OutputChannel): ChannelOutput => {
      const out = ch === 'stdout';
      return new ChannelOutput(
        {
          processName: config.name,
          groupName,
          channel: ch,
          logfile: !out && config.redirect_stderr ? null : out ? config.stdout_logfile : config.stderr_logfile,
          maxbytes: out ? config.stdout_logfile_maxbytes : config.stderr_logfile_maxbytes,
          backups: out ? config.stdout_logfile_backups : config.stderr_logfile_backups,
          protocol: isListener && out,
          eventsEnabled: out ? config.stdout_events_enabled : config.stderr_events_enabled,
          captureMaxbytes: out ? config.stdout_capture_maxbytes : config.stderr_capture_maxbytes,
          syslog: out ? config.stdout_syslog : config.stderr_syslog,
        },
        ctx,
      );
    };
    this.stdout = channel('stdout');
    this.stderr = channel('stderr');
  }

  // ---- read side -------------------------------------------------------------------------

  get name(): string {
    return this.config.name;
  }
  get state(): ProcessStateName {
    return this.f.state;
  }
  /** 0 when not running. */
  get pid(): number {
    return this.f.pid;
  }
  /** Last spawn error, '' if none. */
  get spawnerr(): string {
    return this.f.spawnerr;
  }
  /** Last exit status (−1 = killed by a signal), 0 if none since the last spawn. */
  get exitstatus(): number {
    return this.f.exitstatus ?? 0;
  }
  /** Epoch seconds of the last spawn, 0 = never. */
  get laststart(): number {
    return this.f.laststart;
  }
  /** Epoch seconds of the last exit, 0 = never. */
  get laststop(): number {
    return this.f.laststop;
  }
  /** True between a stop signal and the exit. */
  get killing(): boolean {
    return this.f.killing;
  }
  /** Absolute path of the stdout log file ('' when NONE). AUTO resolves to the file created in childlogdir. */
  get stdoutLogfile(): string {
    return this.stdout.path;
  }
  /** Absolute path of the stderr log file ('' when NONE or redirect_stderr). */
  get stderrLogfile(): string {
    return this.stderr.path;
  }

  /** getProcessInfo's struct (compat §5.3), times truncated to whole seconds. */
  info(now: number = this.ctx.now()): ProcessInfo {
    const f = this.f;
    return {
      name: this.config.name,
      group: this.groupName,
      start: Math.floor(f.laststart),
      stop: Math.floor(f.laststop),
      now: Math.floor(now),
      state: ProcessStates[f.state],
      statename: f.state,
      spawnerr: f.spawnerr,
      exitstatus: f.exitstatus ?? 0,
      logfile: this.stdout.path,
      stdout_logfile: this.stdout.path,
      stderr_logfile: this.stderr.path,
      pid: f.pid,
      description: describeProcess({
        name: this.config.name,
        state: f.state,
        pid: f.pid,
        laststart: Math.floor(f.laststart),
        laststop: Math.floor(f.laststop),
        spawnerr: f.spawnerr,
        now: Math.floor(now),
      }),
    };
  }

  // ---- notifications ---------------------------------------------------------------------

  /** Called on every state change of this process, synchronously, after the change. */
  onStateChange(listener: (e: ProcessStateEvent) => void): Unsubscribe {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Resolves once `predicate(this)` holds: checked now and after every state change. */
  waitFor(predicate: (p: ManagedProcess) => boolean): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.onStateChange(() => {
        if (predicate(this)) {
          off();
          resolve();
        }
      });
    });
  }

  /**
   * Every chunk the child writes, in order, after it went to the log file. The events
   * subsystem uses it to run the listener protocol on an [eventlistener:x] process's stdout.
   */
  onOutput(listener: OutputListener): Unsubscribe {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  // ---- requests --------------------------------------------------------------------------

  /**
   * Resolve the command now (startProcess checks this before anything else).
   * Throws RpcFault NO_FILE or NOT_EXECUTABLE with Supervisor's message.
   */
  checkCommand(): ResolvedCommand {
    try {
      return resolveCommand(this.config.command, searchPath(this.config.environment, this.ctx.baseEnv));
    } catch (err) {
      if (err instanceof CommandError) throw RpcFault.of(err.fault, err.message);
      throw err;
    }
  }

  /**
   * startProcess: spawn now from STOPPED / EXITED / FATAL. Throws RpcFault ALREADY_STARTED
   * (RUNNING, STARTING, BACKOFF, and STOPPING — 4.2.5 wrongly reports success there) or
   * FAILED for UNKNOWN. Afterwards the state is STARTING, or BACKOFF with `spawnerr` set when
   * the spawn failed at once; `waitFor` tells the rest.
   */
  start(): void {
    const s = this.f.state;
    if (s === 'RUNNING' || s === 'STARTING' || s === 'BACKOFF' || s === 'STOPPING') {
      throw RpcFault.of('ALREADY_STARTED', this.namespec);
    }
    if (s === 'UNKNOWN') throw RpcFault.of('FAILED', `${this.namespec} is in an unknown process state`);
    this.apply({ type: 'start' });
    // startsecs=0: promote to RUNNING right away, as startProcess's transition() call does.
    if (this.f.state === 'STARTING' && this.config.startsecs === 0) this.tick();
  }

  /**
   * stopProcess: RUNNING/STARTING → STOPPING (stopsignal, SIGKILL after stopwaitsecs);
   * BACKOFF → STOPPED at once. Throws RpcFault NOT_RUNNING in other states, FAILED when the
   * signal could not be sent.
   */
  stop(): void {
    const s = this.f.state;
    if (s !== 'RUNNING' && s !== 'STARTING' && s !== 'BACKOFF') throw RpcFault.of('NOT_RUNNING', this.namespec);
    const err = this.apply({ type: 'stop' });
    if (err !== null) throw RpcFault.of('FAILED', err);
    if (this.f.state === 'UNKNOWN') throw RpcFault.of('FAILED', `unknown problem killing ${this.name}`);
  }

  /**
   * signalProcess: send a signal number to the child (not its group). Throws RpcFault
   * NOT_RUNNING unless RUNNING/STARTING/STOPPING, FAILED when kill() fails (→ UNKNOWN).
   */
  signal(sig: number): void {
    const s = this.f.state;
    if ((s !== 'RUNNING' && s !== 'STARTING' && s !== 'STOPPING') || this.f.pid === 0) {
      throw RpcFault.of('NOT_RUNNING', this.namespec);
    }
    this.ctx.log.log('debug', `sending ${this.name} (pid ${this.f.pid}) sig ${signame(sig)}`);
    const err = this.sendSignal(this.f.pid, sig);
    if (err !== null) {
      this.apply({ type: 'killFailed', message: err });
      throw RpcFault.of('FAILED', `unknown problem sending sig ${this.name} (${this.f.pid}):${err}`);
    }
  }

  /**
   * sendProcessStdin: write to the child's stdin pipe. Throws RpcFault NOT_RUNNING when there
   * is no pid or it is being stopped, NO_FILE when the pipe is closed — known at once: Node tries
   * the write synchronously, so a reader that is gone sets `errored` (EPIPE) before we answer,
   * as supervisord's synchronous write does. FAILED when the bytes the child has not read yet
   * would pass STDIN_QUEUE_LIMIT (4.2.5 queues without bound); nothing of that call is written.
   */
  writeStdin(data: Buffer | string): void {
    if (this.f.pid === 0 || this.f.killing || this.child === null) throw RpcFault.of('NOT_RUNNING', this.namespec);
    const stdin = this.child.stdin;
    if (!this.stdinOpen || stdin === null || !stdin.writable || stdin.errored !== null) throw RpcFault.of('NO_FILE', this.namespec);
    const queued = stdin.writableLength;
    if (queued + Buffer.byteLength(data) > STDIN_QUEUE_LIMIT) {
      throw RpcFault.of('FAILED', `stdin of ${this.namespec} is full (${queued} bytes queued, limit ${STDIN_QUEUE_LIMIT})`);
    }
    stdin.write(data);
    if (stdin.errored !== null) {
      this.stdinOpen = false;
      throw RpcFault.of('NO_FILE', this.namespec);
    }
  }

  /** Shutdown/reload met this process in BACKOFF: → FATAL. */
  giveUp(): void {
    this.apply({ type: 'giveUp' });
  }

  /** Evaluate the time- and mood-based rules now (autostart, autorestart, retry, promotion, SIGKILL). */
  tick(): void {
    this.apply({ type: 'tick', mood: this.ctx.mood() });
  }

  /** clearProcessLogs: delete and re-create this process's log files. Throws RpcFault FAILED. */
  clearLogs(): void {
    try {
      this.stdout.clear();
      this.stderr.clear();
    } catch (err) {
      throw RpcFault.of('FAILED', errorText(err));
    }
  }

  /** SIGUSR2: reopen log files by name (external rotation). */
  reopenLogs(): void {
    this.stdout.reopen();
    this.stderr.reopen();
  }

  /** The group is gone or the daemon exits: stop timers and close the log files. The child must be stopped already. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    // Without this, a grandchild holding the pipes keeps the daemon's event loop alive at exit.
    for (const pipe of this.openPipes) pipe.destroy();
    await Promise.all([this.stdout.close(), this.stderr.close()]);
  }

  /** Send SIGKILL to a live child (and its group when stopasgroup/killasgroup): last resort on a crash exit. */
  killNow(): void {
    const pid = this.f.pid;
    if (pid === 0) return;
    const toGroup = this.config.stopasgroup || this.config.killasgroup;
    this.sendSignal(toGroup ? -pid : pid, 9);
    if (!toGroup) this.sendSignal(-pid, 9); // the child leads its own group: take any grandchildren too
  }

  // ---- engine ----------------------------------------------------------------------------

  /** Feed one input to the state machine and perform its effects; returns the request error, if any. */
  private apply(input: ProcInput, now: number = this.ctx.now()): string | null {
    const queue: ProcInput[] = [input];
    let error: string | null = null;
    let first = true;
    while (queue.length > 0) {
      const r = step(this.f, this.settings, queue.shift()!, now);
      this.f = r.fields;
      if (first) error = r.error;
      first = false;
      for (const e of r.effects) this.perform(e, queue);
    }
    this.schedule();
    return error;
  }

  private perform(e: ProcEffect, queue: ProcInput[]): void {
    switch (e.type) {
      case 'log':
        this.ctx.log.log(e.level, e.message);
        return;
      case 'state':
        this.announce(e);
        return;
      case 'kill': {
        const pid = this.f.pid;
        this.ctx.log.log('debug', `killing ${this.name} (pid ${pid}) ${e.toGroup ? 'process group ' : ''}with signal ${signame(e.signal)}`);
        const err = this.sendSignal(e.toGroup ? -pid : pid, e.signal);
        if (err !== null) queue.push({ type: 'killFailed', message: err });
        return;
      }
      case 'spawn':
        queue.push(this.spawn());
        return;
    }
  }

  private announce(e: Extract<ProcEffect, { type: 'state' }>): void {
    const event: ProcessStateEvent = {
      name: `PROCESS_STATE_${e.to}`,
      processname: this.config.name,
      groupname: this.groupName,
      from: e.from,
      to: e.to,
      tries: e.tries,
      pid: e.pid,
      expected: e.expected,
    };
    this.ctx.bus.emit(event);
    for (const l of [...this.stateListeners]) {
      try {
        l(event);
      } catch (err) {
        this.ctx.log.log('error', `state listener of ${this.name} failed: ${errorText(err)}`);
      }
    }
    this.ctx.onStateChange(this);
  }

  /** kill(2), ESRCH ignored (the exit event will tell). Returns an error text, or null. */
  private sendSignal(pid: number, sig: number): string | null {
    try {
      process.kill(pid, sig);
      return null;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') {
        this.ctx.log.log('debug', `unable to signal ${this.name} (pid ${this.f.pid}), it probably just exited on its own: ${errorText(err)}`);
        return null;
      }
      return errorText(err);
    }
  }

  private spawn(): ProcInput {
    let command: ResolvedCommand;
    try {
      command = resolveCommand(this.config.command, searchPath(this.config.environment, this.ctx.baseEnv));
    } catch (err) {
      return { type: 'spawnFailed', message: errorText(err) };
    }
    // Descriptors first, as Supervisor makes its dispatchers (pipes, log files) before forking.
    if (!this.ctx.descriptors.takeSpawn()) return { type: 'spawnFailed', message: tooManyOpenFiles(this.name) };
    try {
      this.stdout.acquire(); // throws only when out of descriptors
      try {
        this.stderr.acquire();
      } catch (err) {
        this.stdout.release();
        throw err;
      }
    } catch {
      return { type: 'spawnFailed', message: tooManyOpenFiles(this.name) };
    }
    const out = spawnChild({
      config: this.config,
      groupName: this.groupName,
      command,
      serverUrl: this.config.serverurl ?? this.ctx.defaultServerUrl,
      baseEnv: this.ctx.baseEnv,
      forceStderrPipe: this.isListener,
    });
    if (!out.ok) {
      this.stdout.release();
      this.stderr.release();
      return { type: 'spawnFailed', message: out.exhausted ? tooManyOpenFiles(this.name) : out.error };
    }
    this.attach(out);
    return { type: 'spawned', pid: out.pid };
  }

  /** Wire a fresh child: output pipes to the logs, stdin kept, exit handled once output is drained. */
  private attach(spawned: SpawnedChild): void {
    const child = spawned.child;
    this.child = child;
    this.stdinOpen = child.stdin !== null;
    // The old child's stdin can report 'close' after a quick stop+start attached its successor: only ours counts.
    const stdinGone = (): void => {
      if (this.child === child) this.stdinOpen = false;
    };
    child.stdin?.on('error', stdinGone);
    child.stdin?.on('close', stdinGone);
    child.on('error', (err) => this.ctx.log.log('error', `${this.name}: ${err.message}`));
    for (const pipe of [spawned.stdout, spawned.stderr]) {
      if (pipe === null) continue;
      this.openPipes.add(pipe);
      pipe.once('close', () => this.openPipes.delete(pipe));
    }
    const drained: Promise<void>[] = [];
    const hooked = (): boolean => this.outputListeners.size > 0;
    drained.push(this.stdout.pump(spawned.stdout, spawned.pid, (chunk) => this.notifyOutput('stdout', chunk), hooked));
    if (spawned.stderr !== null) drained.push(this.stderr.pump(spawned.stderr, spawned.pid, (chunk) => this.notifyOutput('stderr', chunk), hooked));
    child.once('exit', (code, signal) => {
      const at = this.ctx.now();
      let cap: NodeJS.Timeout | undefined;
      const capped = new Promise<void>((resolve) => {
        cap = setTimeout(resolve, DRAIN_CAP_MS);
      });
      void Promise.race([Promise.allSettled(drained), capped]).then(() => {
        clearTimeout(cap);
        if (this.child === child) {
          this.child = null;
          this.stdinOpen = false;
        }
        this.apply({ type: 'exited', code, signal }, at);
      });
    });
  }

  private notifyOutput(channel: OutputChannel, chunk: Buffer): void {
    for (const l of this.outputListeners) {
      try {
        l(channel, chunk);
      } catch (err) {
        this.ctx.log.log('error', `output listener of ${this.name} failed: ${errorText(err)}`);
      }
    }
  }

  /** One timer per process, at the next deadline the state machine reports. */
  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed) return;
    const now = this.ctx.now();
    const at = nextDeadline(this.f, this.settings, this.ctx.mood(), now);
    if (at === null) return;
    // +1 ms: Supervisor's comparisons are strict (`now > delay`), a tick exactly on time would do nothing.
    const ms = Math.max(0, (at - now) * 1000) + 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick();
    }, ms);
  }
}

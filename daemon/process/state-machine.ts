/**
 * Supervisor's per-process state machine (compat §2.2) as a pure function:
 * (fields, settings, input, now) → (new fields, effects). No clock, no processes, no I/O:
 * the caller (process.ts) performs the effects and feeds their outcome back as inputs.
 * Times are epoch seconds (fractional).
 */
import type { ProcessStateName, SupervisorStateName } from '../../src/protocol/states.ts';
import type { AutoRestart, LogLevelName } from '../../src/config/types.ts';
import { signame } from '../../src/protocol/signals.ts';

/** The mutable bookkeeping of one process, as Supervisor keeps it. */
export interface ProcFields {
  readonly state: ProcessStateName;
  /** Last spawn time, 0 = never started (what gates autostart). */
  readonly laststart: number;
  /** Last exit time, 0 = never. */
  readonly laststop: number;
  /** STARTING: laststart+startsecs; BACKOFF: retry time; STOPPING: SIGKILL time; else 0. */
  readonly delay: number;
  /** Consecutive failed starts. */
  readonly backoff: number;
  /** Consecutive runs shorter than restartDelayMax that ended on their own: damps automatic restarts. */
  readonly crashes: number;
  /** A stop signal was sent: the next exit ends in STOPPED. */
  readonly killing: boolean;
  readonly spawnerr: string;
  /** Last exit code, −1 for a signal death, null when none since the last spawn. */
  readonly exitstatus: number | null;
  readonly pid: number;
}

/** The configuration values the transitions depend on. */
export interface ProcSettings {
  readonly name: string;
  readonly autostart: boolean;
  readonly autorestart: AutoRestart;
  readonly startsecs: number;
  readonly startretries: number;
  readonly exitcodes: readonly number[];
  readonly stopsignal: number;
  readonly stopwaitsecs: number;
  readonly stopasgroup: boolean;
  readonly killasgroup: boolean;
  /** Longest time a crash-looping process stays down before its automatic restart, seconds; 0 = no damping. */
  readonly restartDelayMax: number;
  /** BACKOFF delay ×factor per attempt; null = Supervisor's +1 s per attempt. */
  readonly backoffFactor: number | null;
  /** Cap on the BACKOFF delay, seconds; null = none. */
  readonly backoffMax: number | null;
}

export type ProcInput =
  /** Time-based transitions: autostart, autorestart, backoff retry, RUNNING promotion, FATAL, SIGKILL escalation. */
  | { readonly type: 'tick'; readonly mood: SupervisorStateName }
  /** An explicit start request (startProcess); the caller has checked the state is STOPPED/EXITED/FATAL. */
  | { readonly type: 'start' }
  /** Outcome of a `spawn` effect. */
  | { readonly type: 'spawned'; readonly pid: number }
  | { readonly type: 'spawnFailed'; readonly message: string }
  /** The child was reaped: exit code, or the signal that killed it. */
  | { readonly type: 'exited'; readonly code: number | null; readonly signal: string | null }
  /** A stop request (stopProcess, group/all stop, shutdown of RUNNING/STARTING). */
  | { readonly type: 'stop' }
  /** Shutdown/reload meets a BACKOFF process. */
  | { readonly type: 'giveUp' }
  /** A `kill` effect or an explicit signal failed with something other than ESRCH. */
  | { readonly type: 'killFailed'; readonly message: string };

export type ProcEffect =
  /** Spawn the child now; report `spawned` or `spawnFailed`. */
  | { readonly type: 'spawn' }
  /** Send `signal` to the pid, or to its process group (−pid) when `toGroup`; report `killFailed` on a non-ESRCH error. */
  | { readonly type: 'kill'; readonly signal: number; readonly toGroup: boolean }
  | { readonly type: 'log'; readonly level: LogLevelName; readonly message: string }
  | {
      readonly type: 'state';
      readonly from: ProcessStateName;
      readonly to: ProcessStateName;
      readonly tries: number;
      readonly pid: number;
      readonly expected: boolean;
    };

export interface StepResult {
  readonly fields: ProcFields;
  readonly effects: readonly ProcEffect[];
  /** Why a request did nothing (e.g. stop of a process without a pid); null when it was applied. */
  readonly error: string | null;
}

export const INITIAL_FIELDS: ProcFields = {
  state: 'STOPPED',
  laststart: 0,
  laststop: 0,
  delay: 0,
  backoff: 0,
  crashes: 0,
  killing: false,
  spawnerr: '',
  exitstatus: null,
  pid: 0,
};

const SIGKILL = 9;

/**
 * How long a process stays down (from its exit) before an automatic restart, after `crashes` quick
 * runs in a row: the first restart is immediate, then max/8, max/4, max/2, max. A crash loop thus
 * settles at one spawn per `max` seconds plus its run time, as Supervisor 4.2.5's 1 s poll loop does:
 * each of its restarts waits for the next poll after the exit.
 */
export function restartDelay(crashes: number, max: number): number {
  if (crashes <= 1 || max <= 0) return 0;
  return Math.min(max, max * 2 ** (crashes - 5));
}

/** Seconds to wait in BACKOFF before attempt `n + 1` (n ≥ 1): Supervisor's n, or factor^(n−1), capped. */
export function backoffDelay(n: number, s: Pick<ProcSettings, 'backoffFactor' | 'backoffMax'>): number {
  const d = s.backoffFactor === null ? n : s.backoffFactor ** (n - 1);
  return s.backoffMax === null ? d : Math.min(d, s.backoffMax);
}

/** When an EXITED process that autorestarts may be spawned again. */
function restartAt(f: ProcFields, s: ProcSettings, now: number): number {
  const delay = restartDelay(f.crashes, s.restartDelayMax);
  // A wall clock that went back must not postpone the restart by more than the delay itself.
  return Math.min(f.laststop + delay, now + delay);
}

/** Whether an EXITED process restarts by itself in this mood (delay aside). */
function autorestarts(f: ProcFields, s: ProcSettings, mood: SupervisorStateName): boolean {
  if (mood !== 'RUNNING') return false;
  return s.autorestart === true || (s.autorestart === 'unexpected' && !isExpected(s, f.exitstatus));
}

/** Text of how a child ended, as Supervisor's `decode_wait_status`. */
function exitDescription(code: number | null, signal: string | null): string {
  if (signal !== null) return `terminated by ${signal}`;
  if (code !== null) return `exit status ${code}`;
  return 'unknown termination cause 0x0000';
}

/** Whether an exit status counts as expected (a signal death, −1, never does). */
function isExpected(s: ProcSettings, exitstatus: number | null): boolean {
  return exitstatus !== null && s.exitcodes.includes(exitstatus);
}

/** Mutable scratch state for one step: keeps the transition code close to Supervisor's. */
class Step {
  f: { -readonly [K in keyof ProcFields]: ProcFields[K] };
  readonly effects: ProcEffect[] = [];
  error: string | null = null;
  constructor(
    fields: ProcFields,
    readonly s: ProcSettings,
    readonly now: number,
  ) {
    this.f = { ...fields };
  }

  log(level: LogLevelName, message: string): void {
    this.effects.push({ type: 'log', level, message });
  }

  /** Supervisor's change_state: entering BACKOFF bumps the counter and sets the retry delay. */
  changeState(to: ProcessStateName, expected = true): void {
    const from = this.f.state;
    if (from === to) return;
    this.f.state = to;
    if (to === 'BACKOFF') {
      this.f.backoff += 1;
      this.f.delay = this.now + backoffDelay(this.f.backoff, this.s);
    }
    this.effects.push({ type: 'state', from, to, tries: this.f.backoff, pid: this.f.pid, expected });
  }

  spawn(): void {
    if (this.f.pid !== 0) {
      this.log('warn', `process '${this.s.name}' already running`);
      return;
    }
    this.f.killing = false;
    this.f.spawnerr = '';
    this.f.exitstatus = null;
    this.f.laststart = this.now;
    this.changeState('STARTING');
    this.effects.push({ type: 'spawn' });
  }

  spawned(pid: number): void {
    if (this.f.state !== 'STARTING' || this.f.pid !== 0) return;
    this.f.pid = pid;
    // The spawn may have waited for depends_on: startsecs counts from the real spawn.
    this.f.laststart = this.now;
    this.log('info', `spawned: '${this.s.name}' with pid ${pid}`);
    this.f.spawnerr = '';
    this.f.delay = this.now + this.s.startsecs;
  }

  spawnFailed(message: string): void {
    if (this.f.state !== 'STARTING' || this.f.pid !== 0) return;
    this.f.spawnerr = message;
    this.log('info', `spawnerr: ${message}`);
    this.changeState('BACKOFF');
  }

  giveUp(): void {
    if (this.f.state !== 'BACKOFF') return;
    this.f.delay = 0;
    this.f.backoff = 0;
    this.changeState('FATAL');
  }

  /** Supervisor's kill(): BACKOFF (or STARTING still waiting for depends_on, no pid) → STOPPED at once; otherwise signal and enter STOPPING. */
  kill(signal: number): void {
    if (this.f.state === 'BACKOFF' || (this.f.state === 'STARTING' && this.f.pid === 0)) {
      if (this.f.state === 'STARTING') this.f.laststop = this.now;
      this.changeState('STOPPED');
      return;
    }
    if (this.f.pid === 0) {
      this.error = `attempted to kill ${this.s.name} with sig ${signame(signal)} but it wasn't running`;
      return;
    }
    if (this.f.state !== 'RUNNING' && this.f.state !== 'STARTING' && this.f.state !== 'STOPPING') {
      this.error = `cannot stop ${this.s.name} in state ${this.f.state}`;
      return;
    }
    const toGroup = this.f.state === 'STOPPING' ? this.s.killasgroup : this.s.stopasgroup;
    this.f.killing = true;
    this.f.delay = this.now + this.s.stopwaitsecs;
    this.changeState('STOPPING');
    this.effects.push({ type: 'kill', signal, toGroup });
  }

  killFailed(message: string): void {
    this.log('critical', `unknown problem killing ${this.s.name} (${this.f.pid}):${message}`);
    this.changeState('UNKNOWN');
    this.f.killing = false;
    this.f.delay = 0;
  }

  exited(code: number | null, signal: string | null): void {
    if (this.f.pid === 0) return;
    const es = signal !== null || code === null ? -1 : code;
    const how = exitDescription(code, signal);
    const now = this.now;
    this.f.laststop = now;
    const tooQuickly = now > this.f.laststart ? now - this.f.laststart < this.s.startsecs : false;
    const expected = this.s.exitcodes.includes(es);
    const name = this.s.name;
    // A run that ended on its own before restartDelayMax counts as a crash; one that stayed up resets the count.
    this.f.crashes = !this.f.killing && now - this.f.laststart < this.s.restartDelayMax ? this.f.crashes + 1 : 0;
    if (this.f.killing) {
      this.f.killing = false;
      this.f.delay = 0;
      this.f.exitstatus = es;
      this.changeState('STOPPED');
      this.log(expected ? 'info' : 'warn', `stopped: ${name} (${how})`);
    } else if (tooQuickly && this.f.state === 'STARTING') {
      this.f.exitstatus = null;
      this.f.spawnerr = 'Exited too quickly (process log may have details)';
      this.changeState('BACKOFF');
      this.log('warn', `exited: ${name} (${how}; not expected)`);
    } else {
      this.f.delay = 0;
      this.f.backoff = 0;
      this.f.exitstatus = es;
      if (this.f.state === 'STARTING') this.changeState('RUNNING');
      if (expected) {
        this.changeState('EXITED', true);
        this.log('info', `exited: ${name} (${how}; expected)`);
      } else {
        this.f.spawnerr = `Bad exit code ${es}`;
        this.changeState('EXITED', false);
        this.log('warn', `exited: ${name} (${how}; not expected)`);
      }
    }
    this.f.pid = 0;
  }

  /** Supervisor's transition(): one main-loop evaluation of the time- and mood-based rules. */
  tick(mood: SupervisorStateName): void {
    const state = this.f.state;
    const s = this.s;
    if (mood === 'RUNNING') {
      if (state === 'EXITED') {
        if (autorestarts(this.f, s, mood) && this.now >= restartAt(this.f, s, this.now)) this.spawn();
      } else if (state === 'STOPPED' && this.f.laststart === 0) {
        if (s.autostart) this.spawn();
      } else if (state === 'BACKOFF') {
        if (this.f.backoff <= s.startretries && this.now > this.f.delay) this.spawn();
      }
    }
    if (state === 'STARTING') {
      if (this.f.pid !== 0 && this.now - this.f.laststart > s.startsecs) {
        this.f.delay = 0;
        this.f.backoff = 0;
        this.changeState('RUNNING');
        this.log('info', `success: ${s.name} entered RUNNING state, process has stayed up for > than ${s.startsecs} seconds (startsecs)`);
      }
    }
    if (state === 'BACKOFF') {
      if (this.f.backoff > s.startretries) {
        this.giveUp();
        this.log('info', `gave up: ${s.name} entered FATAL state, too many start retries too quickly`);
      }
    } else if (state === 'STOPPING') {
      if (this.f.delay - this.now <= 0) {
        this.log('warn', `killing '${s.name}' (${this.f.pid}) with SIGKILL`);
        this.kill(SIGKILL);
      }
    }
  }
}

/**
 * Supervisor's `_check_and_adjust_for_system_clock_rollback`: when the wall clock went back,
 * pull the times of the current state back so nothing waits for hours.
 */
export function adjustForClockRollback(f: ProcFields, s: ProcSettings, now: number): ProcFields {
  switch (f.state) {
    case 'STARTING': {
      const delay = f.delay > 0 && now < f.delay - s.startsecs ? now + s.startsecs : f.delay;
      return { ...f, laststart: Math.min(now, f.laststart), delay };
    }
    case 'RUNNING':
      return now > f.laststart && now < f.laststart + s.startsecs ? { ...f, laststart: now - s.startsecs } : f;
    case 'STOPPING':
      return f.delay > 0 && now < f.delay - s.stopwaitsecs ? { ...f, delay: now + s.stopwaitsecs } : f;
    case 'BACKOFF': {
      const wait = backoffDelay(f.backoff, s);
      return f.delay > 0 && now < f.delay - wait ? { ...f, delay: now + wait } : f;
    }
    default:
      return f;
  }
}

/** Apply one input. */
export function step(fields: ProcFields, settings: ProcSettings, input: ProcInput, now: number): StepResult {
  const adjusted = input.type === 'tick' || input.type === 'exited' ? adjustForClockRollback(fields, settings, now) : fields;
  const st = new Step(adjusted, settings, now);
  switch (input.type) {
    case 'tick':
      st.tick(input.mood);
      break;
    case 'start':
      // An explicit start is a fresh attempt: its first automatic restart is immediate again.
      st.f.crashes = 0;
      st.spawn();
      break;
    case 'spawned':
      st.spawned(input.pid);
      break;
    case 'spawnFailed':
      st.spawnFailed(input.message);
      break;
    case 'exited':
      st.exited(input.code, input.signal);
      break;
    case 'stop':
      st.kill(settings.stopsignal);
      break;
    case 'giveUp':
      st.giveUp();
      break;
    case 'killFailed':
      st.killFailed(input.message);
      break;
  }
  return { fields: st.f, effects: st.effects, error: st.error };
}

/**
 * The earliest time at which a `tick` could change something, or null when only an outside
 * input (exit, request) can. Comparisons that Supervisor makes strictly (`>`) are satisfied
 * by any time after the returned one: the caller schedules a hair later.
 */
export function nextDeadline(f: ProcFields, s: ProcSettings, mood: SupervisorStateName, now: number): number | null {
  switch (f.state) {
    case 'STARTING':
      return f.pid !== 0 ? f.laststart + s.startsecs : null;
    case 'BACKOFF':
      if (f.backoff > s.startretries) return now;
      return mood === 'RUNNING' ? f.delay : null;
    case 'STOPPING':
      return f.delay;
    case 'EXITED':
      return autorestarts(f, s, mood) ? Math.max(now, restartAt(f, s, now)) : null;
    case 'STOPPED':
      return mood === 'RUNNING' && f.laststart === 0 && s.autostart ? now : null;
    default:
      return null;
  }
}

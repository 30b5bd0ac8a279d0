import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adjustForClockRollback,
  backoffDelay,
  restartDelay,
  INITIAL_FIELDS,
  nextDeadline,
  step,
  type ProcEffect,
  type ProcFields,
  type ProcInput,
  type ProcSettings,
} from '../../daemon/process/state-machine.ts';

const S: ProcSettings = {
  name: 'p',
  autostart: true,
  autorestart: 'unexpected',
  startsecs: 1,
  startretries: 3,
  exitcodes: [0],
  stopsignal: 15,
  stopwaitsecs: 10,
  stopasgroup: false,
  killasgroup: false,
  restartDelayMax: 0,
  backoffFactor: null,
  backoffMax: null,
};

const T0 = 1000;

function states(effects: readonly ProcEffect[]): string[] {
  return effects.flatMap((e) => (e.type === 'state' ? [`${e.from}->${e.to}`] : []));
}
function logs(effects: readonly ProcEffect[]): string[] {
  return effects.flatMap((e) => (e.type === 'log' ? [`${e.level} ${e.message}`] : []));
}
function fields(over: Partial<ProcFields>): ProcFields {
  return { ...INITIAL_FIELDS, ...over };
}

/** Run a list of inputs at given times, returning the final fields and all effects. */
function run(start: ProcFields, s: ProcSettings, inputs: [ProcInput, number][]): { f: ProcFields; effects: ProcEffect[] } {
  let f = start;
  const effects: ProcEffect[] = [];
  for (const [input, now] of inputs) {
    const r = step(f, s, input, now);
    f = r.fields;
    effects.push(...r.effects);
  }
  return { f, effects };
}

const tick = (mood: 'RUNNING' | 'SHUTDOWN' | 'RESTARTING' = 'RUNNING'): ProcInput => ({ type: 'tick', mood });

test('autostart: STOPPED never started → STARTING + spawn, only when mood RUNNING and autostart', () => {
  const r = step(INITIAL_FIELDS, S, tick(), T0);
  assert.deepEqual(states(r.effects), ['STOPPED->STARTING']);
  assert.ok(r.effects.some((e) => e.type === 'spawn'));
  assert.equal(r.fields.laststart, T0);
  const st = r.effects.find((e) => e.type === 'state');
  assert.deepEqual(st, { type: 'state', from: 'STOPPED', to: 'STARTING', tries: 0, pid: 0, expected: true });

  assert.deepEqual(step(INITIAL_FIELDS, S, tick('SHUTDOWN'), T0).effects, []);
  assert.deepEqual(step(INITIAL_FIELDS, S, tick('RESTARTING'), T0).effects, []);
  assert.deepEqual(step(INITIAL_FIELDS, { ...S, autostart: false }, tick(), T0).effects, []);
  // stopped by request after having run: not autostarted again
  assert.deepEqual(step(fields({ laststart: T0 - 5, laststop: T0 - 1 }), S, tick(), T0).effects, []);
});

test('spawned: logs, records pid and delay; STARTING → RUNNING only when now - laststart > startsecs (strict)', () => {
  const { f, effects } = run(INITIAL_FIELDS, S, [
    [tick(), T0],
    [{ type: 'spawned', pid: 42 }, T0],
  ]);
  assert.equal(f.pid, 42);
  assert.equal(f.delay, T0 + 1);
  assert.deepEqual(logs(effects), ["info spawned: 'p' with pid 42"]);
  // exactly startsecs later: not yet
  assert.equal(step(f, S, tick(), T0 + 1).fields.state, 'STARTING');
  const r = step(f, S, tick(), T0 + 1.001);
  assert.equal(r.fields.state, 'RUNNING');
  assert.equal(r.fields.backoff, 0);
  assert.deepEqual(logs(r.effects), ['info success: p entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)']);
  const ev = r.effects.find((e) => e.type === 'state');
  assert.deepEqual(ev, { type: 'state', from: 'STARTING', to: 'RUNNING', tries: 0, pid: 42, expected: true });
});

test('exit before startsecs → BACKOFF with linear delay, "not expected" even for exit code 0', () => {
  const starting = fields({ state: 'STARTING', laststart: T0, pid: 7, delay: T0 + 1 });
  const r = step(starting, S, { type: 'exited', code: 0, signal: null }, T0 + 0.5);
  assert.equal(r.fields.state, 'BACKOFF');
  assert.equal(r.fields.backoff, 1);
  assert.equal(r.fields.delay, T0 + 0.5 + 1);
  assert.equal(r.fields.spawnerr, 'Exited too quickly (process log may have details)');
  assert.equal(r.fields.exitstatus, null);
  assert.equal(r.fields.pid, 0);
  assert.equal(r.fields.laststop, T0 + 0.5);
  assert.deepEqual(logs(r.effects), ['warn exited: p (exit status 0; not expected)']);
  const ev = r.effects.find((e) => e.type === 'state');
  assert.deepEqual(ev, { type: 'state', from: 'STARTING', to: 'BACKOFF', tries: 1, pid: 7, expected: true });
});

test('BACKOFF retries when now > delay (strict), tries carried; startretries+1 attempts then FATAL', () => {
  const s = { ...S, startretries: 2 };
  let f = INITIAL_FIELDS;
  let t = T0;
  const spawnTimes: number[] = [];
  const all: ProcEffect[] = [];
  for (let guard = 0; guard < 20 && f.state !== 'FATAL'; guard++) {
    const r = step(f, s, tick(), t);
    f = r.fields;
    all.push(...r.effects);
    if (r.effects.some((e) => e.type === 'spawn')) {
      spawnTimes.push(t);
      f = step(f, s, { type: 'spawned', pid: 100 + guard }, t).fields;
      const x = step(f, s, { type: 'exited', code: 1, signal: null }, t + 0.1);
      f = x.fields;
      all.push(...x.effects);
    }
    // the earliest useful tick, as the runtime schedules it
    const d = nextDeadline(f, s, 'RUNNING', t);
    t = d === null ? t + 1 : Math.max(t, d) + 0.001;
  }
  assert.equal(f.state, 'FATAL');
  assert.equal(spawnTimes.length, 3, 'startretries + 1 attempts');
  // linear: retry 1 s after the 1st failure, 2 s after the 2nd
  assert.ok(Math.abs(spawnTimes[1]! - spawnTimes[0]! - 1.1) < 0.01);
  assert.ok(Math.abs(spawnTimes[2]! - spawnTimes[1]! - 2.1) < 0.01);
  assert.equal(f.backoff, 0);
  assert.equal(f.delay, 0);
  assert.ok(logs(all).includes('info gave up: p entered FATAL state, too many start retries too quickly'));
  const starting = all.filter((e) => e.type === 'state' && e.to === 'STARTING').map((e) => (e.type === 'state' ? e.tries : -1));
  assert.deepEqual(starting, [0, 1, 2]);
  assert.deepEqual(states(all).slice(-2), ['STARTING->BACKOFF', 'BACKOFF->FATAL']);
  // not before the delay
  const backoff = fields({ state: 'BACKOFF', backoff: 1, delay: T0 + 1, laststart: T0 - 1 });
  assert.deepEqual(step(backoff, s, tick(), T0 + 1).effects, []);
  // no retry while shutting down, but FATAL still happens once retries are exhausted
  assert.deepEqual(step(backoff, s, tick('SHUTDOWN'), T0 + 5).effects, []);
  assert.equal(step(fields({ state: 'BACKOFF', backoff: 3 }), s, tick('SHUTDOWN'), T0).fields.state, 'FATAL');
});

test('startretries=0: one attempt, then FATAL', () => {
  const s = { ...S, startretries: 0 };
  const { f } = run(INITIAL_FIELDS, s, [
    [tick(), T0],
    [{ type: 'spawned', pid: 5 }, T0],
    [{ type: 'exited', code: 1, signal: null }, T0 + 0.2],
    [tick(), T0 + 0.3],
  ]);
  assert.equal(f.state, 'FATAL');
});

test('spawn failure before fork: spawnerr logged, BACKOFF, same bookkeeping', () => {
  const r = run(INITIAL_FIELDS, S, [
    [tick(), T0],
    [{ type: 'spawnFailed', message: "can't find command 'nope'" }, T0],
  ]);
  assert.equal(r.f.state, 'BACKOFF');
  assert.equal(r.f.spawnerr, "can't find command 'nope'");
  assert.equal(r.f.backoff, 1);
  assert.deepEqual(logs(r.effects), ["info spawnerr: can't find command 'nope'"]);
  assert.deepEqual(states(r.effects), ['STOPPED->STARTING', 'STARTING->BACKOFF']);
});

test('exit from RUNNING: EXITED, expected iff code in exitcodes; signal death is -1 and unexpected', () => {
  const running = fields({ state: 'RUNNING', laststart: T0, pid: 9, backoff: 0 });
  const ok = step(running, S, { type: 'exited', code: 0, signal: null }, T0 + 5);
  assert.equal(ok.fields.state, 'EXITED');
  assert.equal(ok.fields.exitstatus, 0);
  assert.equal(ok.fields.spawnerr, '');
  assert.deepEqual(logs(ok.effects), ['info exited: p (exit status 0; expected)']);
  assert.deepEqual(ok.effects.find((e) => e.type === 'state'), { type: 'state', from: 'RUNNING', to: 'EXITED', tries: 0, pid: 9, expected: true });

  const bad = step(running, S, { type: 'exited', code: 7, signal: null }, T0 + 5);
  assert.equal(bad.fields.spawnerr, 'Bad exit code 7');
  assert.deepEqual(logs(bad.effects), ['warn exited: p (exit status 7; not expected)']);
  assert.equal((bad.effects.find((e) => e.type === 'state') as { expected: boolean }).expected, false);

  const sig = step(running, { ...S, exitcodes: [0, -1] }, { type: 'exited', code: null, signal: 'SIGHUP' }, T0 + 5);
  assert.equal(sig.fields.exitstatus, -1);
  assert.deepEqual(logs(sig.effects), ['info exited: p (terminated by SIGHUP; expected)']);
  const sig2 = step(running, S, { type: 'exited', code: null, signal: 'SIGHUP' }, T0 + 5);
  assert.deepEqual(logs(sig2.effects), ['warn exited: p (terminated by SIGHUP; not expected)']);
  assert.equal(sig2.fields.spawnerr, 'Bad exit code -1');
});

test('autorestart × exitcodes: true always, unexpected only on unexpected codes, false never; never outside RUNNING mood', () => {
  const exited = (code: number): ProcFields => fields({ state: 'EXITED', laststart: T0, laststop: T0 + 5, exitstatus: code });
  const restarts = (autorestart: ProcSettings['autorestart'], code: number, mood: 'RUNNING' | 'SHUTDOWN' = 'RUNNING'): boolean =>
    step(exited(code), { ...S, autorestart, exitcodes: [0, 2] }, tick(mood), T0 + 6).effects.some((e) => e.type === 'spawn');
  const table: [ProcSettings['autorestart'], number, boolean][] = [
    [true, 0, true],
    [true, 1, true],
    ['unexpected', 0, false],
    ['unexpected', 2, false],
    ['unexpected', 1, true],
    ['unexpected', -1, true],
    [false, 1, false],
    [false, 0, false],
  ];
  for (const [ar, code, want] of table) assert.equal(restarts(ar, code), want, `autorestart=${String(ar)} code=${code}`);
  assert.equal(restarts(true, 1, 'SHUTDOWN'), false);
  assert.equal(nextDeadline(exited(1), S, 'RUNNING', T0), T0);
  assert.equal(nextDeadline(exited(0), S, 'RUNNING', T0), null);
});

test('startsecs=0: exit goes STARTING → RUNNING → EXITED, never BACKOFF', () => {
  const s = { ...S, startsecs: 0, autorestart: 'unexpected' as const };
  const starting = fields({ state: 'STARTING', laststart: T0, pid: 3 });
  const r = step(starting, s, { type: 'exited', code: 1, signal: null }, T0 + 0.001);
  assert.deepEqual(states(r.effects), ['STARTING->RUNNING', 'RUNNING->EXITED']);
  assert.equal(r.fields.backoff, 0);
  // and is respawned at once, forever
  assert.equal(nextDeadline(r.fields, s, 'RUNNING', T0 + 0.001), T0 + 0.001);
  // an exit after startsecs but before the promoting tick does the same
  const late = step(fields({ state: 'STARTING', laststart: T0, pid: 3 }), S, { type: 'exited', code: 0, signal: null }, T0 + 1.5);
  assert.deepEqual(states(late.effects), ['STARTING->RUNNING', 'RUNNING->EXITED']);
});

test('stop: RUNNING/STARTING → STOPPING with stopsignal (group if stopasgroup), delay = now + stopwaitsecs', () => {
  for (const state of ['RUNNING', 'STARTING'] as const) {
    const r = step(fields({ state, pid: 11, laststart: T0 }), { ...S, stopasgroup: true, killasgroup: true }, { type: 'stop' }, T0 + 2);
    assert.equal(r.fields.state, 'STOPPING');
    assert.equal(r.fields.killing, true);
    assert.equal(r.fields.delay, T0 + 12);
    assert.deepEqual(r.effects.filter((e) => e.type === 'kill'), [{ type: 'kill', signal: 15, toGroup: true }]);
    assert.deepEqual(states(r.effects), [`${state}->STOPPING`]);
    // the state event precedes the signal, as in Supervisor
    assert.ok(r.effects.findIndex((e) => e.type === 'state') < r.effects.findIndex((e) => e.type === 'kill'));
  }
});

test('STOPPING past stopwaitsecs: SIGKILL (to the group if killasgroup), no state event, delay re-armed', () => {
  const s = { ...S, stopasgroup: false, killasgroup: true };
  const stopping = fields({ state: 'STOPPING', pid: 11, killing: true, delay: T0 + 10 });
  assert.deepEqual(step(stopping, s, tick(), T0 + 9.99).effects, []);
  const r = step(stopping, s, tick('SHUTDOWN'), T0 + 10);
  assert.deepEqual(r.effects.filter((e) => e.type === 'kill'), [{ type: 'kill', signal: 9, toGroup: true }]);
  assert.deepEqual(states(r.effects), []);
  assert.deepEqual(logs(r.effects), ["warn killing 'p' (11) with SIGKILL"]);
  assert.equal(r.fields.delay, T0 + 20);
  assert.equal(nextDeadline(stopping, s, 'RUNNING', T0), T0 + 10);
});

test('a stop always ends in STOPPED, whatever the exit code; INFO if expected else WARN', () => {
  const stopping = fields({ state: 'STOPPING', pid: 11, killing: true, delay: T0 + 10, laststart: T0 - 100 });
  const a = step(stopping, S, { type: 'exited', code: null, signal: 'SIGTERM' }, T0 + 1);
  assert.equal(a.fields.state, 'STOPPED');
  assert.equal(a.fields.exitstatus, -1);
  assert.equal(a.fields.killing, false);
  assert.equal(a.fields.pid, 0);
  assert.deepEqual(logs(a.effects), ['warn stopped: p (terminated by SIGTERM)']);
  assert.deepEqual(a.effects.find((e) => e.type === 'state'), { type: 'state', from: 'STOPPING', to: 'STOPPED', tries: 0, pid: 11, expected: true });
  const b = step(stopping, S, { type: 'exited', code: 0, signal: null }, T0 + 1);
  assert.deepEqual(logs(b.effects), ['info stopped: p (exit status 0)']);
  // a stop of a process that was still STARTING (too quickly) is STOPPED too, not BACKOFF
  const quick = fields({ state: 'STOPPING', pid: 11, killing: true, laststart: T0 });
  assert.equal(step(quick, S, { type: 'exited', code: 1, signal: null }, T0 + 0.1).fields.state, 'STOPPED');
});

test('BACKOFF: stop → STOPPED at once keeping spawnerr; shutdown gives up → FATAL', () => {
  const backoff = fields({ state: 'BACKOFF', backoff: 1, delay: T0 + 1, spawnerr: 'Exited too quickly (process log may have details)', laststart: T0 - 1 });
  const stop = step(backoff, S, { type: 'stop' }, T0);
  assert.equal(stop.fields.state, 'STOPPED');
  assert.equal(stop.fields.spawnerr, 'Exited too quickly (process log may have details)');
  assert.deepEqual(stop.effects.filter((e) => e.type === 'kill'), []);
  const give = step(backoff, S, { type: 'giveUp' }, T0);
  assert.equal(give.fields.state, 'FATAL');
  assert.equal(give.fields.backoff, 0);
  assert.deepEqual(states(give.effects), ['BACKOFF->FATAL']);
});

test('stop without a pid reports an error and changes nothing', () => {
  const r = step(fields({ state: 'STOPPING', laststart: T0 }), S, { type: 'stop' }, T0);
  assert.equal(r.fields.state, 'STOPPING');
  assert.match(r.error ?? '', /wasn't running/);
});

test('depends_on: STARTING without a pid (waiting for dependencies) stops at once; a late spawn counts startsecs from itself', () => {
  const waiting = fields({ state: 'STARTING', laststart: T0 });
  const r = step(waiting, S, { type: 'stop' }, T0 + 5);
  assert.equal(r.error, null);
  assert.equal(r.fields.state, 'STOPPED');
  assert.equal(r.fields.laststop, T0 + 5);
  assert.deepEqual(r.effects.filter((e) => e.type === 'kill'), []);
  const spawned = step(waiting, S, { type: 'spawned', pid: 12 }, T0 + 30);
  assert.equal(spawned.fields.laststart, T0 + 30);
  assert.equal(step(spawned.fields, S, { type: 'tick', mood: 'RUNNING' }, T0 + 30 + S.startsecs - 0.1).fields.state, 'STARTING');
});

test('kill failure (not ESRCH) → UNKNOWN with a CRIT line; killing cleared', () => {
  const stopping = fields({ state: 'STOPPING', pid: 11, killing: true, delay: T0 + 10 });
  const r = step(stopping, S, { type: 'killFailed', message: 'EPERM' }, T0);
  assert.equal(r.fields.state, 'UNKNOWN');
  assert.equal(r.fields.killing, false);
  assert.deepEqual(logs(r.effects), ['critical unknown problem killing p (11):EPERM']);
});

test('start request: from EXITED/FATAL/STOPPED clears spawnerr and exitstatus; tries = current backoff', () => {
  for (const state of ['EXITED', 'FATAL', 'STOPPED'] as const) {
    const r = step(fields({ state, spawnerr: 'Bad exit code 3', exitstatus: 3, laststart: T0 - 9 }), S, { type: 'start' }, T0);
    assert.equal(r.fields.state, 'STARTING');
    assert.equal(r.fields.spawnerr, '');
    assert.equal(r.fields.exitstatus, null);
    assert.equal(r.fields.laststart, T0);
    assert.deepEqual(states(r.effects), [`${state}->STARTING`]);
  }
});

test('nextDeadline: what the runtime schedules', () => {
  assert.equal(nextDeadline(fields({ state: 'STARTING', pid: 1, laststart: T0 }), { ...S, startsecs: 5 }, 'RUNNING', T0), T0 + 5);
  assert.equal(nextDeadline(fields({ state: 'BACKOFF', backoff: 2, delay: T0 + 2 }), S, 'RUNNING', T0), T0 + 2);
  assert.equal(nextDeadline(fields({ state: 'BACKOFF', backoff: 2, delay: T0 + 2 }), S, 'SHUTDOWN', T0), null);
  assert.equal(nextDeadline(fields({ state: 'BACKOFF', backoff: 4, delay: T0 + 4 }), S, 'SHUTDOWN', T0), T0);
  assert.equal(nextDeadline(fields({ state: 'RUNNING', pid: 1 }), S, 'RUNNING', T0), null);
  assert.equal(nextDeadline(fields({ state: 'FATAL' }), S, 'RUNNING', T0), null);
  assert.equal(nextDeadline(INITIAL_FIELDS, S, 'RUNNING', T0), T0);
  assert.equal(nextDeadline(INITIAL_FIELDS, S, 'SHUTDOWN', T0), null);
});

test('wall clock set back: times of the current state are pulled back (no hours-long waits)', () => {
  // STARTING spawned "in the future": laststart and delay come back to now
  const starting = fields({ state: 'STARTING', pid: 1, laststart: T0 + 3600, delay: T0 + 3601 });
  assert.deepEqual(adjustForClockRollback(starting, S, T0), { ...starting, laststart: T0, delay: T0 + 1 });
  const pulled = step(starting, S, tick(), T0).fields;
  const promoted = step(pulled, S, tick(), T0 + 1.01);
  assert.equal(promoted.fields.state, 'RUNNING');
  // BACKOFF retry and STOPPING's SIGKILL time too
  const backoff = fields({ state: 'BACKOFF', backoff: 2, delay: T0 + 3602 });
  assert.equal(adjustForClockRollback(backoff, S, T0).delay, T0 + 2);
  const stopping = fields({ state: 'STOPPING', pid: 1, killing: true, delay: T0 + 3610 });
  assert.equal(adjustForClockRollback(stopping, S, T0).delay, T0 + 10);
  // a normal clock changes nothing
  const ok = fields({ state: 'STARTING', pid: 1, laststart: T0, delay: T0 + 1 });
  assert.deepEqual(adjustForClockRollback(ok, S, T0 + 0.5), ok);
});

test('restartDelay: the first restart is immediate, then max/8, max/4, max/2, max', () => {
  const table: [crashes: number, max: number, delay: number][] = [
    [0, 1, 0],
    [1, 1, 0],
    [2, 1, 0.125],
    [3, 1, 0.25],
    [4, 1, 0.5],
    [5, 1, 1],
    [50, 1, 1],
    [3, 4, 1],
    [9, 4, 4],
    [9, 0, 0],
  ];
  for (const [crashes, max, delay] of table) assert.equal(restartDelay(crashes, max), delay, `crashes=${crashes} max=${max}`);
});

test('crash loop (startsecs=0, autorestart=true): spawns spaced by the growing delay, reset once it stays up', () => {
  const s: ProcSettings = { ...S, startsecs: 0, autorestart: true, restartDelayMax: 1 };
  let f = fields({ state: 'STOPPED' });
  let now = T0;
  const spawns: number[] = [];
  // Each spawned child exits 1 ms after it starts; the caller ticks at each deadline nextDeadline reports.
  for (let i = 0; i < 9; i++) {
    const at = nextDeadline(f, s, 'RUNNING', now);
    assert.notEqual(at, null);
    now = Math.max(now, at!) + 0.001;
    let r = step(f, s, tick(), now);
    assert.ok(r.effects.some((e) => e.type === 'spawn'), `spawn ${i}`);
    spawns.push(now);
    r = step(r.fields, s, { type: 'spawned', pid: 100 + i }, now);
    r = step(r.fields, s, tick(), now); // startsecs=0 → RUNNING
    now += 0.001;
    r = step(r.fields, s, { type: 'exited', code: 1, signal: null }, now);
    assert.equal(r.fields.state, 'EXITED');
    f = r.fields;
    // nothing happens before the deadline
    const early = nextDeadline(f, s, 'RUNNING', now)!;
    if (early > now) assert.ok(!step(f, s, tick(), early - 0.01).effects.some((e) => e.type === 'spawn'));
  }
  const gaps = spawns.slice(1).map((t, i) => Math.round((t - spawns[i]!) * 1000) / 1000);
  // spawn to spawn: the 1 ms the child lived + restartDelay(1, 2, …) from its exit + the 1 ms tick lateness
  assert.deepEqual(gaps, [0.002, 0.127, 0.252, 0.502, 1.002, 1.002, 1.002, 1.002]);
  assert.equal(f.crashes, 9);
  // a run that stays up for restartDelayMax resets the count: the next restart is immediate again
  let r = step(f, s, tick(), now + 1.01);
  r = step(r.fields, s, { type: 'spawned', pid: 7 }, now + 1.01);
  r = step(r.fields, s, tick(), now + 1.01);
  r = step(r.fields, s, { type: 'exited', code: 1, signal: null }, now + 2.5);
  assert.equal(r.fields.crashes, 0);
  assert.equal(nextDeadline(r.fields, s, 'RUNNING', now + 2.5), now + 2.5);
  // an explicit start resets it too; a stop request does not count as a crash
  assert.equal(step(f, s, { type: 'start' }, now + 0.5).fields.crashes, 0);
  const stopping = fields({ state: 'STOPPING', pid: 9, laststart: now, killing: true, crashes: 4 });
  assert.equal(step(stopping, s, { type: 'exited', code: 0, signal: null }, now + 0.01).fields.crashes, 0);
  // restartDelayMax=0: never damped
  const undamped = { ...s, restartDelayMax: 0 };
  assert.equal(nextDeadline(fields({ state: 'EXITED', laststart: now, laststop: now, crashes: 9, exitstatus: 1 }), undamped, 'RUNNING', now + 0.002), now + 0.002);
  // a clock that went back by an hour postpones the restart by at most the delay
  assert.equal(nextDeadline(fields({ state: 'EXITED', laststart: now + 3600, laststop: now + 3600, crashes: 9, exitstatus: 1 }), s, 'RUNNING', now), now + 1);
});

test('backoffDelay: Supervisor’s +1 s per attempt by default; factor^(n−1) with backoff_factor; capped by backoff_max', () => {
  const table: [factor: number | null, max: number | null, delays: number[]][] = [
    [null, null, [1, 2, 3, 4, 5]],
    [null, 3, [1, 2, 3, 3, 3]],
    [2, null, [1, 2, 4, 8, 16]],
    [2, 5, [1, 2, 4, 5, 5]],
    [1.5, null, [1, 1.5, 2.25, 3.375, 5.0625]],
    [1, null, [1, 1, 1, 1, 1]],
  ];
  for (const [backoffFactor, backoffMax, delays] of table) {
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { backoffFactor, backoffMax })), delays, `factor=${backoffFactor} max=${backoffMax}`);
  }
});

test('BACKOFF with backoff_factor=2: retry times 1, 2, 4 s after each failure; startretries counted as today', () => {
  const s: ProcSettings = { ...S, startsecs: 1, startretries: 3, backoffFactor: 2 };
  let f = fields({ state: 'STOPPED' });
  let now = T0;
  const retryWaits: number[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    let r = step(f, s, tick(), now);
    if (r.fields.state === 'FATAL') {
      f = r.fields;
      break;
    }
    assert.ok(r.effects.some((e) => e.type === 'spawn'), `attempt ${attempt}`);
    r = step(r.fields, s, { type: 'spawned', pid: 10 + attempt }, now);
    r = step(r.fields, s, { type: 'exited', code: 1, signal: null }, now + 0.1);
    assert.equal(r.fields.state, 'BACKOFF');
    f = r.fields;
    const at = nextDeadline(f, s, 'RUNNING', now + 0.1)!;
    retryWaits.push(Math.round((at - (now + 0.1)) * 1000) / 1000);
    now = at + 0.001;
  }
  // 4 spawns = 1 + startretries; the 4th failure exceeds startretries: FATAL at the next tick (wait 0)
  assert.deepEqual(retryWaits, [1, 2, 4, 0]);
  assert.equal(f.state, 'FATAL');
  // clock rollback keeps the current wait, not Supervisor's n seconds
  const backoff = fields({ state: 'BACKOFF', backoff: 3, delay: T0 + 4 });
  assert.equal(adjustForClockRollback(backoff, s, T0 - 100).delay, T0 - 96);
});

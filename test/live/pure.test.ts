/** The watcher's pure parts as tables: pacing, main-log lines, applying feed messages, the local clock, decoding. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyChanges, decodeFeedLine, FeedLineError, type Table } from '../../src/live/apply.ts';
import { nextClockOffset } from '../../src/live/clock-offset.ts';
import { AnswerTimes, nextNamedRefreshAt, pollPeriod, ServerBudget, stateChangeOf } from '../../src/live/pacing.ts';
import { StatsTracker } from '../../src/live/stats-tracker.ts';
import type { ProcessInfo } from '../../src/protocol/types.ts';

function info(group: string, name: string, over: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    name,
    group,
    start: 1000,
    stop: 0,
    now: 1010,
    state: 20,
    statename: 'RUNNING',
    spawnerr: '',
    exitstatus: 0,
    logfile: '/l',
    stdout_logfile: '/l',
    stderr_logfile: '',
    pid: 42,
    description: 'pid 42, uptime 0:00:10',
    ...over,
  };
}

describe('poll pacing', () => {
  const cases: [number, number, number][] = [
    // base, answer → period: ≥ base, and the server answers ≤ 10 % of the time
    [1000, 5, 1000],
    [1000, 100, 1000],
    [1000, 185, 1850],
    [2000, 500, 5000],
    [1000, 0, 1000],
  ];
  for (const [base, answer, want] of cases) it(`base ${base} ms, answer ${answer} ms → ${want} ms`, () => assert.equal(pollPeriod(base, answer), want));

  it('answer time is the median of the last five', () => {
    const a = new AnswerTimes();
    assert.equal(a.estimate(), 0);
    for (const ms of [10, 500, 12, 11, 13]) a.push(ms);
    assert.equal(a.estimate(), 12);
    for (const ms of [200, 200, 200]) a.push(ms);
    assert.equal(a.estimate(), 200);
  });

  it('periodic polls leave half the share to main-log triggers', () => {
    assert.equal(pollPeriod(1000, 185, true), 3700);
    assert.equal(pollPeriod(1000, 20, true), 1000);
  });

  it('a triggered refresh spends saved budget at once, then waits for it', () => {
    const b = new ServerBudget();
    assert.equal(b.wait(0, 185), 0, 'before the first call');
    b.spend(0, 185); // starts with two answers' worth
    assert.equal(b.wait(100, 185), 0, 'one saved answer left');
    b.spend(100, 185);
    assert.equal(b.wait(200, 185), 1650, 'spent: wait until 10 % of the time pays it back');
    assert.equal(b.wait(2000, 185), 0);
    b.spend(2000, 185);
    // A long idle stretch saves at most two answers: a burst of two, then the 10 % pace again.
    assert.equal(b.wait(100_000, 185), 0);
    b.spend(100_000, 185);
    assert.equal(b.wait(100_000, 185), 0);
    b.spend(100_000, 185);
    assert.equal(b.wait(100_000, 185), 1850);
  });

  it('retries quickly, then back off to 10 s', () => {
  });
});

describe('main-log state-change lines', () => {
  const cases: [string, { name: string | null } | null][] = [
    ["2026-12-03 10:21:21,123 INFO spawned: 'web' with pid 4121", { name: 'web' }],
    ["2026-12-03 10:21:21,123 INFO spawned: 'web 2' with pid 4121", { name: 'web 2' }],
    ['2026-12-03 10:21:22,124 INFO success: web_01 entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)', { name: 'web_01' }],
    ['2026-12-03 10:21:23,001 WARN exited: web (exit status 1; not expected)', { name: 'web' }],
    ['2026-12-03 10:21:23,001 WARN exited: web (terminated by SIGKILL; not expected)', { name: 'web' }],
    ['2026-12-03 10:21:23,001 INFO stopped: web (terminated by SIGTERM)', { name: 'web' }],
    ['2026-12-03 10:21:23,001 WARN stopped: a (b) (exit status 0)', { name: 'a (b)' }],
    ['2026-12-03 10:21:24,000 INFO gave up: web entered FATAL state, too many start retries too quickly', { name: 'web' }],
    // a state change whose name this reader cannot place: a full refresh
    ['2026-12-03 10:21:24,000 INFO exited: web', { name: null }],
    ['2026-12-03 10:21:24,000 INFO waiting for web to stop', null],
    ['2026-12-03 10:21:24,000 INFO RPC interface \'supervisor\' initialized', null],
    ['', null],
  ];
  for (const [line, want] of cases) it(`${want === null ? 'ignore' : want.name === null ? 'refresh all' : `refresh ${want.name}`}: ${line.slice(24, 60)}`, () => assert.deepEqual(stateChangeOf(line), want));

  it('a refresh of named processes leaves the server alone for 9 times as long as it took', () => {
    assert.equal(nextNamedRefreshAt(1000, 2), 1018);
    assert.equal(nextNamedRefreshAt(1000, 0), 1000);
  });
});

describe('applyChanges', () => {
  const table: Table = { infos: [info('a', 'a'), info('web', 'w1'), info('web', 'w2')], state: { statecode: 1, statename: 'RUNNING' }, health: null };

  it('merges changed fields; untouched processes keep their objects', () => {
    const { table: t, changed } = applyChanges(table, {
      t: 'changes',
      serial: 2,
      now: 1020.5,
      processes: [{ group: 'web', name: 'w1', state: 0, statename: 'STOPPED', pid: 0, stop: 1020, description: 'Dec 03 10:21 AM' }],
    });
    assert.deepEqual([...changed], ['web:w1']);
    assert.equal(t.infos[0], table.infos[0]);
    assert.deepEqual(t.infos[1], { ...info('web', 'w1'), state: 0, statename: 'STOPPED', pid: 0, stop: 1020, now: 1020, description: 'Dec 03 10:21 AM' });
    assert.equal(t.state, table.state);
  });

  it('adds a whole new process in order, removes a removed group, takes a new state', () => {
    const { a: _a, ...rest } = { a: 0, ...info('new', 'new') };
    const { now: _now, ...fresh } = rest;
    const { table: t, changed } = applyChanges(table, {
      t: 'changes',
      serial: 3,
      now: 1030,
      state: { statecode: -1, statename: 'SHUTDOWN' },
      processes: [fresh],
      removed: ['a'],
      groups_added: ['new'],
      groups_removed: ['a'],
    });
    assert.deepEqual(
      t.infos.map((p) => `${p.group}:${p.name}`),
      ['new:new', 'web:w1', 'web:w2'],
    );
    assert.deepEqual([...changed].sort(), ['a', 'new']);
    assert.equal(t.state.statename, 'SHUTDOWN');
  });

  it('ignores a partial change for a process it never saw whole', () => {
    const { table: t } = applyChanges(table, { t: 'changes', serial: 4, now: 1, processes: [{ group: 'x', name: 'y', state: 20 }] });
    assert.equal(t.infos.length, 3);
  });
});

describe('applyChanges: health entries', () => {
  const h = (name: string, health: 'none' | 'starting' | 'healthy' | 'unhealthy', waiting: string[] = []) => ({
    name,
    group: name,
    health,
    healthcheck: 'tcp://127.0.0.1:1',
    failures: 0,
    detail: '',
    last_check: 0,
    depends_on: [],
    waiting_for: waiting,
  });
  const base: Table = { infos: [info('a', 'a'), info('b', 'b')], state: { statecode: 1, statename: 'RUNNING' }, health: new Map([['a', h('a', 'starting')]]) };
  const cases: [string, Parameters<typeof applyChanges>[1], [string, string][], string[]][] = [
    ['a verdict replaces the entry', { t: 'changes', serial: 2, now: 1, health: [h('a', 'healthy')] }, [['a', 'healthy']], ['a']],
    ['a new entry is added', { t: 'changes', serial: 2, now: 1, health: [h('b', 'none', ['a'])] }, [['a', 'starting'], ['b', 'none']], ['b']],
    ['a removed process loses its entry', { t: 'changes', serial: 2, now: 1, removed: ['a'] }, [], ['a']],
    ['no health in the message: the same map', { t: 'changes', serial: 2, now: 1 }, [['a', 'starting']], []],
  ];
  for (const [title, msg, want, changed] of cases) {
    it(title, () => {
      const r = applyChanges(base, msg);
      assert.deepEqual([...r.table.health!].map(([k, v]) => [k, v.health]), want);
      assert.deepEqual([...r.changed].sort(), changed);
    });
  }
  it('polling (null) stays null without health in the message', () => {
    assert.equal(applyChanges({ ...base, health: null }, { t: 'changes', serial: 2, now: 1 }).table.health, null);
  });
  it('a feed line with a malformed health entry is refused at the boundary', () => {
    assert.throws(() => decodeFeedLine('{"t":"changes","serial":2,"now":1,"health":[{"name":"a"}]}'), FeedLineError);
    assert.throws(() => decodeFeedLine('{"t":"changes","serial":2,"now":1,"health":{}}'), FeedLineError);
  });
});

describe('nextClockOffset', () => {
  it('takes the first reading, keeps it through scatter, follows a clock that was set', () => {
    // [current, serverNow (s), local ms, whole seconds, want]
    const cases: [number | null, number, number, boolean, number][] = [
      [null, 1000.25, 900_000, false, 100.25], // the feed's reading, as it is
      [null, 1000, 900_000, true, 100.5], // a poll's whole second: its middle
      [100.25, 1000.3, 900_020, false, 100.25], // 20 ms of travel either way: kept
      [100.5, 1000, 900_900, true, 100.5], // the same second read later: kept (rows stay as they are)
      [100.5, 1001, 900_050, true, 100.5],
      [100.5, 998, 900_000, true, 100.5 - 2], // the server's clock was set back
      [100.5, 1010, 900_000, false, 110], // and forward
    ];
    for (const [cur, serverNow, local, whole, want] of cases) assert.ok(Math.abs(nextClockOffset(cur, serverNow, local, whole) - want) < 1e-9, `${cur} ${serverNow} ${local}`);
  });
});

describe('decodeFeedLine', () => {
  it('decodes each kind and checks fields', () => {
    assert.deepEqual(decodeFeedLine('{"t":"hello","id":"i","epoch":"e","serial":3,"resumed":true}'), { t: 'hello', id: 'i', epoch: 'e', serial: 3, resumed: true });
    assert.deepEqual(decodeFeedLine('{"t":"ping","serial":3}'), { t: 'ping', serial: 3 });
    assert.equal(decodeFeedLine('{"t":"future-kind"}'), null);
    const stats = decodeFeedLine('{"t":"stats","now":1,"host":{"cpu":5,"mem_total":10,"mem_available":4},"rows":{"web:w1":[1.5,4096,8192]}}');
    assert.deepEqual(stats, { t: 'stats', now: 1, host: { cpu: 5, mem_total: 10, mem_available: 4 }, rows: { 'web:w1': [1.5, 4096, 8192] } });
    const snap = decodeFeedLine(JSON.stringify({ t: 'snapshot', epoch: 'e', serial: 0, now: 5, state: { statecode: 1, statename: 'RUNNING' }, processes: [info('a', 'a')] }));
    assert.equal(snap?.t === 'snapshot' && snap.processes[0]!.pid, 42);
  });
  const bad: [string, RegExp][] = [
    ['not json', /not JSON/],
    ['[1]', /not an object/],
    ['{"t":"hello","id":1}', /lacks a field/],
    ['{"t":"changes","serial":1,"now":1,"processes":[{"group":"a"}]}', /without group and name/],
    ['{"t":"changes","serial":1,"now":1,"processes":[{"group":"a","name":"a","pid":"7"}]}', /pid of a is not a number/],
    ['{"t":"changes","serial":1,"now":1,"processes":[{"group":"a","name":"a","statename":"DANCING"}]}', /unknown state/],
    ['{"t":"stats","now":1,"host":{"cpu":1,"mem_total":1,"mem_available":1},"rows":{"a":[1,2]}}', /row a is malformed/],
    ['{"t":"snapshot","epoch":"e","serial":0,"now":5,"state":{"statecode":1,"statename":"RUNNING"},"processes":[{"name":"x"}]}', /without/],
  ];
  for (const [text, why] of bad) it(`refuses ${text.slice(0, 50)}`, () => assert.throws(() => decodeFeedLine(text), (e: unknown) => e instanceof FeedLineError && why.test(e.message)));
});

describe('StatsTracker', () => {
  it('CPU% of one core between readings of the same pid; the host share of all cores', () => {
    const t = new StatsTracker();
    const r = (pid: number, cpuTime: number) => new Map([['w', { pid, cpuTime, rss: 4096, treeRss: 8192 }]]);
    const h = (busy: number, total: number) => ({ busy, total, memTotal: 100, memAvailable: 40 });
    assert.deepEqual(t.update(0, r(7, 1), h(10, 100)), { stats: new Map([['w', { cpu: 0, rss: 4096, treeRss: 8192 }]]), host: { cpu: 0, memTotal: 100, memAvailable: 40 } });
    const second = t.update(2000, r(7, 2), h(15, 110));
    assert.equal(second.stats.get('w')!.cpu, 50);
    assert.equal(second.host!.cpu, 50);
    assert.equal(t.update(3000, r(8, 5), null).stats.get('w')!.cpu, 0, 'a new pid starts over');
  });
});

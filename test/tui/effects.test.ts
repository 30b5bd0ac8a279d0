/** The pure parts of the effects: action order, change detection, log line splitting, /proc parsing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import { ProcessStates } from '../../src/protocol/index.ts';
import { planBatches, planOrder } from '../../tui/plan.ts';
import { Jobs } from '../../tui/effects/jobs.ts';
import { refuseCommand, splitWords } from '../../tui/effects/commands.ts';
import { LineSplitter } from '../../tui/effects/log-tail.ts';
import { sameSnapshot } from '../../tui/effects/live.ts';
import { runUpdate } from '../../tui/effects/update.ts';
import type { Priority } from '../../tui/model.ts';
import { fakeClient } from '../ctl/fake.ts';
import { info, snapshot, tick } from './helpers/fixtures.ts';

const R = ProcessStates.RUNNING;
const S = ProcessStates.STOPPED;
const prios = new Map<string, Priority>([
  ['g:a', { group: 5, process: 30 }],
  ['g:b', { group: 5, process: 10 }],
  ['g:c', { group: 5, process: 20 }],
  ['other', { group: 1, process: 1 }],
]);
const infos = [info('g', 'a', R), info('g', 'b', S), info('g', 'c', R), info('other', 'other', R)];

test('start by ascending priority, stop by descending; a group skips members already there', () => {
  const snap = snapshot(infos, prios);
  assert.deepEqual(planOrder('start', { kind: 'group', name: 'g' }, snap), ['g:b']);
  assert.deepEqual(planOrder('stop', { kind: 'group', name: 'g' }, snap), ['g:a', 'g:c']);
  assert.deepEqual(planOrder('any', { kind: 'group', name: 'g' }, snap), ['g:b', 'g:c', 'g:a']);
  assert.deepEqual(planOrder('stop', { kind: 'all' }, snap), ['g:a', 'g:c', 'other']);
  assert.deepEqual(planOrder('start', { kind: 'processes', names: ['g:a'] }, snap), ['g:a'], 'a single process is tried anyway (the server says ALREADY_STARTED)');
});

test('two snapshots differ with what is drawn, not with the server clock alone', () => {
  const stopped = [info('x', 'x', S, { now: 100 })];
  assert.ok(sameSnapshot(snapshot(stopped), snapshot(tick(stopped))));
  const running = [info('x', 'x', R, { pid: 5 })];
  assert.ok(sameSnapshot(snapshot(running), snapshot(tick(running))), 'a RUNNING uptime is drawn from the table clock, not from the data');
  assert.ok(!sameSnapshot(snapshot(running), snapshot(running.map((p) => ({ ...p, start: p.start + 5 })))), 'restarted: a new start');
  assert.ok(!sameSnapshot({ ...snapshot(running), clockOffset: 0 }, { ...snapshot(running), clockOffset: 2 }), 'the clock offset moves every derived start');
  const withStats = (cpu: number, rss: number) => ({ ...snapshot(running), stats: new Map([[5, { cpu, rss }]]) });
  assert.ok(sameSnapshot(withStats(1.01, 4096), withStats(1.04, 4100)), 'below what the columns show');
  assert.ok(!sameSnapshot(withStats(1.0, 4096), withStats(1.2, 4096)));
  assert.ok(!sameSnapshot(snapshot(running), withStats(1.0, 4096)), 'figures arrived');
  assert.ok(!sameSnapshot(snapshot(running, prios), snapshot(running, new Map([...prios, ['x', { group: 1, process: 2 }]]))), 'priorities changed');
  const healthy = (h: 'healthy' | 'unhealthy') => ({ ...snapshot(running), health: new Map([['x', { name: 'x', group: 'x', health: h, healthcheck: 'tcp:80', failures: 0, detail: '', last_check: 0, depends_on: [], waiting_for: [] }]]) });
  assert.ok(sameSnapshot(healthy('healthy'), healthy('healthy')));
  assert.ok(!sameSnapshot(healthy('healthy'), healthy('unhealthy')));
});

test('log output splits into sanitized lines with the unfinished rest kept', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('one\r\ntw'), ['one']);
  assert.equal(s.partial, 'tw');
  assert.deepEqual(s.push('o\n\x1b[31mred\x1b[0m\x1b[2J\n'), ['two', '\x1b[31mred\x1b[0m'], 'colours are kept for the pane, other escapes dropped');
  assert.equal(s.partial, '');
  assert.equal(s.push('x'.repeat(5000)).length, 1, 'a runaway line is cut, not kept growing');
});

test(':command words and refusals', () => {
  assert.deepEqual(splitWords(`signal HUP "web:*" 'a b'`), ['signal', 'HUP', 'web:*', 'a b']);
  assert.match(refuseCommand(['tail', '-f', 'web'], false)!, /log pane/);
  assert.match(refuseCommand(['fg', 'web'], false)!, /log pane/);
  assert.match(refuseCommand(['stop', 'all'], true)!, /read-only/);
  assert.equal(refuseCommand(['status'], true), null);
  assert.equal(refuseCommand(['restart', 'web:*'], false), null);
});

test('a log stream that stays silent while the log grows is replaced by polling', async (t) => {
  const { FakeClient } = await import('./helpers/fake-client.ts');
  const { LogTail } = await import('../../tui/effects/log-tail.ts');
  const { waitFor } = await import('../helpers/wait.ts');
  class SilentStream extends FakeClient {
    closedStreams = 0;
    override tailStream() {
      return { close: () => void this.closedStreams++ };
    }
  }
  const client = new SilentStream([{ group: 'p', name: 'p', prio: 1, state: R, log: '' }]);
  const got: string[] = [];
  const tail = new LogTail(client, 'p', 'stdout', { append: (lines) => got.push(...lines), error: () => {} }, 50);
  t.after(() => tail.close());
  tail.start();
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(client.closedStreams, 0, 'an empty log gives no reason to doubt the stream');
  client.procs[0]!.log = 'first line\n';
  await waitFor(() => got.includes('first line'), { message: 'polled output', timeoutMs: 5000 });
  await waitFor(() => client.closedStreams === 1, { message: 'the silent stream closed' });
  assert.equal(tail.mode, 'poll');
  client.procs[0]!.log += 'second line\n';
  await waitFor(() => got.includes('second line'), { message: 'next poll' });
});

test('log reads are planned by byte offset: new bytes once, truncation from 0, backlog skipped to the tail', async () => {
  const { planRead, fromLineStart, readVariants, FIRST_READ, MAX_BACKLOG } = await import('../../tui/effects/log-cursor.ts');
  const cases: [number | null, number, ReturnType<typeof planRead>][] = [
    [null, 0, null],
    [null, 100, { from: 0, length: 100, reset: false, skipped: 0, toLineStart: false, cutEnd: false }],
    [null, FIRST_READ + 10, { from: 10, length: FIRST_READ, reset: false, skipped: 0, toLineStart: true, cutEnd: false }],
    [100, 100, null],
    [100, 150, { from: 100, length: 50, reset: false, skipped: 0, toLineStart: false, cutEnd: false }],
    [100, 40, { from: 0, length: 40, reset: true, skipped: 0, toLineStart: false, cutEnd: false }],
    [100, 0, { from: 0, length: 0, reset: true, skipped: 0, toLineStart: false, cutEnd: false }],
    [0, MAX_BACKLOG + 1, { from: MAX_BACKLOG + 1 - FIRST_READ, length: FIRST_READ, reset: false, skipped: MAX_BACKLOG + 1 - FIRST_READ, toLineStart: true, cutEnd: false }],
  ];
  for (const [offset, size, want] of cases) assert.deepEqual(planRead(offset, size), want, `offset ${offset} size ${size}`);
  assert.equal(fromLineStart('ial line\nnext\n'), 'next\n');
  assert.equal(fromLineStart('no newline'), 'no newline');
  const cut = planRead(0, 600_000)!;
  assert.equal(cut.cutEnd, true);
  assert.deepEqual(readVariants(cut).slice(0, 2), [{ from: 0, length: cut.length }, { from: 0, length: cut.length - 1 }]);
});

test('same-priority processes form one batch (started together); different priorities wait', () => {
  const p = new Map<string, Priority>([
    ['w:a', { group: 1, process: 10 }],
    ['w:b', { group: 1, process: 10 }],
    ['w:c', { group: 1, process: 20 }],
    ['w:d', { group: 1, process: 10 }],
  ]);
  const snap = snapshot([info('w', 'a', S), info('w', 'b', S), info('w', 'c', S), info('w', 'd', S)], p);
  assert.deepEqual(planBatches('start', { kind: 'group', name: 'w' }, snap), [['w:a', 'w:b', 'w:d'], ['w:c']]);
  assert.deepEqual(planBatches('any', { kind: 'group', name: 'w' }, snap).reverse(), [['w:c'], ['w:a', 'w:b', 'w:d']]);
});

test('independent actions run at once; an action on the same process waits for the running one, visibly', async () => {
  const log: string[] = [];
  const jobs = new Jobs({ start: (id, _l, text) => log.push(`start ${id} ${text}`), progress: () => {}, end: (id) => log.push(`end ${id}`) });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const a = jobs.run('restart web', { kind: 'processes', names: ['web:a', 'web:b'] }, () => gate);
  let bRan = false;
  const b = jobs.run('stop cron', { kind: 'processes', names: ['cron'] }, async () => void (bRan = true));
  let cRan = false;
  const c = jobs.run('stop web:a', { kind: 'processes', names: ['web:a'] }, async () => void (cRan = true));
  await b;
  assert.ok(bRan, 'an independent action does not wait');
  assert.equal(cRan, false, 'an overlapping one waits');
  assert.ok(log.includes('start 3 waiting for restart web…'), log.join('\n'));
  release();
  await Promise.all([a, c]);
  assert.ok(cRan);
  assert.equal(jobs.size, 0);
});

test("the dashboard's update is supervisorctl's: a group whose stop failed is not removed; a failed call is reported and the rest goes on", async () => {
  const calls: string[] = [];
  const client = fakeClient({
    reloadConfig: async () => ({ added: ['new'], changed: ['chg'], removed: ['gone', 'ok'] }),
    stopProcessGroup: async (g: string) => (calls.push(`stop ${g}`), g === 'gone' ? [{ name: 'p', group: 'gone', status: Faults.FAILED, description: 'FAILED' }] : []),
    removeProcessGroup: async (g: string) => (calls.push(`remove ${g}`), true),
    addProcessGroup: async (g: string) => {
      calls.push(`add ${g}`);
      if (g === 'chg') throw new RpcFault(Faults.BAD_NAME, 'BAD_NAME: chg');
      return true;
    },
  });
  assert.deepEqual(await runUpdate(client), {
    lines: ['gone: stopped', 'gone: has problems; not removing', 'ok: stopped', 'ok: removed process group', 'chg: stopped', 'chg: ERROR (BAD_NAME: chg)', 'new: added process group'],
    failed: true,
  });
  assert.ok(!calls.includes('remove gone'));
  assert.deepEqual(await runUpdate(fakeClient({ reloadConfig: async () => ({ added: [], changed: [], removed: [] }) })), { lines: ['No config updates to processes'], failed: false });
});

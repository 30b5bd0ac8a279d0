/** The pure parts of the effects: action order, change detection, log line splitting, /proc parsing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import { ProcessStates } from '../../src/protocol/index.ts';
import { planOrder } from '../../tui/effects/actions.ts';
import { refuseCommand, splitWords } from '../../tui/effects/commands.ts';
import { LineSplitter } from '../../tui/effects/log-tail.ts';
import { snapshotSignature } from '../../tui/effects/poller.ts';
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

test('the snapshot signature changes with what is drawn, not with the server clock alone', () => {
  const stopped = [info('x', 'x', S, { now: 100 })];
  assert.equal(snapshotSignature(snapshot(stopped)), snapshotSignature(snapshot(tick(stopped))));
  const running = [info('x', 'x', R, { pid: 5 })];
  assert.notEqual(snapshotSignature(snapshot(running)), snapshotSignature(snapshot(tick(running))));
});

test('log output splits into sanitized lines with the unfinished rest kept', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('one\r\ntw'), ['one']);
  assert.equal(s.partial, 'tw');
  assert.deepEqual(s.push('o\n\x1b[31mred\x1b[0m\n'), ['two', 'red']);
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
  assert.equal(tail.mode, 'stream', 'an empty log gives no reason to doubt the stream');
  client.procs[0]!.log = 'first line\n';
  await waitFor(() => got.includes('first line'), { message: 'polled output', timeoutMs: 5000 });
  assert.equal(tail.mode, 'poll');
  assert.equal(client.closedStreams, 1);
  client.procs[0]!.log += 'second line\n';
  await waitFor(() => got.includes('second line'), { message: 'next poll' });
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

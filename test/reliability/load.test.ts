/** Bounded load: 200 programs through start/stop/reread/update; 50 clients for 3 s against four flooding children. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSeqRun, concurrentClients, manyPrograms } from './load.ts';

test('checkSeqRun accepts a contiguous run with cut ends and names the first gap', () => {
  assert.deepEqual(checkSeqRun('7\n8\n9\n10\n1'), { lines: 3 });
  assert.deepEqual(checkSeqRun('\n1\n2\n'), { lines: 2 });
  assert.match((checkSeqRun('x\n1\n2\n4\n') as { error: string }).error, /"4" after 2/);
  assert.match((checkSeqRun('x\n1\n2\n5') as { error: string }).error, /does not continue 2/);
});

test('200 programs: startAll, stopAll, reloadConfig and update answer for every process', async () => {
  const m = await manyPrograms(200);
  assert.equal(m.started, 200);
  assert.equal(m.stopped, 200);
  assert.deepEqual([m.added, m.changed, m.removed], [20, 10, 20]);
  assert.equal(m.finalCount, 200);
});

test('50 clients poll getAllProcessInfo while four children flood: every call answers, every log is byte-exact', async () => {
  const c = await concurrentClients(50, 3, '2MB');
  assert.equal(c.errors, 0);
  assert.ok(c.calls > 50, `${c.calls} calls`);
  for (const [i, l] of c.logs.entries()) {
    assert.ok(!('error' in l), `flood${i}: ${'error' in l ? l.error : ''}`);
    assert.ok(l.lines > 0);
  }
});

/** bench/lib/both.ts: a target is claimed only where the quiet and the loaded run both met it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bothMarkdown, bothRows, type BenchRun } from '../../bench/lib/both.ts';
import type { Row } from '../../bench/lib/table.ts';

const row = (metric: string, ratio: string, verdict: Row['verdict'], target = '≤ 1×'): Row => ({ metric, supervisord: '10', ours: '5', ratio, target, verdict, note: '' });
const run = (rows: Row[]): BenchRun => ({ started: 'x', loads: ['0.1'], rows });

test('verdicts: met in both, in one only, missed, no target; rows of one run kept', () => {
  const quiet = run([row('a', '0.5×', 'met'), row('b', '0.9×', 'met'), row('c', '2×', 'MISSED'), row('d', '1×', '', ''), row('e', '0.5×', 'met')]);
  const loaded = run([row('a', '0.6×', 'met'), row('b', '1.2×', 'MISSED'), row('c', '3×', 'MISSED'), row('d', '1×', '', ''), row('f', '0.5×', 'met')]);
  const got = bothRows(quiet, loaded).map((r) => [r.metric, r.verdict]);
  assert.deepEqual(got, [
    ['a', 'met in both'],
    ['b', 'met in one only'],
    ['c', 'missed'],
    ['d', ''],
    ['e', 'met (one run)'],
    ['f', 'met (one run)'],
  ]);
  const differ = bothRows(run([row('g', '1×', 'met', '≤ 10')]), run([row('g', '1×', 'met', '≤ 16')]));
  assert.equal(differ[0]!.verdict, 'targets differ');
  const md = bothMarkdown(bothRows(quiet, loaded)).split('\n');
  assert.equal(md[2], '| a | 10 / 5 | 0.5× | 10 / 5 | 0.6× | ≤ 1× | met in both |');
});

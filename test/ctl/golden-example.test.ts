/** The shipped example config: the commands whose answers do not depend on its flaky and chatty programs' timing. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE, forEachDaemon, runCases, type Case } from './golden.ts';

const CASES: Case[] = [
  { args: ['avail'] },
  { args: ['version'] },
  { args: ['status', 'report'] },
  { args: ['status', 'backend:nosuch', 'worker'] },
  { args: ['pid', 'report'] },
  { args: ['tail', 'report'] },
  { args: ['help', 'avail'] },
  { args: ['start', 'report'], before: [['stop', 'report']] },
];

forEachDaemon(
  'the example config',
  EXAMPLE,
  { sequential: true, restless: true, settled: (s) => /^backend:worker_02 +RUNNING/m.test(s) },
  (ctx) => {
    test('same output and status as supervisorctl', async (t) => {
      if (ctx.skipped(t)) return;
      const { ours, real } = await runCases(ctx.server(), CASES);
      assert.deepEqual(ours, real);
    });
  },
  { describe, before, after },
);

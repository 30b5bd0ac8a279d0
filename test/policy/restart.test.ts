/**
 * Restart policy with real processes and our whole daemon: a crash loop is damped (spawn spacing read
 * from the main log), and backoff_factor / backoff_max space BACKOFF retries exponentially, capped.
 * Only lower bounds on spacing are asserted (a loaded machine makes everything later, never earlier),
 * plus upper bounds far from the alternatives they rule out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDaemon } from '../reliability/daemon.ts';
import { waitFor } from '../helpers/wait.ts';

/** Epoch seconds of each `spawned: 'name'` line of a main log (its timestamps have millisecond resolution). */
function spawnTimes(log: string, name: string): number[] {
  const re = new RegExp(`^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d),(\\d{3}) INFO spawned: '${name}' with pid`, 'gm');
  return [...log.matchAll(re)].map((m) => Date.parse(`${m[1]!.replace(' ', 'T')}Z`) / 1000 + Number(m[2]) / 1000);
}

/**
 * Each delay runs from the moment of the spawn; its log line comes after the fork/exec, late by a
 * varying amount (more on a loaded machine). That lateness does not add up: the time between any two
 * spawn lines is at least the sum of the delays between them, less one lateness.
 */
const SLACK = 0.25;

/** Every span between two spawns is at least the sum of the minimum gaps in between, less SLACK. */
function assertSpacing(times: number[], minimum: number[], what: string): void {
  for (let k = 0; k < minimum.length; k++) {
    let sum = 0;
    for (let m = k + 1; m <= minimum.length && m < times.length; m++) {
      sum += minimum[m - 1]!;
      const span = times[m]! - times[k]!;
      assert.ok(span >= sum - SLACK, `${what}: spawns ${k}..${m} ${span.toFixed(3)}s apart, expected >= ${sum} (gaps ${gaps(times).join(', ')})`);
    }
  }
}

const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => Math.round((t - times[i]!) * 1000) / 1000);

test('a crash loop (startsecs=0, autorestart=true) restarts at once, then damped to one spawn per restart_delay_max', async () => {
  const d = await startDaemon({
    programs: [
      '[program:crash]',
      'command=/bin/sh -c "exit 1"',
      'startsecs=0',
      'autorestart=true',
      '[program:slow]',
      'command=/bin/sh -c "exit 1"',
      'startsecs=0',
      'autorestart=true',
      'restart_delay_max=2',
    ].join('\n'),
  });
  try {
    await waitFor(() => spawnTimes(d.mainLog(), 'crash').length >= 9 && spawnTimes(d.mainLog(), 'slow').length >= 7, {
      timeoutMs: 60_000,
      intervalMs: 200,
      message: 'nine spawns of the crash loop',
    });
    const log = d.mainLog();
    // restartDelay: 0, 1/8, 1/4, 1/2, then 1 s (restart_delay_max=2: twice that)
    assertSpacing(spawnTimes(log, 'crash'), [0, 0.125, 0.25, 0.5, 1, 1, 1, 1], 'crash');
    assertSpacing(spawnTimes(log, 'slow'), [0, 0.25, 0.5, 1, 2, 2], 'slow');
    // Before damping this loop spawned ~290 times a second: over the whole run the rate now stays near 1/s.
    const all = spawnTimes(log, 'crash');
    const rate = (all.length - 1) / (all[all.length - 1]! - all[0]!);
    assert.ok(rate < 3, `crash loop spawn rate ${rate.toFixed(2)}/s`);
    // it keeps being restarted, never given up on
    assert.ok(!/gave up: crash/.test(log));
  } finally {
    await d.stop();
  }
});

test('backoff_factor=2 spaces BACKOFF retries 1, 2, 4 s; backoff_max caps them; startretries counted as today', async () => {
  const d = await startDaemon({
    programs: [
      '[program:expo]',
      'command=/bin/sh -c "exit 1"',
      'startsecs=5',
      'startretries=3',
      'backoff_factor=2',
      '[program:capped]',
      'command=/bin/sh -c "exit 1"',
      'startsecs=5',
      'startretries=3',
      'backoff_factor=4',
      'backoff_max=1.5',
      '[program:linear]',
      'command=/bin/sh -c "exit 1"',
      'startsecs=5',
      'startretries=3',
    ].join('\n'),
  });
  try {
    await waitFor(() => ['expo', 'capped', 'linear'].every((n) => d.mainLog().includes(`gave up: ${n} entered FATAL state`)), {
      timeoutMs: 60_000,
      intervalMs: 200,
      message: 'all three to give up',
    });
    const log = d.mainLog();
    const check = (name: string, minimum: number[], maximum: number[]): void => {
      const g = gaps(spawnTimes(log, name));
      assert.equal(g.length, 3, `${name}: 1 + startretries spawns (gaps ${g.join(', ')})`);
      assertSpacing(spawnTimes(log, name), minimum, name);
      g.forEach((gap, i) => assert.ok(gap < maximum[i]!, `${name} gap ${i} = ${gap}s, expected < ${maximum[i]} (gaps ${g.join(', ')})`));
    };
    check('expo', [1, 2, 4], [1.9, 3.9, 7.9]); // not linear (3 s), not stuck at 1
    check('capped', [1, 1.5, 1.5], [1.9, 3.9, 2.9]); // uncapped ×4 would be 4 and 16 s
    check('linear', [1, 2, 3], [1.9, 2.9, 3.9]); // Supervisor's +1 s per attempt
  } finally {
    await d.stop();
  }
});

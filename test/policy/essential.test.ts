/** essential=true: the pure rule as a table, and our whole daemon exiting 3 with every child stopped in order. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { essentialDownReason, type EssentialView } from '../../daemon/policy/essential.ts';
import { startDaemon } from '../reliability/daemon.ts';
import { waitFor } from '../helpers/wait.ts';

test('essentialDownReason: FATAL, or EXITED with no automatic restart coming', () => {
  const base: EssentialView = { namespec: 'core', essential: true, state: 'EXITED', autorestart: false, exitcodes: [0], exitstatus: 1 };
  const table: Array<[Partial<EssentialView>, boolean]> = [
    [{ state: 'FATAL' }, true],
    [{ state: 'EXITED', autorestart: false }, true],
    [{ state: 'EXITED', autorestart: 'unexpected', exitstatus: 0 }, true],
    [{ state: 'EXITED', autorestart: 'unexpected', exitstatus: 1 }, false],
    [{ state: 'EXITED', autorestart: true }, false],
    [{ state: 'BACKOFF' }, false],
    [{ state: 'STOPPED' }, false],
    [{ state: 'RUNNING' }, false],
    [{ state: 'FATAL', essential: false }, false],
  ];
  for (const [over, down] of table) assert.equal(essentialDownReason({ ...base, ...over }) !== null, down, JSON.stringify(over));
  assert.equal(essentialDownReason({ ...base, state: 'FATAL' }), 'essential program core entered FATAL state');
  assert.equal(essentialDownReason(base), 'essential program core exited (exit status 1) and is not restarted');
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('an essential program that exits for good: every program stopped in priority order, daemon exits 3', async () => {
  const d = await startDaemon({
    programs: [
      '[program:core]',
      'command=/bin/sh -c "exec sleep 1000"',
      'essential=true',
      'autorestart=false',
      'priority=10',
      '[program:early]',
      'command=/bin/sleep 1000',
      'priority=1',
      '[program:late]',
      'command=/bin/sleep 1000',
      'priority=50',
    ].join('\n'),
  });
  let exitCode: number | null = null;
  try {
    const pids = await waitFor(
      async () => {
        const infos = await d.client.getAllProcessInfo();
        return infos.length === 3 && infos.every((p) => p.statename === 'RUNNING') ? new Map(infos.map((p) => [p.name, p.pid])) : null;
      },
      { timeoutMs: 20_000, message: 'all RUNNING' },
    );
    // the core program dies on its own (not a stop request): EXITED, not restarted
    process.kill(pids.get('core')!, 'SIGKILL');
    await waitFor(() => d.exited(), { timeoutMs: 30_000, message: 'the daemon to exit' });
    exitCode = d.child.exitCode;
    const log = d.mainLog();
    assert.match(log, /CRIT essential program core exited \(exit status -1\) and is not restarted: stopping all processes, then exiting with status 3/);
    // stopped by descending priority: late (50) before early (1)
    const late = log.indexOf('stopped: late');
    const early = log.indexOf('stopped: early');
    assert.ok(late > 0 && early > late, `stop order in:\n${log}`);
    for (const [name, pid] of pids) assert.equal(alive(pid), false, `${name} (${pid}) still alive`);
  } finally {
    await d.stop();
  }
  assert.equal(exitCode, 3);
});

test('essential and FATAL: a program that never starts takes the daemon down with status 3', async () => {
  // startretries=3: FATAL comes 1 + 2 + 3 s after the start, long after the daemon first answers
  const d = await startDaemon({
    programs: ['[program:other]', 'command=/bin/sleep 1000', '[program:core]', 'command=/bin/sh -c "exit 1"', 'essential=true', 'startretries=3', 'startsecs=1'].join(
      '\n',
    ),
  });
  try {
    await waitFor(() => d.exited(), { timeoutMs: 30_000, message: 'the daemon to exit' });
    assert.equal(d.child.exitCode, 3);
    assert.match(d.mainLog(), /CRIT essential program core entered FATAL state: stopping all processes/);
    assert.match(d.mainLog(), /stopped: other/);
  } finally {
    await d.stop();
  }
});

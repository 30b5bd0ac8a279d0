/**
 * File descriptors: log files are open only while their process runs (as supervisord 4.2.5:
 * STOPPED, FATAL and never-started programs hold none, a named log of a never-started program
 * is not even created), and when descriptors run out a spawn fails with Supervisor's message,
 * the process goes BACKOFF → FATAL, and the daemon keeps serving — 2,000 programs under a
 * 1,024-descriptor limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../src/client/index.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { SUPERVISORCTL, supervisordSkipReason } from '../helpers/daemon.ts';
import { skipReason } from '../helpers/tools.ts';
import { waitFor } from '../helpers/wait.ts';
import { startDaemon } from './daemon.ts';

/** What the daemon's descriptors point at. */
function openTargets(pid: number): string[] {
  const out: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      out.push(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

test('log files are open only while the process runs; a never-started program reads, tails and clears as in 4.2.5', async () => {
  const programs = [
    "[program:never]\ncommand=sleep 100000\nautostart=false\nstdout_logfile={DIR}/never.out\nstderr_logfile={DIR}/never.err\n",
    '[program:neverauto]\ncommand=sleep 100000\nautostart=false\n',
    "[program:stopped]\ncommand=sh -c 'echo ran; exec sleep 100000'\nstartsecs=0\nstdout_logfile={DIR}/stopped.out\nstderr_logfile={DIR}/stopped.err\n",
    "[program:fatal]\ncommand=sh -c 'echo bye; exit 1'\nstartsecs=1\nstartretries=0\nstdout_logfile={DIR}/fatal.out\nstderr_logfile={DIR}/fatal.err\n",
    "[program:running]\ncommand=sh -c 'echo up; exec sleep 100000'\nstartsecs=0\nstdout_logfile={DIR}/running.out\n",
  ].join('\n');
  const d = await startDaemon({ programs });
  try {
    await waitFor(async () => {
      const s = new Map((await d.client.getAllProcessInfo()).map((p) => [p.name, p.statename]));
      return s.get('fatal') === 'FATAL' && s.get('running') === 'RUNNING' && s.get('stopped') === 'RUNNING';
    }, { timeoutMs: 20_000, message: 'fatal FATAL, running and stopped RUNNING' });
    await waitFor(() => existsSync(join(d.dir, 'stopped.out')));
    await d.client.stopProcess('stopped');
    const logsOpen = (): string[] => openTargets(d.pid).filter((t) => t.startsWith(d.dir) && !t.endsWith('sd.log') && !t.endsWith('.sock'));
    await waitFor(() => logsOpen().length === 2, { message: `only running's two logs open; open: ${JSON.stringify(logsOpen())}` });
    const open = logsOpen();
    assert.ok(open.includes(join(d.dir, 'running.out')), JSON.stringify(open));
    assert.ok(open.some((t) => /running-stderr---/.test(t)), JSON.stringify(open));
    // A named log of a program that never ran does not exist; its AUTO logs do (empty), as in 4.2.5.
    assert.equal(existsSync(join(d.dir, 'never.out')), false);
    assert.equal(readdirSync(d.dir).filter((n) => n.startsWith('neverauto-std')).length, 2);
    const fault = async (p: Promise<unknown>): Promise<string> => {
      try {
        await p;
        return 'no fault';
      } catch (err) {
        return err instanceof RpcFault ? err.faultString : String(err);
      }
    };
    assert.equal(await fault(d.client.readProcessLog('never', 'stdout', 0, 100)), `NO_FILE: ${join(d.dir, 'never.out')}`);
    assert.equal(await fault(d.client.readProcessLog('never', 'stderr', 0, 100)), `NO_FILE: ${join(d.dir, 'never.err')}`);
    assert.deepEqual(await d.client.tailProcessLog('never', 'stdout', 0, 100), ['', 0, false]);
    assert.equal(await d.client.clearProcessLogs('never'), true);
    assert.equal(existsSync(join(d.dir, 'never.out')), false, 'clear creates no file');
    assert.equal(await d.client.readProcessLog('neverauto', 'stdout', 0, 100), '');
    // Stopped and fatal programs' logs stay readable; clear works on them without holding them open.
    assert.equal(await d.client.readProcessLog('fatal', 'stdout', 0, 100), 'bye\n');
    assert.equal(await d.client.readProcessLog('stopped', 'stdout', 0, 100), 'ran\n');
    assert.equal(await d.client.clearProcessLogs('stopped'), true);
    assert.equal(await d.client.readProcessLog('stopped', 'stdout', 0, 100), '');
    assert.equal(logsOpen().length, 2);
    // Started again, it opens its logs again, appending.
    await d.client.startProcess('stopped');
    await waitFor(async () => (await d.client.readProcessLog('stopped', 'stdout', 0, 100)) === 'ran\n');
    assert.equal(logsOpen().length, 4);
  } finally {
    await d.stop();
  }
});

function ctl(sock: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(SUPERVISORCTL, ['-s', `unix://${sock}`, ...args], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: typeof err?.code === 'number' ? err.code : 0, out: `${stdout}${stderr}` }),
    );
  });
}

test(
  '2,000 configured programs under a 1,024-descriptor limit: status works; spawns past the budget fail "too many open files", FATAL, and the daemon serves',
  { skip: skipReason('prlimit', 'util-linux') || supervisordSkipReason() },
  async () => {
    const idle = Array.from({ length: 1700 }, (_, i) => `[program:idle${i}]\ncommand=sleep 100000\nautostart=false\n`);
    const busy = Array.from({ length: 300 }, (_, i) => `[program:busy${i}]\ncommand=sleep 100000\nstartsecs=0\nstartretries=1\n`);
    const d = await startDaemon({ programs: [...idle, ...busy].join('\n'), wrapper: ['prlimit', '--nofile=1024:1024'], startTimeoutMs: 120_000 });
    try {
      // Every busy program settles: RUNNING, or FATAL for want of descriptors.
      const infos = await waitFor(
        async () => {
          const all = await d.client.getAllProcessInfo();
          const busyInfos = all.filter((p) => p.name.startsWith('busy'));
          return busyInfos.every((p) => p.statename === 'RUNNING' || p.statename === 'FATAL') ? all : null;
        },
        { timeoutMs: 120_000, intervalMs: 500, message: 'busy programs RUNNING or FATAL' },
      );
      assert.equal(infos.length, 2000);
      const running = infos.filter((p) => p.statename === 'RUNNING').length;
      const fatal = infos.filter((p) => p.statename === 'FATAL');
      assert.ok(running >= 100, `${running} running`);
      assert.ok(fatal.length > 0, 'the limit was reached');
      for (const p of fatal) assert.equal(p.spawnerr, `too many open files to spawn '${p.name}'`);
      assert.match(d.mainLog(), /INFO spawnerr: too many open files to spawn 'busy\d+'/);
      assert.match(d.mainLog(), /WARN RLIMIT_NOFILE soft limit 1024 leaves room for about 179 running processes .* but 300 start automatically/);
      // The real supervisorctl still gets its answers, many clients at once too.
      const status = await ctl(d.sock, ['status']);
      assert.equal(status.out.trim().split('\n').length, 2000, status.out.slice(0, 300));
      const many = await Promise.all(Array.from({ length: 40 }, () => d.client.getState()));
      assert.ok(many.every((s) => s.statename === 'RUNNING'));
      const fds = readdirSync(`/proc/${d.pid}/fd`).length;
      assert.ok(fds < 1024, `${fds} descriptors open`);
      // Stopping some frees descriptors: a FATAL one can then start.
      const someRunning = infos.filter((p) => p.statename === 'RUNNING').slice(0, 20);
      for (const p of someRunning) await d.client.stopProcess(p.name);
      assert.equal(await d.client.startProcess(fatal[0]!.name), true);
      // eslint-disable-next-line no-console
      console.log(`# 2,000 programs under 1024:1024: ${running} running, ${fatal.length} FATAL, ${fds} descriptors open`);
    } finally {
      await d.stop();
    }
  },
);

// 128, not 64: the daemon run from source through tsx opens its modules (and, with a cold tsx cache, their
// compiled copies) at start-up, which alone came near 64 once the daemon gained the feed, health and metrics.
test('minfds=64 under a 128-descriptor limit: a few children run, the rest FATAL, both sockets keep answering', { skip: skipReason('prlimit', 'util-linux') }, async () => {
  const programs = Array.from({ length: 40 }, (_, i) => `[program:r${i}]\ncommand=sleep 100000\nstartsecs=0\nstartretries=1\n`).join('\n');
  const d = await startDaemon({ programs, supervisord: 'minfds=64', inet: '', wrapper: ['prlimit', '--nofile=128:128'] });
  try {
    const infos = await waitFor(
      async () => {
        const all = await d.client.getAllProcessInfo();
        return all.every((p) => p.statename === 'RUNNING' || p.statename === 'FATAL') ? all : null;
      },
      { timeoutMs: 60_000, message: 'every program RUNNING or FATAL' },
    );
    const running = infos.filter((p) => p.statename === 'RUNNING').length;
    assert.ok(running >= 1, 'some children start');
    for (const p of infos.filter((x) => x.statename === 'FATAL')) assert.equal(p.spawnerr, `too many open files to spawn '${p.name}'`);
    // Both sockets, many times over and at once.
    const tcp = createClient({ serverurl: `http://127.0.0.1:${d.port!}` });
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? d.client : tcp).getPID()));
      assert.ok(answers.every((pid) => pid === d.pid));
    } finally {
      tcp.close();
    }
    assert.match(d.mainLog(), /WARN RLIMIT_NOFILE soft limit 128 leaves room for about \d+ running processes/);
    assert.ok(infos.some((p) => p.statename === 'FATAL'), 'the limit is reached');
  } finally {
    await d.stop();
  }
});

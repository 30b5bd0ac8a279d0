/**
 * CPU%/RSS of a real supervisord reached over ssh: the watcher reads the server's /proc with one
 * short command over the tunnel's connection (our own sshd on loopback, see test/helpers/sshd.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { parseRemoteProc, remoteProcCommand } from '../../src/live/ssh-stats.ts';
import type { LiveView } from '../../src/live/types.ts';
import { watchServer } from '../../src/live/watcher.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { supervisordSkipReason } from '../helpers/daemon.ts';
import { waitFor } from '../helpers/wait.ts';
import { startSupervisord, type RealSupervisord } from '../client/real-supervisord.ts';

describe('remote /proc command', () => {
  it('asks only for integer pids and parses what comes back', () => {
    assert.equal(remoteProcCommand([12, 0, 1.5, 34]).includes('cat 12/stat 34/stat 2>/dev/null'), true);
    assert.doesNotMatch(remoteProcCommand([]), /cat /);
    const out = [
      'cpu  100 0 50 800 50 0 0 0 0 0',
      'MemTotal:       1000 kB',
      'MemAvailable:    400 kB',
      '12 (sleep) S 1 12 12 0 -1 0 0 0 0 0 30 20 0 0 20 0 1 0 500 1000 25 0',
      '34 (my (odd) cmd) R 1 34 34 0 -1 0 0 0 0 0 100 0 0 0 20 0 1 0 600 1000 50 0',
      '',
    ].join('\n');
    const r = parseRemoteProc(out);
    assert.deepEqual(r.host, { busy: 1.5, total: 10, memTotal: 1000 * 1024, memAvailable: 400 * 1024 });
    assert.deepEqual(r.byPid.get(12), { cpuTime: 0.5, rss: 25 * 4096 });
    assert.deepEqual(r.byPid.get(34), { cpuTime: 1, rss: 50 * 4096 });
    assert.equal(parseRemoteProc('garbage\n').host, null);
  });
});

describe('watchServer over ssh://', () => {
  const tmp = makeTmpDir('svlss-');
  let sshd: Sshd | null = null;
  let sv: RealSupervisord | null = null;
  let skip: string | false = supervisordSkipReason();

  before(async () => {
    if (skip) return;
    const started = await startSshd(tmp.dir);
    if (typeof started === 'string') {
      skip = started;
      return;
    }
    sshd = started;
    sv = await startSupervisord({
      programs: `[program:big]\ncommand=python3 -c "b = bytearray(24 << 20); import time; time.sleep(1000)"\nstartsecs=0\n[program:idle]\ncommand=sleep 1000\nstartsecs=0\n`,
    });
  });
  after(async () => {
    await sv?.stop();
    sshd?.stop();
    tmp.cleanup();
  });

  it("shows CPU%/RSS and the host's meters read over the ssh connection", async (t) => {
    if (skip) return t.skip(skip);
    const server = sv!;
    const client = createClient({ serverurl: sshd!.url(server.sock), sshCommand: sshd!.sshCommand, timeoutMs: 20_000 });
    let view: LiveView | null = null;
    const w = watchServer(client, { intervalMs: 500, statsWanted: () => new Set(['big']), onUpdate: (u) => (view = u.view) });
    try {
      w.start();
      const v = await waitFor(() => (view !== null && (view.stats.get('big')?.rss ?? 0) > 24 << 20 ? view : null), { timeoutMs: 30_000, message: "big's RSS over ssh" });
      assert.equal(v.mode, 'poll');
      assert.equal(v.statsSource, 'ssh');
      assert.equal(v.statsNote, null);
      assert.ok(v.host !== null && v.host.memTotal > v.host.memAvailable);
      assert.equal(v.stats.get('idle'), undefined, 'only the wanted rows');
    } finally {
      w.stop();
      client.close();
    }
  });

  it("shows the first rows before the first /proc reading's round trip over ssh, its figures after", async (t) => {
    if (skip) return t.skip(skip);
    // The real supervisord on its unix socket, with a /proc source standing for ssh that answers when released.
    const client = createClient({ serverurl: `unix://${sv!.sock}`, timeoutMs: 20_000 });
    let release: (() => void) | null = null;
    const held = new Promise<void>((r) => (release = r));
    let answered = 0;
    const views: { view: LiveView; answered: number }[] = [];
    const w = watchServer(client, {
      intervalMs: 500,
      statsWanted: () => new Set(['idle']),
      onUpdate: (u) => views.push({ view: u.view, answered }),
      procSource: {
        source: 'ssh',
        // Every reading waits until the test releases them.
        read: async (pids) => {
          await held;
          answered++;
          return { procs: new Map([...pids].map(([ns, pid]) => [ns, { pid, cpuTime: 0, rss: 4096, treeRss: 4096 }])), host: null };
        },
      },
    });
    try {
      w.start();
      const first = await waitFor(() => views[0], { timeoutMs: 30_000, message: 'the first view, with no /proc reading answered' });
      assert.equal(first.answered, 0);
      assert.deepEqual(first.view.infos.map((p) => p.name).sort(), ['big', 'idle']);
      assert.equal(first.view.statsSource, 'ssh', 'figures are coming (blank, not "-")');
      assert.equal(first.view.stats.size, 0);
      release!();
      await waitFor(() => views.some((v) => v.view.stats.get('idle')?.rss === 4096), { timeoutMs: 30_000, message: "idle's RSS once read" });
    } finally {
      w.stop();
      client.close();
    }
  });
});

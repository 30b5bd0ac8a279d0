/**
 * watchServer against real daemons: our daemon (feed mode: changes and stats pushed) and
 * Debian's supervisord 4.2.5 (poll mode: with a one-minute poll period, a stop still shows at
 * once because /mainlogtail reports it).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import type { LiveConnection, LiveUpdate, Watcher } from '../../src/live/types.ts';
import { watchServer } from '../../src/live/watcher.ts';
import { startDaemonProcess, supervisordSkipReason, type DaemonKind, type DaemonProcess, baseConfig } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function startServer(kind: DaemonKind): Promise<{ client: SupervisorClient; daemon: DaemonProcess }> {
  const tmp = makeTmpDir('svlw-');
  const D = tmp.dir;
  const sock = join(D, 's.sock');
  const conf = join(D, 'supervisord.conf');
  writeFileSync(
    conf,
    `${baseConfig(D, ['[unix_http_server]', `file=${sock}`]).join('\n')}

[program:a]
command=sleep 1000
startsecs=0

[program:b]
command=/bin/sh -c 'python3 -c "b = bytearray(24 << 20); import time; time.sleep(1000)"'
startsecs=0
; the whole tree goes at the end of the test, not only the shell
stopasgroup=true
killasgroup=true
`,
  );
  const client = createClient({ serverurl: `unix://${sock}`, timeoutMs: 20_000 });
  const daemon = await startDaemonProcess(kind, conf, {
    cwd: D,
    ready: async () => (await client.getAllProcessInfo()).every((p) => p.statename === 'RUNNING'),
    timeoutMs: 30_000,
  });
  cleanups.push(async () => {
    client.close();
    await daemon.stop();
    tmp.cleanup();
  });
  return { client, daemon };
}

function watch(client: SupervisorClient, intervalMs: number, wanted: string[], followedPollMs?: number) {
  const updates: LiveUpdate[] = [];
  const conns: LiveConnection[] = [];
  const w: Watcher = watchServer(client, {
    intervalMs,
    ...(followedPollMs === undefined ? {} : { followedPollMs }),
    statsIntervalMs: 250,
    statsWanted: () => new Set(wanted),
    onUpdate: (u) => updates.push(u),
    onConnection: (c) => conns.push(c),
  });
  cleanups.push(() => w.stop());
  w.start();
  const last = () => updates.at(-1)?.view;
  const stateOf = (name: string) => last()?.infos.find((p) => p.name === name)?.statename;
  return { w, updates, conns, last, stateOf };
}

describe('watchServer', () => {
  it('follows our daemon through the feed: changes and CPU/RSS of the wanted rows', async () => {
    const { client } = await startServer('ours');
    const { w, conns, last, stateOf } = watch(client, 1000, ['b']);
    await waitFor(() => stateOf('a') === 'RUNNING', { timeoutMs: 20_000, message: 'the first view' });
    assert.equal(w.mode, 'feed');
    assert.equal(last()!.mode, 'feed');
    assert.ok(conns.some((c) => c.status === 'up' && c.mode === 'feed'));
    await waitFor(() => (last()?.stats.get('b')?.treeRss ?? 0) > 24 << 20, { timeoutMs: 20_000, message: "b's tree RSS" });
    assert.equal(last()!.statsSource, 'feed');
    assert.ok(last()!.host !== null && last()!.host!.memTotal > 0);
    assert.equal(last()!.stats.get('a'), undefined, 'only wanted rows');
    await client.stopProcess('a');
    await waitFor(() => stateOf('a') === 'STOPPED', { timeoutMs: 10_000, message: 'the stop' });
    const info = await client.getProcessInfo('a');
    assert.deepEqual({ ...last()!.infos.find((p) => p.name === 'a')!, now: 0 }, { ...info, now: 0 });
  });

  const skip = supervisordSkipReason();
  it('polls the real supervisord, and its main log makes a stop show at once', { skip }, async () => {
    const { client } = await startServer('real');
    const { w, last, stateOf } = watch(client, 60_000, ['b']);
    await waitFor(() => stateOf('a') === 'RUNNING', { timeoutMs: 20_000, message: 'the first view' });
    assert.equal(w.mode, 'poll');
    assert.equal(last()!.statsSource, 'local');
    await client.stopProcess('a');
    // The next periodic poll is a minute away: only the main-log trigger can show this in time.
    await waitFor(() => stateOf('a') === 'STOPPED', { timeoutMs: 15_000, message: 'the stop, through the main-log trigger' });
  });

  it('each poll brings new CPU%/RSS and host meter readings while no process changes', { skip }, async () => {
    const { client } = await startServer('real');
    const { updates, last } = watch(client, 300, ['b']);
    await waitFor(() => last()?.stats.get('b') !== undefined, { timeoutMs: 20_000, message: "b's first reading" });
    // The first reading has no CPU% (it needs two); the host is busy with this test at least.
    const seen = updates.length;
    await waitFor(() => updates.length >= seen + 3 && (last()?.host?.cpu ?? 0) > 0, { timeoutMs: 20_000, message: `readings after the first (updates: ${updates.length - seen})` });
    assert.ok((last()!.stats.get('b')?.treeRss ?? 0) > 24 << 20, "b's tree RSS (the shell and its python)");
  });

  it('CPU%/RSS keep coming at the stats interval when full polls are far apart (a big supervisord)', { skip }, async () => {
    const { client } = await startServer('real');
    // At 1,000 processes the full poll is paced to about every 40 s: the readings must not wait for it.
    const { updates, last } = watch(client, 60_000, ['b']);
    await waitFor(() => last()?.stats.get('b') !== undefined, { timeoutMs: 20_000, message: "b's first reading" });
    const readings = () => new Set(updates.map((u) => u.view.stats.get('b')).filter((s) => s !== undefined)).size;
    await waitFor(() => readings() >= 3 && (last()?.host?.cpu ?? 0) > 0, { timeoutMs: 10_000, message: () => `readings between full polls a minute apart (got ${readings()})` });
  });

  it('a fleet\'s longer full-poll period while the main log is followed: few full polls, changes at once', { skip }, async () => {
    const { client } = await startServer('real');
    let full = 0;
    const counting: SupervisorClient = Object.create(client, {
      multicall: { value: (calls: { methodName: string }[]) => ((full += calls.filter((c) => c.methodName === 'supervisor.getAllProcessInfo').length), client.multicall(calls)) },
    });
    const { updates, last, stateOf } = watch(counting, 300, ['b'], 60_000);
    await waitFor(() => last()?.stats.get('b') !== undefined, { timeoutMs: 20_000, message: "b's first reading" });
    // Eight readings at 250 ms: about six full polls at the 300 ms interval without the longer period.
    const readings = () => new Set(updates.map((u) => u.view.stats.get('b')).filter((x) => x !== undefined)).size;
    await waitFor(() => readings() >= 8, { timeoutMs: 20_000, message: () => `eight readings (got ${readings()})` });
    // The first poll, and the one refresh the main log's first chunk (old lines) may ask for.
    assert.ok(full <= 2, `full polls: ${full}`);
    await client.stopProcess('a');
    await waitFor(() => stateOf('a') === 'STOPPED', { timeoutMs: 15_000, message: 'the stop, through the main log' });
  });

  it('a change the main log names costs the server one getProcessInfo, not a full poll', { skip }, async () => {
    const { client } = await startServer('real');
    // Counts what the watcher asks: a full poll of a big supervisord takes seconds and is paced to
    // ≤ 10 % of its time, so a change waiting for one showed ~20 s late at 1,000 processes.
    const asked: string[] = [];
    const counting: SupervisorClient = Object.create(client, {
      multicall: { value: (calls: { methodName: string }[]) => (asked.push(...calls.map((c) => c.methodName)), client.multicall(calls)) },
    });
    const { stateOf } = watch(counting, 60_000, []);
    await waitFor(() => stateOf('a') === 'RUNNING' && stateOf('b') === 'RUNNING', { timeoutMs: 20_000, message: 'the first view' });
    const full = asked.filter((m) => m === 'supervisor.getAllProcessInfo').length;
    asked.length = 0;
    await client.stopProcess('a');
    await waitFor(() => stateOf('a') === 'STOPPED', { timeoutMs: 15_000, message: 'the stop' });
    await client.startProcess('a');
    await waitFor(() => stateOf('a') === 'RUNNING', { timeoutMs: 15_000, message: 'the start' });
    assert.ok(asked.includes('supervisor.getProcessInfo'), `asked: ${asked.join(' ')}`);
    // At most the one full refresh the main log's first chunk (old lines) asks for, if it was not
    // made yet; a full poll per change would be two here (the start waits until the stop showed).
    assert.ok(asked.filter((m) => m === 'supervisor.getAllProcessInfo').length <= 1, `no full poll per change after the first ${full}: ${asked.join(' ')}`);
  });
});

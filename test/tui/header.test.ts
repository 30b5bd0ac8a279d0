/** The header (tui/header.ts) and the connection states behind it (poller, failure classes). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientError } from '../../src/client/types.ts';
import { ProcessStates } from '../../src/protocol/index.ts';
import { backoffMs, classifyFailure, staleAfterMs } from '../../src/live/failure.ts';
import { LiveSource } from '../../tui/effects/live.ts';
import { headerHeight, headerLines, type HeaderState } from '../../tui/header.ts';
import type { Connection } from '../../tui/model.ts';
import { initialState, reduce } from '../../tui/reducer.ts';
import { makeTheme } from '../../tui/theme.ts';
import { waitFor } from '../helpers/wait.ts';
import { FakeClient } from './helpers/fake-client.ts';
import { info, snapshot } from './helpers/fixtures.ts';

const theme = makeTheme({ color: false, ascii: false });
const text = (rows: { text: string }[][]) => rows.map((r) => r.map((s) => s.text).join(''));

function header(conn: Connection, extra: Partial<HeaderState> = {}): HeaderState {
  const infos = [
    ...Array.from({ length: 24 }, (_, i) => info('web', `w${i}`, ProcessStates.RUNNING)),
    info('b', 'b', ProcessStates.BACKOFF),
    info('e', 'e', ProcessStates.EXITED),
    info('f1', 'f1', ProcessStates.FATAL),
    info('f2', 'f2', ProcessStates.FATAL),
  ];
  let s = initialState({ cols: 80, rows: 24, readonly: false, interval: 1 });
  s = reduce(s, { type: 'server', server: { label: 'prod-web-01.example.com', daemon: 'supervisord 4.2.5', state: 'RUNNING' } });
  s = reduce(s, { type: 'snapshot', snapshot: snapshot(infos) });
  s = reduce(s, { type: 'connection', conn });
  return { ...s, ...extra };
}

test('at 80 columns a non-zero fatal/backoff count is never cut: a second row takes what does not fit', () => {
  const rows = text(headerLines(header({ status: 'up' }), theme, 79, 0));
  const all = rows.join('\n');
  assert.match(all, /28 procs: 24 running 1 backoff 1 exited 2 fatal/);
  assert.doesNotMatch(all, /…/);
  assert.ok(rows.length <= 2);
  for (const r of rows) assert.equal([...r].length, 79);
});

test('at 120 columns the filter and the marked count are shown, on a second row if needed', () => {
  const s = header({ status: 'up' }, { filter: 'web|worker|queue-consumer-.*', marks: new Set(['web:w1', 'web:w2', 'web:w3']), sort: { column: 'cpu', inverted: true } });
  const all = text(headerLines(s, theme, 119, 0)).join('\n');
  assert.match(all, /filter: web\|worker\|queue-consumer-\.\*/);
  assert.match(all, /3 marked/);
  assert.match(all, /2 fatal/);
});

test('an error wraps instead of being cut; a permanent one says what to do', () => {
  const error = 'ssh://ops@db-7.example.com/var/run/supervisor.sock: ssh failed: ops@db-7.example.com: Permission denied (publickey,password).';
  const rows = text(headerLines(header({ status: 'down', error, lastGood: null, retryAt: null, hint: 'ssh login refused: load a key into ssh-agent' }), theme, 79, 0));
  const all = rows.join(' ').replace(/\s+/g, ' ');
  assert.match(all, /cannot connect, not retrying/);
  assert.ok(all.includes(error), all);
  assert.match(all, /load a key into ssh-agent \(q quits\)/);
  assert.equal(headerHeight(header({ status: 'down', error, lastGood: null, retryAt: null, hint: 'ssh login refused: load a key into ssh-agent' }), 79), rows.length);
});

test('a slow refresh shows STALE with the age of the data, ticking', () => {
  const lastGood = new Date(2026, 0, 1, 12, 0, 0).getTime();
  const s = header({ status: 'slow', since: lastGood + 1000, lastGood });
  const at5 = text(headerLines(s, theme, 119, lastGood + 6000)).join('\n');
  assert.match(at5, /STALE: no answer for 5s · data from 12:00:00 \(6s old\)/);
  assert.ok(headerHeight(s, 119) >= text(headerLines(s, theme, 119, lastGood + 60_000)).length);
});

test('failures: bad URL, refused credentials and ssh login/host key are permanent; others back off up to 30 s', () => {
  const cases: [unknown, boolean][] = [
    [new ClientError('url', 'ftp://x', "ftp://x: unknown scheme"), true],
    [new ClientError('auth', 'http://h:9001', 'Server requires authentication', 401), true],
    [new ClientError('network', 'ssh://u@h/s.sock', 'ssh://u@h/s.sock: ssh failed: u@h: Permission denied (publickey).'), true],
    [new ClientError('network', 'ssh://u@h/s.sock', 'ssh://u@h/s.sock: ssh failed: Host key verification failed.'), true],
    [new ClientError('refused', 'unix:///x.sock', 'unix:///x.sock refused connection'), false],
    [new ClientError('timeout', 'http://h:9001', 'http://h:9001: no answer within 30000 ms'), false],
    [new ClientError('network', 'ssh://u@h/s.sock', 'ssh://u@h/s.sock: ssh tunnel lost: Connection reset'), false],
  ];
  for (const [err, permanent] of cases) assert.equal(classifyFailure(err).permanent, permanent, String(err));
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n, 1000)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(staleAfterMs(100), 2000);
  assert.equal(staleAfterMs(1000), 3000);
});

test('live source: a hung refresh marks the data stale at once, the request goes on; a permanent failure stops the retries', async (t) => {
  const client = new FakeClient([{ group: 'p', name: 'p', prio: 1, state: ProcessStates.RUNNING, log: '' }]);
  const seen: Connection[] = [];
  let hang: (() => void) | null = null;
  const real = client.multicall.bind(client);
  let calls = 0;
  client.multicall = async (c) => {
    calls++;
    if (calls === 2) await new Promise<void>((r) => (hang = r));
    return real(c);
  };
  const poller = new LiveSource(client, { snapshot: () => {}, server: () => {}, connection: (c: Connection) => seen.push(c) }, { intervalMs: 100, label: 'x', isPaused: () => false, statsWanted: () => new Set() });
  t.after(() => poller.stop());
  poller.start();
  await waitFor(() => seen.some((c) => c.status === 'slow'), { message: 'stale after 2 s', timeoutMs: 8000 });
  assert.equal(calls, 2, 'the hung request is not abandoned or repeated');
  hang!();
  await waitFor(() => seen[seen.length - 1]!.status === 'up', { message: 'live again' });

  const auth = new FakeClient([]);
  let tries = 0;
  auth.multicall = async () => {
    tries++;
    throw new ClientError('auth', auth.serverurl, 'Server requires authentication', 401);
  };
  auth.getSupervisorVersion = async () => '4.2.5';
  const got: Connection[] = [];
  const p2 = new LiveSource(auth, { snapshot: () => {}, server: () => {}, connection: (c: Connection) => got.push(c) }, { intervalMs: 100, label: 'x', isPaused: () => false, statsWanted: () => new Set() });
  t.after(() => p2.stop());
  p2.start();
  await waitFor(() => got.some((c) => c.status === 'down'), { message: 'down' });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(tries, 1, 'refused credentials are not retried');
  const down = got.find((c) => c.status === 'down');
  assert.ok(down?.status === 'down' && down.retryAt === null && /password/.test(down.hint ?? ''));
});

test('the header names the server: the host over ssh, not "ssh:"', async () => {
  const { serverLabel } = await import('../../tui/server-label.ts');
  assert.equal(serverLabel('unix:///run/supervisor.sock', 'box'), 'box');
  assert.equal(serverLabel('http://web-1:9001/RPC2', 'box'), 'web-1:9001');
  assert.equal(serverLabel('http://u:p@web-1:9001', 'box'), 'web-1:9001');
  assert.equal(serverLabel('ssh://ops@db-7.example.com/var/run/supervisor.sock', 'box'), 'ops@db-7.example.com (ssh)');
  assert.equal(serverLabel('ssh://db-7:2222/http://127.0.0.1:9001', 'box'), 'db-7:2222 → 127.0.0.1:9001 (ssh)');
});

test('rows that come into view (G, leaving the full-screen log) get CPU%/RSS at once, not a refresh later', async (t) => {
  class Local extends FakeClient {
    override readonly isLocal: boolean = true;
    override async multicall(c: { methodName: string }[]) {
      const out = await super.multicall(c);
      const infos = out[1] as unknown as { pid: number }[];
      for (const p of infos) if (p.pid > 0) p.pid = process.pid;
      return out;
    }
  }
  const client = new Local([{ group: 'p', name: 'p', prio: 1, state: ProcessStates.RUNNING, log: '' }]);
  let wanted = new Set<string>();
  const snaps: import('../../tui/model.ts').Snapshot[] = [];
  const poller = new LiveSource(client, { snapshot: (s: import('../../tui/model.ts').Snapshot) => snaps.push(s), server: () => {}, connection: () => {} }, { intervalMs: 60_000, label: 'x', isPaused: () => false, statsWanted: () => wanted });
  t.after(() => poller.stop());
  poller.start();
  await waitFor(() => snaps.length >= 1, { message: 'first snapshot' });
  assert.ok(snaps.every((x) => x.stats?.has(process.pid) !== true), 'not on screen: not read');
  wanted = new Set(['p']);
  poller.statsWantedChanged();
  await waitFor(() => (snaps[snaps.length - 1]!.stats?.get(process.pid)?.rss ?? 0) > 0, { message: 'the new rows\' figures, without waiting for the next refresh (60 s)' });
});

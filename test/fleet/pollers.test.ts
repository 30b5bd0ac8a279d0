/**
 * The fleet's per-server loops (tui/fleet/pollers.ts) against real daemons: ours and the real
 * supervisord on unix sockets, ours through a loopback sshd, and a socket that accepts and never
 * answers. First contact asks for the process table only: every server's rows come before any
 * getAllConfigInfo, a hung server holds nobody's rows, and the priorities follow.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import type { FleetView } from '../../tui/fleet/model.ts';
import { FleetPollers } from '../../tui/fleet/pollers.ts';
import { waitFor } from '../helpers/wait.ts';
import { sharedTestFleet } from './fleet-daemons.ts';

const shared = sharedTestFleet('fleet poller tests');

/** When each server was first asked getAllConfigInfo (performance.now()). */
type ConfigCalls = Map<string, number>;

function recorded(name: string, client: SupervisorClient, calls: ConfigCalls): SupervisorClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'getAllConfigInfo' || typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (!calls.has(name)) calls.set(name, performance.now());
        return (v as (...a: unknown[]) => unknown).apply(receiver, args);
      };
    },
  });
}

/** The fleet's loops over `urls`, the latest view, and when each server's rows first showed. */
function watch(urls: Record<string, string>, calls: ConfigCalls, prioritiesAfterMs?: number) {
  const clients = new Map<string, SupervisorClient>();
  for (const [name, url] of Object.entries(urls)) clients.set(name, recorded(name, createClient({ serverurl: url, timeoutMs: 60_000, sshCommand: shared.fleet!.sshd?.sshCommand ?? ['ssh'] }), calls));
  const firstRows = new Map<string, number>();
  let view: FleetView | null = null;
  const pollers = new FleetPollers(clients, {
    intervalMs: 500,
    isPaused: () => false,
    statsWanted: () => new Set(),
    onView: (v) => {
      view = v;
      for (const m of v.members) if (m.snapshot !== null && !firstRows.has(m.name)) firstRows.set(m.name, performance.now());
    },
    base: { context: null, color: null, tree: true },
    ...(prioritiesAfterMs !== undefined ? { prioritiesAfterMs } : {}),
  });
  pollers.start();
  return {
    view: () => view as FleetView | null,
    member: (name: string) => (view as FleetView | null)?.members.find((m) => m.name === name),
    firstRows,
    stop() {
      pollers.stop();
      for (const c of clients.values()) c.close();
    },
  };
}

test("first contact: every server's rows before any getAllConfigInfo, then each server's priorities", async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const f = shared.fleet!;
  const urls = Object.fromEntries(Object.entries(f.urls).filter(([name]) => name !== 'bt'));
  const calls: ConfigCalls = new Map();
  const w = watch(urls, calls);
  t.after(() => w.stop());
  const names = Object.keys(urls);
  await waitFor(() => names.every((n) => (w.member(n)?.snapshot?.priorities.size ?? 0) > 0), { timeoutMs: 60_000, message: 'every server with its priorities' });
  const lastRows = Math.max(...names.map((n) => w.firstRows.get(n)!));
  for (const n of names) {
    assert.ok(calls.has(n), `${n} was asked its priorities`);
    assert.ok(calls.get(n)! >= lastRows, `${n}: getAllConfigInfo only once every server showed its rows`);
    assert.equal(w.member(n)!.snapshot!.infos.length, 3, `${n}: its processes`);
  }
});

test('a server that accepts and never answers holds nobody: the others show their rows, then their priorities, while it still connects', async (t) => {
  if (shared.skip) return t.skip(shared.skip);
  const f = shared.fleet!;
  const hungPath = join(f.dir, 'hung.sock');
  const held: net.Socket[] = [];
  const hung = net.createServer((s) => void held.push(s.on('error', () => {})));
  await new Promise<void>((r) => hung.listen(hungPath, r));
  t.after(() => {
    for (const s of held) s.destroy();
    hung.close();
  });
  const calls: ConfigCalls = new Map();
  const w = watch({ a: f.urls['a']!, hung: `unix://${hungPath}`, b: f.urls['b']! }, calls, 1500);
  t.after(() => w.stop());
  await waitFor(() => w.member('a')?.snapshot && w.member('b')?.snapshot, { timeoutMs: 60_000, message: "a's and b's rows" });
  assert.equal(w.member('hung')!.conn.status, 'connecting', 'the hung server is still connecting');
  assert.equal(w.member('hung')!.snapshot, null);
  // The priorities are asked after prioritiesAfterMs without waiting for the hung server.
  await waitFor(() => (w.member('a')?.snapshot?.priorities.size ?? 0) > 0 && (w.member('b')?.snapshot?.priorities.size ?? 0) > 0, { timeoutMs: 60_000, message: "a's and b's priorities" });
  assert.notEqual(w.member('hung')!.conn.status, 'up');
  assert.equal(w.member('hung')!.snapshot, null);
});

/**
 * The dashboard's confirmation of a group start shows the order it will run (issue 18): against our
 * daemon depends_on-aware (db, outside the group and stopped, first; then api; then web, whatever
 * the priorities say), and the spawns follow it; against the real supervisord, which ignores
 * depends_on, the plain priority order. Real daemons, the dashboard in tmux.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { CLI_ARGS, ROOT } from '../helpers/cli.ts';
import { writeConfig } from '../helpers/config-file.ts';
import { supervisordSkipReason, type DaemonKind } from '../helpers/daemon.ts';
import { skipReason } from '../helpers/tools.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { daemonInTmux } from './helpers/daemon-in-tmux.ts';

/** Priorities say web first; depends_on says db, then api, then web. */
function sections(): string[] {
  const program = (name: string, prio: number, extra: string[]): string[] => [`[program:${name}]`, 'command=sleep 1000', 'autostart=false', 'startsecs=0', `priority=${prio}`, 'stopwaitsecs=2', ...extra];
  return ['[group:app]', 'programs=web,api', 'priority=10', ...program('web', 10, ['depends_on=api']), ...program('api', 20, ['depends_on=db']), ...program('db', 30, [])];
}

async function scenario(t: TestContext, kind: DaemonKind, expected: RegExp, spawnOrder: string[]): Promise<void> {
  const { dir, cleanup } = makeTmpDir('svtui-order-');
  const { conf, sock } = writeConfig(dir, sections());
  const client = createClient({ serverurl: `unix://${sock}` });
  const { screen, tmux } = await daemonInTmux(t, {
    kind,
    conf,
    client,
    cleanup,
    ready: async () => (await client.getAllProcessInfo()).length === 3,
    readyMs: 15_000,
    session: `svtui-order-${process.pid}-${kind}`,
    screenMs: 10_000,
  });

  tmux.start(160, 30, ROOT, 'e2e$ ', { NODE_ENV: 'production' });
  await waitFor(() => /^e2e\$/m.test(tmux.capture()), { message: 'shell prompt' });
  tmux.line(`clear; ${process.execPath} ${CLI_ARGS.join(' ')} -s unix://${sock}`);
  // Cold start of node + tsx + Ink is slow on the loaded machine.
  await screen(/db +STOPPED/, 'table', 60_000);
  // depends_on comes with the dashboard's first poll of our namespace, just after the table: ask
  // again (Escape cancels) until the confirmation shows the expected order.
  tmux.keys('g');
  await waitFor(
    async () => {
      tmux.keys('s');
      await screen(/start group app \(2\)\? \(y\/n\)/, 'confirmation');
      if (expected.test(tmux.capture())) return true;
      tmux.keys('Escape', false);
      await screen(/cancelled/, 'cancelled');
      return false;
    },
    { message: `start order under the question (screen:\n${tmux.capture()})`, timeoutMs: 20_000, intervalMs: 500 },
  );
  const mark = (await client.readLog(0, 0)).length;
  tmux.keys('y');
  await waitFor(async () => (await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length === spawnOrder.length, { message: 'started', timeoutMs: 20_000 });
  const spawns = [...(await client.readLog(0, 0)).slice(mark).matchAll(/spawned: '(\w+)'/g)].map((m) => m[1]);
  assert.deepEqual(spawns, spawnOrder);
}

test('group start confirmation: depends_on-aware order on our daemon', { skip: skipReason('tmux', 'tmux'), timeout: 120_000 }, (t) =>
  scenario(t, 'ours', /^ start order: db \(for app:web, app:api\) → app:api \(after db\) → app:web \(after app:api\)\s*$/m, ['db', 'api', 'web']),
);

test('group start confirmation: plain priority order on the real supervisord', { skip: skipReason('tmux', 'tmux') || supervisordSkipReason(), timeout: 120_000 }, (t) =>
  scenario(t, 'real', /^ start order: app:web → app:api\s*$/m, ['web', 'api']),
);

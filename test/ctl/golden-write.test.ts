/**
 * Commands that change state: each case first brings the daemon to its starting state (with the
 * real supervisorctl), then each client runs it from there. Plus reread/update/add/remove on an
 * edited config.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDaemon, normalize, oursInProcess, prepare, realCtl, runCases, settle, type Case } from './golden.ts';

const G1_UP_G2_DOWN = [['start', 'grp:g1'], ['stop', 'grp:g2']];

// Kept short: every state change waits for a tick of supervisord's loop (up to a second).
const WRITES: Case[] = [
  { args: ['start', 'idle'], before: [['stop', 'idle']] },
  { args: ['start', 'crash', 'sleeper'], before: [['start', 'sleeper']] },
  { args: ['start', 'grp:*'], before: G1_UP_G2_DOWN },
  { args: ['stop', 'sleeper', 'idle', 'nosuch'], before: [['start', 'sleeper'], ['stop', 'idle']] },
  { args: ['stop', 'grp:*'], before: G1_UP_G2_DOWN },
  { args: ['restart', 'idle', 'nosuch'], before: [['stop', 'idle']] },
  { args: ['restart', 'grp:*'], before: G1_UP_G2_DOWN },
  { args: ['stop', 'stubborn'], before: [['start', 'stubborn']] },
  { args: ['signal', 'TERM', 'stubborn', 'grp:*'], before: [['start', 'stubborn'], ...G1_UP_G2_DOWN] },
  { args: ['clear', 'grp:g1', 'nosuch'], before: [] },
];

forEachDaemon(
  'state-changing commands',
  'basic.conf',
  { settled: (s) => / FATAL /.test(s) },
  (ctx) => {
    test('start/stop/restart/signal/clear: same output and status from the same starting state', async (t) => {
      if (ctx.skipped(t)) return;
      const { ours, real } = await runCases(ctx.server(), WRITES);
      assert.deepEqual(ours, real);
    });

    test('reread, update, add, remove after an edit of the config', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      const both = async (args: string[], reset: () => Promise<void>) => {
        await reset();
        const real = normalize(args, await realCtl(server, args), server.dir);
        await reset();
        const ours = normalize(args, await oursInProcess(server, args), server.dir);
        return { ours, real };
      };
      const toOriginal = async () => {
        server.writeConfig('basic.conf');
        await prepare(server, [['update']]);
        await settle(server);
      };
      const toChanged = async () => {
        await toOriginal();
        server.writeConfig('basic-changed.conf');
      };
      const results = [];
      results.push(await both(['reread'], toChanged));
      results.push(await both(['update'], toChanged));
      results.push(await both(['update', 'newone', 'nosuch'], toChanged));
      results.push(await both(['avail'], toChanged));
      results.push(await both(['add', 'newone', 'newone'], async () => {
        await toChanged();
        await prepare(server, [['reread']]);
      }));
      results.push(await both(['remove', 'idle', 'nolog', 'newone'], async () => {
        await toChanged();
        await prepare(server, [['stop', 'idle']]);
      }));
      results.push(await both(['reread'], toOriginal));
      await toOriginal();
      assert.deepEqual(results.map((r) => r.ours), results.map((r) => r.real));
    });
  },
  { describe, before, after },
);

/** shutdown and reload end or restart the daemon: each client gets a fresh one. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait.ts';
import { forEachDaemon, normalize, oursCtl, oursInProcess, realCtl, type Outcome } from './golden.ts';

forEachDaemon(
  'shutdown and reload',
  'small.conf',
  {},
  (ctx) => {
    test('shutdown, then commands against the stopped daemon', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      const later = [['shutdown'], ['status'], ['version']];
      const session = async (run: typeof realCtl): Promise<Outcome[]> => {
        const out = [normalize(['shutdown'], await run(server, ['shutdown']), server.dir)];
        await waitFor(async () => (await oursInProcess(server, ['pid'])).code !== 0, { message: 'daemon to stop' });
        for (const args of later) out.push(normalize(args, await run(server, args), server.dir));
        return out;
      };
      const real = await session(realCtl);
      await server.restart();
      const ours = await session(oursCtl);
      await server.restart();
      assert.deepEqual(ours, real);
      assert.equal(ours[0]!.stdout, 'Shut down\n');
    });

    test('reload restarts the daemon in place', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      const pid = async () => (await oursInProcess(server, ['pid'])).stdout;
      const session = async (run: typeof realCtl): Promise<Outcome> => {
        const before = await pid();
        const r = normalize(['reload'], await run(server, ['reload']), server.dir);
        await waitFor(async () => /^sleeper +RUNNING/.test((await oursInProcess(server, ['status'])).stdout), { message: 'daemon back after reload' });
        assert.equal(await pid(), before, 'same supervisord process');
        return r;
      };
      const real = await session(realCtl);
      const ours = await session(async (s, args) => oursInProcess(s, args));
      assert.deepEqual(ours, real);
      assert.deepEqual([ours.stdout, ours.code], ['Restarted supervisord\n', 0]);
    });
  },
  { describe, before, after },
);

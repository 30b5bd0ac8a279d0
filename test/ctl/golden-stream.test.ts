/**
 * Streams and conversations, as processes: `tail -f`/`maintail -f` until Ctrl-C, `fg` with typed
 * input, the shell on piped stdin; and ours beyond supervisorctl: `tail -f` over several processes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { converse, forEachDaemon, interruptedCleanly, normalize, oursInProcess, prepare, realBatch, spawnClient, type Client } from './golden.ts';

forEachDaemon(
  'streams and the shell',
  'basic.conf',
  { settled: (s) => / FATAL /.test(s) && /talker +RUNNING/.test(s) },
  (ctx) => {
    const both = async (args: string[], steps: Parameters<typeof converse>[1]) => {
      const server = ctx.server();
      const run = async (client: Client) =>
        interruptedCleanly(client, normalize(args, await converse(spawnClient(client, server, args), steps), server.dir));
      const [ours, real] = await Promise.all([run('ours'), run('real')]);
      return { ours, real };
    };

    test('tail -f and maintail -f until Ctrl-C; tail -f of an unknown name', async (t) => {
      if (ctx.skipped(t)) return;
      const results = [
        await both(['tail', '-f', 'talker'], [{ until: /out line 3\n/, then: 'interrupt' }]),
        await both(['tail', '-f', 'talker', 'stderr'], [{ until: /err line\n/, then: 'interrupt' }]),
        await both(['maintail', '-f'], [{ until: /success: talker/, then: 'interrupt' }]),
        await both(['tail', '-f', 'nosuch'], []),
        await both(['tail', '-f', 'nolog'], []),
      ];
      assert.deepEqual(results.map((r) => r.ours), results.map((r) => r.real));
    });

    test('fg: typed lines reach the process, its output comes back, EOF leaves', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      await prepare(server, [['start', 'cat']]);
      try {
        const steps = (last: 'kill' | null) => [
          { until: /Press Ctrl-C to exit <==\n/, then: 'hello fg\n' },
          { until: /hello fg\n/, then: 'end-input' },
          // 4.2.5's stream thread lingers up to 30 s (its select timeout) after printing this.
          ...(last === null ? [] : [{ until: /Exiting foreground\n/, then: last }]),
        ];
        // One client at a time, each on an empty log: the stream starts with the log's last bytes.
        await prepare(server, [['clear', 'cat']]);
        const real = normalize(['fg'], await converse(spawnClient('real', server, ['fg', 'cat']), steps('kill')), server.dir);
        await prepare(server, [['clear', 'cat']]);
        const ours = normalize(['fg'], await converse(spawnClient('ours', server, ['fg', 'cat']), steps(null)), server.dir);
        assert.deepEqual({ ...ours, code: null }, real);
        assert.deepEqual([ours.stdout, ours.code], ['==> Press Ctrl-C to exit <==\nhello fg\nExiting foreground\n', 0]);
        // Ctrl-C while fg waits for input (compat §8.6). Not raced against 4.2.5: a SIGINT that
        // arrives before its input loop starts kills it with a traceback.
        await prepare(server, [['clear', 'cat']]);
        const oursC = await converse(spawnClient('ours', server, ['fg', 'cat']), [{ until: /Press Ctrl-C to exit <==\n/, then: 'interrupt' }]);
        assert.deepEqual([oursC.stdout, oursC.code], ['==> Press Ctrl-C to exit <==\nExiting foreground\n', 0]);
      } finally {
        await prepare(server, [['stop', 'cat']]);
      }
    });

    test('the shell on piped input: prompt, status first, help, errors, confirmations, EOF', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      const input = 'help\nfoo bar\nversion\nstatus nosuch\n\n?start\nshutdown\nn\nreload\nno\nhelp nosuch\n';
      const [real] = await realBatch(server, [{ args: [], input }]);
      const ours = await oursInProcess(server, ['shell'], { input });
      assert.deepEqual(normalize(['shell'], ours, server.dir), normalize(['shell'], real!, server.dir));
      const quit = await oursInProcess(server, ['shell'], { input: 'version\nquit\nversion\n' });
      assert.match(quit.stdout, /supervisor> 4\.2\.5\nsupervisor> \n$/);
      assert.equal(quit.code, 0);
    });

    test('ours: tail -f over several processes, each line prefixed with its name', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      const r = await converse(spawnClient('ours', server, ['tail', '-f', 'talker', 'grp:*', 'nosuch']), [
        { until: /talker +\| out line 3\n/, then: 'interrupt' },
      ]);
      assert.equal(r.stderr, 'nosuch: ERROR (no such process)\n');
      assert.equal(r.code, 1, 'an unknown name is an error, the others are still followed');
      assert.match(r.stdout, /^==> Press Ctrl-C to exit <==\n/);
      assert.match(r.stdout, /^talker +\| out line 1\ntalker +\| out line 2\ntalker +\| out line 3\n/m);
      assert.match(r.stdout, /\n\n$/, 'Ctrl-C prints an empty line');
      const coloured = await converse(spawnClient('ours', server, ['tail', '-f', 'grp:*', 'talker', 'stderr'], { FORCE_COLOR: '1' }), [
        { until: /err line\n/, then: 'interrupt' },
      ]);
      assert.match(coloured.stdout, /\x1b\[\d+mtalker +\| \x1b\[0merr line\n/, 'coloured, aligned prefixes with FORCE_COLOR');
    });
  },
  { describe, before, after },
);

/**
 * Connection problems (refused, missing socket, wrong or missing password) and the TCP transport
 * with a password: supervisorctl's message and exit status for each command.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../helpers/cli.ts';
import { freePort } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { converse, forEachDaemon, interruptedCleanly, normalize, oursInProcess, realBatch, realSkipReason, runCases, spawnClient, type Case } from './golden.ts';

/** Commands that check the connection first print supervisorctl's one-line message. */
const UPCHECKED = [
  ['status'], ['status', 'x'], ['version'], ['pid'], ['pid', 'x'], ['tail', 'x'], ['tail', '-f', 'x'], ['maintail'], ['start', 'x'],
  ['stop', 'x'], ['restart', 'x'], ['signal', 'HUP', 'x'], ['clear', 'x'], ['fg', 'x'], ['shutdown'], ['open', 'unix:///nonexistent/x.sock'],
];
/** These call the server without the check: 4.2.5 prints a Python exception; ours a plain `error:` line, same status. */
const UNCHECKED = [['avail'], ['reread'], ['update'], ['add', 'x'], ['remove', 'x'], ['reload']];

describe('unreachable server', () => {
  const skip = realSkipReason();
  const tmp = makeTmpDir('svn-');
  after(() => tmp.cleanup());

  for (const [what, url] of [
    ['missing socket', `unix://${tmp.dir}/none.sock`],
    ['refused connection', 'http://127.0.0.1:{PORT}'],
  ] as const) {
    test(`${what}: same message and status as supervisorctl`, { skip }, async () => {
      const conf = join(tmp.dir, `${what.replace(' ', '-')}.conf`);
      const serverurl = url.replace('{PORT}', String(await freePort()));
      writeFileSync(conf, `[supervisorctl]\nserverurl=${serverurl}\n`);
      const server = { conf };
      const cases: Case[] = UPCHECKED.map((args) => ({ args }));
      const real = await realBatch(server, cases);
      const ours: CliResult[] = [];
      for (const c of cases) ours.push(await oursInProcess(server, c.args));
      assert.deepEqual(
        cases.map((c, i) => normalize(c.args, ours[i]!, tmp.dir)),
        cases.map((c, i) => normalize(c.args, real[i]!, tmp.dir)),
      );
      const message = what === 'missing socket' ? 'no such file' : 'refused connection';
      for (const args of UNCHECKED) {
        const r = await oursInProcess(server, args);
        assert.deepEqual([r.stdout, r.code], [`error: ${serverurl} ${message}\n`, 1], args.join(' '));
      }
    });
  }

  test('a config file without [supervisorctl], a missing one', { skip }, async () => {
    const conf = join(tmp.dir, 'nosection.conf');
    writeFileSync(conf, '[supervisord]\n');
    const cases: Case[] = [{ args: ['status'] }];
    const missing = { conf: join(tmp.dir, 'missing.conf') };
    const real = [...(await realBatch({ conf }, cases)), ...(await realBatch(missing, cases))];
    const ours = [await oursInProcess({ conf }, ['status']), await oursInProcess(missing, ['status'])];
    assert.deepEqual(
      ours.map((r) => normalize(['status'], r, tmp.dir)),
      real.map((r) => normalize(['status'], r, tmp.dir)),
    );
  });
});

const TCP_CASES: Case[] = [
  { args: ['status'] },
  { args: ['version'] },
  { args: ['pid', 'sleeper'] },
  { args: ['tail', 'sleeper'] },
  { args: ['avail'] },
  { args: ['start', 'idle'], before: [['stop', 'idle']] },
  { args: ['stop', 'idle'], before: [['start', 'idle']] },
  { args: ['status'], process: true },
];

forEachDaemon(
  'TCP with a password',
  'inet.conf',
  { vars: async () => ({ PORT: String(await freePort()) }) },
  (ctx) => {
    test('the commands over http:// with basic auth', async (t) => {
      if (ctx.skipped(t)) return;
      const { ours, real } = await runCases(ctx.server(), TCP_CASES);
      assert.deepEqual(ours, real);
    });

    test('tail -f over http:// sends the credentials too', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      const steps = [{ until: /hello over tcp\n/, then: 'interrupt' }];
      const [ours, real] = await Promise.all(
        (['ours', 'real'] as const).map(async (c) =>
          interruptedCleanly(c, normalize(['tail -f'], await converse(spawnClient(c, server, ['tail', '-f', 'sleeper']), steps), server.dir)),
        ),
      );
      assert.deepEqual(ours, real);
      assert.equal(ours!.stdout, '==> Press Ctrl-C to exit <==\nhello over tcp\n\n');
    });

    test('wrong or missing password: one line, status 1 (4.2.5 adds a ProtocolError line)', async (t) => {
      if (ctx.skipped(t)) return;
      const server = ctx.server();
      const url = `http://127.0.0.1:${server.vars.PORT!}`;
      const bare = join(server.dir, 'bare.conf');
      writeFileSync(bare, `[supervisorctl]\nserverurl=${url}\n`);
      for (const [conf, args] of [
        [server.conf, ['-p', 'wrong', 'status']],
        [server.conf, ['-u', 'nobody', 'version']],
        [bare, ['status']],
        [bare, ['avail']],
      ] as const) {
        const [real] = await realBatch({ conf }, [{ args: [...args] }]);
        const ours = await oursInProcess({ conf }, [...args]);
        assert.equal(real!.stdout.split('\n')[0], 'Server requires authentication', 'the reference');
        assert.deepEqual([ours.stdout, ours.stderr, ours.code], ['Server requires authentication\n', '', real!.code], args.join(' '));
      }
      const ok = await oursInProcess({ conf: bare }, ['-u', 'user', '-p', 'secret', 'version']);
      assert.deepEqual([ok.stdout, ok.code], ['4.2.5\n', 0], 'credentials from the command line');
    });
  },
  { describe, before, after },
);

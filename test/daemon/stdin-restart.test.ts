import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../src/client/index.ts';
import { spawnCli } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

// A restart is a stop then a start in one breath (multicall, the web page's Restart): the old child's
// stdin pipe reports 'close' after the new child is attached, and must not take the new stdin with it.
test('sendProcessStdin works after stop+start in one multicall', async (t) => {
  const { dir, cleanup } = makeTmpDir('svt-stdin-');
  t.after(cleanup);
  const sock = join(dir, 's.sock');
  const conf = join(dir, 'sv.conf');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\nchildlogdir=${dir}\n` +
      `[unix_http_server]\nfile=${sock}\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
      `[program:cat]\ncommand=cat\nstartsecs=0\n`,
  );
  const daemon = spawnCli(['daemon', '-n', '-c', conf]);
  const client = createClient({ serverurl: `unix://${sock}` });
  t.after(async () => {
    client.close();
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('close', r));
  });
  await waitFor(async () => (await client.getProcessInfo('cat')).statename === 'RUNNING', { message: 'cat RUNNING' });
  for (let i = 0; i < 3; i++) {
    const results = await client.multicall([
      { methodName: 'supervisor.stopProcess', params: ['cat'] },
      { methodName: 'supervisor.startProcess', params: ['cat'] },
    ]);
    assert.deepEqual(results, [true, true]);
    assert.equal(await client.sendProcessStdin('cat', `round ${i}\n`), true);
  }
  await waitFor(async () => (await client.readProcessLog('cat', 'stdout', 0, 0)).includes('round 2\n'), { message: 'the last round in the log' });
});

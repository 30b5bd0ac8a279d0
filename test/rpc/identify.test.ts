/**
 * `supervisortui.identify` against a real daemon of ours (from source) and Debian's supervisord:
 * ours says what it is and lists/documents the method; supervisord faults UNKNOWN_METHOD, which the
 * client reads as "supervisord <getSupervisorVersion>". getSupervisorVersion stays 4.2.5 on ours.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import { identify } from '../../src/client/identify.ts';
import { daemonLabel } from '../../src/protocol/identify.ts';
import { ROOT } from '../helpers/cli.ts';
import { writeConfig } from '../helpers/config-file.ts';
import { startDaemonProcess, supervisordSkipReason, type DaemonKind } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

async function withDaemon(kind: DaemonKind, t: import('node:test').TestContext) {
  const { dir, cleanup } = makeTmpDir('svtui-ident-');
  const { conf, sock } = writeConfig(dir, ['[program:a]', 'command=sleep 1000', 'autostart=false']);
  const client = createClient({ serverurl: `unix://${sock}` });
  const daemon = await startDaemonProcess(kind, conf, { ready: async () => (await client.getState()).statename === 'RUNNING', timeoutMs: 30_000 });
  t.after(async () => {
    client.close();
    await daemon.stop();
    cleanup();
  });
  return client;
}

test('ours: identify says supervisor-tui, its version, the API it speaks, pid and Node', { timeout: 60_000 }, async (t) => {
  const client = await withDaemon('ours', t);
  const id = await identify(client);
  assert.deepEqual(id, {
    name: 'supervisor-tui',
    version: pkg.version,
    api_version: '3.0',
    supervisor_version: '4.2.5',
    pid: await client.getPID(),
    node_version: process.versions.node,
  });
  assert.equal(daemonLabel(id, await client.getSupervisorVersion()), `supervisor-tui ${pkg.version}`);
  assert.equal(await client.getSupervisorVersion(), '4.2.5', 'what supervisorctl expects');
  assert.ok(((await client.call('system.listMethods')) as string[]).includes('supervisortui.identify'));
  assert.match(String(await client.call('system.methodHelp', ['supervisortui.identify'])), /Return what this daemon is/);
  assert.deepEqual(await client.call('system.methodSignature', ['supervisortui.identify']), ['struct']);
});

test('real supervisord: no identify, so the client names it by getSupervisorVersion', { skip: supervisordSkipReason(), timeout: 60_000 }, async (t) => {
  const client = await withDaemon('real', t);
  const id = await identify(client);
  assert.equal(id, null);
  assert.equal(daemonLabel(id, await client.getSupervisorVersion()), 'supervisord 4.2.5');
});

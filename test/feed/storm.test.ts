/**
 * Our daemon as a whole process with 1,000 programs, all restarted at once while a feed reader
 * watches: the table it builds from the feed alone ends equal to getAllProcessInfo.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { createClient } from '../../src/client/client.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import { startDaemonProcess, type DaemonProcess } from '../helpers/daemon.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { openFeed } from './feed-reader.ts';

const N = 1000;
const tmp = makeTmpDir('svfs-');
const D = tmp.dir;
const sock = join(D, 's.sock');
let daemon: DaemonProcess;
let client: SupervisorClient;

before(async () => {
  const conf = join(D, 'supervisord.conf');
  writeFileSync(
    conf,
    `[supervisord]
logfile=${D}/supervisord.log
pidfile=${D}/supervisord.pid
childlogdir=${D}
minfds=4096

[unix_http_server]
file=${sock}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:p]
command=sleep 1000
process_name=p%(process_num)04d
numprocs=${N}
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
`,
  );
  client = createClient({ serverurl: `unix://${sock}`, timeoutMs: 120_000 });
  daemon = await startDaemonProcess('ours', conf, {
    timeoutMs: 120_000,
    ready: async () => (await client.getAllProcessInfo()).filter((p) => p.statename === 'RUNNING').length === N,
  });
});

after(async () => {
  client?.close();
  await daemon?.stop();
  tmp.cleanup();
});

it('delivers every final state of a 1,000-process restart', async () => {
  const r = await openFeed(sock);
  await r.until((x) => x.table() !== null, 30_000, 'the snapshot');
  const before = new Map(r.table()!.infos.map((p) => [p.name, p.pid]));
  assert.equal(before.size, N);
  await client.stopAllProcesses(false);
  // startAll skips a process still STOPPING: wait for the whole storm of stops to land first.
  await waitFor(async () => (await client.getAllProcessInfo()).every((p) => p.statename === 'STOPPED'), { timeoutMs: 60_000, intervalMs: 250, message: 'every process stopped' });
  await client.startAllProcesses(true);
  const final = await client.getAllProcessInfo();
  assert.ok(final.every((p) => p.statename === 'RUNNING'));
  const key = (p: { name: string; statename: string; pid: number; start: number; exitstatus: number; spawnerr: string }) =>
    `${p.name} ${p.statename} ${p.pid} ${p.start} ${p.exitstatus} ${p.spawnerr}`;
  const want = final.map(key).join('\n');
  await r.until((x) => x.table()!.infos.map(key).join('\n') === want, 60_000, 'the feed to show every final state');
  // Every process got a new pid. (States passed through within one burst are coalesced: only final states are promised.)
  assert.ok(r.table()!.infos.every((p) => p.pid !== before.get(p.name)));
  console.log(`# storm: ${r.messages.filter((m) => m.t === 'changes').length} changes messages, ${r.bytes()} bytes`);
  r.close();
});

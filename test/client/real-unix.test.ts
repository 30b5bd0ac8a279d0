/** Every client method once against the real supervisord 4.2.5 over its unix socket. */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import { createClient } from '../../src/client/client.ts';
import { ClientError, type SupervisorClient } from '../../src/client/types.ts';
import { waitFor } from '../helpers/wait.ts';
import { supervisordSkipReason } from '../helpers/daemon.ts';
import { startSupervisord, type RealSupervisord } from './real-supervisord.ts';

const skip = supervisordSkipReason();
let sv: RealSupervisord;
let c: SupervisorClient;

const PROGRAMS = `
[program:talker]
command=sh -c 'i=0; while true; do i=$((i+1)); echo "line $i"; echo "err $i" >&2; sleep 0.1; done'
startsecs=0
stopwaitsecs=1

[program:sleeper]
command=sleep 1000
autostart=false
startsecs=0
stopwaitsecs=1

[program:cat]
command=cat
startsecs=0
stopwaitsecs=1
`;

async function fault(p: Promise<unknown>, code: number): Promise<RpcFault> {
  const err = await p.then(
    () => assert.fail(`expected fault ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RpcFault, `expected RpcFault, got ${String(err)}`);
  assert.equal(err.faultCode, code, err.faultString);
  return err;
}

before(async () => {
  if (skip) return;
  sv = await startSupervisord({ programs: PROGRAMS });
  c = createClient({ serverurl: `unix://${sv.sock}`, timeoutMs: 10_000 });
  await waitFor(async () => (await c.getProcessInfo('talker')).statename === 'RUNNING', { message: 'talker RUNNING' });
});

after(async () => {
  c?.close();
  await sv?.stop();
});

test('identity and state', { skip }, async () => {
  assert.equal(c.isLocal, true);
  assert.equal(await c.getAPIVersion(), '3.0');
  assert.equal(await c.getVersion(), '3.0');
  assert.match(await c.getSupervisorVersion(), /^\d+\.\d+/);
  assert.equal(await c.getIdentification(), 'clienttest');
  assert.deepEqual(await c.getState(), { statecode: 1, statename: 'RUNNING' });
  assert.ok(Number.isInteger(await c.getPID()));
});

test('system.* methods', { skip }, async () => {
  const methods = await c.listMethods();
  assert.ok(methods.includes('supervisor.getAllProcessInfo') && methods.includes('system.multicall'));
  assert.equal(typeof (await c.methodHelp('supervisor.getState')), 'string');
  assert.deepEqual(await c.methodSignature('supervisor.getState'), ['struct']);
  await fault(c.methodSignature('supervisor.nosuch'), Faults.SIGNATURE_UNSUPPORTED);
  await fault(c.call('supervisor.nosuch'), Faults.UNKNOWN_METHOD);
});

test('process info and config info', { skip }, async () => {
  const all = await c.getAllProcessInfo();
  assert.deepEqual(all.map((p) => p.name), ['cat', 'sleeper', 'talker']);
  const talker = await c.getProcessInfo('talker');
  assert.equal(talker.statename, 'RUNNING');
  assert.equal(typeof talker.pid, 'number');
  assert.match(talker.description, /^pid \d+, uptime /);
  assert.equal(all.find((p) => p.name === 'sleeper')?.statename, 'STOPPED');
  await fault(c.getProcessInfo('nosuch'), Faults.BAD_NAME);
  const cfg = await c.getAllConfigInfo();
  const sleeper = cfg.find((x) => x.name === 'sleeper');
  assert.equal(sleeper?.command, 'sleep 1000');
  assert.equal(sleeper?.autostart, false);
  assert.deepEqual(sleeper?.exitcodes, [0]);
});

test('start, stop, signal: single, group and all, with faults', { skip }, async () => {
  assert.equal(await c.startProcess('sleeper'), true);
  await fault(c.startProcess('sleeper'), Faults.ALREADY_STARTED);
  assert.equal(await c.signalProcess('sleeper', 'CONT'), true);
  await fault(c.signalProcess('sleeper', 'NOSUCHSIG'), Faults.BAD_SIGNAL);
  assert.equal(await c.stopProcess('sleeper'), true);
  await fault(c.stopProcess('sleeper'), Faults.NOT_RUNNING);
  assert.deepEqual(await c.startProcessGroup('sleeper'), [{ name: 'sleeper', group: 'sleeper', status: Faults.SUCCESS, description: 'OK' }]);
  const sig = await c.signalProcessGroup('sleeper', 'CONT');
  assert.deepEqual(sig.map((r) => [r.name, r.status]), [['sleeper', Faults.SUCCESS]]);
  const sigAll = await c.signalAllProcesses(18);
  assert.deepEqual(sigAll.map((r) => r.name).sort(), ['cat', 'sleeper', 'talker']);
  assert.deepEqual((await c.stopProcessGroup('sleeper')).map((r) => r.status), [Faults.SUCCESS]);
  await fault(c.startProcessGroup('nosuch'), Faults.BAD_NAME);
  assert.equal(await c.startProcess('sleeper', false), true);
  await waitFor(async () => (await c.getProcessInfo('sleeper')).statename === 'RUNNING', { message: 'sleeper RUNNING' });
  assert.equal(await c.stopProcess('sleeper', false), true);
  await waitFor(async () => (await c.getProcessInfo('sleeper')).statename === 'STOPPED', { message: 'sleeper STOPPED' });
});

test('stdin, log reads and tails', { skip }, async () => {
  assert.equal(await c.sendProcessStdin('cat', 'hello from the client\n'), true);
  await waitFor(async () => (await c.readProcessLog('cat', 'stdout', 0, 0)).includes('hello from the client'));
  const [data, offset, overflow] = await c.tailProcessLog('cat', 'stdout', 0, 1000);
  assert.ok(data.includes('hello from the client'));
  assert.equal(offset, Buffer.byteLength(data));
  assert.equal(overflow, false);
  assert.match(await c.readProcessLog('talker', 'stderr', -100, 0), /err \d+/);
  const [errTail] = await c.tailProcessLog('talker', 'stderr', 0, 10);
  assert.match(errTail, /\n$/);
  assert.match(await c.readLog(0, 0), /supervisord started/);
  await fault(c.readLog(-1, 5), Faults.BAD_ARGUMENTS);
  await fault(c.readProcessLog('nosuch', 'stdout', 0, 0), Faults.BAD_NAME);
});

test('log streams: a line the child writes arrives; 404 for an unknown process; close is clean', { skip }, async () => {
  const chunks: Buffer[] = [];
  let ended: { err: ClientError | undefined } | null = null;
  const s = c.tailStream('talker', 'stdout', {
    onData: (b) => chunks.push(b),
    onEnd: (err) => (ended = { err }),
  });
  const first = await waitFor(() => /line (\d+)\n/.exec(Buffer.concat(chunks).toString()), { message: 'a line' });
  const n = Number(first[1]);
  // A line written after the stream opened arrives too.
  await waitFor(() => Buffer.concat(chunks).toString().includes(`line ${n + 3}\n`), { message: `line ${n + 3}` });
  s.close();
  assert.deepEqual(ended, { err: undefined });

  const main: Buffer[] = [];
  const m = c.mainTailStream({ onData: (b) => main.push(b), onEnd: () => undefined });
  try {
    await waitFor(() => main.length > 0, { message: 'main log tail' });
    // A new main-log line arrives on the open stream.
    await c.startProcess('sleeper');
    await waitFor(() => Buffer.concat(main).toString().includes("spawned: 'sleeper'"), { message: 'spawned line' });
    await c.stopProcess('sleeper');
  } finally {
    m.close();
  }

  const err = await new Promise<ClientError | undefined>((resolve) => {
    c.tailStream('nosuch', 'stderr', { onData: () => undefined, onEnd: resolve });
  });
  assert.ok(err instanceof ClientError);
  assert.equal(err.kind, 'http');
  assert.equal(err.status, 404);
  assert.equal(err.message, `unix://${sv.sock} Cannot read, status code 404`);
});

test('clearing logs and remote events', { skip }, async () => {
  assert.equal(await c.clearProcessLogs('cat'), true);
  const cleared = await c.clearAllProcessLogs();
  assert.deepEqual(cleared.map((r) => r.name).sort(), ['cat', 'sleeper', 'talker']);
  assert.equal(await c.clearLog(), true);
  assert.equal(await c.sendRemoteCommEvent('mytype', 'payload'), true);
});

test('multicall returns unwrapped values and faults per entry', { skip }, async () => {
  const pid = await c.getPID();
  const res = await c.multicall([
    { methodName: 'supervisor.getPID' },
    { methodName: 'supervisor.nosuch' },
    { methodName: 'supervisor.getState' },
    { methodName: 'supervisor.getProcessInfo', params: ['nosuch'] },
    { methodName: 'supervisor.getProcessInfo', params: ['talker'] },
  ]);
  assert.equal(res[0], pid);
  assert.ok(res[1] instanceof RpcFault && res[1].faultCode === Faults.UNKNOWN_METHOD);
  assert.deepEqual(res[2], { statecode: 1, statename: 'RUNNING' });
  assert.ok(res[3] instanceof RpcFault && res[3].faultString === 'BAD_NAME: nosuch');
  assert.equal((res[4] as { name: string }).name, 'talker');
});

test('reloadConfig, addProcessGroup, removeProcessGroup', { skip }, async () => {
  appendFileSync(join(sv.dir, 'supervisord.conf'), '\n[program:newprog]\ncommand=sleep 1000\nstartsecs=0\n');
  assert.deepEqual(await c.reloadConfig(), { added: ['newprog'], changed: [], removed: [] });
  assert.equal(await c.addProcessGroup('newprog'), true);
  await fault(c.addProcessGroup('newprog'), Faults.ALREADY_ADDED);
  await fault(c.removeProcessGroup('newprog'), Faults.STILL_RUNNING);
  assert.deepEqual((await c.stopAllProcesses()).map((r) => r.name).sort(), ['cat', 'newprog', 'talker']);
  assert.equal(await c.removeProcessGroup('newprog'), true);
  await fault(c.addProcessGroup('nosuch'), Faults.BAD_NAME);
  assert.deepEqual((await c.startAllProcesses()).map((r) => r.name).sort(), ['cat', 'sleeper', 'talker']);
});

test('restart keeps the client usable (kept-alive connection replaced), shutdown ends it', { skip }, async () => {
  const pid = await c.getPID();
  assert.equal(await c.restart(), true);
  await waitFor(async () => (await c.getState()).statename === 'RUNNING', { message: 'restarted', timeoutMs: 20_000 });
  assert.equal(await c.getPID(), pid);
  assert.equal(await c.shutdown(), true);
  // SHUTDOWN_STATE faults while it stops, then the socket goes away.
  const err = await waitFor(() => c.getPID().then(() => null, (e: unknown) => (e instanceof RpcFault ? null : e)), { message: 'server gone', timeoutMs: 20_000 });
  assert.ok(err instanceof ClientError, String(err));
  assert.ok(err.kind === 'nofile' || err.kind === 'refused' || err.kind === 'network', err.message);
});

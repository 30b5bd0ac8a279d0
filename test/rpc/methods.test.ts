/**
 * Every supervisor.* / system.* method against a real engine with real children: result shapes,
 * faults and fault strings, deferred waits, multicall, SHUTDOWN_STATE, dispatch hardening.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Config, GroupConfig } from '../../src/config/types.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';
import { encodeResponse } from '../../src/xmlrpc/encode.ts';
import { createRpc } from '../../daemon/rpc/create.ts';
import type { Dispatcher } from '../../daemon/rpc/dispatch.ts';
import type { Supervisor } from '../../daemon/supervisor.ts';
import { makeConfig, newSupervisor, processConfig, program, shutdown, waitState } from '../daemon/helpers.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

const tmp = makeTmpDir('svr-');
const D = tmp.dir;

function groups(extra: GroupConfig[] = []): GroupConfig[] {
  const logs = (name: string) => ({ stdout_logfile: join(D, `${name}.out`), stderr_logfile: join(D, `${name}.err`) });
  return [
    program('sleeper', 'sleep 1000', { startsecs: 0, ...logs('sleeper') }),
    program('echo', `/bin/sh -c "printf 'err text\\n' >&2; printf 'caf\\303\\251\\n'; exec sleep 1000"`, { startsecs: 0, ...logs('echo') }),
    program('quick', '/bin/sh -c "exit 0"', { autostart: false, startsecs: 0, autorestart: false, ...logs('quick') }),
    program('nofile', '/nonexistent/prog', { autostart: false, ...logs('nofile') }),
    program('dies', '/bin/sh -c "exit 3"', { autostart: false, startsecs: 1, startretries: 0, ...logs('dies') }),
    program('slow', 'sleep 1000', { autostart: false, startsecs: 1, ...logs('slow') }),
    program('cat', 'cat', { autostart: false, startsecs: 0, ...logs('cat') }),
    program('nolog', 'sleep 1000', { autostart: false, startsecs: 0, stdout_logfile: null, stderr_logfile: null, stdout_logfile_maxbytes: 3 * 1024 * 1024 * 1024 }),
    {
      type: 'group',
      name: 'grp',
      priority: 999,
      processes: [
        processConfig('g1', 'sleep 1000', { startsecs: 0, priority: 2, ...logs('g1') }),
        processConfig('g2', 'sleep 1000', { startsecs: 1, autostart: false, priority: 1, ...logs('g2') }),
      ],
    },
    ...extra,
  ];
}

let config: Config;
let nextConfig: Config | Error;
let sv: Supervisor;
let rpc: Dispatcher;

async function call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
  return rpc.call(method, params);
}

async function fault(method: string, ...params: XmlRpcValue[]): Promise<string> {
  try {
    await rpc.call(method, params);
  } catch (err) {
    if (err instanceof RpcFault) return err.faultString;
    throw err;
  }
  throw new Error(`${method} did not fault`);
}

before(async () => {
  config = makeConfig(D, groups());
  nextConfig = config;
  ({ sv } = newSupervisor(config, () => {
    if (nextConfig instanceof Error) throw nextConfig;
    return nextConfig;
  }));
  rpc = createRpc(sv);
  sv.start();
  await waitState(sv, 'sleeper', 'RUNNING');
  await waitState(sv, 'echo', 'RUNNING');
  await waitState(sv, 'grp:g1', 'RUNNING');
  await waitFor(() => readFileSync(join(D, 'echo.out')).length === 6 && readFileSync(join(D, 'echo.err')).length === 9);
});

after(async () => {
  if (sv.mood === 'RUNNING') await shutdown(sv);
  else {
    await sv.whenStopped();
    await sv.close();
  }
  tmp.cleanup();
});

describe('dispatch', () => {
  it('answers only the public table: no property paths, no private names', async () => {
    for (const name of ['supervisor.__proto__', 'supervisor.constructor', 'system._listMethods', 'supervisor._update', 'supervisor.getState.call', 'a.b.c', 'getState', '', 'supervisor.', 'nosuch.getState']) {
      assert.equal(await fault(name), 'UNKNOWN_METHOD', name);
    }
  });

  it('checks arity and types', async () => {
    assert.equal(await fault('supervisor.getPID', 1), 'INCORRECT_PARAMETERS');
    assert.equal(await fault('supervisor.getProcessInfo'), 'INCORRECT_PARAMETERS');
    assert.equal(await fault('supervisor.getProcessInfo', 5), 'INCORRECT_PARAMETERS');
    assert.equal(await fault('supervisor.readLog', 'a', 0), 'INCORRECT_PARAMETERS');
    assert.equal(await fault('supervisor.startProcess', 'sleeper', true, 1), 'INCORRECT_PARAMETERS');
    assert.equal(await fault('supervisor.sendProcessStdin', 'cat', 5), 'INCORRECT_PARAMETERS: 5');
  });
});

describe('system.*', () => {
  it('lists every method of 4.2.5, sorted, and our own namespace apart', async () => {
    const names = (await call('system.listMethods')) as string[];
    assert.equal(names.filter((n) => !n.startsWith('supervisortui.')).length, 41);
    assert.ok(names.includes('supervisortui.getProcessStats'));
    assert.deepEqual(names, [...names].sort());
    for (const n of ['supervisor.getVersion', 'supervisor.readMainLog', 'supervisor.clearProcessLog', 'supervisor.tailProcessLog', 'system.multicall']) assert.ok(names.includes(n), n);
  });

  it('gives signatures and help, SIGNATURE_UNSUPPORTED otherwise', async () => {
    assert.deepEqual(await call('system.methodSignature', 'supervisor.startProcess'), ['boolean', 'string', 'boolean']);
    assert.deepEqual(await call('system.methodSignature', 'supervisor.tailProcessStdoutLog'), ['array', 'string', 'int', 'int']);
    assert.deepEqual(await call('system.methodSignature', 'supervisor.signalAllProcesses'), ['array', 'string']);
    assert.deepEqual(await call('system.methodSignature', 'system.multicall'), ['array', 'array']);
    assert.match(String(await call('system.methodHelp', 'supervisor.getPID')), /Return the PID of supervisord/);
    assert.equal(await fault('system.methodHelp', 'supervisor.nosuch'), 'SIGNATURE_UNSUPPORTED');
    assert.equal(await fault('system.methodSignature', 'supervisor.__proto__'), 'SIGNATURE_UNSUPPORTED');
  });

  it('multicall returns bare values and fault structs, in order', async () => {
    const r = await call('system.multicall', [
      { methodName: 'supervisor.getPID' },
      { methodName: 'supervisor.nosuch', params: [] },
      { methodName: 'supervisor.getProcessInfo', params: ['nosuch'] },
      { params: [] },
      { methodName: 'system.multicall', params: [[]] },
      { methodName: 'supervisor.startProcess', params: ['quick', false] },
      { methodName: 'supervisor.getAPIVersion', params: [] },
      { methodName: 'supervisor.getPID', params: [1] },
    ]);
    assert.deepEqual(r, [
      process.pid,
      { faultCode: 1, faultString: 'UNKNOWN_METHOD' },
      { faultCode: 10, faultString: 'BAD_NAME: nosuch' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: No methodName' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden' },
      true,
      '3.0',
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS' },
    ]);
    await waitState(sv, 'quick', 'EXITED');
  });
});

describe('supervisor.* reads', () => {
  it('identifies the daemon', async () => {
    assert.equal(await call('supervisor.getAPIVersion'), '3.0');
    assert.equal(await call('supervisor.getVersion'), '3.0');
    assert.equal(await call('supervisor.getSupervisorVersion'), '4.2.5');
    assert.equal(await call('supervisor.getIdentification'), 'supervisor');
    assert.deepEqual(await call('supervisor.getState'), { statecode: 1, statename: 'RUNNING' });
    assert.equal(await call('supervisor.getPID'), process.pid);
  });

  it('getProcessInfo has every key in wire order', async () => {
    const info = (await call('supervisor.getProcessInfo', 'sleeper')) as Record<string, XmlRpcValue>;
    assert.deepEqual(Object.keys(info), ['name', 'group', 'start', 'stop', 'now', 'state', 'statename', 'spawnerr', 'exitstatus', 'logfile', 'stdout_logfile', 'stderr_logfile', 'pid', 'description']);
    assert.equal(info['statename'], 'RUNNING');
    assert.equal(info['state'], 20);
    assert.equal(info['logfile'], join(D, 'sleeper.out'));
    assert.match(String(info['description']), /^pid \d+, uptime 0:00:\d\d$/);
    assert.equal(await fault('supervisor.getProcessInfo', 'grp:*'), 'BAD_NAME: grp:*');
    assert.equal(await fault('supervisor.getProcessInfo', 'g1'), 'BAD_NAME: g1');
    const nolog = (await call('supervisor.getProcessInfo', 'nolog')) as Record<string, XmlRpcValue>;
    assert.equal(nolog['stdout_logfile'], '');
    assert.equal(nolog['description'], 'Not started');
  });

  it('getAllProcessInfo is lexical; getAllConfigInfo sorted by name with none/auto and <i8> for big ints', async () => {
    const all = (await call('supervisor.getAllProcessInfo')) as Record<string, XmlRpcValue>[];
    assert.deepEqual(all.map((i) => `${i['group']}:${i['name']}`), ['cat:cat', 'dies:dies', 'echo:echo', 'grp:g1', 'grp:g2', 'nofile:nofile', 'nolog:nolog', 'quick:quick', 'sleeper:sleeper', 'slow:slow']);
    const conf = (await call('supervisor.getAllConfigInfo')) as Record<string, XmlRpcValue>[];
    assert.deepEqual(conf.map((c) => c['name']), ['cat', 'dies', 'echo', 'g1', 'g2', 'nofile', 'nolog', 'quick', 'sleeper', 'slow']);
    const nolog = conf.find((c) => c['name'] === 'nolog')!;
    assert.equal(nolog['stdout_logfile'], 'none');
    assert.equal(nolog['uid'], 'none');
    assert.equal(nolog['directory'], 'none');
    assert.equal(nolog['serverurl'], 'none');
    assert.equal(nolog['stopsignal'], 15);
    assert.equal(nolog['inuse'], true);
    assert.match(encodeResponse(conf), /<i8>3221225472<\/i8>/);
  });

  it('reads logs with Supervisor offsets, and valid UTF-8 when a range cuts a character', async () => {
    assert.equal(await call('supervisor.readProcessStderrLog', 'echo', 0, 0), 'err text\n');
    assert.equal(await call('supervisor.readProcessStderrLog', 'echo', 4, 3), 'tex');
    assert.equal(await call('supervisor.readProcessStderrLog', 'echo', -5, 0), 'text\n');
    assert.equal(await call('supervisor.readProcessStderrLog', 'echo', 100, 0), '');
    assert.equal(await fault('supervisor.readProcessStderrLog', 'echo', -5, 2), 'BAD_ARGUMENTS');
    assert.equal(await fault('supervisor.readProcessStderrLog', 'echo', 0, -1), 'BAD_ARGUMENTS');
    assert.equal(await call('supervisor.readProcessStdoutLog', 'echo', -2, 0), '\uFFFD\n');
    assert.equal(await call('supervisor.readProcessLog', 'echo', 0, 0), 'café\n');
    assert.equal(await fault('supervisor.readProcessStdoutLog', 'nolog', 0, 0), 'NO_FILE');
    assert.equal(await fault('supervisor.readProcessStdoutLog', 'grp:*', 0, 0), 'BAD_NAME: grp:*');
    const mainLog = join(D, 'supervisord.log');
    writeFileSync(mainLog, 'main log line\n');
    assert.equal(await call('supervisor.readLog', -9, 0), 'log line\n');
    assert.equal(await call('supervisor.readMainLog', 0, 4), 'main');
  });

  it('tails with the overflow rules', async () => {
    assert.deepEqual(await call('supervisor.tailProcessStderrLog', 'echo', 0, 100), ['err text\n', 9, false]);
    assert.deepEqual(await call('supervisor.tailProcessStderrLog', 'echo', 0, 4), ['ext\n', 9, true]);
    assert.deepEqual(await call('supervisor.tailProcessStderrLog', 'echo', 5, 4), ['ext\n', 9, false]);
    assert.deepEqual(await call('supervisor.tailProcessStderrLog', 'echo', 20, 4), ['', 9, false]);
    assert.deepEqual(await call('supervisor.tailProcessLog', 'nolog', 0, 100), ['', 0, false]);
    assert.equal(await fault('supervisor.tailProcessStdoutLog', 'nosuch', 0, 1), 'BAD_NAME: nosuch');
  });
});

describe('supervisor.* process control', () => {
  it('startProcess: faults in Supervisor order, wait until RUNNING', async () => {
    assert.equal(await fault('supervisor.startProcess', 'nosuch'), 'BAD_NAME: nosuch');
    assert.match(await fault('supervisor.startProcess', 'nofile'), /^NO_FILE: can't find command '\/nonexistent\/prog'$/);
    assert.equal(await fault('supervisor.startProcess', 'sleeper'), 'ALREADY_STARTED: sleeper');
    assert.equal(await fault('supervisor.startProcess', 'dies'), 'SPAWN_ERROR: dies');
    const t = call('supervisor.startProcess', 'slow');
    assert.equal(sv.getProcess('slow').state, 'STARTING', 'deferred: the answer waits for RUNNING');
    assert.equal(await t, true);
    assert.equal(sv.getProcess('slow').state, 'RUNNING');
  });

  it('stopProcess: waits for a stopped state; NOT_RUNNING otherwise', async () => {
    assert.equal(await call('supervisor.stopProcess', 'slow'), true);
    assert.equal(sv.getProcess('slow').state, 'STOPPED');
    assert.equal(await fault('supervisor.stopProcess', 'slow'), 'NOT_RUNNING: slow');
    assert.equal(await call('supervisor.startProcess', 'slow', false), true);
    assert.equal(sv.getProcess('slow').state, 'STARTING');
    assert.equal(await call('supervisor.stopProcess', 'slow', false), true);
    await waitState(sv, 'slow', 'STOPPED');
  });

  it('group start/stop: synchronous results first, deferred ones as they complete', async () => {
    assert.equal(await fault('supervisor.startProcessGroup', 'nosuch'), 'BAD_NAME: nosuch');
    // g2 (priority 1, startsecs 1) is deferred; g1 already runs and is not attempted.
    assert.deepEqual(await call('supervisor.startProcessGroup', 'grp'), [{ name: 'g2', group: 'grp', status: 80, description: 'OK' }]);
    assert.deepEqual(await call('supervisor.startProcessGroup', 'grp'), []);
    const stopped = (await call('supervisor.stopProcess', 'grp:*')) as Record<string, XmlRpcValue>[];
    assert.deepEqual(stopped.map((r) => r['name']).sort(), ['g1', 'g2']);
    const started = (await call('supervisor.startProcess', 'grp:', true)) as Record<string, XmlRpcValue>[];
    assert.deepEqual(started.map((r) => r['name']), ['g1', 'g2'], 'g1 (startsecs 0) answers at once, g2 after its startsecs');
  });

  it('signals by name and number; group results carry per-process faults', async () => {
    assert.equal(await call('supervisor.signalProcess', 'sleeper', 'CONT'), true);
    assert.equal(await call('supervisor.signalProcess', 'sleeper', 18), true);
    assert.equal(await call('supervisor.signalProcess', 'sleeper', 'sigcont'), true);
    assert.equal(await fault('supervisor.signalProcess', 'sleeper', 'BOGUS'), 'BAD_SIGNAL: BOGUS');
    assert.equal(await fault('supervisor.signalProcess', 'quick', 'HUP'), 'NOT_RUNNING: quick');
    assert.deepEqual(await call('supervisor.signalProcessGroup', 'grp', 'BOGUS'), [
      { name: 'g2', group: 'grp', status: 11, description: 'BAD_SIGNAL: BOGUS' },
      { name: 'g1', group: 'grp', status: 11, description: 'BAD_SIGNAL: BOGUS' },
    ]);
    const all = (await call('supervisor.signalAllProcesses', 'CONT')) as Record<string, XmlRpcValue>[];
    assert.ok(all.length >= 4 && all.every((r) => r['status'] === 80));
  });

  it('sendProcessStdin reaches the child; NOT_RUNNING when it is not running', async () => {
    assert.equal(await fault('supervisor.sendProcessStdin', 'cat', 'x'), 'NOT_RUNNING: cat');
    await call('supervisor.startProcess', 'cat');
    assert.equal(await call('supervisor.sendProcessStdin', 'cat', 'héllo\n'), true);
    await waitFor(() => readFileSync(join(D, 'cat.out'), 'utf8') === 'héllo\n');
    assert.equal(await call('supervisor.sendRemoteCommEvent', 'type', 'data'), true);
  });

  it('clears logs, one process or all', async () => {
    assert.equal(await call('supervisor.clearProcessLogs', 'cat'), true);
    assert.equal(readFileSync(join(D, 'cat.out'), 'utf8'), '');
    assert.equal(await fault('supervisor.clearProcessLog', 'grp:*'), 'BAD_NAME: grp:*');
    const all = (await call('supervisor.clearAllProcessLogs')) as Record<string, XmlRpcValue>[];
    assert.equal(all.length, 10);
    assert.ok(all.every((r) => r['status'] === 80 && r['description'] === 'OK'));
    assert.equal(readFileSync(join(D, 'echo.err'), 'utf8'), '');
    assert.equal(await call('supervisor.clearLog'), true);
  });

  it('stops everything, then every process in order', async () => {
    const r = (await call('supervisor.stopAllProcesses')) as Record<string, XmlRpcValue>[];
    assert.ok(r.length >= 5);
    assert.ok(sv.allProcesses('lexical').every((p) => ['STOPPED', 'EXITED', 'FATAL'].includes(p.state)));
    assert.deepEqual(await call('supervisor.stopAllProcesses'), []);
  });
});

describe('config changes and shutdown', () => {
  it('reloadConfig diffs the re-read config; add/remove follow it', async () => {
    const changed = groups([program('newone', 'sleep 1000', { startsecs: 0, autostart: false })]).filter((g) => g.name !== 'nolog');
    const quickIdx = changed.findIndex((g) => g.name === 'quick');
    changed[quickIdx] = program('quick', '/bin/sh -c "exit 1"', { autostart: false });
    nextConfig = makeConfig(D, changed);
    assert.deepEqual(await call('supervisor.reloadConfig'), [[['newone'], ['quick'], ['nolog']]]);
    assert.equal(await fault('supervisor.addProcessGroup', 'nosuch'), 'BAD_NAME: nosuch');
    assert.equal(await fault('supervisor.addProcessGroup', 'sleeper'), 'ALREADY_ADDED: sleeper');
    assert.equal(await call('supervisor.addProcessGroup', 'newone'), true);
    assert.equal(await call('supervisor.removeProcessGroup', 'nolog'), true);
    assert.equal(await fault('supervisor.removeProcessGroup', 'nolog'), 'BAD_NAME: nolog');
    await call('supervisor.startProcess', 'newone');
    assert.equal(await fault('supervisor.removeProcessGroup', 'newone'), 'STILL_RUNNING: newone');
    const conf = (await call('supervisor.getAllConfigInfo')) as Record<string, XmlRpcValue>[];
    assert.ok(conf.some((c) => c['name'] === 'newone' && c['inuse'] === true));
    nextConfig = new Error('Error: bad config line 3');
    assert.equal(await fault('supervisor.reloadConfig'), 'CANT_REREAD: Error: bad config line 3');
  });

  it('shutdown answers true, then supervisor.* faults SHUTDOWN_STATE except sendRemoteCommEvent', async () => {
    assert.equal(await call('supervisor.shutdown'), true);
    assert.equal(await fault('supervisor.getPID'), 'SHUTDOWN_STATE');
    assert.equal(await fault('supervisor.startProcess', 'sleeper'), 'SHUTDOWN_STATE');
    assert.equal(await call('supervisor.sendRemoteCommEvent', 't', 'd'), true);
    assert.ok(((await call('system.listMethods')) as string[]).length > 0);
    const r = (await call('system.multicall', [{ methodName: 'supervisor.getState' }])) as XmlRpcValue[];
    assert.deepEqual(r, [{ faultCode: 6, faultString: 'SHUTDOWN_STATE' }]);
  });
});

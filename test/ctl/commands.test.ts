import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientError } from '../../src/client/types.ts';
import { runLine } from '../../src/ctl/controller.ts';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import type { ProcessInfo } from '../../src/protocol/types.ts';
import { fakeClient, recordingCtl } from './fake.ts';

// A server without our supervisortui.* methods (as the real supervisord 4.2.5).
const ok = { getVersion: async () => '3.0', call: async (): Promise<never> => Promise.reject(RpcFault.of('UNKNOWN_METHOD')) };

async function run(line: string, impl: Parameters<typeof fakeClient>[0], opts: Parameters<typeof recordingCtl>[1] = {}) {
  const r = recordingCtl(fakeClient(impl), opts);
  const quit = await runLine(r.ctl, line);
  return { out: r.stdout(), err: r.stderr(), code: r.ctl.exit.code, quit };
}

test('upcheck: API mismatch 5, unknown namespace 3, refused 4, no socket 7, other fault raises (1)', async () => {
  let r = await run('version', { getVersion: async () => '2.0' });
  assert.deepEqual([r.out, r.code], ['Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, but the remote version is 2.0.\n', 5]);
  r = await run('stop x', { getVersion: async () => Promise.reject(new RpcFault(Faults.UNKNOWN_METHOD, 'UNKNOWN_METHOD')) });
  assert.equal(r.code, 3);
  assert.match(r.out, /^Sorry, supervisord responded but did not recognize the supervisor namespace commands/);
  r = await run('start x', { getVersion: async () => Promise.reject(new ClientError('refused', 'u', 'm')) });
  assert.deepEqual([r.out, r.code], ['unix:///tmp/x.sock refused connection\n', 4]);
  r = await run('pid', { getVersion: async () => Promise.reject(new ClientError('nofile', 'u', 'm')) });
  assert.deepEqual([r.out, r.code], ['unix:///tmp/x.sock no such file\n', 7]);
  r = await run('status', { getVersion: async () => Promise.reject(new ClientError('nofile', 'u', 'm')) });
  assert.equal(r.code, 4, 'status turns any upcheck failure into 4');
  r = await run('version', { getVersion: async () => Promise.reject(new RpcFault(Faults.SHUTDOWN_STATE, 'SHUTDOWN_STATE')) });
  assert.deepEqual([r.out, r.code], ["error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>\n", 1]);
});

test('a 401 prints one line and status 1 (no second error line)', async () => {
  const r = await run('status', { getVersion: async () => Promise.reject(new ClientError('auth', 'u', 'Server requires authentication', 401)) });
  assert.deepEqual([r.out, r.code], ['Server requires authentication\n', 1]);
});

test('in the shell a 401 asks for credentials and runs the line again', async () => {
  let calls = 0;
  const r = recordingCtl(
    fakeClient({
      getVersion: async () => {
        if (calls++ === 0) throw new ClientError('auth', 'u', 'Server requires authentication', 401);
        return '3.0';
      },
      getSupervisorVersion: async () => '4.2.5',
    }),
    { interactive: true, answers: ['user', 'pw'] },
  );
  await runLine(r.ctl, 'version');
  assert.equal(r.stdout(), 'Server requires authentication\nUsername:Password:\n4.2.5\n');
  assert.equal(r.ctl.settings.username, 'user');
  assert.equal(r.ctl.settings.password, 'pw');
});

test('unknown command, empty line, help', async () => {
  let r = await run('foo bar', ok);
  assert.deepEqual([r.out, r.code], ['*** Unknown syntax: foo bar\n', 1]);
  r = await run('   ', ok);
  assert.deepEqual([r.out, r.code], ['', 0]);
  r = await run('help nosuch', ok);
  assert.deepEqual([r.out, r.code], ['*** No help on nosuch\n', 0]);
  r = await run('help help', ok);
  assert.equal(r.out, 'help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>\n');
  r = await run('quit', ok);
  assert.deepEqual([r.out, r.quit], ['\n', true]);
});

test('start with depends_on: stopped dependencies first, each reported; a failed one leaves the process unstarted', async () => {
  const started: string[] = [];
  const infos = ['db', 'api', 'web'].map((n) => ({ group: n, name: n, statename: n === 'db' ? 'RUNNING' : 'STOPPED', state: 0 }) as ProcessInfo);
  const impl = (failing: string | null) => ({
    ...ok,
    call: async (m: string) => (m === 'supervisortui.getDependencies' ? ['db', 'api'] : null),
    getAllProcessInfo: async () => infos,
    startProcess: async (name: string) => {
      if (name === failing) throw new RpcFault(Faults.SPAWN_ERROR, 'x');
      started.push(name);
      return true;
    },
  });
  let r = await run('start web', impl(null));
  assert.deepEqual([r.out, r.code, started], ['api: started (web depends on it)\nweb: started\n', 0, ['api', 'web']]);
  started.length = 0;
  r = await run('start web', impl('api'));
  assert.deepEqual([r.out, r.code, started], ['api: ERROR (spawn error)\nweb: ERROR (spawn error)\n', 7, []]);
});

test('start: exit statuses accumulate, last set wins', async () => {
  const faults: Record<string, number> = { fail: Faults.SPAWN_ERROR, up: Faults.ALREADY_STARTED, nosuch: Faults.BAD_NAME };
  const impl = {
    ...ok,
    startProcess: async (name: string) => {
      const f = faults[name];
      if (f !== undefined) throw new RpcFault(f, 'x');
      return true;
    },
    startProcessGroup: async () => Promise.reject(new RpcFault(Faults.BAD_NAME, 'BAD_NAME: g')),
  };
  let r = await run('start up', impl);
  assert.deepEqual([r.out, r.code], ['up: ERROR (already started)\n', 0]);
  r = await run('start fail ok', impl);
  assert.deepEqual([r.out, r.code], ['fail: ERROR (spawn error)\nok: started\n', 7]);
  r = await run('start fail nosuch', impl);
  assert.equal(r.code, 1);
  r = await run('start nosuch:*', impl);
  assert.deepEqual([r.out, r.code], ['nosuch: ERROR (no such group)\n', 2]);
  r = await run('start', impl);
  assert.equal(r.code, 2);
  assert.match(r.out, /^Error: start requires a process name\nstart <name>\t\tStart a process\n/);
});

test('shutdown and reload: faults, refused, confirmation in the shell', async () => {
  let r = await run('shutdown', { shutdown: async () => Promise.reject(new RpcFault(Faults.SHUTDOWN_STATE, 'SHUTDOWN_STATE')) });
  assert.deepEqual([r.out, r.code], ['ERROR: already shutting down\n', 0]);
  r = await run('shutdown', { shutdown: async () => Promise.reject(new ClientError('refused', 'u', 'm')) });
  assert.deepEqual([r.out, r.code], ['ERROR: unix:///tmp/x.sock refused connection (already shut down?)\n', 1]);
  r = await run('reload', { restart: async () => Promise.reject(new RpcFault(Faults.SHUTDOWN_STATE, 'SHUTDOWN_STATE')) });
  assert.deepEqual([r.out, r.code], ['ERROR: already shutting down\n', 1]);
  let asked = false;
  r = await run('shutdown', { shutdown: async () => ((asked = true), true) }, { interactive: true, answers: ['n'] });
  assert.deepEqual([r.out, asked], ['Really shut the remote supervisord process down y/N? ', false]);
  r = await run('reload', { restart: async () => true }, { interactive: true, answers: ['Yes'] });
  assert.equal(r.out, 'Really restart the remote supervisord process y/N? Restarted supervisord\n');
});

test('reread/avail/update error paths', async () => {
  let r = await run('reread', { reloadConfig: async () => Promise.reject(new RpcFault(Faults.CANT_REREAD, 'CANT_REREAD: bad file')) });
  assert.deepEqual([r.out, r.code], ['ERROR: CANT_REREAD: bad file\n', 1]);
  r = await run('avail', { getAllConfigInfo: async () => Promise.reject(new RpcFault(Faults.SHUTDOWN_STATE, 'SHUTDOWN_STATE')) });
  assert.deepEqual([r.out, r.code], ['ERROR: supervisor shutting down\n', 1]);
  r = await run('update', { reloadConfig: async () => Promise.reject(new RpcFault(Faults.SHUTDOWN_STATE, 'SHUTDOWN_STATE')) });
  assert.deepEqual([r.out, r.code], ['ERROR: already shutting down\n', 1]);
  r = await run('update', {
    reloadConfig: async () => ({ added: ['new'], changed: ['chg'], removed: ['gone'] }),
    stopProcessGroup: async (g: string) => (g === 'gone' ? [{ name: 'gone', group: 'gone', status: Faults.FAILED, description: 'FAILED' }] : []),
    removeProcessGroup: async () => true,
    addProcessGroup: async () => true,
  });
  assert.deepEqual(
    [r.out, r.code],
    ['gone: stopped\ngone: has problems; not removing\nchg: stopped\nchg: updated process group\nnew: added process group\n', 1],
  );
  r = await run('add a', { addProcessGroup: async () => Promise.reject(new RpcFault(Faults.SHUTDOWN_STATE, 'SHUTDOWN_STATE')) });
  assert.deepEqual([r.out, r.code], ['ERROR: shutting down\n', 1]);
});

test('clear grp:* clears each process of the group (4.2.5 prints grp:None)', async () => {
  const infos = [{ group: 'grp', name: 'g1' }, { group: 'grp', name: 'g2' }, { group: 'x', name: 'x' }] as ProcessInfo[];
  const cleared: string[] = [];
  const impl = { ...ok, getAllProcessInfo: async () => infos, clearProcessLogs: async (n: string) => (cleared.push(n), true) };
  let r = await run('clear grp:*', impl);
  assert.deepEqual([r.out, r.code, cleared], ['grp:g1: cleared\ngrp:g2: cleared\n', 0, ['grp:g1', 'grp:g2']]);
  r = await run('clear nosuch:*', impl);
  assert.deepEqual([r.out, r.code], ['nosuch: ERROR (no such group)\n', 1]);
});

test('open: bad scheme; status via the new url keeps the exit status', async () => {
  let r = await run('open ftp://x', ok);
  assert.deepEqual([r.out, r.code], ['ERROR: url must be http:// or unix://\n', 1]);
  r = await run('open unix:///tmp/other.sock', { ...ok, getAllProcessInfo: async () => [{ group: 'a', name: 'a', statename: 'STOPPED', state: 0, description: 'Not started' } as ProcessInfo] });
  assert.equal(r.out, 'a                                STOPPED   Not started\n');
  assert.equal(r.code, 0);
});

test('status --json writes rows on stdout and name errors on stderr', async () => {
  const infos = [{ group: 'a', name: 'a', statename: 'RUNNING', state: 20, description: 'pid 5, uptime 0:00:01', pid: 5, start: 10, now: 11, exitstatus: 0, spawnerr: '' } as ProcessInfo];
  // A 4.2.5 server has no stats method: the rows are as before.
  const noStats = async () => Promise.reject(RpcFault.of('UNKNOWN_METHOD'));
  const r = await run('status --json a nosuch', { ...ok, getAllProcessInfo: async () => infos, call: noStats });
  assert.equal(r.err, 'nosuch: ERROR (no such process)\n');
  const rows = JSON.parse(r.out) as { namespec: string; uptime: number; rss?: number }[];
  assert.equal(rows[0]!.namespec, 'a');
  assert.equal(rows[0]!.uptime, 1);
  assert.equal(rows[0]!.rss, undefined);
  assert.equal(r.code, 4);
  // Our daemon's supervisortui.getProcessStats adds CPU time and RSS.
  const report = {
    now: 11,
    host: { cpus: 2, cpu_busy: 1, cpu_total: 2, mem_total: 10, mem_available: 5 },
    processes: [{ name: 'a', group: 'a', pid: 5, cpu_time: 1.5, rss: 4096, tree_rss: 8192, tree_cpu_time: 2, children: [] }],
  };
  const withStats = await run('status --json a', { ...ok, getAllProcessInfo: async () => infos, call: async (m) => (m === 'supervisortui.getProcessStats' ? report : noStats()) });
  const row = (JSON.parse(withStats.out) as { cpu_time: number; rss: number; tree_rss: number }[])[0]!;
  assert.deepEqual([row.cpu_time, row.rss, row.tree_rss], [1.5, 4096, 8192]);
  assert.ok(!('health' in rows[0]!));
  assert.equal(r.code, 4);
  // Our daemon: the health joins by namespec.
  const health = [{ name: 'a', group: 'a', health: 'healthy', healthcheck: 'tcp://h:1', failures: 0, detail: 'connected', last_check: 5, depends_on: [], waiting_for: [], requires: [] }];
  const withHealth = await run('status --json a', { ...ok, getAllProcessInfo: async () => infos, call: async (m) => (m === 'supervisortui.getAllHealth' ? health : noStats()) });
  assert.equal((JSON.parse(withHealth.out) as { health: string }[])[0]!.health, 'healthy');
  const down = await run('status --json', { getVersion: async () => Promise.reject(new ClientError('nofile', 'u', 'm')) });
  assert.deepEqual([down.out, down.err, down.code], ['', 'unix:///tmp/x.sock no such file\n', 4]);
});

test('fg: errors, and lines sent until the process dies', async () => {
  let r = await run('fg', ok);
  assert.match(r.out, /^ERROR: no process name supplied\nfg <process>/);
  r = await run('fg a b', ok);
  assert.deepEqual([r.out, r.code], ['ERROR: too many process names supplied\n', 1]);
  r = await run('fg x', { ...ok, getProcessInfo: async () => Promise.reject(new RpcFault(Faults.BAD_NAME, 'BAD_NAME: x')) });
  assert.deepEqual([r.out, r.code], ['ERROR: bad process name supplied\n', 1]);
  const sent: string[] = [];
  let state = 20;
  r = await run(
    'fg cat',
    {
      ...ok,
      getProcessInfo: async () => ({ state }) as ProcessInfo,
      tailStream: () => ({ close: () => {} }),
      sendProcessStdin: async (_n: string, chars: string) => {
        sent.push(chars);
        state = 0;
        return true;
      },
    },
    { answers: ['hello'] },
  );
  assert.deepEqual(sent, ['hello\n']);
  assert.equal(r.out, '==> Press Ctrl-C to exit <==\nProcess got killed\nExiting foreground\n');
});

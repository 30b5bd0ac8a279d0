/** The engine with real children: retries, autorestart, stop escalation, process groups, ordering, spawn environment. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { loadConfig } from '../../src/config/index.ts';
import type { ProcessStateEvent } from '../../daemon/events/types.ts';
import { alive, makeConfig, newSupervisor, processConfig, program, shutdown, waitState } from './helpers.ts';

function spawnCount(lines: readonly string[], name: string): number {
  return lines.filter((l) => l.startsWith(`info spawned: '${name}' with pid`)).length;
}

test('startsecs/startretries: a crashing program is tried startretries+1 times with linear backoff, then FATAL', async () => {
  const { dir, cleanup } = makeTmpDir();
  const { sv, log } = newSupervisor(makeConfig(dir, [program('crash', 'sh -c "exit 1"', { startretries: 1, startsecs: 1 })]));
  const events: ProcessStateEvent[] = [];
  sv.bus.subscribe((e) => {
    if (e.name.startsWith('PROCESS_STATE_')) events.push(e as ProcessStateEvent);
  });
  try {
    sv.start();
    await waitState(sv, 'crash', 'FATAL');
    assert.equal(spawnCount(log.lines, 'crash'), 2);
    assert.ok(log.has(/^warn exited: crash \(exit status 1; not expected\)$/));
    assert.ok(log.has(/^info gave up: crash entered FATAL state, too many start retries too quickly$/));
    assert.deepEqual(
      events.map((e) => `${e.from}>${e.to}:${e.tries}`),
      ['STOPPED>STARTING:0', 'STARTING>BACKOFF:1', 'BACKOFF>STARTING:1', 'STARTING>BACKOFF:2', 'BACKOFF>FATAL:0'],
    );
    const info = sv.getProcess('crash').info();
    assert.equal(info.statename, 'FATAL');
    assert.equal(info.description, 'Exited too quickly (process log may have details)');
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('exitcodes × autorestart: restart on true and on unexpected codes, not on expected ones or with false', async () => {
  const { dir, cleanup } = makeTmpDir();
  const cfg = makeConfig(dir, [
    program('always', 'sh -c "exit 0"', { startsecs: 0, autorestart: true }),
    program('unexp', 'sh -c "exit 3"', { startsecs: 0, autorestart: 'unexpected' }),
    program('expected', 'sh -c "exit 3"', { startsecs: 0, autorestart: 'unexpected', exitcodes: [0, 3] }),
    program('never', 'sh -c "exit 3"', { startsecs: 0, autorestart: false }),
  ]);
  const { sv, log } = newSupervisor(cfg);
  try {
    sv.start();
    // the restarting ones are the clock: once they have restarted a few times, the others had every chance to
    await waitFor(() => spawnCount(log.lines, 'always') >= 4 && spawnCount(log.lines, 'unexp') >= 4, { message: 'restarts' });
    assert.equal(spawnCount(log.lines, 'expected'), 1);
    assert.equal(spawnCount(log.lines, 'never'), 1);
    await waitState(sv, 'expected', 'EXITED');
    await waitState(sv, 'never', 'EXITED');
    const never = sv.getProcess('never').info();
    assert.equal(never.exitstatus, 3);
    assert.equal(never.spawnerr, 'Bad exit code 3');
    assert.equal(sv.getProcess('expected').info().spawnerr, '');
    assert.ok(log.has(/^info exited: expected \(exit status 3; expected\)$/));
    assert.ok(log.has(/^warn exited: never \(exit status 3; not expected\)$/));
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('death by signal is unexpected: autorestart=unexpected restarts a process killed by signalProcess', async () => {
  const { dir, cleanup } = makeTmpDir();
  const { sv, log } = newSupervisor(makeConfig(dir, [program('sleeper', 'sleep 1000', { startsecs: 0 })]));
  try {
    sv.start();
    await waitState(sv, 'sleeper', 'RUNNING');
    const p = sv.getProcess('sleeper');
    const first = p.pid;
    p.signal(1);
    await waitFor(() => p.state === 'RUNNING' && p.pid !== first && p.pid !== 0, { message: 'respawn after SIGHUP' });
    assert.ok(log.has(/^warn exited: sleeper \(terminated by SIGHUP; not expected\)$/));
    assert.ok(!alive(first));
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('stop: a child ignoring SIGTERM is SIGKILLed after stopwaitsecs and ends STOPPED', async () => {
  const { dir, cleanup } = makeTmpDir();
  const { sv, log } = newSupervisor(
    makeConfig(dir, [program('stubborn', `sh -c 'trap "" TERM; exec sleep 1000'`, { startsecs: 0, stopwaitsecs: 1 })]),
  );
  try {
    sv.start();
    await waitState(sv, 'stubborn', 'RUNNING');
    const p = sv.getProcess('stubborn');
    const pid = p.pid;
    p.stop();
    assert.equal(p.state, 'STOPPING');
    assert.throws(() => p.stop(), (e: RpcFault) => e.faultString === 'NOT_RUNNING: stubborn');
    await waitState(sv, 'stubborn', 'STOPPED', 5000);
    assert.ok(!alive(pid));
    assert.ok(log.has(new RegExp(`^warn killing 'stubborn' \\(${pid}\\) with SIGKILL$`)));
    assert.ok(log.has(/^warn stopped: stubborn \(terminated by SIGKILL\)$/));
    assert.equal(p.info().exitstatus, -1);
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('stopasgroup signals the whole process group: grandchildren die too', async () => {
  const { dir, cleanup } = makeTmpDir();
  const pidFile = join(dir, 'grandchild.pid');
  const { sv } = newSupervisor(
    makeConfig(dir, [program('family', `sh -c 'sleep 1000 & echo $! > ${pidFile}; wait'`, { startsecs: 0, stopasgroup: true, killasgroup: true })]),
  );
  try {
    sv.start();
    const gpid = await waitFor(() => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) || null : null));
    assert.ok(alive(gpid));
    await waitState(sv, 'family', 'RUNNING');
    sv.getProcess('family').stop();
    await waitState(sv, 'family', 'STOPPED');
    await waitFor(() => !alive(gpid), { message: 'grandchild gone' });
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('startup spawns by ascending group priority in one pass; shutdown stops one group at a time, descending', async () => {
  const { dir, cleanup } = makeTmpDir();
  const order = join(dir, 'order');
  const cmd = (name: string): string => `sh -c 'trap "echo ${name} >> ${order}; exit 0" TERM; while :; do sleep 0.05; done'`;
  const cfg = makeConfig(dir, [
    program('c', cmd('c'), { priority: 300, startsecs: 0 }),
    program('a', cmd('a'), { priority: 100, startsecs: 0 }),
    program('b', cmd('b'), { priority: 200, startsecs: 0 }),
    program('d', cmd('d'), { priority: 200, startsecs: 0 }),
  ]);
  const { sv, log } = newSupervisor(cfg);
  sv.start();
  const spawned = log.lines.filter((l) => l.startsWith('info spawned:')).map((l) => /'(\w+)'/.exec(l)![1]);
  assert.deepEqual(spawned, ['a', 'b', 'd', 'c']);
  for (const n of ['a', 'b', 'c', 'd']) await waitState(sv, n, 'RUNNING');
  const stoppingEvents: string[] = [];
  sv.bus.on('PROCESS_STATE_STOPPING', (e) => stoppingEvents.push(e.processname));
  await shutdown(sv);
  // ties in priority stop in reverse insertion order; each group only after the previous one is down
  assert.deepEqual(readFileSync(order, 'utf8').trim().split('\n'), ['c', 'd', 'b', 'a']);
  assert.deepEqual(stoppingEvents, ['c', 'd', 'b', 'a']);
  assert.equal(sv.mood, 'SHUTDOWN');
  cleanup();
});

test('shutdown gives up BACKOFF processes (→ FATAL) while an explicit stop makes them STOPPED', async () => {
  const { dir, cleanup } = makeTmpDir();
  const cfg = makeConfig(dir, [
    program('flap1', 'sh -c "exit 1"', { startsecs: 5, startretries: 100 }),
    program('flap2', 'sh -c "exit 1"', { startsecs: 5, startretries: 100 }),
  ]);
  const { sv } = newSupervisor(cfg);
  sv.start();
  await waitState(sv, 'flap1', 'BACKOFF');
  await waitState(sv, 'flap2', 'BACKOFF');
  sv.getProcess('flap1').stop();
  assert.equal(sv.getProcess('flap1').state, 'STOPPED');
  assert.equal(sv.getProcess('flap1').spawnerr, 'Exited too quickly (process log may have details)');
  await shutdown(sv);
  assert.equal(sv.getProcess('flap2').state, 'FATAL');
  cleanup();
});

test('numprocs and heterogeneous groups: namespecs, BAD_NAME, priority vs lexical order', async () => {
  const { dir, cleanup } = makeTmpDir();
  const multi = ['multi_00', 'multi_01', 'multi_02'].map((n, i) =>
    processConfig(n, 'sleep 1000', { program_name: 'multi', process_num: i, priority: 5, autostart: false }),
  );
  const g1 = processConfig('g1', 'sleep 1000', { priority: 20, autostart: false });
  const g2 = processConfig('g2', 'sleep 1000', { priority: 10, autostart: false });
  const cfg = makeConfig(dir, [
    { type: 'program', name: 'multi', priority: 5, processes: multi },
    { type: 'group', name: 'grp', priority: 100, processes: [g1, g2] },
    program('solo', 'sleep 1000', { autostart: false }),
  ]);
  const { sv } = newSupervisor(cfg);
  try {
    sv.start();
    assert.equal(sv.getProcess('multi:multi_01').namespec, 'multi:multi_01');
    assert.equal(sv.getProcess('solo').namespec, 'solo');
    assert.equal(sv.getProcess('grp:g1').namespec, 'grp:g1');
    for (const bad of ['multi', 'g1', 'nosuch', 'grp:nosuch', 'grp:*']) {
      assert.throws(() => sv.getProcess(bad), (e: RpcFault) => e.faultString === `BAD_NAME: ${bad}`, bad);
    }
    assert.equal(sv.resolve('grp:*').process, null);
    assert.equal(sv.resolve('grp:').group.name, 'grp');
    assert.deepEqual(sv.allProcesses('priority').map((p) => p.namespec), ['multi:multi_00', 'multi:multi_01', 'multi:multi_02', 'grp:g2', 'grp:g1', 'solo']);
    assert.deepEqual(sv.allProcesses('lexical').map((p) => p.namespec), ['grp:g1', 'grp:g2', 'multi:multi_00', 'multi:multi_01', 'multi:multi_02', 'solo']);
    assert.equal(sv.getProcess('solo').info().description, 'Not started');
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('spawn environment: OS env, SUPERVISOR_* then config environment; directory; umask', async () => {
  const { dir, cleanup } = makeTmpDir();
  const work = join(dir, 'work');
  mkdirSync(work);
  const out = join(dir, 'env.out');
  const cfg = makeConfig(dir, [
    program('env', `sh -c 'env > ${out}; echo "PWD=$(pwd)" >> ${out}; echo "UMASK=$(umask)" >> ${out}'`, {
      startsecs: 0,
      autorestart: false,
      directory: work,
      umask: 0o027,
      environment: { FOO: 'bar baz', SUPERVISOR_GROUP_NAME: 'overridden' },
    }),
  ]);
  cfg.serverurl; // AUTO serverurl comes from the config's first server: none here
  // The daemon's environment is copied once, when the supervisor is made (as Python's os.environ at start).
  process.env.SV_TEST_INHERITED = 'yes';
  const log = newSupervisor({ ...cfg, serverurl: 'unix:///tmp/x.sock' });
  const sv = log.sv;
  try {
    sv.start();
    await waitState(sv, 'env', 'EXITED');
    const env = Object.fromEntries(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    assert.equal(env.FOO, 'bar baz');
    assert.equal(env.SUPERVISOR_ENABLED, '1');
    assert.equal(env.SUPERVISOR_PROCESS_NAME, 'env');
    assert.equal(env.SUPERVISOR_GROUP_NAME, 'overridden');
    assert.equal(env.SUPERVISOR_SERVER_URL, 'unix:///tmp/x.sock');
    assert.equal(env.SV_TEST_INHERITED, 'yes');
    assert.equal(env.PWD, work);
    assert.equal(env.UMASK, '0027');
  } finally {
    delete process.env.SV_TEST_INHERITED;
    await shutdown(sv);
    cleanup();
  }
});

test('spawn errors: missing command, not executable, bad directory → spawnerr, BACKOFF, FATAL; the engine keeps going', async () => {
  const { dir, cleanup } = makeTmpDir();
  const noexec = join(dir, 'noexec.sh');
  writeFileSync(noexec, '#!/bin/sh\n', { mode: 0o644 });
  const cfg = makeConfig(dir, [
    program('missing', 'no-such-command-xyz --flag', { startretries: 0 }),
    program('abs', '/nonexistent/prog', { startretries: 0 }),
    program('noexec', noexec, { startretries: 0 }),
    program('isdir', dir, { startretries: 0 }),
    program('quote', 'echo "unterminated', { startretries: 0 }),
    program('baddir', 'sleep 1000', { startretries: 0, directory: join(dir, 'nope') }),
    program('fine', 'sleep 1000', { startsecs: 0 }),
  ]);
  const { sv, log } = newSupervisor(cfg);
  try {
    sv.start();
    for (const n of ['missing', 'abs', 'noexec', 'isdir', 'quote', 'baddir']) await waitState(sv, n, 'FATAL');
    assert.equal(sv.getProcess('missing').spawnerr, "can't find command 'no-such-command-xyz'");
    assert.equal(sv.getProcess('abs').info().description, "can't find command '/nonexistent/prog'");
    assert.equal(sv.getProcess('noexec').spawnerr, `command at '${noexec}' is not executable`);
    assert.equal(sv.getProcess('isdir').spawnerr, `command at '${dir}' is a directory`);
    assert.equal(sv.getProcess('quote').spawnerr, `can't parse command 'echo "unterminated': No closing quotation`);
    assert.match(sv.getProcess('baddir').spawnerr, /^couldn't chdir to .*nope: ENOENT$/);
    assert.ok(log.has(/^info spawnerr: can't find command 'no-such-command-xyz'$/));
    await waitState(sv, 'fine', 'RUNNING');
    // startProcess checks the command first
    assert.throws(() => sv.getProcess('missing').checkCommand(), (e: RpcFault) => e.faultString === "NO_FILE: can't find command 'no-such-command-xyz'");
    assert.throws(() => sv.getProcess('noexec').checkCommand(), (e: RpcFault) => e.faultCode === 21);
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('start/stop requests: faults by state, startsecs=0 is RUNNING at once, waitFor resolves on RUNNING', async () => {
  const { dir, cleanup } = makeTmpDir();
  const cfg = makeConfig(dir, [
    program('zero', 'sleep 1000', { startsecs: 0, autostart: false }),
    program('slow', 'sleep 1000', { startsecs: 1, autostart: false }),
  ]);
  const { sv } = newSupervisor(cfg);
  try {
    sv.start();
    const zero = sv.getProcess('zero');
    assert.throws(() => zero.stop(), (e: RpcFault) => e.faultString === 'NOT_RUNNING: zero');
    zero.start();
    assert.equal(zero.state, 'RUNNING');
    assert.throws(() => zero.start(), (e: RpcFault) => e.faultString === 'ALREADY_STARTED: zero');
    const slow = sv.getProcess('slow');
    slow.start();
    assert.equal(slow.state, 'STARTING');
    await slow.waitFor((p) => p.state !== 'STARTING');
    assert.equal(slow.state, 'RUNNING');
    assert.match(slow.info().description, /^pid \d+, uptime 0:00:0\d$/);
    slow.stop();
    await slow.waitFor((p) => p.state === 'STOPPED');
    assert.match(slow.info().description, /^\w{3} \d\d \d\d:\d\d [AP]M$/);
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('stdin pipe: writeStdin reaches the child; output goes to the log file; redirect_stderr merges', async () => {
  const { dir, cleanup } = makeTmpDir();
  const cfg = makeConfig(dir, [
    program('cat', 'cat', { startsecs: 0, stdout_logfile: 'AUTO' }),
    program('both', `sh -c 'echo out; echo err >&2; exec sleep 1000'`, { startsecs: 0, stdout_logfile: join(dir, 'both.log'), redirect_stderr: true }),
  ]);
  const { sv } = newSupervisor(cfg);
  try {
    sv.start();
    const cat = sv.getProcess('cat');
    assert.match(cat.stdoutLogfile, /\/cat-stdout---supervisor-[a-z0-9_]{8}\.log$/);
    assert.ok(existsSync(cat.stdoutLogfile));
    await waitState(sv, 'cat', 'RUNNING');
    cat.writeStdin('hello\n');
    cat.writeStdin(Buffer.from('world\n'));
    await waitFor(() => readFileSync(cat.stdoutLogfile, 'utf8') === 'hello\nworld\n', { message: 'cat output in its log' });
    await waitFor(() => {
      const text = readFileSync(join(dir, 'both.log'), 'utf8');
      return text.includes('out\n') && text.includes('err\n');
    });
    assert.equal(sv.getProcess('both').stderrLogfile, '');
    cat.stop();
    await waitState(sv, 'cat', 'STOPPED');
    assert.throws(() => cat.writeStdin('x'), (e: RpcFault) => e.faultString === 'NOT_RUNNING: cat');
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('reloadConfig diffs the re-read config; addGroup/removeGroup use it', async () => {
  const { dir, cleanup } = makeTmpDir();
  const first = makeConfig(dir, [program('keep', 'sleep 1000', { startsecs: 0 }), program('gone', 'sleep 1000', { autostart: false })]);
  const second = makeConfig(dir, [
    program('keep', 'sleep 1001', { startsecs: 0 }),
    program('newone', 'sleep 1000', { startsecs: 0 }),
  ]);
  const { sv } = newSupervisor(first, () => second);
  const groupEvents: string[] = [];
  sv.bus.on('PROCESS_GROUP_ADDED', (e) => groupEvents.push(`+${e.groupname}`));
  sv.bus.on('PROCESS_GROUP_REMOVED', (e) => groupEvents.push(`-${e.groupname}`));
  try {
    sv.start();
    assert.deepEqual(await sv.reloadConfig(), { added: ['newone'], changed: ['keep'], removed: ['gone'] });
    assert.throws(() => sv.addGroup('nosuch'), (e: RpcFault) => e.faultString === 'BAD_NAME: nosuch');
    sv.addGroup('newone');
    assert.throws(() => sv.addGroup('newone'), (e: RpcFault) => e.faultString === 'ALREADY_ADDED: newone');
    await waitState(sv, 'newone', 'RUNNING');
    assert.throws(() => sv.removeGroup('newone'), (e: RpcFault) => e.faultString === 'STILL_RUNNING: newone');
    sv.removeGroup('gone');
    assert.equal(sv.getGroup('gone'), undefined);
    assert.deepEqual(groupEvents, ['+keep', '+gone', '+newone', '-gone']);
    assert.deepEqual(sv.groups().map((g) => g.name), ['keep', 'newone']);
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('user= runs the child as that user (the daemon is root)', { skip: process.getuid?.() !== 0 ? 'needs root to switch users' : false }, async () => {
  const { dir, cleanup } = makeTmpDir();
  const out = join(dir, 'id.log');
  const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
  const cfg = makeConfig(dir, [program('who', 'sh -c "id -u; id -g; id -G"', { startsecs: 0, autorestart: false, uid: nobody, user: 'nobody', stdout_logfile: out })]);
  const { sv } = newSupervisor(cfg);
  try {
    sv.start();
    await waitState(sv, 'who', 'EXITED');
    const nogroup = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
    // all of the user's groups, as supervisord's setgroups gives them
    const groups = execFileSync('id', ['-G', 'nobody'], { encoding: 'utf8' });
    await waitFor(() => readFileSync(out, 'utf8') === `${nobody}\n${nogroup}\n${groups}`, { message: 'id output' });
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('a config read from a file: numprocs names, [group:x] members, debug-level output lines in the main log', async () => {
  const { dir, cleanup } = makeTmpDir();
  const conf = join(dir, 'sd.conf');
  writeFileSync(
    conf,
    [
      '[supervisord]',
      `logfile=${dir}/sd.log`,
      `childlogdir=${dir}`,
      'loglevel=debug',
      '[program:multi]',
      'command=sh -c "echo hello from $SUPERVISOR_PROCESS_NAME; exec sleep 1000"',
      'process_name=%(program_name)s_%(process_num)02d',
      'numprocs=3',
      'startsecs=0',
      '[program:g1]',
      'command=sleep 1000',
      'autostart=false',
      '[group:grp]',
      'programs=g1',
    ].join('\n'),
  );
  const config = loadConfig(conf);
  const { sv, log } = newSupervisor(config);
  try {
    sv.start();
    assert.deepEqual(sv.allProcesses('lexical').map((p) => p.namespec), ['grp:g1', 'multi:multi_00', 'multi:multi_01', 'multi:multi_02']);
    await waitFor(() => log.lines.some((l) => l === "debug 'multi_02' stdout output:\nhello from multi_02\n"), { message: 'debug output line' });
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('output events: PROCESS_LOG_* only when enabled and never for a listener\'s stdout; onOutput sees every chunk; clearLogs', async () => {
  const { dir, cleanup } = makeTmpDir();
  const say = (what: string): string => `sh -c 'echo ${what}; echo ${what}-err >&2; exec sleep 1000'`;
  const cfg = makeConfig(dir, [
    program('loud', say('loud'), { startsecs: 0, stdout_events_enabled: true, stderr_events_enabled: true, stdout_logfile: join(dir, 'loud.log') }),
    program('quiet', say('quiet'), { startsecs: 0 }),
    {
      type: 'eventlistener',
      name: 'lst',
      priority: -1,
      buffer_size: 10,
      events: ['PROCESS_STATE'],
      result_handler: 'supervisor.dispatchers:default_handler',
      processes: [processConfig('lst', say('lst'), { startsecs: 0, stdout_events_enabled: true, stderr_events_enabled: true })],
    },
  ]);
  const { sv } = newSupervisor(cfg);
  const logEvents: string[] = [];
  sv.bus.on('PROCESS_LOG_STDOUT', (e) => logEvents.push(`${e.processname}:${e.channel}:${e.data.toString().trim()}`));
  sv.bus.on('PROCESS_LOG_STDERR', (e) => logEvents.push(`${e.processname}:${e.channel}:${e.data.toString().trim()}`));
  const seen: string[] = [];
  try {
    sv.start();
    sv.getProcess('lst').onOutput((channel, chunk) => seen.push(`${channel}:${chunk.toString().trim()}`));
    await waitFor(() => logEvents.length >= 3 && seen.length >= 2, { message: 'output events and chunks' });
    assert.deepEqual([...logEvents].sort(), ['loud:stderr:loud-err', 'loud:stdout:loud', 'lst:stderr:lst-err']);
    assert.deepEqual([...seen].sort(), ['stderr:lst-err', 'stdout:lst']);
    const loud = sv.getProcess('loud');
    await waitFor(() => readFileSync(loud.stdoutLogfile, 'utf8') === 'loud\n');
    loud.clearLogs();
    assert.equal(readFileSync(loud.stdoutLogfile, 'utf8'), '');
  } finally {
    await shutdown(sv);
    cleanup();
  }
});

test('a shutdown requested during a reload\'s stop phase wins', async () => {
  const { dir, cleanup } = makeTmpDir();
  const { sv } = newSupervisor(makeConfig(dir, [program('slow', `sh -c 'trap "sleep 0.3; exit 0" TERM; while :; do sleep 0.05; done'`, { startsecs: 0 })]));
  sv.start();
  await waitState(sv, 'slow', 'RUNNING');
  sv.restart();
  assert.equal(sv.mood, 'RESTARTING');
  await waitState(sv, 'slow', 'STOPPING');
  sv.shutdown();
  assert.equal(sv.mood, 'SHUTDOWN');
  assert.equal(await sv.whenStopped(), 'shutdown');
  await sv.close();
  cleanup();
});

test('stdout_syslog: each logged line also goes to syslog, prefixed with the process name', async () => {
  const { dir, cleanup } = makeTmpDir();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // A stand-in for util-linux logger: records its tag and the messages it is fed.
  writeFileSync(join(bin, 'logger'), `#!/bin/sh\necho "tag $2" >> ${dir}/syslog.out\nexec cat >> ${dir}/syslog.out\n`, { mode: 0o755 });
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath ?? ''}`;
  const cfg = makeConfig(dir, [
    program('talk', `sh -c 'printf "one\\ntwo\\n"; echo err >&2; exec sleep 1000'`, { startsecs: 0, stdout_syslog: true, stdout_logfile: join(dir, 'talk.log') }),
  ]);
  const { sv } = newSupervisor(cfg);
  try {
    sv.start();
    await waitFor(() => existsSync(join(dir, 'syslog.out')) && readFileSync(join(dir, 'syslog.out'), 'utf8') === 'tag supervisord\ntalk one\ntalk two\n', {
      message: 'syslog lines',
    });
    assert.equal(readFileSync(join(dir, 'talk.log'), 'utf8'), 'one\ntwo\n');
  } finally {
    process.env.PATH = savedPath;
    await shutdown(sv);
    cleanup();
  }
});

/** Pure pieces of the daemon: command splitting, environment, reload diff, rlimits, readiness reports. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shlexSplit } from '../../daemon/process/command.ts';
import { childEnvironment, execPlan, shellPrelude } from '../../daemon/process/spawn.ts';
import { diffGroups } from '../../daemon/reload-diff.ts';
import { parseProcLimits, rlimitTarget } from '../../daemon/rlimits.ts';
import { parseReport } from '../../daemon/daemonize.ts';
import { syslogLines } from '../../daemon/process/output.ts';
import { configInfo } from '../../daemon/rpc/config-info.ts';
import { makeConfig, program } from './helpers.ts';

test('shlexSplit follows Python shlex.split (POSIX mode)', () => {
  assert.deepEqual(shlexSplit('sleep 10'), ['sleep', '10']);
  assert.deepEqual(shlexSplit('  a   b\tc\n'), ['a', 'b', 'c']);
  assert.deepEqual(shlexSplit(`sh -c "echo 'hi there'; exit 1"`), ['sh', '-c', "echo 'hi there'; exit 1"]);
  assert.deepEqual(shlexSplit(`a'b c'd`), ['ab cd']);
  assert.deepEqual(shlexSplit(`''`), ['']);
  assert.deepEqual(shlexSplit(`a\\ b`), ['a b']);
  assert.deepEqual(shlexSplit(`"a\\"b" "c\\d" 'e\\f'`), ['a"b', 'c\\d', 'e\\f']);
  assert.deepEqual(shlexSplit('x #not-a-comment'), ['x', '#not-a-comment']);
  assert.deepEqual(shlexSplit(''), []);
  assert.throws(() => shlexSplit('echo "open'), /^Error: No closing quotation$/);
  assert.throws(() => shlexSplit("echo 'open"), /^Error: No closing quotation$/);
  assert.throws(() => shlexSplit('echo \\'), /^Error: No escaped character$/);
});

test('child environment: daemon env, then SUPERVISOR_*, then config (which may override them)', () => {
  const env = childEnvironment({ PATH: '/bin', HOME: '/root', GONE: undefined }, 'web_01', 'web', 'unix:///tmp/s.sock', { HOME: '/srv', SUPERVISOR_ENABLED: '0' });
  assert.deepEqual(env, {
    PATH: '/bin',
    HOME: '/srv',
    SUPERVISOR_ENABLED: '0',
    SUPERVISOR_SERVER_URL: 'unix:///tmp/s.sock',
    SUPERVISOR_PROCESS_NAME: 'web_01',
    SUPERVISOR_GROUP_NAME: 'web',
  });
  assert.equal('SUPERVISOR_SERVER_URL' in childEnvironment({}, 'a', 'a', null, {}), false);
});

test('shell prelude only when umask (or a shell-side stderr merge) is needed', () => {
  assert.equal(shellPrelude(null, false), null);
  assert.equal(shellPrelude(0o27, false), 'umask 027 && exec "$0" "$@"');
  assert.equal(shellPrelude(0, false), 'umask 000 && exec "$0" "$@"');
  assert.equal(shellPrelude(null, true), 'exec "$0" "$@" 2>&1');
});

test('reload diff: added/changed in new order, removed in active order; where a section lives is not a change', () => {
  const a = program('a', 'sleep 1');
  const b = program('b', 'sleep 1');
  const c = program('c', 'sleep 1');
  const bChanged = program('b', 'sleep 2');
  const aMoved = { ...a, processes: a.processes.map((p) => ({ ...p, file: '/etc/other.conf' })) };
  const d = program('d', 'sleep 1');
  assert.deepEqual(diffGroups([a, b, c], [d, aMoved, bChanged]), { added: ['d'], changed: ['b'], removed: ['c'] });
  assert.deepEqual(diffGroups([a], [{ ...a, priority: 5 }]), { added: [], changed: ['a'], removed: [] });
  assert.deepEqual(diffGroups([a, b], [a, b]), { added: [], changed: [], removed: [] });
});

test('rlimits: /proc/self/limits parsing and Supervisor\'s raise decision', () => {
  const text = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             96365                unlimited            processes ',
    'Max open files            256                  512                  files     ',
  ].join('\n');
  assert.deepEqual(parseProcLimits(text, 'RLIMIT_NOFILE'), { soft: 256, hard: 512 });
  assert.deepEqual(parseProcLimits(text, 'RLIMIT_NPROC'), { soft: 96365, hard: -1 });
  assert.equal(rlimitTarget({ soft: 2048, hard: 4096 }, 1024), null);
  assert.equal(rlimitTarget({ soft: -1, hard: -1 }, 1024), null);
  assert.deepEqual(rlimitTarget({ soft: 256, hard: 4096 }, 1024), { soft: 1024, hard: 4096 });
  assert.deepEqual(rlimitTarget({ soft: 256, hard: 512 }, 1024), { soft: 1024, hard: 1024 });
  assert.deepEqual(rlimitTarget({ soft: 256, hard: -1 }, 1024), { soft: 1024, hard: -1 });
});

test('background readiness report', () => {
  assert.deepEqual(parseReport('ready\n'), { ready: true });
  assert.deepEqual(parseReport('error 2\nError: x\nFor help, use y -h\n'), { ready: false, status: 2, text: 'Error: x\nFor help, use y -h\n' });
  assert.equal(parseReport(''), null);
  assert.equal(parseReport('rea'), null);
});

test('exec plan: the program, or setpriv and/or sh exec-ing it in place', () => {
  const cmd = { filename: '/usr/bin/sleep', argv: ['sleep', '10'] };
  assert.deepEqual(execPlan(cmd, null, null), { file: '/usr/bin/sleep', args: ['10'], argv0: 'sleep' });
  assert.deepEqual(execPlan(cmd, 'umask 027 && exec "$0" "$@"', null), {
    file: '/bin/sh',
    args: ['-c', 'umask 027 && exec "$0" "$@"', '/usr/bin/sleep', '10'],
    argv0: 'sh',
  });
  const user = { uid: 1000, gid: 1001, initGroups: true };
  assert.deepEqual(execPlan(cmd, 'umask 027 && exec "$0" "$@"', { path: '/usr/bin/setpriv', user }), {
    file: '/usr/bin/setpriv',
    args: ['--reuid=1000', '--regid=1001', '--init-groups', '--', '/bin/sh', '-c', 'umask 027 && exec "$0" "$@"', '/usr/bin/sleep', '10'],
    argv0: 'setpriv',
  });
  assert.deepEqual(execPlan(cmd, null, { path: '/usr/bin/setpriv', user: { ...user, initGroups: false } }).args.slice(0, 4), [
    '--reuid=1000',
    '--regid=1001',
    '--clear-groups',
    '--',
  ]);
});

test('syslog lines: one message per line of a chunk (trailing newlines stripped, as rstrip), prefixed with the process name', () => {
  assert.equal(syslogLines('web', 'a\nb\n'), 'web a\nweb b');
  assert.equal(syslogLines('web', 'partial'), 'web partial');
  assert.equal(syslogLines('web', 'a\n\n\n'), 'web a');
  assert.equal(syslogLines('web', 'x\n\ny\n'), 'web x\nweb \nweb y');
});

test('getAllConfigInfo rows sort by name as Python compares strings (code points, not UTF-16 units)', () => {
  const config = makeConfig('/tmp', [program('\u{1F600}', 'sleep 1'), program('\uFF5A', 'sleep 1'), program('a', 'sleep 1')]);
  const rows = configInfo(config, () => true, () => null);
  assert.deepEqual(rows.map((r) => r.name), ['a', '\uFF5A', '\u{1F600}']);
});

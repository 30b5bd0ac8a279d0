/** serverurl parsing, and the ssh command line that reaches a remote server. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execArgs, sshArgs, sshCommandFromEnv } from '../../src/client/ssh-tunnel.ts';
import { isLocalEndpoint, parseServerUrl, ServerUrlError } from '../../src/client/url.ts';

test('serverurl parsing: unix, http (default port 80), ssh to a socket or to a remote http URL', () => {
  assert.deepEqual(parseServerUrl('unix:///run/s.sock'), { kind: 'unix', path: '/run/s.sock' });
  assert.deepEqual(parseServerUrl('http://localhost'), { kind: 'tcp', host: 'localhost', port: 80 });
  assert.deepEqual(parseServerUrl('http://[::1]:9001/RPC2'), { kind: 'tcp', host: '::1', port: 9001 });
  assert.deepEqual(parseServerUrl('ssh://root@web1:2222/var/run/supervisor.sock'), {
    kind: 'ssh', user: 'root', host: 'web1', port: 2222, remote: { kind: 'unix', path: '/var/run/supervisor.sock' },
  });
  assert.deepEqual(parseServerUrl('ssh://web1/http://127.0.0.1:9001'), {
    kind: 'ssh', user: null, host: 'web1', port: null, remote: { kind: 'tcp', host: '127.0.0.1', port: 9001 },
  });
  assert.throws(() => parseServerUrl('https://x'), /Unknown protocol for serverurl https:\/\/x/);
  assert.throws(() => parseServerUrl('ssh://web1'), /no remote socket path/);
  assert.throws(() => parseServerUrl('http://h:99999'), /bad port/);
  assert.equal(isLocalEndpoint(parseServerUrl('http://127.0.0.1:9001')), true);
  assert.equal(isLocalEndpoint(parseServerUrl('http://10.1.1.1:9001')), false);
  assert.equal(isLocalEndpoint(parseServerUrl('ssh://h/s')), false);
});

test('ssh argv: forward a private local socket, fail fast, never prompt', () => {
  const t = { user: 'root', host: 'web1', port: 2222, remote: { kind: 'unix', path: '/run/s.sock' } } as const;
  assert.deepEqual(sshArgs(t, '/tmp/d/rpc.sock', ['-i', 'key']), [
    '-i', 'key', '-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'BatchMode=yes', '-o', 'StreamLocalBindUnlink=yes', '-o', 'LogLevel=INFO',
    '-L', '/tmp/d/rpc.sock:/run/s.sock', '-p', '2222', '-l', 'root', '--', 'web1',
  ]);
  assert.deepEqual(sshArgs(t, '/l', [], '/tmp/d/ctl').slice(-12, -8), ['-o', 'ControlMaster=yes', '-o', 'ControlPath=/tmp/d/ctl']);
  assert.deepEqual(execArgs(t, '/tmp/d/ctl', ['-i', 'key'], 'cat /proc/1/stat'), [
    '-i', 'key', '-o', 'ControlMaster=no', '-o', 'ControlPath=/tmp/d/ctl', '-o', 'BatchMode=yes', '-p', '2222', '-l', 'root', '--', 'web1', 'cat /proc/1/stat',
  ]);
  const tcp = sshArgs({ user: null, host: 'h', port: null, remote: { kind: 'tcp', host: '::1', port: 9001 } }, '/l', []);
  assert.ok(tcp.includes('/l:[::1]:9001'));
  assert.deepEqual(sshCommandFromEnv({ SUPERVISOR_TUI_SSH_COMMAND: ' ssh -F /x/cfg ' }), ['ssh', '-F', '/x/cfg']);
  assert.deepEqual(sshCommandFromEnv({}), ['ssh']);
  // The dashboard's first connection, before the full screen: ssh may ask for a host key or password.
  assert.ok(!sshArgs(t, '/l', [], undefined, true).includes('BatchMode=yes'));
});

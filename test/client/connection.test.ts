/** Connection settings as supervisorctl resolves them, and serverurl parsing. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../../src/config/index.ts';
import { resolveConnection } from '../../src/client/connection.ts';
import { sshArgs, sshCommandFromEnv } from '../../src/client/ssh-tunnel.ts';
import { isLocalEndpoint, parseServerUrl, ServerUrlError, validateServerUrl } from '../../src/client/url.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

const tmp = makeTmpDir('svcc-');
after(tmp.cleanup);

function conf(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

test('-c file: [supervisorctl] values; command line wins; defaults otherwise', () => {
  const file = conf('a.conf', '[supervisorctl]\nserverurl=http://127.0.0.1:9010\nusername=u\npassword=p\nprompt=mine\n');
  assert.deepEqual(resolveConnection({ configPath: file }), {
    serverurl: 'http://127.0.0.1:9010', username: 'u', password: 'p', configfile: file, prompt: 'mine', history_file: null,
  });
  const over = resolveConnection({ configPath: file, serverurl: 'unix:///tmp/x.sock', username: 'v', password: 'q' });
  assert.deepEqual([over.serverurl, over.username, over.password], ['unix:///tmp/x.sock', 'v', 'q']);
  const bare = resolveConnection({ configPath: conf('b.conf', '[supervisorctl]\n') });
  assert.deepEqual([bare.serverurl, bare.username, bare.password, bare.prompt], ['http://localhost:9001', null, null, 'supervisor']);
});

test('a relative unix:// path in the file is made absolute against the CWD, as supervisorctl does', () => {
  const r = resolveConnection({ configPath: conf('c.conf', '[supervisorctl]\nserverurl=unix://rel.sock\n') });
  assert.equal(r.serverurl, `unix://${join(process.cwd(), 'rel.sock')}`);
});

test('config errors carry supervisorctl\'s text', () => {
  assert.throws(() => resolveConnection({ configPath: conf('d.conf', '[supervisord]\n') }), (e: unknown) => e instanceof ConfigError && e.message === '.ini file does not include supervisorctl section');
  const missing = join(tmp.dir, 'missing.conf');
  assert.throws(() => resolveConnection({ configPath: missing }), (e: unknown) => e instanceof ConfigError && e.message === `could not find config file ${missing}`);
});

test('without -c the default search path is used (HERE/etc/supervisord.conf first)', () => {
  mkdirSync(join(tmp.dir, 'here', 'etc'), { recursive: true });
  mkdirSync(join(tmp.dir, 'here', 'bin'), { recursive: true });
  const found = join(tmp.dir, 'here', 'etc', 'supervisord.conf');
  writeFileSync(found, '[supervisorctl]\nserverurl=http://10.0.0.1:9\n');
  const r = resolveConnection({}, { argv0: join(tmp.dir, 'here', 'bin', 'supervisor-tui') });
  assert.equal(r.configfile, found);
  assert.equal(r.serverurl, 'http://10.0.0.1:9');
});

test('-s must look like a URL, worded as supervisorctl', () => {
  assert.throws(() => resolveConnection({ serverurl: 'foo' }), (e: unknown) => e instanceof ServerUrlError && e.message === "invalid value for -s 'foo': value 'foo' is not a URL");
  assert.throws(() => resolveConnection({ serverurl: 'unix://', serverurlOption: '--serverurl' }), /^ServerUrlError: invalid value for --serverurl 'unix:\/\/': value 'unix:\/\/' is not a URL$/);
  for (const ok of ['unix:///tmp/s.sock', 'http://localhost:9001', 'https://x', 'ssh://h/p', 'localhost:9001']) assert.equal(validateServerUrl(ok), ok);
  for (const bad of ['foo', 'http://', '', '/tmp/sock']) assert.throws(() => validateServerUrl(bad), ServerUrlError, bad);
});

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
  const tcp = sshArgs({ user: null, host: 'h', port: null, remote: { kind: 'tcp', host: '::1', port: 9001 } }, '/l', []);
  assert.ok(tcp.includes('/l:[::1]:9001'));
  assert.deepEqual(sshCommandFromEnv({ SUPERVISOR_TUI_SSH_COMMAND: ' ssh -F /x/cfg ' }), ['ssh', '-F', '/x/cfg']);
  assert.deepEqual(sshCommandFromEnv({}), ['ssh']);
});

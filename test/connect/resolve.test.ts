/** Connection settings as supervisorctl resolves them: command line, [supervisorctl] of the config, defaults. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../../src/config/index.ts';
import { resolveConnection } from '../../src/connect/resolve.ts';
import { ServerUrlError, validateServerUrl } from '../../src/client/url.ts';
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

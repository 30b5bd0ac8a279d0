/** The servers file, `-s` fleets and `NAME@SERVER` routing, as tables. */
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  adhocServers,
  defaultServersFile,
  FleetError,
  loadFleet,
  parseServersFile,
  readServersFile,
  routeWords,
  runPasswordCommand,
  splitAtServer,
  splitNamedUrl,
} from '../../src/fleet/index.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

const GOOD = `[server:web1]
url = ssh://ops@web1/var/run/supervisor.sock
[server:web2]
url = ssh://ops@web2/var/run/supervisor.sock
[server:db1]
url = http://10.0.0.5:9001
username = admin
password_command = pass show supervisor/db1
[context:prod]
servers = web1 web2 db1
readonly = true
color = red
[context:web]
servers = web1, web2
`;

test('a good servers file: servers in order, secrets, contexts', () => {
  const f = parseServersFile(GOOD, 'servers.conf');
  assert.deepEqual([...f.servers.keys()], ['web1', 'web2', 'db1']);
  assert.deepEqual(f.servers.get('db1'), {
    name: 'db1',
    serverurl: 'http://10.0.0.5:9001',
    username: 'admin',
    password: { kind: 'command', command: 'pass show supervisor/db1', file: 'servers.conf', line: 8, timeoutMs: 30_000 },
  });
  assert.deepEqual(f.servers.get('web1')?.password, { kind: 'none' });
  assert.deepEqual(f.contexts.get('prod'), { name: 'prod', servers: ['web1', 'web2', 'db1'], readonly: true, color: 'red' });
  assert.deepEqual(f.contexts.get('web'), { name: 'web', servers: ['web1', 'web2'], readonly: false, color: null });
  assert.equal(f.hasPassword, false);
  assert.equal(parseServersFile('[server:a]\nurl=unix:///a.sock\npassword=pw\n', 'f').hasPassword, true);
});

test('bad entries: one line naming file and line', () => {
  const cases: [string, string][] = [
    ['url = x\n', 'f.conf:1: no section header before the first key'],
    ['[server:a]\nurl = unix:///a.sock\nthis is not a key\n', 'f.conf:3: not a key = value line'],
    ['[server:a]\nurl = unix:///a.sock\n[program:x]\ncommand=x\n', 'f.conf:3: unknown section [program:x] (expected [server:NAME] or [context:NAME])'],
    ['[server:a]\nurl = unix:///a.sock\nusre = bob\n', "f.conf:3: [server:a]: unknown key 'usre' (expected url, username, password, password_command, password_command_timeout)"],
    ['[server:a]\nusername = bob\n', 'f.conf:1: [server:a]: url is required'],
    ['\n[server:a]\nurl = ftp://x\n', 'f.conf:3: [server:a]: Unknown protocol for serverurl ftp://x'],
    ['[server:a]\nurl = ssh://web1\n', 'f.conf:2: [server:a]: ssh://web1: no remote socket path (ssh://[user@]host[:port]/path/to/supervisor.sock)'],
    ['[server:a]\nurl = http://h:1\npassword = x\npassword_command = pass a\n', 'f.conf:4: [server:a]: password and password_command are both given (keep only the command)'],
    ['[server:a]\nurl = http://h:1\npassword_command = pass a\npassword_command_timeout = soon\n', "f.conf:4: [server:a]: password_command_timeout 'soon' is not a number of seconds above 0"],
    ['[server:a]\nurl = http://h:1\npassword_command_timeout = 5\n', 'f.conf:3: [server:a]: password_command_timeout without password_command'],
    ['[server:a b]\nurl = http://h:1\n', "f.conf:1: [server:a b]: bad server name 'a b' (letters, digits, '_', '.', '-')"],
    ['[server:a@b]\nurl = http://h:1\n', "f.conf:1: [server:a@b]: bad server name 'a@b' (letters, digits, '_', '.', '-')"],
    ['[server:a]\nurl = http://h:1\n[context:c]\nservers = a b\n', 'f.conf:4: [context:c]: no [server:b] in this file'],
    ['[server:a]\nurl = http://h:1\n[context:c]\nreadonly = true\n', 'f.conf:3: [context:c]: servers is required (server names, space-separated)'],
    ['[server:a]\nurl = http://h:1\n[context:c]\nservers = a\nreadonly = maybe\n', "f.conf:5: [context:c]: readonly: not a valid boolean value: 'maybe'"],
    ['[server:a]\nurl = http://h:1\n[context:c]\nservers = a\ncolor = pink\n', "f.conf:5: [context:c]: color 'pink' is not one of red, green, yellow, blue, magenta, cyan, white, gray"],
    ['[server:a]\nurl = http://h:1\n[context:c]\nservers = a a\n', 'f.conf:4: [context:c]: a server is listed twice'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseServersFile(text, 'f.conf'), (err: unknown) => err instanceof FleetError && err.message === message, message);
  }
});

test('-s fleets: named after the host, or name=URL; repeats numbered', () => {
  const servers = adhocServers(
    ['ssh://ops@web1/run/s.sock', 'http://10.0.0.5:9001', 'db=unix:///tmp/db.sock', 'unix:///tmp/x.sock', 'ssh://web1:2222/run/s.sock', 'http://[::1]:9001'],
    { username: 'u', password: 'p' },
    'thishost',
  );
  assert.deepEqual(servers.map((s) => [s.name, s.serverurl]), [
    ['web1', 'ssh://ops@web1/run/s.sock'],
    ['10.0.0.5', 'http://10.0.0.5:9001'],
    ['db', 'unix:///tmp/db.sock'],
    ['thishost', 'unix:///tmp/x.sock'],
    ['web1-2', 'ssh://web1:2222/run/s.sock'],
    ['_-1', 'http://[::1]:9001'],
  ]);
  assert.deepEqual(servers[0]!.password, { kind: 'value', value: 'p' });
  assert.equal(servers[0]!.username, 'u');
  assert.throws(() => adhocServers(['a=unix:///x', 'a=unix:///y'], { username: null, password: null }, 'h'), /-s a=unix:\/\/\/y: server name a given twice/);
  assert.throws(() => adhocServers(['ftp://x'], { username: null, password: null }, 'h'), /-s ftp:\/\/x: Unknown protocol/);
  assert.deepEqual(splitNamedUrl('web=http://h:1/?a=b'), ['web', 'http://h:1/?a=b']);
  assert.deepEqual(splitNamedUrl('http://h:1/?a=b'), [null, 'http://h:1/?a=b']);
});

test('NAME@SERVER routing: globs on server names, plain names everywhere, common words kept', () => {
  const fleet = ['web1', 'web2', 'db1'];
  assert.deepEqual(splitAtServer('web:*@web1'), ['web:*', 'web1']);
  assert.deepEqual(splitAtServer('all'), ['all', null]);
  const flags = (w: string) => w.startsWith('-');
  const cases: [string[], [string, string[]][], string[]][] = [
    [['web:*@web1'], [['web1', ['web:*']]], []],
    [['all@db*'], [['db1', ['all']]], []],
    [['all'], [['web1', ['all']], ['web2', ['all']], ['db1', ['all']]], []],
    [['x@web*', 'y'], [['web1', ['x', 'y']], ['web2', ['x', 'y']], ['db1', ['y']]], []],
    [['y@web[2]', 'x@db1'], [['web2', ['y']], ['db1', ['x']]], []],
    [['x@nosuch'], [], ['x@nosuch']],
    [[], [['web1', []], ['web2', []], ['db1', []]], []],
    [['--json'], [['web1', ['--json']], ['web2', ['--json']], ['db1', ['--json']]], []],
    [['-f', 'x@db1'], [['db1', ['-f', 'x']]], []],
  ];
  for (const [words, perServer, unmatched] of cases) {
    const r = routeWords(words, fleet, flags);
    assert.deepEqual([...r.perServer], perServer, words.join(' '));
    assert.deepEqual(r.unmatched, unmatched);
  }
  // signal's first word and tail's channel are common too
  const r = routeWords(['HUP', 'web:*@web2'], fleet, (_w, i) => i === 0);
  assert.deepEqual([...r.perServer], [['web2', ['HUP', 'web:*']]]);
});

test('loading: default path, contexts, --servers alone, warnings, password_command', async () => {
  assert.equal(defaultServersFile({ XDG_CONFIG_HOME: '/x', HOME: '/h' }), '/x/supervisor-tui/servers.conf');
  assert.equal(defaultServersFile({ HOME: '/h' }), '/h/.config/supervisor-tui/servers.conf');
  const tmp = makeTmpDir('fleet-');
  try {
    const file = join(tmp.dir, 'supervisor-tui', 'servers.conf');
    const warnings: string[] = [];
    const warn = (l: string) => warnings.push(l);
    const none = { serversFile: undefined, serverurls: [], username: undefined, password: undefined };
    assert.throws(() => loadFleet({ ...none, context: 'prod' }, { XDG_CONFIG_HOME: tmp.dir }, warn), new FleetError(`${file}: no such servers file`));
    (await import('node:fs')).mkdirSync(join(tmp.dir, 'supervisor-tui'));
    writeFileSync(file, GOOD + '[server:x]\nurl = unix:///x.sock\npassword = secret\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    const prod = loadFleet({ ...none, context: 'prod' }, { XDG_CONFIG_HOME: tmp.dir }, warn);
    assert.deepEqual([prod.context, prod.servers.map((s) => s.name), prod.readonly, prod.color], ['prod', ['web1', 'web2', 'db1'], true, 'red']);
    assert.deepEqual(warnings, [`warning: ${file} holds a password and is readable by others (chmod 600 ${file}, or use password_command)`]);
    chmodSync(file, 0o600);
    warnings.length = 0;
    const all = loadFleet({ ...none, serversFile: file, context: undefined }, {}, warn);
    assert.deepEqual([all.context, all.servers.map((s) => s.name)], [null, ['web1', 'web2', 'db1', 'x']]);
    assert.deepEqual(warnings, []);
    assert.throws(() => loadFleet({ ...none, serversFile: file, context: 'nope' }, {}, warn), new FleetError(`--context nope: no [context:nope] in ${file} (contexts: prod, web)`));
    assert.throws(() => loadFleet({ ...none, serversFile: file, context: 'prod', serverurls: ['unix:///a'] }, {}, warn), /-s cannot be combined/);

    const cmd = (command: string, timeoutMs = 30_000) => ({ kind: 'command' as const, command, file: 'f', line: 3, timeoutMs });
    assert.equal(await runPasswordCommand(cmd('printf "s3cret\\nextra\\n"')), 's3cret');
    await assert.rejects(runPasswordCommand(cmd('echo nope >&2; exit 4')), new FleetError('f:3: password_command failed (exit 4): nope'));
    await assert.rejects(runPasswordCommand(cmd('true')), new FleetError('f:3: password_command printed nothing'));
    // A command that hangs is killed with everything it started, past its timeout.
    const marker = `${process.pid}${Date.now() % 1000}`;
    await assert.rejects(runPasswordCommand(cmd(`sleep 1${marker} & sleep 2${marker}`, 500)), new FleetError('f:3: password_command failed (timed out after 0.5 s)'));
    const left = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d) && (() => { try { return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(marker); } catch { return false; } })());
    await waitFor(() => left().length === 0, { message: 'no sleep left behind', timeoutMs: 10_000 });
    const file2 = join(tmp.dir, 'timeout.conf');
    writeFileSync(file2, '[server:a]\nurl = http://h:1\npassword_command = pass a\npassword_command_timeout = 2.5\n[server:b]\nurl = http://h:1\npassword_command = pass b\n');
    const parsed = readServersFile(file2, warn);
    assert.deepEqual([parsed.servers.get('a')!.password, parsed.servers.get('b')!.password], [
      { kind: 'command', command: 'pass a', file: file2, line: 3, timeoutMs: 2500 },
      { kind: 'command', command: 'pass b', file: file2, line: 7, timeoutMs: 30_000 },
    ]);
  } finally {
    tmp.cleanup();
  }
});

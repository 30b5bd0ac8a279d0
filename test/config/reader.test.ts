/** The whole reader on small configs in a described world: sections, expansion scopes, includes, errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigError,
  findDefaultConfig,
  loadConfig,
  normalizeConfig,
  parseSupervisordArgs,
  type Config,
  type LoadOptions,
} from '../../src/config/index.ts';
import { memWorld } from './memory-world.ts';

const MAIN = '/etc/supervisord.conf';

function load(text: string, more: Record<string, string> = {}, opts: Omit<LoadOptions, 'world'> = {}): Config {
  return loadConfig(MAIN, { ...opts, world: memWorld({ [MAIN]: text, ...more }) });
}

function loadError(text: string, more: Record<string, string> = {}, opts: Omit<LoadOptions, 'world'> = {}): string {
  try {
    load(text, more, opts);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail('expected a ConfigError');
}

const SD = '[supervisord]\n';

describe('config reader', () => {
  it('defaults of [supervisord] and of a program', () => {
    const c = load(`${SD}[program:cat]\ncommand=/bin/cat\n`);
    assert.equal(c.supervisord.logfile, '/srv/supervisord.log');
    assert.equal(c.supervisord.pidfile, '/srv/supervisord.pid');
    assert.equal(c.supervisord.childlogdir, '/tmp');
    assert.equal(c.supervisord.umask, 0o22);
    const p = c.groups[0]!.processes[0]!;
    assert.equal(p.name, 'cat');
    assert.equal(p.autorestart, 'unexpected');
    assert.equal(p.stdout_logfile, 'AUTO');
    assert.equal(p.stopsignal, 'TERM');
    assert.equal(p.file, MAIN);
    assert.equal(c.supervisorctl, null);
  });

  it('missing file, missing [supervisord]', () => {
    assert.throws(() => loadConfig('/nope.conf', { world: memWorld({}) }), { message: 'could not find config file /nope.conf' });
    assert.equal(loadError('[program:a]\ncommand=x\n'), '.ini file does not include supervisord section');
  });

  it('numprocs needs %(process_num) in process_name; processes sort by name as strings', () => {
    assert.equal(
      loadError(`${SD}[program:a]\ncommand=x\nnumprocs=2\n`),
      "%(process_num) must be present within process_name when numprocs > 1 in section 'program:a' (file: '/etc/supervisord.conf')",
    );
    const c = load(`${SD}[program:w]\ncommand=x %(process_num)d/%(numprocs)d\nnumprocs=11\nprocess_name=w_%(process_num)s\n`);
    const names = c.groups[0]!.processes.map((p) => p.name);
    assert.deepEqual(names.slice(0, 4), ['w_0', 'w_1', 'w_10', 'w_2']);
    assert.equal(c.groups[0]!.processes[2]!.command, 'x 10/11');
  });

  it('which names each key can see', () => {
    // the group's priority is read with here and ENV_* only, and without the section suffix
    assert.equal(
      loadError(`${SD}[program:a]\ncommand=x\npriority=%(program_name)s\n`),
      "Format string '%(program_name)s' for 'program:a.priority' contains names ('program_name') which cannot be expanded. Available names: ENV_HOME, ENV_PATH, ENV_USER, here",
    );
    // keys read once per section see the program's names but not process_num
    assert.equal(
      loadError(`${SD}[program:a]\ncommand=x\nstartsecs=%(process_num)d\n`),
      "Format string '%(process_num)d' for 'program:a.startsecs' contains names ('process_num') which cannot be expanded. Available names: ENV_HOME, ENV_PATH, ENV_USER, group_name, here, host_node_name, program_name in section 'program:a' (file: '/etc/supervisord.conf')",
    );
    // [supervisord] environment: no host_node_name
    assert.match(loadError(`${SD}environment=A=%(host_node_name)s\n`), /contains names \('host_node_name'\)/);
    // the program's own environment feeds its command; [supervisord] environment feeds every program
    const c = load(`[supervisord]\nenvironment=G="g1"\n[program:a]\nenvironment=K="v",G="mine"\ncommand=run %(ENV_K)s %(ENV_G)s %(group_name)s %(host_node_name)s %(here)s\n`);
    const p = c.groups[0]!.processes[0]!;
    assert.equal(p.command, 'run v mine a box /etc');
    assert.deepEqual(p.environment, { G: 'mine', K: 'v' });
  });

  it('logfile names are expanded twice; %% alone is an error there', () => {
    const c = load(`${SD}[program:a]\ncommand=x\nstdout_logfile=/tmp/a%%%%b.log\n`);
    assert.equal(c.groups[0]!.processes[0]!.stdout_logfile, '/tmp/a%b.log');
    assert.match(loadError(`${SD}[program:a]\ncommand=x\nstdout_logfile=/tmp/a%%b.log\n`), /for 'stdout_logfile' is badly formatted: unsupported format character 'b'/);
  });

  it('system checks: log directories, childlogdir, users', () => {
    assert.equal(loadError(`${SD}logfile=/nope/s.log\n`), 'The directory named as part of the path /nope/s.log does not exist');
    assert.equal(loadError(`${SD}childlogdir=/nope\n`), '/nope is not an existing directory');
    assert.equal(
      loadError(`${SD}[program:a]\ncommand=x\nuser=nobody\n`),
      "Invalid user name nobody in section 'program:a' (file: '/etc/supervisord.conf')",
    );
    const c = load(`${SD}[program:a]\ncommand=x\nuser=33\ndirectory=/not/checked\n`);
    assert.equal(c.groups[0]!.processes[0]!.user, 'www-data');
    assert.equal(c.groups[0]!.processes[0]!.directory, '/not/checked');
  });

  it('[supervisord] user is checked last: a program error wins', () => {
    assert.match(loadError(`[supervisord]\nuser=ghost\n[program:a]\ncommand=x\nautostart=maybe\n`), /^not a valid boolean value: 'maybe' in section/);
    assert.equal(loadError(`[supervisord]\nuser=ghost\n`), 'Invalid user name ghost');
  });

  it('warnings', () => {
    const c = load(
      `${SD}[program:a]\ncommand=x\nstdout_logfile_maxbytes=0\nredirect_stderr=true\nstderr_logfile=/tmp/e.log\n[program:b]\ncommand=x\nstdout_logfile=syslog\n`,
    );
    assert.deepEqual(c.warnings, [
      'For [program:a], AUTO logging used for stdout_logfile without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally',
      'For [program:a], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored',
      'For [program:b], stdout_logfile=syslog but this is deprecated and will be removed.  Use stdout_syslog=true to enable syslog instead.',
    ]);
    const b = c.groups[1]!.processes[0]!;
    assert.equal(b.stdout_logfile, null);
    assert.equal(b.stdout_syslog, true);
    assert.equal(c.groups[0]!.processes[0]!.stderr_logfile, null);
  });

  it('[include]: globbed from the main file, sorted, each file with its own %(here)s', () => {
    const c = load(`${SD}[include]\nfiles = conf.d/*.conf missing/*.conf\n`, {
      '/etc/conf.d/b.conf': '[program:b]\ncommand=%(here)s/b\n',
      '/etc/conf.d/a.conf': '[program:a]\ncommand=%(here)s/a\n[program:b]\npriority=5\n',
    });
    assert.deepEqual(c.infos, [
      'Included extra file "/etc/conf.d/a.conf" during parsing',
      'Included extra file "/etc/conf.d/b.conf" during parsing',
    ]);
    assert.deepEqual(c.warnings, ['No file matches via include "/etc/missing/*.conf"']);
    assert.deepEqual(
      c.groups.map((g) => [g.name, g.priority, g.processes[0]!.command]),
      [['b', 5, '/etc/conf.d/b'], ['a', 999, '/etc/conf.d/a']],
    );
    // errors name the included file the section first came from
    assert.equal(
      loadError(`${SD}[include]\nfiles=conf.d/*.conf\n`, { '/etc/conf.d/a.conf': '[program:a]\ncommand=x\nautostart=maybe\n' }),
      "not a valid boolean value: 'maybe' in section 'program:a' (file: '/etc/conf.d/a.conf')",
    );
    assert.equal(loadError(`${SD}[include]\n`), '.ini file has [include] section, but no files setting');
  });

  it('%(here)s with [include] is textual in the main file too; without it, an expansion', () => {
    const c = load(`[supervisord]\nlogfile=%(here)s/s.log\n[include]\nfiles=none/*.conf\n[program:a]\ncommand=echo %(here)s %%\n`);
    assert.equal(c.supervisord.logfile, '/etc/s.log');
    assert.equal(c.groups[0]!.processes[0]!.command, 'echo /etc %');
  });

  it('[DEFAULT] values apply to every section', () => {
    const c = load(`[DEFAULT]\nstartsecs=7\n${SD}[program:a]\ncommand=x\n[program:b]\ncommand=y\nstartsecs=2\n`);
    assert.deepEqual(
      c.groups.map((g) => g.processes[0]!.startsecs),
      [7, 2],
    );
  });

  it('[group:x]: members leave their own groups, keep programs= order, and group_name is the group', () => {
    const c = load(`${SD}[group:g]\nprograms=b,a\npriority=5\n[program:a]\ncommand=%(group_name)s\n[program:b]\ncommand=x\n[program:c]\ncommand=y\n`);
    assert.deepEqual(
      c.groups.map((g) => [g.name, g.type, g.processes.map((p) => p.name)]),
      [['g', 'group', ['b', 'a']], ['c', 'program', ['c']]],
    );
    assert.equal(c.groups[0]!.processes[1]!.command, 'g');
    // 4.2.5 names the previous member's section here; we name the group (compat §10.6)
    assert.equal(loadError(`${SD}[group:g]\nprograms=a,zz\n[program:a]\ncommand=x\n`), '[group:g] names unknown program or fcgi-program zz');
  });

  it('[eventlistener:x]', () => {
    const c = load(`${SD}[eventlistener:ev]\ncommand=x\nevents=tick_5, PROCESS_STATE,TICK_5\n`);
    const g = c.groups[0]!;
    assert.equal(g.type, 'eventlistener');
    assert.equal(g.priority, -1);
    if (g.type === 'eventlistener') {
      assert.deepEqual(g.events, ['PROCESS_STATE', 'TICK_5']);
      assert.equal(g.buffer_size, 10);
      assert.equal(g.result_handler, 'supervisor.dispatchers:default_handler');
    }
    assert.equal(loadError(`${SD}[eventlistener:e]\ncommand=x\n`), '[eventlistener:e] section requires an "events" line');
    assert.equal(loadError(`${SD}[eventlistener:e]\ncommand=x\nevents=FOO\n`), 'Unknown event type FOO in [eventlistener:e] events');
    assert.equal(loadError(`${SD}[eventlistener:e]\ncommand=x\nevents=TICK_5\nbuffer_size=0\n`), '[eventlistener:e] section sets invalid buffer_size (0)');
    assert.equal(
      loadError(`${SD}[eventlistener:e]\ncommand=x\nevents=TICK_5\nredirect_stderr=true\n`),
      '[eventlistener:e] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol',
    );
    assert.equal(
      loadError(`${SD}[eventlistener:e]\ncommand=x\nevents=TICK_5\nresult_handler=mine:handler\n`),
      'mine:handler cannot be resolved within [eventlistener:e]',
    );
  });

  it('[fcgi-program:x]', () => {
    const c = load(`${SD}[fcgi-program:f]\ncommand=x\nsocket=unix:///run/%(program_name)s.sock\nuser=www-data\n[fcgi-program:t]\ncommand=y\nsocket=tcp://LocalHost:9000\n`);
    const [f, t] = c.groups;
    assert.ok(f?.type === 'fcgi-program' && t?.type === 'fcgi-program');
    assert.equal(f.socket, 'unix:///run/f.sock');
    assert.deepEqual(f.socket_owner, [33, 33]);
    assert.equal(f.socket_mode, 0o700);
    assert.equal(t.socket, 'tcp://localhost:9000');
    assert.equal(loadError(`${SD}[fcgi-program:f]\ncommand=x\n`), '[fcgi-program:f] section requires a "socket" line');
    assert.equal(
      loadError(`${SD}[fcgi-program:f]\ncommand=x\nsocket=tcp://h:1\nsocket_mode=0700\n`),
      'socket_owner and socket_mode params should only be used with a Unix domain socket in [fcgi-program:f] socket',
    );
    assert.equal(loadError(`${SD}[fcgi-program:f]\ncommand=x\nsocket=nope\n`), "('Bad socket format %s', 'nope') in [fcgi-program:f] socket");
  });

  it('HTTP servers and the fallback server URL', () => {
    const c = load(`${SD}[unix_http_server]\nfile=run/s.sock\nchown=www-data:root\n[inet_http_server]\nport=*:9001\nusername=u\npassword={SHA}x\n`);
    assert.deepEqual(normalizeConfig(c) && c.http_servers.map((s) => s.family), ['inet', 'unix']);
    const unix = c.http_servers[1]!;
    assert.ok(unix.family === 'unix');
    assert.equal(unix.file, '/srv/run/s.sock');
    assert.deepEqual(unix.chown, [33, 0]);
    assert.equal(c.serverurl, 'unix:///srv/run/s.sock');
    assert.equal(load(`${SD}[inet_http_server]\nport=9001\n`).serverurl, 'http://localhost:9001');
    assert.equal(loadError(`${SD}[unix_http_server]\nfile=/tmp/s\nchown=ghost\n`), 'Invalid sockchown value ghost');
    assert.equal(
      loadError(`${SD}[inet_http_server]\nport=9001\nusername=u\n`),
      'Section [inet_http_server] contains incomplete authentication: If a username or a password is specified, both the username and password must be specified',
    );
    assert.equal(loadError(`${SD}[inet_http_server]\nport=abc\n`), "not a valid port number: 'abc' ");
  });

  it('[rpcinterface:x] factories must resolve', () => {
    const c = load(`${SD}[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\nretries=%(ENV_USER)s\n`);
    assert.deepEqual(c.rpcinterfaces, [{ name: 'supervisor', factory: 'supervisor.rpcinterface:make_main_rpcinterface', extras: { retries: 'root' } }]);
    assert.equal(loadError(`${SD}[rpcinterface:x]\nsupervisor.rpcinterface_factory = nosuch.module:make\n`), 'nosuch.module:make cannot be resolved within [rpcinterface:x]');
    assert.equal(loadError(`${SD}[rpcinterface:x]\n`), 'section [rpcinterface:x] does not specify a supervisor.rpcinterface_factory');
  });

  it('[supervisorctl] as supervisorctl reads it', () => {
    const c = load(`${SD}[supervisorctl]\nserverurl=unix://run/../s.sock\nhistory_file=~/.h\n`);
    assert.deepEqual(c.supervisorctl, { serverurl: 'unix:///srv/s.sock', username: null, password: null, prompt: 'supervisor', history_file: '/root/.h' });
    const ctl = loadConfig(MAIN, { forCtl: true, world: memWorld({ [MAIN]: '[supervisorctl]\nusername=u\npassword=p\n[program:broken]\nautostart=maybe\n' }) });
    assert.equal(ctl.supervisorctl?.serverurl, 'http://localhost:9001');
    assert.equal(ctl.has_supervisord, false);
    assert.throws(() => loadConfig(MAIN, { forCtl: true, world: memWorld({ [MAIN]: SD }) }), {
      message: '.ini file does not include supervisorctl section',
    });
  });

  it('command-line overrides win over the file and are checked like the file', () => {
    const c = load(`[supervisord]\nloglevel=debug\nnodaemon=false\n`, {}, { overrides: { loglevel: 'WARN', nodaemon: true, logfile: '/tmp/x.log', minfds: '10' } });
    assert.equal(c.supervisord.loglevel, 'warn');
    assert.equal(c.supervisord.nodaemon, true);
    assert.equal(c.supervisord.logfile, '/tmp/x.log');
    assert.equal(c.supervisord.minfds, 10);
    assert.equal(loadError(SD, {}, { overrides: { loglevel: 'bogus' } }), "invalid value for -e 'bogus': bad logging level name 'bogus'");
    assert.equal(loadError(SD, {}, { overrides: { umask: '9x' } }), "invalid value for -m '9x': 9x can not be converted to an octal type");
    assert.equal(loadError(SD, {}, { overrides: { user: 'ghost' } }), 'Invalid user name ghost');
  });
});

describe('supervisord command line', () => {
  const world = memWorld({});
  const err = (argv: string[]): string => {
    try {
      parseSupervisordArgs(argv, world);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  it('parses options as getopt does', () => {
    assert.deepEqual(parseSupervisordArgs(['-n', '-c', 'x.conf', '--logl=debug', '-kt', '-a5'], world), {
      action: 'run',
      configfile: 'x.conf',
      overrides: { nodaemon: true, loglevel: 'debug', nocleanup: true, strip_ansi: true, minfds: '5' },
    });
    assert.equal(parseSupervisordArgs(['-v'], world).action, 'version');
    assert.equal(parseSupervisordArgs(['-h'], world).action, 'help');
  });
  it("Supervisor's error texts", () => {
    assert.equal(err(['-x']), 'option -x not recognized');
    assert.equal(err(['--bogus']), 'option --bogus not recognized');
    assert.equal(err(['extra']), "positional arguments are not supported: ['extra']");
    assert.equal(err(['-c', 'a', '-c', 'b']), "conflicting command line option '-c'");
    assert.equal(err(['-c']), 'option -c requires argument');
    assert.equal(err(['-e', 'bogus']), "invalid value for -e 'bogus': bad logging level name 'bogus'");
    assert.equal(err(['--loglevel=bogus']), "invalid value for --loglevel 'bogus': bad logging level name 'bogus'");
    assert.equal(err(['-y', '5XB']), "invalid value for -y '5XB': invalid literal for int() with base 10: '5xb'");
    assert.equal(err(['--nodaemon=1']), 'option --nodaemon must not have an argument');
  });
});

describe('default config search', () => {
  it('the first existing candidate, in supervisord order', () => {
    const world = memWorld({ '/etc/supervisor/supervisord.conf': SD, '/srv/etc/supervisord.conf': SD });
    assert.equal(findDefaultConfig({ argv0: '/usr/bin/supervisord', world }), 'etc/supervisord.conf');
    assert.equal(findDefaultConfig({ argv0: '/usr/bin/supervisord', world: memWorld({ '/etc/supervisor/supervisord.conf': SD }) }), '/etc/supervisor/supervisord.conf');
    assert.equal(findDefaultConfig({ argv0: '/opt/x/bin/s', world: memWorld({ '/opt/x/etc/supervisord.conf': SD }) }), '/opt/x/etc/supervisord.conf');
    assert.equal(findDefaultConfig({ argv0: '/usr/bin/s', world: memWorld({}) }), null);
  });
});

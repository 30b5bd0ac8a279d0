/**
 * Random supervisord.conf files that stress the dialect, the value types and the expansion
 * rules (seeded, so a failure can be replayed). Used by the differential test against the
 * real Supervisor.
 */

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedConfig {
  /** Relative path → text; 'main.conf' is the main file. */
  files: Map<string, string>;
}

export function generateConfig(seed: number, dir: string): GeneratedConfig {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  /** Values marked with a leading '!' are mistakes; they are picked rarely so deeper paths get exercised. */
  const pickValue = (xs: readonly string[]): string => {
    const bad = xs.filter((x) => x.startsWith('!'));
    const good = xs.filter((x) => !x.startsWith('!'));
    return bad.length > 0 && (good.length === 0 || r() < 0.04) ? pick(bad).slice(1) : pick(good);
  };
  const chance = (p: number): boolean => r() < p;

  const existing = dir;
  const missing = '/nonexistent-svt';
  const pools: Record<string, readonly string[]> = {
    command: ['/bin/cat', '/bin/echo %(program_name)s %(process_num)d', "bash -c 'a ; b'", 'x;y', '/bin/sh -c "%(ENV_HOME)s"', '!run %(bogus)s', '!echo 5%', 'echo 100%%', '/bin/date +%%s', 'py %(here)s/app.py'],
    process_name: ['%(program_name)s', '%(program_name)s_%(process_num)02d', 'w%(process_num)d', '!bad name', '!%(program_name)s:%(process_num)s', ' spaced '],
    numprocs: ['1', '2', '3', '0', '!two', ' 2 '],
    numprocs_start: ['0', '5', '-1', '!x'],
    priority: ['1', '999', '-5', '100', '!high', ' 7 '],
    autostart: ['true', 'false', 'YES', 'off', '!maybe', '1'],
    autorestart: ['unexpected', 'true', 'false', 'Unexpected', '!sometimes', 'on'],
    startsecs: ['0', '1', '10', '-1', '!1.5'],
    startretries: ['0', '3', '!many'],
    exitcodes: ['0', '0,2', '0, 2 ,3', '', '!0,256', '!a', '!1,,2'],
    stopsignal: ['TERM', 'int', 'SIGHUP', ' kill ', '9', '0', 'SIG_IGN', 'IOT', '!FOO', '!99', 'rtmin', 'CLD'],
    stopwaitsecs: ['10', '1', '!x'],
    stopasgroup: ['true', 'false'],
    killasgroup: ['true', 'false'],
    user: ['root', 'nobody', '0', '65534', '!nosuchuser', '!99999', '%(ENV_USER)s'],
    directory: [existing, missing, '~', '%(here)s', '/tmp/%(program_name)s'],
    umask: ['022', '0o22', '!8', '777', '!x'],
    redirect_stderr: ['true', 'false'],
    stdout_logfile: ['AUTO', 'NONE', 'off', 'syslog', `${existing}/%(program_name)s.log`, `!${missing}/x.log`, 'rel.log', `${existing}/a%%%%b.log`, `!${existing}/a%%b.log`, '%(here)s/o-%(process_num)d.log'],
    stderr_logfile: ['AUTO', 'NONE', 'Syslog', `${existing}/e.log`, `!${missing}/e.log`],
    stdout_logfile_maxbytes: ['0', '50MB', '1 KB', '!10XB', '!1.5MB', '2gb', '-1'],
    stderr_logfile_maxbytes: ['0', '1MB'],
    stdout_logfile_backups: ['0', '10', '!x'],
    stdout_capture_maxbytes: ['0', '1KB', '!zz'],
    stdout_events_enabled: ['true', 'false', '!nah'],
    stdout_syslog: ['true', 'false'],
    environment: ['A=1,B=2', 'A="x,y",B=z', "A='a b'", '!A=1,B', 'PATH="/x:%(ENV_PATH)s"', 'K=%(program_name)s_%(process_num)d', 'A=$HOME', '!A=1 B=2', '!A="', 'FOO=bar', 'X=%(ENV_FOO)s'],
    serverurl: ['AUTO', 'auto', 'http://127.0.0.1:9001', ''],
  };
  const programKeys = Object.keys(pools);

  const names = ['web', 'worker', '!a b', '!x:y', ' pad ', 'w-1', 'ünï', 'cat', 'web'];
  const lines: string[] = [];
  const sections: string[] = [];
  const programs: string[] = [];

  const value = (v: string): string => {
    const roll = r();
    if (roll < 0.05) return `${v} ;comment`;
    if (roll < 0.08) return `${v}\t# note`;
    if (roll < 0.09) return `${v};glued`;
    return v;
  };
  const keyLine = (k: string, v: string): void => {
    const key = chance(0.1) ? k.toUpperCase() : k;
    const delim = chance(0.15) ? ':' : chance(0.2) ? ' = ' : '=';
    const text = value(v);
    if (chance(0.06) && text.includes(' ')) {
      const [first, ...rest] = text.split(' ');
      lines.push(`${key}${delim}${first}`);
      if (chance(0.3)) lines.push('');
      lines.push(`    ${rest.join(' ')}`);
    } else lines.push(`${key}${delim}${text}`);
  };

  if (chance(0.01)) lines.push('stray=text');
  if (chance(0.15)) {
    lines.push('[DEFAULT]');
    keyLine(pick(['startsecs', 'priority', 'autostart', 'user', 'directory', 'stdout_logfile']), pick(['7', '3', 'false', 'root', '%(here)s/d', '%(here)s/%(program_name)s.log']));
  }
  if (chance(0.97)) {
    lines.push('[supervisord]');
    sections.push('supervisord');
    const sup: Record<string, readonly string[]> = {
      logfile: [`${existing}/sd.log`, `!${missing}/sd.log`, 'sd.log', 'syslog', '%(here)s/sd.log', '!%(here)s/x%(nope)s.log'],
      pidfile: [`${existing}/sd.pid`, `!${missing}/x.pid`, 'rel.pid'],
      loglevel: ['info', 'DEBUG', 'warn', '!warning', 'blather', '!loud'],
      umask: ['022', '!8', '0o77'],
      minfds: ['1024', '!many'],
      childlogdir: [existing, '!' + missing, '~'],
      directory: [existing, '!' + missing],
      user: ['root', '!nosuchuser', '0'],
      nodaemon: ['true', 'false', '!maybe'],
      identifier: ['supervisor', 'sv-%(ENV_USER)s'],
      environment: ['FOO=bar', 'FOO="a,b",BAR=%(ENV_HOME)s', '!X=%(host_node_name)s', '!A=1,B', 'P=100%%%%'],
      logfile_maxbytes: ['1MB', '1 kb', '!5XB'],
      strip_ansi: ['true', '!nope'],
    };
    for (const k of Object.keys(sup)) if (chance(0.25)) keyLine(k, pickValue(sup[k]!));
  }
  const nSections = 1 + Math.floor(r() * 4);
  for (let i = 0; i < nSections; i++) {
    const kind = pick(['program', 'program', 'program', 'eventlistener', 'fcgi-program', 'group', 'unix', 'inet', 'ctl', 'rpc', 'Program']);
    const name = pickValue(names);
    if (kind === 'program' || kind === 'eventlistener' || kind === 'fcgi-program' || kind === 'Program') {
      lines.push('', `[${kind}:${name}]`);
      sections.push(`${kind}:${name}`);
      if (kind === 'program') programs.push(name);
      if (chance(0.97)) keyLine('command', pickValue(pools['command']!));
      for (const k of programKeys) if (k !== 'command' && chance(0.12)) keyLine(k, pickValue(pools[k]!));
      if (kind === 'eventlistener') {
        if (chance(0.9)) keyLine('events', pick(['PROCESS_STATE', 'tick_5, PROCESS_LOG', 'PROCESS_STATE,PROCESS_STATE', 'BOGUS', '', 'TICK_60,']));
        if (chance(0.2)) keyLine('buffer_size', pick(['0', '5', 'x']));
        if (chance(0.15)) keyLine('result_handler', pick(['supervisor.dispatchers:default_handler', 'nosuch:handler', 'bad spec']));
      }
      if (kind === 'fcgi-program') {
        if (chance(0.9)) keyLine('socket', pick(['tcp://localhost:9002', 'tcp://LOCALHOST:70000', 'unix:///tmp/%(program_name)s.sock', 'unix://rel.sock', 'bogus', '']));
        if (chance(0.2)) keyLine('socket_owner', pick(['root', 'root:root', 'nosuch']));
        if (chance(0.2)) keyLine('socket_mode', pick(['0700', '9']));
        if (chance(0.2)) keyLine('socket_backlog', pick(['10', '0', 'x']));
      }
    } else if (kind === 'group') {
      lines.push('', `[group:${pick(['g', 'grp', 'g g'])}]`);
      keyLine('programs', pick([programs.join(','), programs.slice(0, 1).join(','), 'nope', `${programs[0] ?? 'web'},missing`, '']));
      if (chance(0.3)) keyLine('priority', pick(['5', 'x']));
    } else if (kind === 'unix') {
      lines.push('', '[unix_http_server]');
      if (chance(0.9)) keyLine('file', pick([`${existing}/s.sock`, '%(here)s/s.sock', ' rel.sock ']));
      if (chance(0.2)) keyLine('chmod', pick(['0777', '999']));
      if (chance(0.2)) keyLine('chown', pick(['root', 'root:root', 'nosuch:x', 'root:nosuchgroup']));
      if (chance(0.2)) keyLine('username', 'u');
      if (chance(0.2)) keyLine('password', '{SHA}abc');
    } else if (kind === 'inet') {
      lines.push('', `[inet_http_server${pick(['', ':two', '2'])}]`);
      if (chance(0.9)) keyLine('port', pick(['9001', '127.0.0.1:9001', '*:9001', ':9001', 'abc', 'host:', '0', 'Host:70000', '[::1]:9001']));
    } else if (kind === 'ctl') {
      lines.push('', '[supervisorctl]');
      if (chance(0.6)) keyLine('serverurl', pick(['unix:///tmp/x/../s.sock', 'unix://rel.sock', 'http://localhost:9001', 'unix://%(here)s/s.sock', '%(nope)s']));
      if (chance(0.3)) keyLine('prompt', pick(['mine', '%(here)s']));
      if (chance(0.3)) keyLine('history_file', pick(['~/.hist', '%(here)s/h']));
    } else if (kind === 'rpc') {
      lines.push('', `[rpcinterface:${pick(['supervisor', 'x'])}]`);
      if (chance(0.9)) keyLine('supervisor.rpcinterface_factory', pick(['supervisor.rpcinterface:make_main_rpcinterface', 'nosuch.module:make', 'bad spec here']));
      if (chance(0.3)) keyLine('retries', '3');
    } else {
      lines.push('', `[${kind}:${name}]`);
    }
  }
  const files = new Map<string, string>();
  if (chance(0.25)) {
    lines.push('', '[include]');
    keyLine('files', pick(['inc/*.conf', 'inc/a.conf nope/*.conf', '%(here)s/inc/*.ini', 'inc/[ab].conf']));
    files.set('inc/a.conf', pick([
      `[program:inc-a]\ncommand=/bin/cat %(here)s\nstdout_logfile=%(here)s/a.log\n`,
      `[program:inc-a]\ncommand=/bin/cat\n[supervisord]\nidentifier=from-%(here)s\n[include]\nfiles=nested/*.conf\n`,
      `[program:inc-a]\ncommand=x\nautostart=maybe\n`,
      `stray line\n[program:inc-a]\ncommand=x\n`,
      `[program:inc-a]\ncommand=x\n bad continuation at top\n[oops\n`,
    ]));
    files.set('inc/b.conf', pick([`[program:web]\npriority=3\n[group:ig]\nprograms=inc-a\n`, `[program:web]\ncommand=%(here)s/web\n`, `[DEFAULT]\nstartretries=9\n`]));
    files.set('inc/c.ini', `[program:inc-c]\ncommand=%(here)s/run\n`);
  }
  let text = lines.join('\n');
  if (chance(0.15)) text = text.replace(/\n/g, '\r\n');
  if (chance(0.5)) text += '\n';
  files.set('main.conf', text);
  return { files };
}

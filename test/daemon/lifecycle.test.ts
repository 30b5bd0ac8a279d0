/** The daemon as a whole process: options, foreground/background, signals, pidfile, socket, no orphans. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { ROOT, runCli, spawnCli } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { alive } from './helpers.ts';
import { parseProcLimits, type Rlimit } from '../../daemon/rlimits.ts';

interface Prog {
  name: string;
  command: string;
  priority?: number;
  startsecs?: number;
  extra?: string;
}

function configText(dir: string, progs: Prog[], extra = ''): string {
  const lines = [
    '[supervisord]',
    `logfile=${dir}/sd.log`,
    `pidfile=${dir}/sd.pid`,
    `childlogdir=${dir}`,
    extra,
    '[unix_http_server]',
    `file=${dir}/sv.sock`,
    '',
  ];
  for (const p of progs) {
    lines.push(`[program:${p.name}]`, `command=${p.command}`, `startsecs=${p.startsecs ?? 0}`);
    if (p.priority !== undefined) lines.push(`priority=${p.priority}`);
    if (p.extra) lines.push(p.extra);
    lines.push('');
  }
  return lines.join('\n');
}

/** A program that records its pid, and its name in `order` when asked to stop. */
function recorder(dir: string, name: string): string {
  return `sh -c 'echo $$ > ${dir}/${name}.pid; trap "echo ${name} >> ${dir}/order; exit 0" TERM; while :; do sleep 0.05; done'`;
}

const nofile = (): Rlimit => parseProcLimits(readFileSync('/proc/self/limits', 'utf8'), 'RLIMIT_NOFILE') ?? { soft: -1, hard: -1 };
/** A minfds the daemon can reach by raising its soft limit: the hard limit when it is above the soft one. */
const raisedNofile = (): number => (nofile().hard === -1 ? nofile().soft : nofile().hard);

function readPid(path: string): number | null {
  if (!existsSync(path)) return null;
  const n = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(n) && n > 0 ? n : null;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

function mainLog(dir: string): string {
  return existsSync(join(dir, 'sd.log')) ? readFileSync(join(dir, 'sd.log'), 'utf8') : '';
}

test('-h, -v and usage errors', async () => {
  const { dir, cleanup } = makeTmpDir();
  writeFileSync(join(dir, 'bad.conf'), '[supervisord]\n[program:a]\n');
  const [help, version, longVersion, bad, noCommand] = await Promise.all([
    runCli(['daemon', '-h']),
    runCli(['daemon', '-v']),
    runCli(['daemon', '--version']),
    runCli(['daemon', '-x']),
    runCli(['daemon', '-n', '-c', join(dir, 'bad.conf')]),
  ]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^supervisord -- run a set of applications as daemons\.\n\nUsage: supervisor-tui daemon \[options\]/);
  // Ours, not supervisord's number (getSupervisorVersion still answers 4.2.5 for supervisorctl).
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version.code, 0);
  assert.equal(version.stdout, `supervisor-tui ${pkg.version} (Supervisor XML-RPC API 3.0, as supervisord 4.2.5)\n`);
  assert.equal(longVersion.stdout, version.stdout);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'Error: option -x not recognized\nFor help, use supervisor-tui daemon -h\n');
  assert.equal(noCommand.code, 2);
  assert.match(noCommand.stderr, /^Error: .*does not specify a command.*\nFor help, use supervisor-tui daemon -h\n$/);
  cleanup();
});

test('foreground: pidfile, SIGTERM stops groups by descending priority, exit 0, socket and pidfile removed, no orphan', async () => {
  const { dir, cleanup } = makeTmpDir();
  const conf = join(dir, 'sd.conf');
  writeFileSync(
    conf,
    configText(
      dir,
      [
        { name: 'low', command: recorder(dir, 'low'), priority: 10 },
        { name: 'mid', command: recorder(dir, 'mid'), priority: 20 },
        { name: 'high', command: recorder(dir, 'high'), priority: 30 },
      ],
      `minfds=${raisedNofile()}`,
    ),
  );
  const daemon = spawnCli(['daemon', '-n', '-c', conf]);
  try {
    const pid = await waitFor(() => readPid(join(dir, 'sd.pid')), { message: 'pidfile' });
    assert.equal(pid, daemon.pid);
    assert.ok(existsSync(join(dir, 'sv.sock')));
    // minfds above the soft limit (when the hard limit leaves room): raised
    if (nofile().soft !== -1 && raisedNofile() > nofile().soft) {
      await waitFor(() => mainLog(dir).includes(`INFO Increased RLIMIT_NOFILE limit to ${raisedNofile()}`));
      assert.match(readFileSync(`/proc/${pid}/limits`, 'utf8'), new RegExp(`Max open files\\s+${raisedNofile()}\\s`));
    }
    const kids = await waitFor(() => {
      const ps = ['low', 'mid', 'high'].map((n) => readPid(join(dir, `${n}.pid`)));
      return ps.every((p) => p !== null) ? (ps as number[]) : null;
    });
    daemon.kill('SIGTERM');
    assert.equal(await exited(daemon), 0);
    assert.deepEqual(readFileSync(join(dir, 'order'), 'utf8').trim().split('\n'), ['high', 'mid', 'low']);
    for (const k of kids) assert.ok(!alive(k), `child ${k} still alive`);
    assert.ok(!existsSync(join(dir, 'sd.pid')), 'pidfile removed');
    assert.ok(!existsSync(join(dir, 'sv.sock')), 'socket removed');
    const log = mainLog(dir);
    assert.match(log, /WARN received SIGTERM indicating exit request/);
    assert.match(log, /INFO supervisord started with pid \d+/);
  } finally {
    daemon.kill('SIGKILL');
    cleanup();
  }
});

test('a second daemon on the same socket is refused with exit 2 and leaves the first one alone', async () => {
  const { dir, cleanup } = makeTmpDir();
  const conf = join(dir, 'sd.conf');
  writeFileSync(conf, configText(dir, [{ name: 'a', command: recorder(dir, 'a'), extra: 'stdout_logfile=AUTO' }]));
  const daemon = spawnCli(['daemon', '-n', '-c', conf]);
  try {
    await waitFor(() => readPid(join(dir, 'sd.pid')) !== null && readPid(join(dir, 'a.pid')) !== null);
    const autoLogs = (): string[] => readdirSync(dir).filter((f) => f.includes('---supervisor-'));
    const before = autoLogs();
    assert.equal(before.length, 2);
    const second = await runCli(['daemon', '-n', '-c', conf]);
    assert.equal(second.code, 2);
    assert.equal(
      second.stderr,
      'Error: Another program is already listening on a port that one of our HTTP servers is configured to use.  Shut this program down first before starting supervisord.\nFor help, use supervisor-tui daemon -h\n',
    );
    assert.equal(readPid(join(dir, 'sd.pid')), daemon.pid);
    assert.deepEqual(autoLogs(), before);
    daemon.kill('SIGTERM');
    assert.equal(await exited(daemon), 0);
  } finally {
    daemon.kill('SIGKILL');
    cleanup();
  }
});

test('SIGHUP reloads the changed config in the same process; SIGUSR2 reopens logs', async () => {
  const { dir, cleanup } = makeTmpDir();
  const conf = join(dir, 'sd.conf');
  const ticker = `sh -c 'while :; do echo tick; sleep 0.05; done'`;
  writeFileSync(conf, configText(dir, [{ name: 'one', command: recorder(dir, 'one'), extra: `stdout_logfile=${dir}/one.log` }]));
  const daemon = spawnCli(['daemon', '-n', '-c', conf]);
  try {
    const firstOne = await waitFor(() => readPid(join(dir, 'one.pid')));
    writeFileSync(
      conf,
      configText(dir, [
        { name: 'one', command: recorder(dir, 'one'), extra: `stdout_logfile=${dir}/one.log` },
        { name: 'two', command: ticker, extra: `stdout_logfile=${dir}/two.log` },
      ]),
    );
    daemon.kill('SIGHUP');
    await waitFor(() => existsSync(join(dir, 'two.log')) && readFileSync(join(dir, 'two.log'), 'utf8').includes('tick'), { message: 'two started after reload' });
    assert.ok(!alive(firstOne), 'the old incarnation stopped its children');
    const secondOne = await waitFor(() => {
      const p = readPid(join(dir, 'one.pid'));
      return p !== firstOne ? p : null;
    });
    assert.ok(alive(secondOne));
    assert.equal(readPid(join(dir, 'sd.pid')), daemon.pid);
    assert.match(mainLog(dir), /WARN received SIGHUP indicating restart request/);

    renameSync(join(dir, 'two.log'), join(dir, 'two.log.old'));
    daemon.kill('SIGUSR2');
    await waitFor(() => existsSync(join(dir, 'two.log')) && readFileSync(join(dir, 'two.log'), 'utf8').includes('tick'), { message: 'two.log reopened' });
    assert.match(mainLog(dir), /INFO received SIGUSR2 indicating log reopen request\n.*INFO supervisord logreopen/);
    daemon.kill('SIGTERM');
    assert.equal(await exited(daemon), 0);
    assert.ok(!alive(secondOne));
  } finally {
    daemon.kill('SIGKILL');
    cleanup();
  }
});

test('background: returns 0 once the daemon serves (own session, directory and umask applied); a startup error reaches the terminal', async () => {
  const { dir, cleanup } = makeTmpDir();
  const conf = join(dir, 'sd.conf');
  mkdirSync(join(dir, 'home'));
  writeFileSync(
    conf,
    configText(
      dir,
      [
        { name: 'a', command: recorder(dir, 'a') },
        { name: 'where', command: `sh -c 'echo "$(pwd) $(umask)" > ${dir}/where.out'`, extra: 'autorestart=false' },
      ],
      `directory=${dir}/home\numask=077`,
    ),
  );
  const started = await runCli(['daemon', '-c', conf]);
  assert.equal(started.code, 0, started.stderr);
  const pid = readPid(join(dir, 'sd.pid'));
  assert.ok(pid !== null && alive(pid));
  assert.ok(existsSync(join(dir, 'sv.sock')));
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  assert.equal(Number(fields[3]), pid, 'session leader');
  const child = await waitFor(() => readPid(join(dir, 'a.pid')));
  await waitFor(() => existsSync(join(dir, 'where.out')) && readFileSync(join(dir, 'where.out'), 'utf8').endsWith('\n'));
  assert.equal(readFileSync(join(dir, 'where.out'), 'utf8'), `${dir}/home 0077\n`);
  // a second background start fails in the background child: its error still reaches this terminal
  const second = await runCli(['daemon', '-c', conf]);
  assert.equal(second.code, 2);
  assert.match(second.stderr, /^Error: Another program is already listening/);
  process.kill(pid, 'SIGTERM');
  await waitFor(() => !alive(pid) && !alive(child), { message: 'daemon and child gone' });
  assert.ok(!existsSync(join(dir, 'sd.pid')));
  cleanup();
});

test('an uncaught exception in the daemon stops the children first: no orphans, exit 1', async () => {
  const { dir, cleanup } = makeTmpDir();
  const conf = join(dir, 'sd.conf');
  writeFileSync(conf, configText(dir, [{ name: 'a', command: recorder(dir, 'a'), startsecs: 1 }, { name: 'b', command: 'sleep 1000', startsecs: 1, extra: 'stopasgroup=true' }]));
  const fixture = join(ROOT, 'test/daemon/fixtures/crash-daemon.ts');
  const daemon = spawn(process.execPath, ['--import', 'tsx', fixture, '-n', '-c', conf], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const code = await exited(daemon);
    assert.equal(code, 1);
    const a = readPid(join(dir, 'a.pid'));
    assert.ok(a !== null && !alive(a), 'child a stopped');
    assert.equal(readFileSync(join(dir, 'order'), 'utf8'), 'a\n', 'a was stopped with its stopsignal');
    assert.match(mainLog(dir), /CRIT uncaught exception, stopping all processes before exiting: Error: planted defect/);
    assert.doesNotMatch(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }), new RegExp(`${dir}/a\\.pid`));
    assert.ok(!existsSync(join(dir, 'sd.pid')));
  } finally {
    daemon.kill('SIGKILL');
    cleanup();
  }
});

test('minfds above what the environment allows: usage error, exit 2', async (t) => {
  const { soft, hard } = nofile();
  if (hard === -1 || soft === -1) return t.skip('unlimited file descriptors here');
  // Can this environment raise the hard limit (root with CAP_SYS_RESOURCE)? Then there is no failure to see.
  const probe = spawn('sleep', ['30'], { stdio: 'ignore' });
  let raisable = true;
  try {
    execFileSync('prlimit', ['--pid', String(probe.pid), `--nofile=${hard + 1}:${hard + 1}`], { stdio: 'ignore' });
  } catch {
    raisable = false;
  } finally {
    probe.kill('SIGKILL');
  }
  if (raisable) return t.skip('this environment may raise the hard limit');
  const { dir, cleanup } = makeTmpDir();
  const conf = join(dir, 'sd.conf');
  writeFileSync(conf, configText(dir, [], `minfds=${hard + 1}`));
  const r = await runCli(['daemon', '-n', '-c', conf]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    `Error: The minimum number of file descriptors required to run this process is ${hard + 1} as per the "minfds" command-line argument or config file setting. The current environment will only allow you to open ${hard + 1} file descriptors.  Either raise the number of usable file descriptors in your environment (see README.rst) or lower the minfds setting in the config file to allow the process to start.\nFor help, use supervisor-tui daemon -h\n`,
  );
  cleanup();
});

/** The dashboard's entry: options, the refusal without a terminal, and the alternate screen on a crash. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDashboardArgs } from '../../tui/args.ts';
import { LEAVE } from '../../tui/terminal-session.ts';
import { runCli, runProcess, ROOT } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

test('options: connection like supervisorctl, interval bounds, flags', () => {
  const ok = parseDashboardArgs(['-c', 'x.conf', '-s', 'unix:///tmp/s', '-uadmin', '--password=pw', '--interval', '0.5', '--no-color', '--ascii', '--readonly', '--no-mouse']);
  assert.equal(ok.kind, 'run');
  if (ok.kind !== 'run') return;
  assert.deepEqual(ok.args, {
    configuration: 'x.conf',
    serverurl: 'unix:///tmp/s',
    serverurls: ['unix:///tmp/s'],
    context: undefined,
    serversFile: undefined,
    username: 'admin',
    password: 'pw',
    intervalMs: 500,
    timeoutMs: 30_000,
    noColor: true,
    ascii: true,
    readonly: true,
    demo: false,
    mouse: false,
  });
  assert.deepEqual(parseDashboardArgs(['--interval', '20']), { kind: 'error', message: '--interval must be between 0.1 and 10 seconds (got 20)' });
  assert.deepEqual(parseDashboardArgs(['--interval=abc']), { kind: 'error', message: '--interval must be between 0.1 and 10 seconds (got abc)' });
  assert.deepEqual(parseDashboardArgs(['-s']), { kind: 'error', message: 'option -s requires an argument' });
  assert.deepEqual(parseDashboardArgs(['--bogus']), { kind: 'error', message: 'option --bogus not recognized (see supervisor-tui --help)' });
  assert.equal(parseDashboardArgs(['--demo']).kind === 'run', true);
  const t = parseDashboardArgs(['--timeout', '5']);
  assert.equal(t.kind === 'run' && t.args.timeoutMs, 5000);
  assert.deepEqual(parseDashboardArgs(['--timeout', '0']), { kind: 'error', message: '--timeout must be between 1 and 3600 seconds (got 0)' });
});

test('options: many servers (-s repeated, name=URL, --context, --servers)', () => {
  const r = parseDashboardArgs(['-s', 'a=unix:///a', '--serverurl=http://h:1', '--context', 'prod', '--servers=s.conf']);
  assert.ok(r.kind === 'run');
  if (r.kind !== 'run') return;
  assert.deepEqual([r.args.serverurls, r.args.serverurl, r.args.context, r.args.serversFile], [['a=unix:///a', 'http://h:1'], undefined, 'prod', 's.conf']);
  const one = parseDashboardArgs(['-s', 'a=unix:///a']);
  assert.ok(one.kind === 'run' && one.args.serverurl === 'unix:///a');
});

test('without a terminal the dashboard says so in one line', async () => {
  const r = await runCli(['--demo'], { env: { ...process.env, NODE_ENV: 'production' } });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'Error: the dashboard needs a terminal; for scripts use `supervisor-tui status`\n');
});

test('commands piped in with no command word run in supervisorctl\'s shell, not the dashboard', async () => {
  const r = await runCli(['-s', 'unix:///nonexistent.sock'], { input: 'version\n' });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /unix:\/\/\/nonexistent\.sock no such file/);
});

test('a bad option is one line, not a stack trace', async () => {
  const r = await runCli(['--interval', '99']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'Error: --interval must be between 0.1 and 10 seconds (got 99)\n');
});

test('an uncaught error still leaves the alternate screen', async (t) => {
  const { dir, cleanup } = makeTmpDir('svtui-crash-');
  t.after(cleanup);
  const script = join(dir, 'crash.ts');
  writeFileSync(
    script,
    [
      `import { enterAlternateScreen, onTermination } from ${JSON.stringify(join(ROOT, 'tui/terminal-session.ts'))};`,
      'const session = enterAlternateScreen(process.stdout);',
      "onTermination((reason, err) => { session.leave(); process.stderr.write(`stopped: ${reason} ${(err as Error).message}\\n`); process.exit(1); });",
      "setTimeout(() => { throw new Error('boom'); }, 10);",
    ].join('\n'),
  );
  const r = await runProcess(process.execPath, ['--import', 'tsx', script]);
  assert.equal(r.code, 1);
  assert.ok(r.stdout.endsWith(LEAVE), JSON.stringify(r.stdout));
  assert.equal(r.stderr, 'stopped: error boom\n');
});

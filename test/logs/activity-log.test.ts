import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityLog } from '../../daemon/logs/activity-log.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { runProcess } from '../helpers/cli.ts';

const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} /;

function entries(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/(?=^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} )/m)
    .map((e) => {
      assert.match(e, STAMP);
      return e.replace(STAMP, '');
    });
}

test('lines carry the timestamp and level token; the level filters; multi-line messages stay whole', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'supervisord.log');
  const log = new ActivityLog({ path, maxbytes: 0, backups: 0, level: 'debug', echoToStdout: false });
  log.open();
  log.critical('c');
  log.error('e');
  log.warn('w');
  log.info("spawned: 'x' with pid 42");
  log.debug("'fail' stderr output:\nfailing\n");
  log.trace('hidden trace');
  log.blather('hidden blather');
  assert.equal(log.enabled('debug'), true);
  assert.equal(log.enabled('trace'), false);
  // Written at once: a reader sees the line right after the call.
  assert.ok(readFileSync(path, 'utf8').includes('DEBG'));
  await log.close();
  assert.deepEqual(entries(path), ['CRIT c\n', 'ERRO e\n', 'WARN w\n', "INFO spawned: 'x' with pid 42\n", "DEBG 'fail' stderr output:\nfailing\n\n"]);
});

test('messages logged before open() are queued, then written level-filtered', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'main.log');
  const log = new ActivityLog();
  log.warn('parse warning');
  log.debug('too low for info');
  log.critical('parse critical');
  assert.equal(existsSync(path), false);
  log.open({ path, maxbytes: 0, backups: 0, level: 'info', echoToStdout: false });
  log.info('after open');
  await log.close();
  assert.deepEqual(entries(path), ['WARN parse warning\n', 'CRIT parse critical\n', 'INFO after open\n']);
});

test('the main log rotates like child logs and reopens by name', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'r.log');
  const log = new ActivityLog({ path, maxbytes: 1000, backups: 2, level: 'info', echoToStdout: false });
  log.open();
  for (let i = 0; i < 60; i++) log.info(`message ${i} ${'.'.repeat(40)}`);
  assert.ok(statSync(`${path}.1`).size >= 1000);
  assert.ok(statSync(`${path}.2`).size >= 1000);
  assert.equal(existsSync(`${path}.3`), false);
  renameSync(path, `${path}.moved`);
  log.reopen();
  log.info('after reopen');
  await log.close();
  assert.deepEqual(entries(path), ['INFO after reopen\n']);
});

test('an unopenable logfile throws a one-line error naming it', () => {
  const log = new ActivityLog({ path: '/nonexistent-dir/supervisord.log' });
  assert.throws(() => log.open(), /^LogFileError: could not open log file '\/nonexistent-dir\/supervisord.log': ENOENT: no such file or directory$/);
});

test('echoToStdout writes the same lines to stdout (nodaemon)', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'echo.log');
  const script = `
    import { ActivityLog } from ${JSON.stringify(join(import.meta.dirname, '../../daemon/logs/activity-log.ts'))};
    const log = new ActivityLog({ path: ${JSON.stringify(path)}, level: 'info', echoToStdout: true });
    log.open(); log.info('to both'); await log.close();`;
  const r = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO to both\n$/);
  assert.equal(readFileSync(path, 'utf8'), r.stdout);
});

test("logfile=syslog writes no file and does not fail (lines go to `logger`)", async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const errors: Error[] = [];
  const log = new ActivityLog({ path: 'syslog', level: 'info', echoToStdout: false, onError: (e) => errors.push(e) });
  log.open();
  log.info('supervisor-tui test message');
  assert.equal(log.path, null);
  await log.close();
  assert.deepEqual(readdirSync(dir), []);
  assert.ok(errors.every((e) => e.message.startsWith('cannot send to syslog')));
});

test('a closed stdout does not crash the daemon: echoing stops, the file goes on', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const path = join(dir, 'epipe.log');
  const script = `
    import { ActivityLog } from ${JSON.stringify(join(import.meta.dirname, '../../daemon/logs/activity-log.ts'))};
    const errors = [];
    const log = new ActivityLog({ path: ${JSON.stringify(path)}, level: 'info', echoToStdout: true, onError: (e) => errors.push(e.message) });
    log.open();
    for (let i = 0; i < 20000; i++) log.info('line ' + i);
    await new Promise((r) => setTimeout(r, 50));
    log.info('last');
    await log.close();
    console.error(JSON.stringify(errors));`;
  // head exits after one line: the rest of the echo meets a closed pipe (EPIPE).
  const r = await runProcess('sh', ['-c', `"$0" "$@" | head -n 1 > /dev/null`, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /cannot write the log to stdout: .*EPIPE/);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 20001);
  assert.match(lines.at(-1)!, / INFO last$/);
});

test('open() again switches target and level (reload); a bad new path keeps the old one', async (t) => {
  const { dir, cleanup } = makeTmpDir();
  t.after(cleanup);
  const a = join(dir, 'a.log');
  const b = join(dir, 'b.log');
  const log = new ActivityLog({ path: a, level: 'info' });
  log.open();
  log.info('first');
  log.open({ path: b, level: 'warn' });
  log.info('filtered now');
  log.warn('second');
  assert.throws(() => log.open({ path: join(dir, 'missing', 'c.log') }), /could not open log file/);
  log.warn('third');
  await log.close();
  assert.deepEqual(entries(a), ['INFO first\n']);
  assert.deepEqual(entries(b), ['WARN second\n', 'WARN third\n']);
});

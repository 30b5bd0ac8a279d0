/**
 * `supervisor-tui check` on what Supervisor ignores: unknown sections and keys with the nearest
 * known name and our settings with nothing to act on (warnings, exit 0, file:line), `--strict`
 * (exit 2); a wrong value of one of our keys, a depends_on cycle or a missing target is an error
 * for check and for the daemon (exit 2), one line with file and line.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';

describe('check: warnings, --strict, depends_on errors', () => {
  const tmp = makeTmpDir('svt-hcheck-');
  after(() => tmp.cleanup());
  const write = (name: string, text: string): string => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    return path;
  };
  const head = `[supervisord]\nlogfile = ${join(tmp.dir, 'd.log')}\npidfile = ${join(tmp.dir, 'd.pid')}\n`;

  it('warns one line each with file and line, suggests the nearest name, exit 0', async () => {
    const inc = write('extra.ini', '[program:side]\ncommand = sleep 9\nstartsec = 2\n');
    const conf = write(
      'warn.conf',
      `${head}metrics = true\n\n[include]\nfiles = extra.ini\n\n[progam:x]\ncommand = sleep 1\n\n[program:web]\ncommand = sleep 100\nautorestrat = true\nhealthcheck_timeout = 5\nhealthcheck_action = restart\n\n[inet_htp_server]\nport = 9001\n`,
    );
    const r = await runCli(['check', '-c', conf]);
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('  /'));
    assert.deepEqual(warnings.map((l) => l.trim()).sort(), [
      `${conf}:9: unknown section [progam:x], ignored (did you mean [program:x]?)`,
      `${conf}:14: unknown key 'autorestrat' in [program:web], ignored (did you mean 'autorestart'?)`,
      `${conf}:15: [program:web] healthcheck_timeout: set without healthcheck; ignored`,
      `${conf}:16: [program:web] healthcheck_action: set without healthcheck; ignored`,
      `${conf}:18: unknown section [inet_htp_server], ignored (did you mean [inet_http_server]?)`,
      `${inc}:3: unknown key 'startsec' in [program:side], ignored (did you mean 'startsecs'?)`,
    ].sort());
    assert.match(r.stdout, /configuration ok: 2 groups, 2 processes/);

    const strict = await runCli(['check', '--strict', '-c', conf]);
    assert.equal(strict.code, 2);
    assert.equal(strict.stderr.split('\n').filter((l) => l.startsWith('Error: ')).length, 6);
  });

  // One rule for every key beyond 4.2.5 (the full table of values is test/policy/config.test.ts):
  // a wrong value is an error, in check and at daemon start alike, never a silent default.
  const wrong: Array<[string, string, string]> = [
    ['healthcheck = tcp://127.0.0.1:5432\nhealthcheck_retries = 0', 'program:web', `invalid 'healthcheck_retries' value '0': not a whole number of at least 1`],
    ['memory_limit = 512XB', 'program:web', `invalid 'memory_limit' value '512XB': expected a size such as 512MB`],
    ['essential = ture', 'program:web', `invalid 'essential' value 'ture': expected true or false`],
  ];
  for (const [keys, section, message] of wrong) {
    it(`a wrong value is one error line with file and line, for check and the daemon: ${keys.split('\n').at(-1)}`, async () => {
      const conf = write('wrong.conf', `${head}\n[program:web]\ncommand = sleep 9\n${keys}\n`);
      const line = 7 + keys.split('\n').length - 1;
      const expected = `Error: ${message} in section '${section}' (file: '${conf}', line ${line})\n`;
      const r = await runCli(['check', '-c', conf]);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, expected);
      const daemon = await runCli(['daemon', '-n', '-c', conf], { timeoutMs: 30_000 });
      assert.equal(daemon.code, 2);
      assert.ok(daemon.stderr.includes(expected.trim()), daemon.stderr);
    });
  }

  it('[supervisord] metrics with a wrong value is an error too', async () => {
    const conf = write('metrics.conf', `${head}metrics = maybe\n`);
    const r = await runCli(['check', '-c', conf]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `Error: invalid 'metrics' value 'maybe': expected true or false in section 'supervisord' (file: '${conf}', line 4)\n`);
  });

  it('a config with only known keys has no warnings, strict or not', async () => {
    const conf = write('clean.conf', `${head}metrics = true\n\n[program:db]\ncommand = sleep 9\nhealthcheck = tcp://127.0.0.1:5432\n\n[program:web]\ncommand = sleep 9\ndepends_on = db\n`);
    const r = await runCli(['check', '--strict', '-c', conf]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /warnings:/);
  });

  it('a depends_on cycle is an error naming the section and the cycle, for check and for the daemon', async () => {
    const conf = write(
      'cycle.conf',
      `${head}\n[program:web]\ncommand = sleep 9\ndepends_on = api\n\n[program:api]\ncommand = sleep 9\ndepends_on = db\n\n[program:db]\ncommand = sleep 9\ndepends_on = web\n`,
    );
    const r = await runCli(['check', '-c', conf]);
    assert.equal(r.code, 2);
    // Found from the first program in Supervisor's (priority, name) order.
    assert.equal(r.stderr, `Error: depends_on cycle: api -> db -> web -> api in section 'program:api' (file: '${conf}', line 11)\n`);
    const daemon = await runCli(['daemon', '-n', '-c', conf], { timeoutMs: 30_000 });
    assert.equal(daemon.code, 2);
    assert.match(daemon.stderr, /Error: depends_on cycle: api -> db -> web -> api in section 'program:api'/);
  });

  it('a depends_on naming nothing is an error', async () => {
    const conf = write('missing.conf', `${head}\n[program:web]\ncommand = sleep 9\ndepends_on = db, cache\n\n[program:db]\ncommand = sleep 9\n`);
    const r = await runCli(['check', '-c', conf]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `Error: depends_on names no program, group or process 'cache' in section 'program:web' (file: '${conf}', line 7)\n`);
  });
});

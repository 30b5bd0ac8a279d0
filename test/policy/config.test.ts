/**
 * The keys beyond 4.2.5 (restart policy, env_file, compression, essential, memory_limit, health,
 * depends_on, metrics): parsed, validated, defaulted. One rule for a wrong value of any of them: a
 * config error naming key, value, section, file and line (README "Beyond Supervisor").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, normalizeConfig, type Config } from '../../src/config/index.ts';
import { DEFAULT_POLICY } from '../../src/config/read-policy.ts';
import { memWorld } from '../config/memory-world.ts';

const MAIN = '/etc/supervisord.conf';
const load = (text: string): Config => loadConfig(MAIN, { world: memWorld({ [MAIN]: text }) });
const prog = (keys: string): string => `[supervisord]\n[program:x]\ncommand=/bin/cat\n${keys}\n`;

function loadError(text: string): string {
  try {
    load(text);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail('expected a ConfigError');
}

describe('policy keys', () => {
  it('defaults keep today’s behaviour, and 4.2.5’s normalized JSON has none of them', () => {
    const c = load(prog(''));
    const p = c.groups[0]!.processes[0]!;
    for (const [k, v] of Object.entries(DEFAULT_POLICY)) assert.deepEqual(p[k as keyof typeof p], v, k);
    assert.equal(c.supervisord.logfile_compress, null);
    const json = JSON.stringify(normalizeConfig(load(prog('essential=true\nmemory_limit=1MB\n[supervisord]\nlogfile_compress=gzip'))));
    for (const k of ['essential', 'memory_limit', 'logfile_compress', 'env_file', 'backoff', 'restart_delay_max']) assert.ok(!json.includes(k), k);
  });

  const values: Array<[string, Partial<Record<keyof typeof DEFAULT_POLICY, unknown>>]> = [
    ['restart_delay_max=0', { restart_delay_max: 0 }],
    ['restart_delay_max = 2.5', { restart_delay_max: 2.5 }],
    ['backoff_factor=2\nbackoff_max=60', { backoff_factor: 2, backoff_max: 60 }],
    ['backoff_factor=1.5', { backoff_factor: 1.5, backoff_max: null }],
    ['env_file=/a.env, -/b.env', { env_file: [{ path: '/a.env', optional: false }, { path: '/b.env', optional: true }] }],
    ['env_file=rel.env,-sub/x.env', { env_file: [{ path: '/etc/rel.env', optional: false }, { path: '/etc/sub/x.env', optional: true }] }],
    ['env_file=%(here)s/e.env', { env_file: [{ path: '/etc/e.env', optional: false }] }],
    ['stdout_logfile_compress=gzip\nstderr_logfile_compress=GZIP', { stdout_logfile_compress: 'gzip', stderr_logfile_compress: 'gzip' }],
    ['stdout_logfile_compress=none\nstderr_logfile_compress=false', { stdout_logfile_compress: null, stderr_logfile_compress: null }],
    ['essential=true', { essential: true }],
    ['essential=no', { essential: false }],
    ['memory_limit=512MB', { memory_limit: 512 * 1024 * 1024 }],
    ['memory_limit=4096', { memory_limit: 4096 }],
    ['memory_limit=1gb\nmemory_limit_interval=0.5', { memory_limit: 1024 ** 3, memory_limit_interval: 0.5 }],
    ['memory_limit=0', { memory_limit: null }],
  ];
  for (const [keys, expected] of values) {
    it(`reads ${JSON.stringify(keys)}`, () => {
      const p = load(prog(keys)).groups[0]!.processes[0]!;
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(p[k as keyof typeof p], v, k);
    });
  }

  // The key is on line 4 of prog(); a health setting after `healthcheck=` on line 5.
  const suffix = (line = 4): string => ` in section 'program:x' (file: '${MAIN}', line ${line})`;
  const HC = 'healthcheck=tcp://127.0.0.1:5432\n';
  const errors: Array<[string, string, number?]> = [
    ['restart_delay_max=-1', `invalid 'restart_delay_max' value '-1': not a number`],
    ['restart_delay_max=soon', `invalid 'restart_delay_max' value 'soon': not a number`],
    ['backoff_factor=0.5', `invalid 'backoff_factor' value '0.5': must be >= 1`],
    ['backoff_max=0', `invalid 'backoff_max' value '0': must be > 0`],
    ['memory_limit_interval=0', `invalid 'memory_limit_interval' value '0': must be > 0`],
    ['memory_limit=lots', `invalid 'memory_limit' value 'lots': expected a size such as 512MB`],
    ['stdout_logfile_compress=bzip2', `invalid 'stdout_logfile_compress' value 'bzip2': expected gzip or none`],
    ['essential=maybe', `invalid 'essential' value 'maybe': expected true or false`],
    ['env_file=a.env, -', `invalid 'env_file' value 'a.env, -': empty file name`],
    ['memory_limit=-1', `invalid 'memory_limit' value '-1': must be >= 0`],
    ['stderr_logfile_compress=yes please', `invalid 'stderr_logfile_compress' value 'yes please': expected gzip or none`],
    ['backoff_factor=x2', `invalid 'backoff_factor' value 'x2': not a number`],
    ['depends_on=a b', `invalid 'depends_on' value 'a b': 'a b' is not a program name, group:* or group:process`],
    ['healthcheck=ftp://db', `invalid 'healthcheck' value 'ftp://db': unsupported scheme 'ftp:': use http://, https://, tcp:// or cmd:`],
    ['healthcheck=tcp://db', `invalid 'healthcheck' value 'tcp://db': needs a host and a port (tcp://host:port)`],
    ['healthcheck=just words', `invalid 'healthcheck' value 'just words': not http://…, https://…, tcp://host:port or cmd:command`],
    [`${HC}healthcheck_interval=10s`, `invalid 'healthcheck_interval' value '10s': not a number of seconds`, 5],
    [`${HC}healthcheck_timeout=0`, `invalid 'healthcheck_timeout' value '0': must be more than 0`, 5],
    [`${HC}healthcheck_retries=0`, `invalid 'healthcheck_retries' value '0': not a whole number of at least 1`, 5],
    [`${HC}healthcheck_start_period=-1`, `invalid 'healthcheck_start_period' value '-1': not a number of seconds`, 5],
    [`${HC}healthcheck_action=reboot`, `invalid 'healthcheck_action' value 'reboot': not restart or none`, 5],
  ];
  for (const [keys, message, line] of errors) {
    it(`rejects ${JSON.stringify(keys)} in one line naming key, value, section, file and line`, () => {
      assert.equal(loadError(prog(keys)), message + suffix(line));
    });
  }

  it('healthcheck_* without healthcheck has nothing to act on: a warning with file and line, not an error', () => {
    assert.deepEqual(load(prog('healthcheck_action=restart')).warnings, [`${MAIN}:4: [program:x] healthcheck_action: set without healthcheck; ignored`]);
  });

  it('[supervisord] logfile_compress', () => {
    assert.equal(load('[supervisord]\nlogfile_compress=gzip\n').supervisord.logfile_compress, 'gzip');
    assert.equal(
      loadError('[supervisord]\nlogfile_compress=zip\n'),
      `invalid 'logfile_compress' value 'zip': expected gzip or none in section 'supervisord' (file: '${MAIN}', line 2)`,
    );
  });

  it('[supervisord] metrics', () => {
    assert.equal(load('[supervisord]\nmetrics=on\n').supervisord.metrics, true);
    assert.equal(
      loadError('[supervisord]\nmetrics=maybe\n'),
      `invalid 'metrics' value 'maybe': expected true or false in section 'supervisord' (file: '${MAIN}', line 2)`,
    );
  });
});

/** The keys beyond 4.2.5 (restart policy, env_file, compression, essential, memory_limit): parsed, validated, defaulted. */
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

  const suffix = ` in section 'program:x' (file: '${MAIN}')`;
  const errors: Array<[string, string]> = [
    ['restart_delay_max=-1', `invalid 'restart_delay_max' value '-1': not a number`],
    ['restart_delay_max=soon', `invalid 'restart_delay_max' value 'soon': not a number`],
    ['backoff_factor=0.5', `invalid 'backoff_factor' value '0.5': must be >= 1`],
    ['backoff_max=0', `invalid 'backoff_max' value '0': must be > 0`],
    ['memory_limit_interval=0', `invalid 'memory_limit_interval' value '0': must be > 0`],
    ['memory_limit=lots', `invalid 'memory_limit' value 'lots': expected a size such as 512MB`],
    ['stdout_logfile_compress=bzip2', `invalid 'stdout_logfile_compress' value 'bzip2': expected gzip or none`],
    ['essential=maybe', `invalid 'essential' value 'maybe': expected true or false`],
    ['env_file=a.env, -', `invalid 'env_file' value 'a.env, -': empty file name`],
  ];
  for (const [keys, message] of errors) {
    it(`rejects ${JSON.stringify(keys)} in one line naming section and file`, () => {
      assert.equal(loadError(prog(keys)), message + suffix);
    });
  }

  it('[supervisord] logfile_compress', () => {
    assert.equal(load('[supervisord]\nlogfile_compress=gzip\n').supervisord.logfile_compress, 'gzip');
    assert.equal(
      loadError('[supervisord]\nlogfile_compress=zip\n'),
      `invalid 'logfile_compress' value 'zip': expected gzip or none in section 'supervisord' (file: '${MAIN}')`,
    );
  });
});

/**
 * One config serves both daemons: every restart-policy / env_file / compression / essential /
 * memory_limit key (README "Beyond Supervisor") in one file, and the real supervisord 4.2.5 runs it
 * exactly as without them — same `status`, same stop — while ours reads them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../helpers/wait.ts';
import { COMMON } from './configs.ts';
import { interopSkipReason, mask, startPair, type Pair } from './harness.ts';

const skip = interopSkipReason();

/** The interop tests' common sections, plus the main log's compression. */
const CONFIG = `${COMMON.replace('nodaemon=true\n', 'nodaemon=true\nlogfile_compress=gzip\n')}
[program:core]
command=/bin/sh -c "echo core up; exec sleep 1000"
startsecs=0
essential=true
restart_delay_max=2
backoff_factor=2
backoff_max=30
env_file=-{DIR}/core.env
memory_limit=1GB
memory_limit_interval=10
stdout_logfile_compress=gzip
stderr_logfile_compress=none

[program:idle]
command=/bin/sleep 1000
autostart=false
essential=false
memory_limit=0
`;

describe('the policy keys under the real supervisord 4.2.5', { skip }, () => {
  let pair: Pair;
  before(async () => {
    pair = await startPair(CONFIG);
  });
  after(async () => {
    await pair?.close();
  });

  it('runs the same: status, start, stop', async () => {
    const status = async (): Promise<{ ours: string; real: string }> => {
      const r = await pair.both((d) => d.ctl(['status']));
      return { ours: mask(r.ours.stdout, pair.ours.dir), real: mask(r.real.stdout, pair.real.dir) };
    };
    await waitFor(async () => {
      const s = await status();
      return /core\s+RUNNING/.test(s.ours) && /core\s+RUNNING/.test(s.real);
    }, { timeoutMs: 30_000, message: 'core RUNNING on both' });
    const s = await status();
    assert.equal(s.ours.replace(/uptime <UP>|uptime \S+/g, ''), s.real.replace(/uptime <UP>|uptime \S+/g, ''));
    for (const args of [['start', 'idle'], ['stop', 'idle'], ['status', 'idle']]) {
      const r = await pair.both((d) => d.ctl(args));
      assert.equal(mask(r.ours.stdout, pair.ours.dir), mask(r.real.stdout, pair.real.dir), args.join(' '));
      assert.equal(r.ours.code, r.real.code, args.join(' '));
    }
    // 4.2.5 says nothing about the keys it does not know
    const realLog = readFileSync(join(pair.real.dir, 'supervisord.log'), 'utf8');
    assert.ok(!/essential|memory_limit|env_file|compress|backoff|restart_delay/.test(realLog), realLog);
  });
});

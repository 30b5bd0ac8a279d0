/**
 * supervisorctl over TCP with a password ({SHA} in the server's config) against both daemons;
 * a wrong password gets 401 and "Server requires authentication" from both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../helpers/daemon.ts';
import { INET_CONFIG } from './configs.ts';
import { interopSkipReason, mask, startPair, type Daemon, type Pair } from './harness.ts';

const skip = interopSkipReason();
if (skip) console.log(`# skipping interop over TCP: ${skip}`);

const WRONG_PASSWORD = `[supervisorctl]
serverurl=http://127.0.0.1:{PORT}
username=user
password=wrong
`;

describe('supervisorctl over TCP with a password', { skip }, () => {
  let pair: Pair;
  before(async () => {
    const [o, r] = [await freePort(), await freePort()];
    pair = await startPair(INET_CONFIG, { ours: { PORT: String(o) }, real: { PORT: String(r) } });
  });
  after(async () => {
    await pair?.close();
  });

  const run = async (args: string[], extraConf?: string): Promise<void> => {
    const r = await pair.both((d: Daemon) => d.ctl(args, extraConf === undefined ? {} : { extraConf }));
    const norm = (d: Daemon, s: string): string => mask(s, d.dir).replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<PORT>');
    assert.equal(norm(pair.ours, r.ours.stdout + r.ours.stderr), norm(pair.real, r.real.stdout + r.real.stderr), args.join(' '));
    assert.equal(r.ours.code, r.real.code, `${args.join(' ')}: exit status`);
  };

  it('runs commands with the right password', async () => {
    for (const args of [['status'], ['version'], ['stop', 'sleeper'], ['start', 'sleeper'], ['tail', 'sleeper'], ['pid', 'sleeper']]) await run(args);
  });

  it('answers 401 to a wrong password', async () => {
    await run(['status'], WRONG_PASSWORD);
    const r = await pair.ours.ctl(['status'], { extraConf: WRONG_PASSWORD });
    assert.match(r.stdout, /^Server requires authentication$/m);
  });
});

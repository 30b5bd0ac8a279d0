/**
 * The real supervisorctl against our daemon and the real supervisord (see supervisorctl.test.ts):
 * logs, config changes, reload and shutdown.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { waitFor } from '../helpers/wait.ts';
import { SUPERVISORCTL } from '../helpers/daemon.ts';
import { after, before, describe, it } from 'node:test';
import { BASE_CONFIG, CHANGED_CONFIG } from './configs.ts';
import { ctlPair } from './ctl-pair.ts';
import { interopSkipReason, startPair, type Daemon, type Pair } from './harness.ts';

const skip = interopSkipReason();
if (skip) console.log(`# skipping interop with supervisorctl: ${skip}`);

let pair: Pair;
const { both, same, settled } = ctlPair(() => pair);

/** `supervisorctl tail -f`: read until `lines` ticks arrived, then Ctrl-C. */
async function tailFollow(d: Daemon, lines: number): Promise<{ out: string; code: number | null }> {
  const child = spawn(SUPERVISORCTL, ['-c', d.conf, 'tail', '-f', 'ticker'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await waitFor(() => (out.match(/^tick \d+$/gm) ?? []).length >= lines, { timeoutMs: 15_000, message: `${d.side}: ${lines} lines from tail -f (got ${JSON.stringify(out)})` });
  } finally {
    child.kill('SIGINT');
  }
  return { out, code: await exited };
}

describe('supervisorctl logs and config changes against our daemon and supervisord', { skip }, () => {
  before(async () => {
    pair = await startPair(BASE_CONFIG);
    await settled();
  });
  after(async () => {
    await pair?.close();
  });

  it('tail, clear, maintail', async () => {
    await same('tail', 'sleeper');
    await same('tail', 'sleeper', 'stderr');
    await same('tail', '-5', 'sleeper');
    await same('tail', 'nosuch');
    await same('tail', 'sleeper', 'bogus');
    await same('clear', 'sleeper');
    await same('tail', 'sleeper');
    await same('clear', 'nosuch');
    await same('clear', 'all');
    await same('stop', 'sleeper');
    await same('start', 'sleeper');
    // The main logs differ in their start-up lines; the last lines record the same events.
    const r = await both(['maintail', '-2000']);
    assert.equal(r.oursCode, r.realCode);
    const tailLines = (s: string): string[] => s.trimEnd().split('\n').slice(-2);
    assert.deepEqual(tailLines(r.ours), tailLines(r.real));
    assert.match(tailLines(r.ours).join('\n'), /spawned: 'sleeper' with pid <PID>\n<TS> INFO success: sleeper entered RUNNING state/);
  });

  it('tail -f streams new output until interrupted', async () => {
    await same('start', 'ticker');
    const [ours, real] = await Promise.all([tailFollow(pair.ours, 4), tailFollow(pair.real, 4)]);
    for (const r of [ours, real]) {
      assert.ok(r.out.startsWith('==> Press Ctrl-C to exit <==\n'), r.out);
      const ticks = (r.out.match(/^tick (\d+)$/gm) ?? []).map((l) => Number(l.slice(5)));
      assert.deepEqual(ticks, ticks.map((_, i) => ticks[0]! + i), `consecutive lines: ${r.out}`);
    }
    assert.equal(ours.code, real.code);
    await same('stop', 'ticker');
  });

  it('reread, update, add, remove', async () => {
    await same('reread');
    await same('start', 'cat');
    pair.ours.rewriteConfig(CHANGED_CONFIG);
    pair.real.rewriteConfig(CHANGED_CONFIG);
    await same('reread');
    await same('avail');
    await same('add', 'newone');
    await same('add', 'newone');
    await same('add', 'nosuch');
    await same('remove', 'cat');
    await same('stop', 'cat');
    await same('remove', 'cat');
    await same('remove', 'nosuch');
    await same('update', 'nosuch');
    await same('update');
    await settled();
    await same('status');
    await same('avail');
  });

  it('reload restarts the daemon on the re-read config', async () => {
    await same('reload');
    await settled();
    await same('status');
    await same('avail');
  });

  it('shutdown', async () => {
    await same('shutdown');
    await waitFor(() => pair.ours.child.exitCode !== null && pair.real.child.exitCode !== null, { timeoutMs: 20_000, message: 'both daemons to exit' });
    assert.equal(pair.ours.child.exitCode, pair.real.child.exitCode);
    await same('status');
    await same('shutdown');
  });
});

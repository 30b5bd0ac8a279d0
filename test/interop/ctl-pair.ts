// What both supervisorctl interop files share: one pair of daemons (ours and the real supervisord)
// driven by the real supervisorctl, with outputs compared after masking.
import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait.ts';
import { mask, type Daemon, type Pair } from './harness.ts';

/** Commands whose group/all lines come in the order children happen to exit. */
const RACY_ORDER = new Set(['stop all', 'restart all', 'stop grp:*', 'restart grp:*', 'stop multi:*', 'update']);

export interface CtlPair {
  both(args: string[]): Promise<{ ours: string; real: string; oursCode: number | null; realCode: number | null }>;
  /** Runs supervisorctl with `args` against both daemons and asserts the same output and exit status. */
  same(...args: string[]): Promise<string>;
  /** After startup and each change: nothing is STARTING any more on either side. */
  settled(): Promise<void>;
}

export function ctlPair(get: () => Pair): CtlPair {
  async function both(args: string[]): Promise<{ ours: string; real: string; oursCode: number | null; realCode: number | null }> {
    const pair = get();
    const r = await pair.both((d) => d.ctl(args));
    const norm = (d: Daemon, out: string): string => {
      const text = mask(out, d.dir);
      return RACY_ORDER.has(args.join(' ')) ? text.split('\n').sort().join('\n') : text;
    };
    return {
      ours: norm(pair.ours, r.ours.stdout + r.ours.stderr),
      real: norm(pair.real, r.real.stdout + r.real.stderr),
      oursCode: r.ours.code,
      realCode: r.real.code,
    };
  }
  async function same(...args: string[]): Promise<string> {
    const r = await both(args);
    assert.equal(r.ours, r.real, `supervisorctl ${args.join(' ')}: output differs`);
    assert.equal(r.oursCode, r.realCode, `supervisorctl ${args.join(' ')}: exit status differs`);
    return r.real;
  }
  async function settled(): Promise<void> {
    await waitFor(
      async () => {
        const r = await get().both((d) => d.ctl(['status']));
        return !/STARTING|STOPPING|BACKOFF|quick\s+RUNNING/.test(r.ours.stdout + r.real.stdout) && /sleeper\s+RUNNING/.test(r.ours.stdout) && /sleeper\s+RUNNING/.test(r.real.stdout);
      },
      { timeoutMs: 20_000, intervalMs: 200, message: 'both daemons to settle' },
    );
  }
  return { both, same, settled };
}

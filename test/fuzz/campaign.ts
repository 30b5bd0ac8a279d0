/**
 * A fuzz campaign against a running daemon: `count` seeded cases, alternating between its unix
 * socket and its TCP port, `concurrency` connections at a time, the daemon's memory sampled as
 * it goes. The caller checks the daemon and its programs afterwards.
 */
import type { SupervisorClient } from '../../src/client/index.ts';
import { generateCase, type MethodShape } from './cases.ts';
import { makeRng } from './prng.ts';
import { sendCase, type Target, type Verdict } from './send.ts';

export interface CampaignOptions {
  seed: number;
  count: number;
  concurrency: number;
  targets: readonly Target[];
  /** Stop early (with fewer requests) after this long. */
  maxMs: number;
  caseTimeoutMs?: number;
  /** Every n-th case is a byte-at-a-time client; every m-th a real over-limit body. */
  slowEvery?: number;
  hugeEvery?: number;
  /** Called between cases with the daemon's pid alive check; false stops the campaign. */
  daemonAlive: () => boolean;
  sampleMemory?: () => number;
  onProgress?: (done: number) => void;
  rssEvery?: number;
}

export interface Failure {
  index: number;
  family: string;
  target: string;
  detail: string;
}

export interface CampaignResult {
  requests: number;
  verdicts: Record<Verdict, number>;
  /** Cases whose client half-closed right after a complete request, and how many of them got no answer. */
  halfClosed: { sent: number; unanswered: number };
  families: Record<string, number>;
  failures: Failure[];
  peakSampleKiB: number;
  /** [requests done, RSS KiB] every `rssEvery` requests: whether memory plateaus or grows with the count. */
  rssTrajectory: [number, number][];
  elapsedMs: number;
  daemonDied: boolean;
}

/** The daemon's methods with their parameter types (system.methodSignature; null when unsupported). */
export async function methodShapes(client: SupervisorClient): Promise<MethodShape[]> {
  const names = await client.listMethods();
  return Promise.all(
    names.map(async (name) => {
      try {
        const sig = await client.methodSignature(name);
        return { name, params: sig.slice(1) };
      } catch {
        return { name, params: null };
      }
    }),
  );
}

export async function runCampaign(methods: readonly MethodShape[], o: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const verdicts: Record<Verdict, number> = { fault: 0, '4xx': 0, value: 0, silent: 0, bad: 0 };
  const families: Record<string, number> = {};
  const halfClosed = { sent: 0, unanswered: 0 };
  const failures: Failure[] = [];
  let next = 0;
  let requests = 0;
  let peak = 0;
  const rssTrajectory: [number, number][] = [];
  const rssEvery = o.rssEvery ?? 10_000;
  let daemonDied = false;
  const slowEvery = o.slowEvery ?? 500;
  const hugeEvery = o.hugeEvery ?? 5_000;

  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= o.count || Date.now() - started > o.maxMs || daemonDied) return;
      // Each case draws from its own stream: a failure is reproduced from (seed, index) alone.
      const rng = makeRng((o.seed * 1_000_003 + index) >>> 0);
      const c = generateCase(rng, methods, { slow: index % slowEvery === slowEvery - 1, huge: index % hugeEvery === hugeEvery - 1 });
      const target = o.targets[index % o.targets.length]!;
      const outcome = await sendCase(target, c, o.caseTimeoutMs ?? 15_000);
      requests++;
      verdicts[outcome.verdict]++;
      if (c.halfClose === true) {
        halfClosed.sent++;
        if (outcome.verdict === 'bad' || outcome.verdict === 'silent') halfClosed.unanswered++;
      }
      families[c.family] = (families[c.family] ?? 0) + 1;
      if (outcome.verdict === 'bad' && failures.length < 50) {
        failures.push({ index, family: c.family, target: 'path' in target ? 'unix' : 'tcp', detail: outcome.detail });
      }
      if (requests % 200 === 0) {
        if (!o.daemonAlive()) daemonDied = true;
        const rss = o.sampleMemory?.() ?? 0;
        peak = Math.max(peak, rss);
        if (requests % rssEvery === 0) rssTrajectory.push([requests, rss]);
        o.onProgress?.(requests);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  if (!o.daemonAlive()) daemonDied = true;
  return { requests, verdicts, halfClosed, families, failures, peakSampleKiB: peak, rssTrajectory, elapsedMs: Date.now() - started, daemonDied };
}

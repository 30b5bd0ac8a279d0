/** Log throughput and /logtail latency: bench/logs.ts (the log subsystem owner's) run in-process, its samples recorded here. */
import { runLogBench } from '../logs.ts';
import type { Contender, Samples } from './samples.ts';

type LogSample = Awaited<ReturnType<typeof runLogBench>>['samples'][number];

/** The metric prefix of each bench/logs.ts scenario, and whether its rate is read as MB/s or lines/s. */
const SCENARIOS: Record<string, { label: string; rate: 'MB/s' | 'lines/s' }> = {
  '1 child, 200 MB in 1 MiB writes': { label: 'log 200 MB, 1 MiB writes', rate: 'MB/s' },
  '1 child, 500,000 lines, 1 write each': { label: 'log 1×500,000 lines', rate: 'lines/s' },
  '4 children × 500,000 lines, 1 write each': { label: 'log 4×500,000 lines', rate: 'lines/s' },
};

const LINE_BYTES = 100; // bench/logs.ts writes 100-byte lines in every scenario

const WHO: Record<LogSample['daemon'], Contender> = { supervisord: 'supervisord', daemon: 'ours', relay: 'floor' };

export function logMetricNames(): string[] {
  return Object.values(SCENARIOS).flatMap((x) => [`${x.label}: ${x.rate}`, `${x.label}: daemon CPU ms per MB`, `${x.label}: bad lines`]);
}

export async function logBench(s: Samples, repeat: number): Promise<void> {
  const { samples, latency } = await runLogBench(repeat);
  for (const x of samples) {
    const sc = SCENARIOS[x.scenario];
    if (!sc) throw new Error(`bench/logs.ts scenario not known here: ${x.scenario}`);
    // Throughput from the first byte on, as bench/logs.ts computes it (spawn latency is not logging).
    const secs = (x.wallMs - x.firstByteMs) / 1000;
    const rate = sc.rate === 'MB/s' ? x.mb / secs : (x.mb * 1e6) / LINE_BYTES / secs;
    const who = WHO[x.daemon];
    s.add(`${sc.label}: ${sc.rate}`, who, rate);
    s.add(`${sc.label}: daemon CPU ms per MB`, who, x.cpuMs / x.mb);
    s.add(`${sc.label}: bad lines`, who, x.integrity.reduce((n, r) => n + r.lost + r.duplicated + r.reordered + r.torn, 0));
  }
  s.add('/logtail line latency, ms', 'supervisord', latency.supervisord);
  s.add('/logtail line latency, ms', 'ours', latency.daemon);
}

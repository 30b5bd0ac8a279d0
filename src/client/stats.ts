/** Checked decoding of `supervisortui.getProcessStats` (src/protocol/stats.ts), and the call itself. */
import type { HostStats, ProcessStats, ProcessStatsReport, TreeProcessStats } from '../protocol/stats.ts';
import type { XmlRpcValue } from '../xmlrpc/types.ts';
import { asArray, asStructWith, isStruct, fail, type Kind } from './results.ts';
import type { SupervisorClient } from './types.ts';

export const STATS_METHOD = 'supervisortui.getProcessStats';

const TREE: Record<keyof TreeProcessStats, Kind> = { pid: 'number', ppid: 'number', comm: 'string', cpu_time: 'number', rss: 'number' };
const PROCESS: Record<Exclude<keyof ProcessStats, 'children'>, Kind> = {
  name: 'string',
  group: 'string',
  pid: 'number',
  cpu_time: 'number',
  rss: 'number',
  tree_cpu_time: 'number',
  tree_rss: 'number',
};
const HOST: Record<keyof HostStats, Kind> = { cpus: 'number', cpu_busy: 'number', cpu_total: 'number', mem_total: 'number', mem_available: 'number' };

export function asProcessStats(method: string, v: XmlRpcValue): ProcessStats {
  const p = asStructWith<ProcessStats>(method, v, PROCESS);
  const children = asArray(method, (p as unknown as Record<string, XmlRpcValue>)['children'] ?? []).map((c) => asStructWith<TreeProcessStats>(method, c, TREE));
  return { ...p, children };
}

export function asHostStats(method: string, v: XmlRpcValue): HostStats {
  return asStructWith<HostStats>(method, v, HOST);
}

export function asProcessStatsReport(method: string, v: XmlRpcValue): ProcessStatsReport {
  if (!isStruct(v)) fail(method, 'struct', v);
  const now = v['now'];
  if (typeof now !== 'number') fail(`${method} (member 'now')`, 'number', now ?? null);
  return {
    now,
    host: asHostStats(method, v['host'] ?? null),
    processes: asArray(method, v['processes'] ?? null).map((p) => asProcessStats(method, p)),
  };
}

/** The stats report; a server without the method (a real supervisord) faults UNKNOWN_METHOD. */
export async function getProcessStats(client: SupervisorClient): Promise<ProcessStatsReport> {
  return asProcessStatsReport(STATS_METHOD, await client.call(STATS_METHOD));
}

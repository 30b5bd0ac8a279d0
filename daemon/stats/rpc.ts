/** `supervisortui.getProcessStats`: the sampler over XML-RPC, in our own namespace (4.2.5 clients never see it). */
import type { ProcessStatsReport } from '../../src/protocol/stats.ts';
import type { XmlRpcValue } from '../../src/xmlrpc/types.ts';
import { method, type MethodSpec } from '../rpc/dispatch.ts';
import type { Supervisor } from '../supervisor.ts';
import { StatsSampler } from './sampler.ts';

export const STATS_METHOD_DOCS: ReadonlyMap<string, string> = new Map([
  [
    'supervisortui.getProcessStats',
    ` Return what /proc says about every managed process: its own CPU time
        (seconds, user+system) and RSS (bytes), the same summed over its
        whole child-process tree, each descendant (pid, ppid, comm,
        cpu_time, rss), and the host's CPU counters and memory. A CPU
        percentage is the difference of two answers' cpu_time over the
        difference of their 'now'. Not running: pid 0 and zeros.

        @return struct result  {now, host: {cpus, cpu_busy, cpu_total,
                               mem_total, mem_available}, processes: [{name,
                               group, pid, cpu_time, rss, tree_cpu_time,
                               tree_rss, children}]}
        `,
  ],
]);

export function reportValue(r: ProcessStatsReport): XmlRpcValue {
  return {
    now: r.now,
    host: { ...r.host },
    processes: r.processes.map((p) => ({ ...p, children: p.children.map((c) => ({ ...c })) })),
  };
}

export function statsMethods(sv: Supervisor, sampler: StatsSampler = new StatsSampler(undefined, () => sv.now())): [string, MethodSpec][] {
  return [['supervisortui.getProcessStats', method([], () => reportValue(sampler.sample(sv.allProcesses('lexical'))))]];
}

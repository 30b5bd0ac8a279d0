/** getAllConfigInfo rows (compat §5.3) from the pending config: None → 'none', AUTO → 'auto'. */
import { pyCompare } from '../../src/py/python.ts';
import type { Config, ProcessConfig } from '../../src/config/types.ts';
import { signalNumber } from '../../src/protocol/signals.ts';
import type { ConfigInfo } from '../../src/protocol/types.ts';

/**
 * `livePath` gives the real path of an AUTO log for a process materialised from this very
 * config object (Supervisor shows 'auto' for pending configs that were never instantiated).
 */
export type LivePath = (group: string, proc: ProcessConfig, channel: 'stdout' | 'stderr') => string | null;

function logfileValue(setting: string | null, live: string | null): string {
  if (setting === null) return 'none';
  if (setting === 'AUTO') return live ?? 'auto';
  return setting;
}

export function configInfo(config: Config, isActive: (group: string) => boolean, livePath: LivePath): ConfigInfo[] {
  const rows: ConfigInfo[] = [];
  for (const g of config.groups) {
    const inuse = isActive(g.name);
    for (const p of g.processes) {
      rows.push({
        name: p.name,
        group: g.name,
        group_prio: g.priority,
        process_prio: p.priority,
        inuse,
        autostart: p.autostart,
        command: p.command,
        directory: p.directory ?? 'none',
        uid: p.uid ?? 'none',
        exitcodes: [...p.exitcodes],
        killasgroup: p.killasgroup,
        redirect_stderr: p.redirect_stderr,
        startretries: p.startretries,
        startsecs: p.startsecs,
        stopsignal: signalNumber(p.stopsignal),
        stopwaitsecs: p.stopwaitsecs,
        serverurl: p.serverurl ?? 'none', // AUTO is None in Supervisor's config objects
        stdout_logfile: logfileValue(p.stdout_logfile, livePath(g.name, p, 'stdout')),
        stderr_logfile: logfileValue(p.stderr_logfile, livePath(g.name, p, 'stderr')),
        stdout_logfile_backups: p.stdout_logfile_backups,
        stderr_logfile_backups: p.stderr_logfile_backups,
        stdout_logfile_maxbytes: p.stdout_logfile_maxbytes,
        stderr_logfile_maxbytes: p.stderr_logfile_maxbytes,
        stdout_capture_maxbytes: p.stdout_capture_maxbytes,
        stderr_capture_maxbytes: p.stderr_capture_maxbytes,
        stdout_events_enabled: p.stdout_events_enabled,
        stderr_events_enabled: p.stderr_events_enabled,
        stdout_syslog: p.stdout_syslog,
        stderr_syslog: p.stderr_syslog,
      });
    }
  }
  return rows.sort((a, b) => pyCompare(a.name, b.name));
}

/** The human report of `supervisor-tui check` (like `nginx -t`): pure text from a Config. */
import type { Config, GroupConfig, ProcessConfig } from './types.ts';

function groupLabel(g: GroupConfig): string {
  const extra = g.type === 'eventlistener' ? `, events ${g.events.join(',')}` : g.type === 'fcgi-program' ? `, socket ${g.socket}` : '';
  return `${g.name} (${g.type}, priority ${g.priority}${extra})`;
}

function processLine(p: ProcessConfig, width: number): string {
  const flags = [p.autostart ? null : 'autostart=false', p.priority !== 999 ? `priority ${p.priority}` : null].filter((f) => f !== null);
  const command = p.command.replace(/\n/g, ' ');
  return `    ${p.name.padEnd(width)}  ${command}${flags.length > 0 ? `  [${flags.join(', ')}]` : ''}`;
}

export function formatCheckReport(config: Config): string {
  const out: string[] = [`config: ${config.configfile}`];
  for (const info of config.infos) out.push(`  ${info}`);
  const servers = config.http_servers.map((s) => (s.family === 'unix' ? `unix://${s.file}` : `http://${s.host || '*'}:${s.port}`));
  out.push(`servers: ${servers.length > 0 ? servers.join(', ') : 'none'}`);
  const processes = config.groups.flatMap((g) => g.processes);
  const width = Math.max(0, ...processes.map((p) => p.name.length));
  out.push('');
  for (const g of config.groups) {
    out.push(`group ${groupLabel(g)}`);
    if (g.processes.length === 0) out.push('    (no processes)');
    for (const p of g.processes) out.push(processLine(p, width));
  }
  if (config.warnings.length > 0) {
    out.push('', 'warnings:');
    for (const w of config.warnings) out.push(`  ${w}`);
  }
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  out.push('', `configuration ok: ${count(config.groups.length, 'group', 'groups')}, ${count(processes.length, 'process', 'processes')}`);
  return out.join('\n') + '\n';
}

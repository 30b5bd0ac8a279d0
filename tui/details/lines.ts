/**
 * The details view's lines (k9s "describe"): config, environment (secrets masked by the daemon),
 * resources with sparklines and the memory limit, health, the dependency tree, the process tree
 * and the state history. Pure: view state in, segments out. What a server does not report (a
 * real supervisord has no environment, health, limits or dependencies) says so.
 */
import { makeNamespec, type ProcessInfo } from '../../src/protocol/index.ts';
import type { ProcessHealth } from '../../src/protocol/types.ts';
import { signalName } from '../../src/protocol/signals.ts';
import { unqualify } from '../fleet/model.ts';
import { clockTime, formatBytes, formatCpu } from '../format.ts';
import type { Snapshot } from '../model.ts';
import { fitSegs, type Seg } from '../segments.ts';
import { meterBar, sparkline } from '../sparkline.ts';
import type { ViewState } from '../state.ts';
import { stateStyle, type Theme } from '../theme.ts';
import { textWidth } from '../text-width.ts';
import { descriptionAt } from '../clock/uptime.ts';

const KEY_WIDTH = 14;
const SPARK_WIDTH = 30;
const OURS_ONLY = "not reported by this server (only supervisor-tui's daemon has it)";

interface Found {
  snap: Snapshot | null;
  namespec: string;
  info: ProcessInfo | undefined;
  /** The server's health by namespec; null when it has none (a real supervisord). */
  health: ReadonlyMap<string, ProcessHealth> | null;
}

/** The process's data in the table's snapshot (its server's, in a fleet). */
export function findProcess(s: Pick<ViewState, 'fleet' | 'snapshot'>, target: string): Found {
  let snap = s.snapshot;
  let namespec = target;
  if (s.fleet) {
    const [ns, server] = unqualify(target);
    namespec = ns;
    snap = s.fleet.members.find((m) => m.name === server)?.snapshot ?? null;
  }
  const info = snap?.infos.find((p) => makeNamespec(p.group, p.name) === namespec);
  return { snap, namespec, info, health: snap?.health ?? null };
}

/** `nowMs`: the table clock, for a RUNNING process's uptime (absent: counting lines, where the text's width does not matter). */
export function detailsContent(s: Pick<ViewState, 'fleet' | 'snapshot' | 'details' | 'transitions'>, target: string, width: number, theme: Theme, nowMs?: number): Seg[][] {
  const out: Seg[][] = [];
  const color = theme.color ? ('cyan' as const) : undefined;
  const line = (...segs: Seg[]) => out.push(fitSegs([{ text: ' ' }, ...segs], width, theme.glyphs.ellipsis));
  const section = (title: string, note = '') => {
    out.push(fitSegs([], width));
    line({ text: title, bold: true, color }, ...(note ? [{ text: `  ${note}`, dim: true }] : []));
  };
  const kv = (key: string, value: string, ...more: Seg[]) => line({ text: '  ' + key.padEnd(KEY_WIDTH), dim: true }, { text: value }, ...more);
  const absent = (text: string) => line({ text: `  ${text}`, dim: true });
  const sep = ` ${theme.glyphs.sep} `;

  const { snap, namespec, info, health } = findProcess(s, target);
  const d = s.details !== null && s.details.target === target ? s.details : null;
  const settings = d?.details?.settings ?? null;
  const c = d?.config ?? null;

  // Who and how it runs now.
  if (info) line({ text: target, bold: true }, { text: '  ' }, { text: info.statename, bold: true, ...stateStyle(theme, info.statename) }, { text: `  ${nowMs === undefined ? info.description : descriptionAt(info, snap?.clockOffset ?? 0, nowMs)}` });
  else line({ text: target, bold: true }, { text: '  not in the process table', dim: true });
  if (d?.error) line({ text: d.error, color: theme.color ? 'red' : undefined });

  section('Config', 'getAllConfigInfo' + (settings ? ' + supervisortui.getHealth' : ''));
  if (d === null || !d.loaded) absent('loading…');
  else if (c === null) absent('the server did not list it in getAllConfigInfo');
  else {
    kv('command', c.command);
    kv('directory', c.directory);
    kv('user', settings?.user || (c.uid === 'none' ? "(supervisord's)" : `uid ${c.uid}`));
    kv('priority', `${c.process_prio} (group ${c.group} ${c.group_prio})`);
    kv('autostart', String(c.autostart), { text: `   autorestart ${settings ? settings.autorestart : '(not reported)'}`, dim: !settings });
    kv('startsecs', String(c.startsecs), { text: `   startretries ${c.startretries}   exitcodes ${c.exitcodes.join(',')}` });
    const sig = settings?.stopsignal ?? signalName(c.stopsignal) ?? String(c.stopsignal);
    kv('stopsignal', sig, { text: `   stopwaitsecs ${c.stopwaitsecs}   ${settings?.stopasgroup ? 'stopasgroup ' : ''}${c.killasgroup ? 'killasgroup' : ''}`.trimEnd() });
    kv('stdout log', c.stdout_logfile, { text: c.stdout_logfile !== 'none' && c.stdout_logfile_maxbytes > 0 ? `   (${formatBytes(c.stdout_logfile_maxbytes)} × ${c.stdout_logfile_backups})` : '', dim: true });
    kv('stderr log', c.redirect_stderr ? '(redirected to stdout)' : c.stderr_logfile, { text: !c.redirect_stderr && c.stderr_logfile !== 'none' && c.stderr_logfile_maxbytes > 0 ? `   (${formatBytes(c.stderr_logfile_maxbytes)} × ${c.stderr_logfile_backups})` : '', dim: true });
    if (settings && (settings.backoff_factor > 0 || settings.backoff_max > 0)) kv('backoff', `factor ${settings.backoff_factor || 1}, max ${settings.backoff_max || '-'}s`);
    if (settings?.essential) kv('essential', 'true (its failure stops the daemon)');
  }

  section('Environment', settings ? 'secret values masked by the server' : '');
  if (d?.loaded && d.details === null) absent(OURS_ONLY);
  else if (settings) {
    const entries = Object.entries(settings.environment);
    if (entries.length === 0) absent('none set in the config');
    for (const [k, v] of entries) line({ text: `  ${k}`, bold: true }, { text: `=${v}` });
    for (const f of settings.env_file) kv('env_file', f);
  }

  section('Resources', snap?.statsNote ?? '');
  const hist = snap?.history?.get(namespec);
  const st = info && info.pid > 0 ? snap?.stats?.get(info.pid) : undefined;
  const tree = d?.tree ?? [];
  const treeRss = tree.reduce((n, r) => n + r.rss, 0);
  // The table's figures where it has them, else the process tree's own reading.
  const cpu = st?.cpu ?? hist?.cpu.at(-1) ?? tree[0]?.cpu ?? null;
  const rss = st?.rss ?? hist?.rss.at(-1) ?? tree[0]?.rss ?? null;
  if (!info?.pid) absent('not running');
  else if (cpu === null && rss === null) absent('no CPU/RSS figures for this server');
  else {
    kv('CPU', cpu === null ? '     -' : `${formatCpu(cpu)}%`.padStart(6), { text: `  ${sparkline(hist?.cpu ?? [], SPARK_WIDTH, theme.glyphs.spark, Math.max(100, ...(hist?.cpu ?? [0])))}`, color });
    kv('RSS', formatBytes(rss ?? 0).padStart(6), { text: `  ${sparkline(hist?.rss ?? [], SPARK_WIDTH, theme.glyphs.spark)}`, color }, { text: tree.length > 1 ? `  tree ${formatBytes(treeRss)}` : '' });
  }
  if (settings) {
    if (settings.memory_limit > 0) {
      const used = treeRss > 0 ? treeRss : (st?.rss ?? 0);
      const frac = used / settings.memory_limit;
      kv('memory_limit', formatBytes(settings.memory_limit).padStart(6), { text: `  [${meterBar(frac, 20, theme.glyphs.bar)}] ${Math.round(frac * 100)}% used by the tree`, color: theme.color && frac >= 0.9 ? 'red' : undefined }, { text: `  (checked every ${settings.memory_limit_interval}s)`, dim: true });
    } else kv('memory_limit', 'none');
  } else if (d?.loaded) kv('memory_limit', OURS_ONLY);

  section('Health');
  const h = health?.get(namespec) ?? d?.details ?? null;
  if (health === null && d?.loaded && d.details === null) absent(OURS_ONLY);
  else if (h === null) absent('loading…');
  else if (h.healthcheck === '') absent('no healthcheck configured');
  else {
    kv('state', h.health, { text: h.failures > 0 ? `   ${h.failures} failed in a row` : '' });
    kv('check', h.healthcheck);
    if (settings) kv('settings', `every ${settings.healthcheck_interval}s, timeout ${settings.healthcheck_timeout}s, ${settings.healthcheck_retries} retries, start period ${settings.healthcheck_start_period}s, action ${settings.healthcheck_action}`);
    if (h.last_check > 0) kv('last check', `${clockTime(h.last_check * 1000)}${h.detail ? `  ${h.detail}` : ''}`);
  }

  section('Depends on', 'depends_on, transitively');
  if (d?.loaded && d.details === null) absent(OURS_ONLY);
  else if (settings === null) absent('loading…');
  else if (settings.dependency_tree.length === 0) absent('nothing');
  else {
    const waiting = (health?.get(namespec) ?? d?.details)?.waiting_for ?? [];
    if (waiting.length > 0) kv('waiting for', waiting.join(', '));
    for (const e of settings.dependency_tree) {
      const ns = makeNamespec(e.group, e.name);
      const p = snap?.infos.find((x) => x.group === e.group && x.name === e.name);
      const hh = health?.get(ns);
      const name = `  ${'  '.repeat(e.depth)}${ns}`;
      line(
        { text: name.padEnd(KEY_WIDTH + 12) },
        p ? { text: p.statename.padEnd(9), ...stateStyle(theme, p.statename) } : { text: 'gone'.padEnd(9), dim: true },
        { text: ` ${hh && hh.health !== 'none' ? hh.health : '-'}`.padEnd(11) },
        { text: e.entry === ns ? '' : `(${e.entry})`, dim: true },
      );
    }
  }

  const from = d?.treeSource === 'server' ? 'supervisortui.getProcessStats' : d?.treeSource === 'local' ? '/proc on this host' : '';
  section('Process tree', from);
  if (!info || info.pid <= 0) absent('not running');
  else if (d === null || !d.loaded) absent('loading…');
  else if (d.treeSource === 'none') absent('not available: the server is not on this host and has no supervisortui.getProcessStats');
  else if (tree.length === 0) absent('reading…');
  else {
    line({ text: '  ' + 'PID'.padEnd(10) + 'CPU%'.padStart(6) + 'RSS'.padStart(7) + '  COMMAND', dim: true });
    for (const r of tree) {
      const pid = ('  '.repeat(r.depth) + r.pid).padEnd(10);
      line({ text: '  ' + pid + (r.cpu === null ? '-' : formatCpu(r.cpu)).padStart(6) + formatBytes(r.rss).padStart(7) + '  ' + r.comm });
    }
  }

  const past = s.transitions.get(target) ?? [];
  section('State history', `last ${past.length}, as this dashboard saw them`);
  if (past.length === 0) absent('nothing seen yet');
  for (let i = past.length - 1; i >= 0; i--) {
    const t = past[i]!;
    const segs: Seg[] = [{ text: `  ${clockTime(t.at)}  `, dim: true }];
    if (t.from === null) segs.push({ text: t.to, ...stateStyle(theme, t.to) }, { text: '  (first seen)', dim: true });
    else segs.push({ text: t.from, ...stateStyle(theme, t.from) }, { text: ` ${theme.glyphs.sep === '|' ? '->' : '→'} ` }, { text: t.to, ...stateStyle(theme, t.to) });
    if (t.exitstatus !== null) segs.push({ text: `  exit ${t.exitstatus}` });
    if (t.detail) segs.push({ text: `${sep}${t.detail}`, dim: true });
    line(...segs);
  }
  return out;
}

/** The view: a title rule, then `height - 1` content lines from `scroll`. */
export function detailsLines(s: ViewState, target: string, scroll: number, width: number, height: number, theme: Theme, nowMs: number): Seg[][] {
  const content = detailsContent(s, target, width, theme, nowMs);
  const room = Math.max(0, height - 1);
  const top = Math.max(0, Math.min(scroll, content.length - room));
  const r = theme.glyphs.rule;
  const more = content.length > room ? ` ${top + 1}-${Math.min(content.length, top + room)} of ${content.length} ${theme.glyphs.sep} j/k PgUp/PgDn scroll` : '';
  const title = `${r}${r} details ${theme.glyphs.sep} ${target}${more} ${theme.glyphs.sep} Esc/Enter/q back `;
  const out: Seg[][] = [fitSegs([{ text: title + r.repeat(Math.max(0, width - textWidth(title))), bold: true, color: theme.color ? 'cyan' : undefined }], width, theme.glyphs.ellipsis)];
  out.push(...content.slice(top, top + room));
  while (out.length < height) out.push(fitSegs([], width));
  return out;
}

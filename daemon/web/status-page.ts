/**
 * The status page (compat §6.7, extended): every process with its group, state, description and
 * uptime; per-process, per-group and global actions as POST forms carrying the session token;
 * a filter that works as a plain GET form and instantly with JavaScript. Pure: data in, HTML out.
 */
import { makeNamespec } from '../../src/protocol/namespec.ts';
import type { ProcessInfo } from '../../src/protocol/types.ts';
import { formatUptime } from '../../src/protocol/uptime.ts';
import { escapeHtml, page } from './layout.ts';

export interface StatusView {
  readonly processes: readonly ProcessInfo[];
  readonly message: string | null;
  readonly filter: string;
  /** The session's form token (daemon/web/csrf.ts). */
  readonly token: string;
  readonly version: string;
  readonly identification: string;
}

/** Supervisor's CSS class for a state (kept for anything that scrapes the page). */
function compatClass(statename: string): string {
  if (statename === 'RUNNING') return 'statusrunning';
  if (statename === 'FATAL' || statename === 'BACKOFF') return 'statuserror';
  return 'statusnominal';
}

/**
 * Which actions a row offers, by state: Supervisor's web page rules, plus Stop for STARTING and
 * BACKOFF (stopProcess accepts them; Supervisor's page left a process cycling through BACKOFF
 * with no way to stop it but the command line).
 */
export function actionsFor(statename: string): string[] {
  if (statename === 'RUNNING') return ['restart', 'stop', 'clearlog'];
  if (statename === 'STARTING' || statename === 'BACKOFF') return ['stop', 'clearlog'];
  if (statename === 'STOPPED' || statename === 'EXITED' || statename === 'FATAL') return ['start', 'clearlog'];
  return ['clearlog'];
}

const ACTION_LABELS: Readonly<Record<string, string>> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  clearlog: 'Clear log',
  startgroup: 'Start group',
  stopgroup: 'Stop group',
  restartgroup: 'Restart group',
  stopall: 'Stop all',
  restartall: 'Restart all',
};

const DANGER = new Set(['stop', 'stopgroup', 'stopall', 'restartall']);
const CONFIRM: Readonly<Record<string, string>> = {
  stopall: 'Stop every process?',
  restartall: 'Restart every process?',
};

/** One action as a POST form; `target` is the namespec or group name it acts on. */
function actionForm(action: string, target: string | null, token: string): string {
  const label = ACTION_LABELS[action] ?? action;
  const field = target === null ? '' : `<input type="hidden" name="processname" value="${escapeHtml(target)}"/>`;
  const ask = CONFIRM[action];
  const named = target === null ? '' : ` aria-label="${escapeHtml(`${label} ${target}`)}"`;
  return (
    `<form method="post" action="index.html" class="inline"${ask === undefined ? '' : ` data-confirm="${escapeHtml(ask)}"`}>` +
    `<input type="hidden" name="token" value="${escapeHtml(token)}"/><input type="hidden" name="action" value="${action}"/>${field}` +
    `<button type="submit"${DANGER.has(action) ? ' class="danger"' : ''}${named} data-key="${escapeHtml(`${action} ${target ?? ''}`)}">${label}</button></form>`
  );
}

function uptimeOf(p: ProcessInfo): string {
  return (p.statename === 'RUNNING' || p.statename === 'STOPPING') && p.start > 0 ? formatUptime(p.now - p.start) : '';
}

/** The text the filter matches against (lower case). */
export function searchText(p: ProcessInfo): string {
  return `${makeNamespec(p.group, p.name)} ${p.group} ${p.statename} ${p.description}`.toLowerCase();
}

function tailHref(ns: string, channel: 'stdout' | 'stderr'): string {
  return `tail.html?processname=${encodeURIComponent(ns)}${channel === 'stderr' ? '&amp;channel=stderr' : ''}`;
}

function processRow(p: ProcessInfo, view: StatusView, shown: boolean): string {
  const ns = makeNamespec(p.group, p.name);
  const actions = actionsFor(p.statename).map((a) => actionForm(a, ns, view.token));
  const tails =
    `<a href="${tailHref(ns, 'stdout')}" aria-label="Tail stdout of ${escapeHtml(ns)}">stdout</a>` +
    `<a href="${tailHref(ns, 'stderr')}" aria-label="Tail stderr of ${escapeHtml(ns)}">stderr</a>`;
  const state = p.statename.toLowerCase();
  return (
    `<tr class="proc" data-ns="${escapeHtml(ns)}" data-search="${escapeHtml(searchText(p))}"${shown ? '' : ' hidden'}>` +
    `<th scope="row" data-label="Name"><a href="${tailHref(ns, 'stdout')}">${escapeHtml(ns)}</a></th>` +
    `<td data-label="Group">${escapeHtml(p.group)}</td>` +
    `<td data-label="State" class="${compatClass(p.statename)}"><span class="state st-${state}">${escapeHtml(state)}</span></td>` +
    `<td data-label="Description">${escapeHtml(p.description)}</td>` +
    `<td data-label="Uptime">${uptimeOf(p)}</td>` +
    `<td class="actions">${actions.join('')}${tails}</td></tr>`
  );
}

/** A group gets its own header row (and group actions) unless it is a lone program of its name. */
function isRealGroup(name: string, members: readonly ProcessInfo[]): boolean {
  return members.length > 1 || members[0]?.name !== name;
}

function summaryOf(processes: readonly ProcessInfo[]): string {
  const counts = new Map<string, number>();
  for (const p of processes) counts.set(p.statename, (counts.get(p.statename) ?? 0) + 1);
  const parts = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([s, n]) => `${n} ${s.toLowerCase()}`);
  return `${processes.length} process${processes.length === 1 ? '' : 'es'}${parts.length === 0 ? '' : `: ${parts.join(', ')}`}`;
}

export function renderIndex(view: StatusView): string {
  const sorted = [...view.processes].sort((a, b) =>
    a.group === b.group ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.group < b.group ? -1 : 1,
  );
  const groups = new Map<string, ProcessInfo[]>();
  for (const p of sorted) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  const q = view.filter.trim().toLowerCase();
  const bodies = [...groups].map(([name, members]) => {
    const shown = members.map((p) => q === '' || searchText(p).includes(q));
    const head = isRealGroup(name, members)
      ? `<tr class="grouphead"><th colspan="5" scope="rowgroup">Group ${escapeHtml(name)} <span class="muted">(${members.length})</span></th>` +
        `<td class="actions">${['startgroup', 'stopgroup', 'restartgroup'].map((a) => actionForm(a, name, view.token)).join('')}</td></tr>`
      : '';
    const rows = members.map((p, i) => processRow(p, view, shown[i] === true));
    return `<tbody data-group="${escapeHtml(name)}"${shown.includes(true) ? '' : ' hidden'}>${head}${rows.join('\n')}</tbody>`;
  });
  const table =
    `<table class="procs" id="procs"><thead><tr><th scope="col">Name</th><th scope="col">Group</th><th scope="col">State</th>` +
    `<th scope="col">Description</th><th scope="col">Uptime</th><th scope="col">Actions</th></tr></thead>\n${bodies.join('\n')}</table>`;
  const isError = view.message !== null && /^(ERROR|No such|Unknown)/.test(view.message);
  const msg = view.message === null ? '' : `<div id="status_msg" role="status"${isError ? ' class="error"' : ''}>${escapeHtml(view.message)}</div>`;
  const toolbar =
    `<div class="toolbar"><form method="get" action="index.html" role="search"><label for="filter">Filter</label> ` +
    `<input type="search" id="filter" name="filter" value="${escapeHtml(view.filter)}" placeholder="name, group or state"/> ` +
    `<button type="submit">Apply</button></form><span id="shown" class="muted"></span><span class="grow"></span>` +
    `<a href="index.html">Refresh</a>${actionForm('restartall', null, view.token)}${actionForm('stopall', null, view.token)}</div>`;
  const body =
    `<header class="top"><h1>Supervisor status</h1><span class="muted">${escapeHtml(view.identification)}</span></header>\n<main>\n${msg}\n${toolbar}\n` +
    `<p id="summary" class="muted">${summaryOf(view.processes)}</p>\n` +
    (view.processes.length === 0 ? '<p>No programs to manage</p>\n' : '') +
    `${table}\n</main>\n<footer>Supervisor ${escapeHtml(view.version)} <span id="live" aria-live="polite"></span></footer>`;
  return page(`Supervisor Status (${view.identification})`, body, 'status');
}

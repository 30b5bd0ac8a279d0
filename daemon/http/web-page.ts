/** The status page (compat §6.7), rendered from getAllProcessInfo. Pure: data in, HTML out. */
import { makeNamespec } from '../../src/protocol/namespec.ts';
import type { ProcessInfo } from '../../src/protocol/types.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function stateClass(statename: string): string {
  if (statename === 'RUNNING') return 'statusrunning';
  if (statename === 'FATAL' || statename === 'BACKOFF') return 'statuserror';
  return 'statusnominal';
}

/** Which actions a row offers, by state (Supervisor's web page rules). */
export function actionsFor(statename: string): string[] {
  if (statename === 'RUNNING') return ['restart', 'stop', 'clearlog'];
  if (statename === 'STOPPED' || statename === 'EXITED' || statename === 'FATAL') return ['start', 'clearlog'];
  return ['clearlog'];
}

const ACTION_LABELS: Readonly<Record<string, string>> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  clearlog: 'Clear Log',
  stopall: 'Stop All',
  restartall: 'Restart All',
  refresh: 'Refresh',
};

function actionButton(action: string, namespec: string | null): string {
  const target = namespec === null ? '' : `<input type="hidden" name="processname" value="${escapeHtml(namespec)}"/>`;
  return (
    `<form method="post" action="index.html" class="action">` +
    `<input type="hidden" name="action" value="${action}"/>${target}` +
    `<button type="submit">${ACTION_LABELS[action] ?? action}</button></form>`
  );
}

const STYLE = `body{font-family:sans-serif;margin:1em 2em;color:#222}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3em .6em;vertical-align:top}
tr.shade{background:#f2f2f2}.statusrunning{color:#080;font-weight:bold}.statuserror{color:#b00;font-weight:bold}
.statusnominal{color:#555}form.action{display:inline;margin-right:.3em}#status_msg{background:#ffd;padding:.4em;margin:.5em 0}
footer{margin-top:1em;color:#777;font-size:small}`;

function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"/><title>${escapeHtml(title)}</title>` +
    `<style>${STYLE}</style></head>\n<body>\n${body}\n</body></html>\n`
  );
}

export function renderIndex(processes: readonly ProcessInfo[], message: string | null, version: string, identification: string): string {
  const sorted = [...processes].sort((a, b) => (a.group === b.group ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.group < b.group ? -1 : 1));
  const rows = sorted.map((p, i) => {
    const ns = makeNamespec(p.group, p.name);
    const state = p.statename.toLowerCase();
    const tails =
      `<a href="logtail/${encodeURIComponent(ns)}" target="_blank">Tail -f Stdout</a> ` +
      `<a href="logtail/${encodeURIComponent(ns)}/stderr" target="_blank">Tail -f Stderr</a>`;
    return (
      `<tr${i % 2 === 1 ? ' class="shade"' : ''}>` +
      `<td class="${stateClass(p.statename)}">${escapeHtml(state)}</td>` +
      `<td>${escapeHtml(p.description)}</td>` +
      `<td><a href="tail.html?processname=${encodeURIComponent(ns)}" target="_blank">${escapeHtml(ns)}</a></td>` +
      `<td>${actionsFor(p.statename).map((a) => actionButton(a, ns)).join('')} ${tails}</td></tr>`
    );
  });
  const table =
    rows.length === 0
      ? '<p>No programs to manage</p>'
      : `<table>\n<tr><th>State</th><th>Description</th><th>Name</th><th>Action</th></tr>\n${rows.join('\n')}\n</table>`;
  const msg = message === null ? '' : `<div id="status_msg">${escapeHtml(message)}</div>`;
  const global = ['refresh', 'restartall', 'stopall'].map((a) => actionButton(a, null)).join('');
  return page(
    `Supervisor Status (${identification})`,
    `<h1>Supervisor Status</h1>\n${msg}\n<div>${global}</div>\n${table}\n<footer>Supervisor ${escapeHtml(version)}</footer>`,
  );
}

export function renderTail(namespec: string, text: string): string {
  return page(`Supervisor tail of process ${namespec}`, `<h1>Tail of ${escapeHtml(namespec)}</h1>\n<pre>${escapeHtml(text)}</pre>`);
}

/**
 * The tail page (compat §6.7's tail.html, extended with `channel=stderr`): the log's last bytes
 * in a <pre> (ANSI colours rendered, partial first line dropped), which the inline script then
 * turns into a live, bounded, pausable view of the stream. Pure: data in, HTML out.
 */
import { escapeHtml, page } from './layout.ts';

export type Channel = 'stdout' | 'stderr';

/** Lines the live view keeps; older ones are dropped from the top. */
export const MAX_LINES = 2000;

export interface TailView {
  readonly namespec: string;
  readonly channel: Channel;
  /** The log's end as HTML (already escaped), or an error text to show instead. */
  readonly content: { html: string } | { error: string };
  /** Bytes of history the page shows and the stream starts with. */
  readonly limit: number;
}

export function streamHref(namespec: string, channel: Channel, limit: number): string {
  return `tail.html?processname=${encodeURIComponent(namespec)}&channel=${channel}&limit=${limit}&stream=1`;
}

export function renderTail(view: TailView): string {
  const { namespec, channel } = view;
  const other: Channel = channel === 'stdout' ? 'stderr' : 'stdout';
  const nav =
    `<a href="index.html">Back to status</a>` +
    ` <a href="tail.html?processname=${encodeURIComponent(namespec)}&amp;channel=${other}">Show ${other}</a>`;
  if ('error' in view.content) {
    return page(
      `Supervisor tail of process ${namespec}`,
      `<header class="top"><h1>Tail of ${escapeHtml(namespec)} (${channel})</h1>${nav}</header>\n<main><pre>${escapeHtml(view.content.error)}</pre></main>`,
      null,
    );
  }
  const header =
    `<header class="top"><h1>Tail of ${escapeHtml(namespec)} (${channel})</h1>${nav}` +
    `<button type="button" id="pause" aria-pressed="false" hidden>Pause</button>` +
    `<span id="tailstatus" class="muted" role="status">Showing the last ${view.limit} bytes</span></header>`;
  const log =
    `<pre id="log" class="log" tabindex="0" aria-label="${channel} of ${escapeHtml(namespec)}" ` +
    `data-stream="${escapeHtml(streamHref(namespec, channel, view.limit))}" data-max-lines="${MAX_LINES}">${view.content.html}</pre>`;
  return page(`Supervisor tail of process ${namespec}`, `${header}\n<main>${log}</main>`, 'tail');
}

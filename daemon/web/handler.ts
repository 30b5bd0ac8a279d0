/**
 * The web page (compat §6.7, hardened): `/` and `/index.html` list the processes; actions are
 * POST forms carrying the session's token (daemon/web/csrf.ts) — a POST without it, or with a
 * wrong one, is refused with 403, and a GET never changes anything (Supervisor's
 * `index.html?action=…` links acted on GET, so any page an operator visited could trigger them).
 * A POST answers 303 to `/?message=…`. `/tail.html` shows a log's end and, with `stream=1`,
 * streams it; `/ok.html` answers OK.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { asProcessInfos, asString } from '../../src/client/results.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { isAction, runAction } from './actions.ts';
import { createCsrf, newSessionId, sessionCookie, sessionFromCookies } from './csrf.ts';
import { escapeHtml, page, PAGE_HEADERS } from './layout.ts';
import { renderTail, type Channel } from './tail-page.ts';
import { streamTail, tailHtml } from './tail.ts';
import { BodyTooLarge, readBody, sendBody, sendError } from '../http/respond.ts';
import type { HttpContext } from '../http/types.ts';
import { renderIndex } from './status-page.ts';

const WEB_PATHS = new Set(['', 'index.html', 'tail.html', 'ok.html']);
const FORM_LIMIT = 64 * 1024;
/** History the tail page shows by default (Supervisor: 1024 bytes; `limit=` asks for more). */
const TAIL_DEFAULT_BYTES = 16 * 1024;
const TAIL_MAX_BYTES = 1024 * 1024;

/** Drawn once per daemon process: tokens stay valid across reloads, not across restarts. */
const csrf = createCsrf(randomBytes(32));

export function isWebPath(path: string): boolean {
  return WEB_PATHS.has(path.replace(/^\/+/, ''));
}

/** The request's session id, issuing a new one (as a Set-Cookie header) when it has none. */
function session(req: IncomingMessage, res: ServerResponse): string {
  const existing = sessionFromCookies(req.headers.cookie);
  if (existing !== null) return existing;
  const id = newSessionId();
  res.setHeader('Set-Cookie', sessionCookie(id));
  return id;
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  sendBody(res, status, 'text/html;charset=utf-8', html, PAGE_HEADERS);
}

async function index(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, query: URLSearchParams): Promise<void> {
  const token = csrf.tokenFor(session(req, res));
  let infos, version, ident;
  try {
    [infos, version, ident] = await Promise.all([
      ctx.dispatcher.call('supervisor.getAllProcessInfo', []),
      ctx.dispatcher.call('supervisor.getSupervisorVersion', []),
      ctx.dispatcher.call('supervisor.getIdentification', []),
    ]);
  } catch (err) {
    // SHUTDOWN_STATE while supervisord stops or reloads: say so instead of failing the request.
    if (!(err instanceof RpcFault)) throw err;
    const text = `Supervisor is not accepting commands right now (${err.faultString}); reload in a moment.`;
    sendPage(res, 503, page('Supervisor Status', `<main><h1>Supervisor status</h1><p>${escapeHtml(text)}</p><p><a href="index.html">Reload</a></p></main>`, null));
    return;
  }
  // Supervisor's action links are GETs; ours never act on one, and say so.
  const ignored = query.has('action') ? 'Nothing was done: actions are only taken from the page’s buttons.' : null;
  const html = renderIndex({
    processes: asProcessInfos('supervisor.getAllProcessInfo', infos),
    message: query.get('message') ?? ignored,
    filter: query.get('filter') ?? '',
    token,
    version: asString('supervisor.getSupervisorVersion', version),
    identification: asString('supervisor.getIdentification', ident),
  });
  sendPage(res, 200, html);
}

function limitOf(query: URLSearchParams): number {
  const asked = Number.parseInt(query.get('limit') ?? '', 10);
  return Number.isFinite(asked) ? Math.min(TAIL_MAX_BYTES, Math.max(1024, asked)) : TAIL_DEFAULT_BYTES;
}

async function tail(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, query: URLSearchParams): Promise<void> {
  const ns = query.get('processname') ?? '';
  const channel: Channel = query.get('channel') === 'stderr' ? 'stderr' : 'stdout';
  const limit = limitOf(query);
  if (ns !== '' && query.get('stream') === '1') return streamTail(req, res, ctx, ns, channel, limit);
  const content = ns === '' ? { error: 'No process name found' } : await tailHtml(ctx, ns, channel, limit);
  sendPage(res, 200, renderTail({ namespec: ns, channel, content, limit }));
}

function forbidden(req: IncomingMessage, res: ServerResponse): void {
  session(req, res); // a browser without the cookie gets one, so reloading the page fixes it
  const html = page(
    'Forbidden',
    `<main><h1>Forbidden</h1><p>This form's session token is missing or out of date, so nothing was done.</p>` +
      `<p><a href="index.html">Reload the status page</a> and try again.</p></main>`,
    null,
  );
  res.setHeader('Connection', 'close');
  sendPage(res, 403, html);
}

async function post(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  let form: URLSearchParams;
  try {
    form = new URLSearchParams((await readBody(req, FORM_LIMIT)).toString('utf8'));
  } catch (err) {
    sendError(res, err instanceof BodyTooLarge ? 413 : 411, { close: true });
    return;
  }
  if (!csrf.verify(sessionFromCookies(req.headers.cookie), form.get('token'))) {
    forbidden(req, res);
    return;
  }
  const action = form.get('action') ?? '';
  const message = isAction(action) ? await runAction(ctx, action, form.get('processname') ?? '') : `Unknown action ${action}`;
  res.statusCode = 303;
  res.statusMessage = 'See Other';
  res.setHeader('Location', `/?message=${encodeURIComponent(message)}`);
  res.setHeader('Content-Length', 0);
  res.end();
}

export async function handleWeb(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, path: string): Promise<void> {
  const name = path.replace(/^\/+/, '');
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  if (name === 'ok.html') {
    sendBody(res, 200, 'text/plain', 'OK');
    return;
  }
  if (name === 'tail.html') return tail(req, res, ctx, query);
  if (req.method === 'POST') return post(req, res, ctx);
  return index(req, res, ctx, query);
}

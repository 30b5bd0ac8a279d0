/**
 * The small web page (compat §6.7): `/` and `/index.html` list the processes; actions are POST
 * forms (a GET never changes anything); `/tail.html` shows a log's end; `/ok.html` answers OK.
 * Everything goes through the RPC dispatcher, so faults and waiting behave as over XML-RPC.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RpcFault } from '../../src/protocol/faults.ts';
import type { ProcessInfo } from '../../src/protocol/types.ts';
import { BodyTooLarge, readBody, sendBody, sendError } from './respond.ts';
import type { HttpContext } from './types.ts';
import { renderIndex, renderTail } from './web-page.ts';

const WEB_PATHS = new Set(['', 'index.html', 'tail.html', 'ok.html']);
const FORM_LIMIT = 64 * 1024;
const NO_CACHE = {
  Pragma: 'no-cache',
  'Cache-Control': 'no-cache',
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
};

export function isWebPath(path: string): boolean {
  return WEB_PATHS.has(path.replace(/^\/+/, ''));
}

const FAULT_WORDS: Readonly<Record<string, string>> = {
  BAD_NAME: 'no such process',
  NO_FILE: 'no such file',
  NOT_EXECUTABLE: 'file not executable',
  ALREADY_STARTED: 'already started',
  SPAWN_ERROR: 'spawn error',
  ABNORMAL_TERMINATION: 'abnormal termination',
  NOT_RUNNING: 'not running',
};

function faultText(err: unknown): string {
  if (!(err instanceof RpcFault)) throw err;
  const name = err.faultString.split(':')[0] ?? '';
  return FAULT_WORDS[name] ?? `unexpected rpc fault [${err.faultCode}] ${err.faultString}`;
}

/** Performs one form action and returns the message shown on the page. */
export async function runAction(ctx: HttpContext, action: string, ns: string): Promise<string> {
  const call = (m: string, p: (string | boolean)[]): Promise<unknown> => ctx.dispatcher.call(m, p);
  const now = new Date().toString();
  try {
    switch (action) {
      case 'refresh':
        return `Page refreshed at ${now}`;
      case 'stopall':
        await call('supervisor.stopAllProcesses', [true]);
        return `All stopped at ${now}`;
      case 'restartall':
        await call('supervisor.stopAllProcesses', [true]);
        await call('supervisor.startAllProcesses', [true]);
        return `All restarted at ${now}`;
      case 'start':
        await call('supervisor.startProcess', [ns, true]);
        return `Process ${ns} started`;
      case 'stop':
        await call('supervisor.stopProcess', [ns, true]);
        return `Process ${ns} stopped`;
      case 'restart':
        await call('supervisor.stopProcess', [ns, true]).catch((err: unknown) => {
          if (!(err instanceof RpcFault && err.faultString.startsWith('NOT_RUNNING'))) throw err;
        });
        await call('supervisor.startProcess', [ns, true]);
        return `Process ${ns} restarted`;
      case 'clearlog':
        await call('supervisor.clearProcessLogs', [ns]);
        return `Log for ${ns} cleared`;
      default:
        return `Unknown action ${action}`;
    }
  } catch (err) {
    const text = faultText(err);
    return text === 'no such process' ? `No such process named ${ns}` : `ERROR: Process ${ns}: ${text}`;
  }
}

async function index(res: ServerResponse, ctx: HttpContext, message: string | null): Promise<void> {
  const [infos, version, ident] = await Promise.all([
    ctx.dispatcher.call('supervisor.getAllProcessInfo', []),
    ctx.dispatcher.call('supervisor.getSupervisorVersion', []),
    ctx.dispatcher.call('supervisor.getIdentification', []),
  ]);
  const html = renderIndex(infos as unknown as ProcessInfo[], message, String(version), String(ident));
  sendBody(res, 200, 'text/html;charset=utf-8', html, NO_CACHE);
}

async function tail(res: ServerResponse, ctx: HttpContext, query: URLSearchParams): Promise<void> {
  const ns = query.get('processname');
  const limit = Math.max(1024, Number.parseInt(query.get('limit') ?? '', 10) || 0);
  let text: string;
  if (ns === null || ns === '') text = 'No process name found';
  else {
    try {
      text = String(await ctx.dispatcher.call('supervisor.readProcessStdoutLog', [ns, -limit, 0]));
    } catch (err) {
      if (!(err instanceof RpcFault)) throw err;
      text = err.faultString.startsWith('NO_FILE') ? `No file for ${ns}` : `ERROR: unexpected rpc fault [${err.faultCode}] ${err.faultString}`;
    }
  }
  sendBody(res, 200, 'text/html;charset=utf-8', renderTail(ns ?? '', text), NO_CACHE);
}

export async function handleWeb(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, path: string): Promise<void> {
  const page = path.replace(/^\/+/, '');
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  if (page === 'ok.html') {
    sendBody(res, 200, 'text/plain', 'OK');
    return;
  }
  if (page === 'tail.html') return tail(res, ctx, query);
  if (req.method === 'POST') {
    let form: URLSearchParams;
    try {
      form = new URLSearchParams((await readBody(req, FORM_LIMIT)).toString('utf8'));
    } catch (err) {
      sendError(res, err instanceof BodyTooLarge ? 413 : 411, { close: true });
      return;
    }
    const message = await runAction(ctx, form.get('action') ?? '', form.get('processname') ?? '');
    res.statusCode = 303;
    res.statusMessage = 'See Other';
    res.setHeader('Location', `/?message=${encodeURIComponent(message)}`);
    res.setHeader('Content-Length', 0);
    res.end();
    return;
  }
  return index(res, ctx, query.get('message'));
}

/**
 * The daemon's HTTP servers (compat §6): one Node http.Server per [unix_http_server] /
 * [inet_http_server] section, all with the same routes. Node's parser accepts what the real
 * clients send (the tail client's empty `Host:` and extra CRLF, HTTP/1.0, pipelining; tested
 * with raw sockets in test/rpc); anything it cannot parse gets a 400 and the connection closed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpServerConfig } from '../../src/config/types.ts';
import { FEED_PATH } from '../../src/live/feed-protocol.ts';
import { checkBasicAuth, type Credentials } from './auth.ts';
import { errorPageBody, reasonPhrase } from './error-page.ts';
import { listenInet, listenUnix, removeBoundSocket, type BoundSocket } from './listen.ts';
import { handleLogtail, handleMainLogtail } from './logtail.ts';
import { drainBody, sendError } from './respond.ts';
import { handleRpc, RPC_BODY_LIMIT } from './rpc-endpoint.ts';
import type { HttpContext } from './types.ts';
import { handleWeb, isWebPath } from '../web/handler.ts';

/** Supervisor closes channels idle for 30 minutes; clients may keep one open between commands. */
const KEEP_ALIVE_MS = 30 * 60 * 1000;

/** The path part of a request target, percent-decoded (an absolute-form URI loses its scheme and host). */
export function requestPath(url: string): string {
  let target = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const cut = target.search(/[?#]/);
  if (cut >= 0) target = target.slice(0, cut);
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

export async function route(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  const path = requestPath(req.url ?? '/');
  if (path.startsWith('/RPC2')) return handleRpc(req, res, ctx.dispatcher, ctx.log);
  if (path.startsWith('/logtail')) {
    return handleLogtail(req, res, ctx, path.startsWith('/logtail/') ? path.slice('/logtail/'.length) : '');
  }
  if (path.startsWith('/mainlogtail')) return handleMainLogtail(req, res, ctx);
  if (path === FEED_PATH && ctx.feed !== undefined) return ctx.feed.handle(req, res);
  if (isWebPath(path) && (req.method === 'GET' || req.method === 'POST')) return handleWeb(req, res, ctx, path);
  sendError(res, req.method === 'GET' || req.method === 'HEAD' ? 404 : 400);
}

function credentialsOf(cfg: HttpServerConfig): Credentials | null {
  return cfg.username === null ? null : { username: cfg.username, password: cfg.password ?? '' };
}

function handler(ctx: HttpContext, creds: Credentials | null) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (creds !== null) {
      const verdict = checkBasicAuth(creds, req.headers.authorization);
      if (verdict !== 'ok') {
        // The refusal closes the connection: read the body first, or a client still sending it gets EPIPE, not the answer.
        void drainBody(req, RPC_BODY_LIMIT).then(() => {
          if (verdict === 'malformed') sendError(res, 400, { close: true });
          else sendError(res, 401, { close: true, headers: { 'WWW-Authenticate': 'Basic realm="default"' } });
        });
        return;
      }
    }
    route(req, res, ctx).catch((err: unknown) => {
      ctx.log.error(`HTTP request ${req.method} ${req.url} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendError(res, 500, { close: true });
    });
  };
}

/**
 * A request Node's parser refuses: answer 400 once and close — unless an earlier pipelined
 * request's response is still pending on this socket, which a raw 400 would corrupt: that
 * complete request still gets its answer, then the connection closes (nothing more is read).
 * A pending response that has written nothing and whose own request is still arriving is the
 * one the error belongs to (a bad chunk size in its body): the 400 answers it.
 */
function onClientError(err: Error & { code?: string }, socket: Socket): void {
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  const ownBodyFailed = pending?.headersSent === false && pending.req.complete === false;
  const responding = pending !== undefined && pending !== null && !pending.writableEnded && !ownBodyFailed;
  if (responding && err.code !== 'ECONNRESET' && !socket.destroyed) {
    socket.pause();
    pending.shouldKeepAlive = false;
    pending.once('finish', () => socket.destroySoon());
    pending.once('close', () => socket.destroySoon());
    return;
  }
  if (err.code !== 'ECONNRESET' && socket.writable && !responding) {
    const body = errorPageBody(400);
    socket.end(
      `HTTP/1.1 400 ${reasonPhrase(400)}\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Node's HTTP server ends a socket as soon as its client half-closes (shutdown(SHUT_WR) after the
 * request), dropping the answer of any request still being served — yet the call (a stop) runs.
 * Supervisor answers every complete request: keep the write side open until the pending answers
 * are sent; Node then ends the socket after the last one (its `_last` marking). The switch is
 * the http module's own (`httpAllowHalfOpen`, read in its socket 'end' handler), untyped in @types/node.
 */
function answerHalfClosed(server: Server): void {
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
}

export interface RunningServer {
  readonly config: HttpServerConfig;
  readonly server: Server;
}

export interface HttpServers {
  readonly servers: readonly RunningServer[];
  close(): Promise<void>;
}

function closeOne(server: Server, bound: BoundSocket): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections(); // /logtail streams and keep-alive channels
    removeBoundSocket(bound);
  });
}

/**
 * Open every configured server, or none: on a bind error the ones already open are closed and
 * the ListenError is thrown (supervisord reports it as a usage error, exit 2).
 * `notice` receives lines supervisord prints to stderr (stale socket removal).
 */
export async function startHttpServers(
  configs: readonly HttpServerConfig[],
  ctx: HttpContext,
  notice: (line: string) => void,
): Promise<HttpServers> {
  const opened: { server: Server; bound: BoundSocket; config: HttpServerConfig }[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(opened.splice(0).map((o) => closeOne(o.server, o.bound)));
  };
  try {
    for (const config of configs) {
      const creds = credentialsOf(config);
      const server = createServer({ requireHostHeader: false, keepAliveTimeout: KEEP_ALIVE_MS }, handler(ctx, creds));
      server.on('clientError', onClientError);
      answerHalfClosed(server);
      const bound = config.family === 'unix' ? await listenUnix(server, config, notice) : await listenInet(server, config);
      opened.push({ server, bound, config });
      ctx.log.info("RPC interface 'supervisor' initialized");
      if (creds === null) ctx.log.critical(`Server '${config.section}' running without any HTTP authentication checking`);
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  const servers = opened.map(({ server, config }) => ({ server, config }));
  return { servers, close: closeAll };
}

/** Writing Medusa-style responses with Node's http module. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorPageBody, reasonPhrase } from './error-page.ts';

/** An error page; `close` ends the connection after it (401, 413, unreadable requests). */
export function sendError(res: ServerResponse, status: number, opts: { close?: boolean; headers?: Record<string, string> } = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errorPageBody(status);
  res.statusCode = status;
  res.statusMessage = reasonPhrase(status);
  if (opts.close) res.setHeader('Connection', 'close');
  for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Content-Type', 'text/html');
  res.end(body);
}

export function sendBody(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.statusMessage = reasonPhrase(status);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export class BodyTooLarge extends Error {}
export class LengthRequired extends Error {}

/**
 * The whole request body, refusing more than `limit` bytes (checked on the header and while reading).
 * Over the limit, what was buffered is dropped at once and the listeners detached, so a refused
 * 8 MiB body is garbage before its connection closes (not held by the request until then).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) {
    return Promise.reject(new LengthRequired());
  }
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const detach = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.on('error', ignore); // a later error on the refused request must not become uncaught
      chunks = [];
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        detach();
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      const body = Buffer.concat(chunks, size);
      detach();
      resolve(body);
    };
    const onError = (err: Error): void => {
      detach();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function ignore(): void {}

/**
 * Read and drop the rest of a request body we refuse (401, 400), up to `limit` bytes, before
 * answering with `Connection: close`: closing while the client still writes its body gives it
 * EPIPE instead of our answer (the real supervisorctl then prints BrokenPipeError). Resolves
 * at the body's end, on an error, or once past the limit (then the client gets the close).
 */
export function drainBody(req: IncomingMessage, limit: number): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (req.complete || declared > limit) return Promise.resolve();
  return new Promise((resolve) => {
    let size = 0;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', done);
      req.off('error', done);
      req.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        done();
      }
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('error', done);
    req.once('close', done);
  });
}

/**
 * An endless response (a log followed) has no complete answer to wait for: once its client
 * half-closes or leaves, destroy it (its 'close' stops the follow). Half-closed clients of
 * ordinary requests keep their socket until the answer is sent (server.ts).
 */
export function endWithClient(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  if (socket.readableEnded) res.destroy();
  else socket.once('end', () => res.destroy());
}

/**
 * GET /logtail/<namespec>[/<channel>] and GET /mainlogtail (compat §6.5): the last 1024 bytes,
 * then new output as it is written, until the client goes away. Names are resolved only through
 * the process table (getProcessInfo), so a path can never name a file of the client's choosing.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { endWithClient, sendError } from './respond.ts';
import type { HttpContext } from './types.ts';

const TAIL_START_BYTES = 1024;

/** `quick/stdout` → ['quick', 'stdout']; `quick` → ['quick', 'stdout']. */
export function parseLogtailPath(rest: string): { namespec: string; channel: string } {
  const slash = rest.indexOf('/');
  if (slash < 0) return { namespec: rest, channel: 'stdout' };
  return { namespec: rest.slice(0, slash), channel: rest.slice(slash + 1) };
}

function mtimeOf(path: string): Date | null {
  try {
    const st = statSync(path);
    return st.isFile() ? st.mtime : null;
  } catch {
    return null;
  }
}

function stream(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, path: string, mtime: Date, headers: Record<string, string>): void {
  res.statusCode = 200;
  res.statusMessage = 'OK';
  res.setHeader('Last-Modified', mtime.toUTCString());
  res.setHeader('Content-Type', 'text/plain;charset=utf-8');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.flushHeaders();
  // Back-pressure: a slow client pauses the follow instead of buffering the log in memory.
  const follower = ctx.followFile(
    path,
    (chunk) => (res.destroyed ? false : res.write(chunk)),
    undefined,
    { initialBytes: TAIL_START_BYTES },
  );
  res.on('drain', () => follower.resume());
  const stop = (): void => follower.stop();
  res.once('close', stop);
  req.socket.once('close', stop);
  endWithClient(req, res);
}

export async function handleLogtail(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, rest: string): Promise<void> {
  if (req.method !== 'GET') {
    sendError(res, 400);
    return;
  }
  const { namespec, channel } = parseLogtailPath(rest);
  if (channel !== 'stdout' && channel !== 'stderr') {
    sendError(res, 404);
    return;
  }
  let info;
  try {
    info = await ctx.dispatcher.call('supervisor.getProcessInfo', [namespec]);
  } catch {
    sendError(res, 404);
    return;
  }
  const key = `${channel}_logfile`;
  const path = typeof info === 'object' && info !== null && !Array.isArray(info) && !(info instanceof Date) && !Buffer.isBuffer(info) ? info[key] : undefined;
  const mtime = typeof path === 'string' && path !== '' ? mtimeOf(path) : null;
  if (typeof path !== 'string' || mtime === null) {
    sendError(res, 404);
    return;
  }
  stream(req, res, ctx, path, mtime, { 'X-Accel-Buffering': 'no' });
}

export function handleMainLogtail(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): void {
  if (req.method !== 'GET') {
    sendError(res, 400);
    return;
  }
  const path = ctx.mainLogPath();
  const mtime = path === null ? null : mtimeOf(path);
  if (path === null || mtime === null) {
    sendError(res, 404);
    return;
  }
  stream(req, res, ctx, path, mtime, {});
}

/**
 * The tail page's data: the log's end for the <pre>, and the live stream the page's script
 * reads (`tail.html?…&stream=1`): newline-delimited JSON, one message per read —
 * `{"p":[[text, classes], …]}` output pieces, `{"s":text}` status, `{"e":text}` a final error.
 * The first message is written at once, so the view never waits for output to fill a buffer
 * (Supervisor #403/#704/#1681); a reader that stops reading pauses the follow (back-pressure).
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { RpcFault } from '../../src/protocol/faults.ts';
import { endWithClient } from '../http/respond.ts';
import type { HttpContext } from '../http/types.ts';
import { AnsiRenderer, piecesHtml, type Piece } from './ansi.ts';
import { escapeHtml, PAGE_HEADERS } from './layout.ts';
import type { Channel } from './tail-page.ts';

/** Supervisor's tail.html text for a fault. */
function faultText(ns: string, err: unknown): string {
  if (!(err instanceof RpcFault)) throw err;
  return err.faultString.startsWith('NO_FILE') ? `No file for ${ns}` : `ERROR: unexpected rpc fault [${err.faultCode}] ${err.faultString}`;
}

/** Text after the first newline: a window that starts mid-file starts mid-line. */
function dropPartialLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(nl + 1);
}

/** The last `limit` bytes of a channel's log as HTML, or the error text to show. */
export async function tailHtml(ctx: HttpContext, ns: string, channel: Channel, limit: number): Promise<{ html: string } | { error: string }> {
  const method = channel === 'stdout' ? 'supervisor.tailProcessStdoutLog' : 'supervisor.tailProcessStderrLog';
  try {
    const [text, , overflow] = (await ctx.dispatcher.call(method, [ns, 0, limit])) as [string, number, boolean];
    return { html: piecesHtml(new AnsiRenderer().feed(overflow ? dropPartialLine(text) : text), escapeHtml) };
  } catch (err) {
    return { error: faultText(ns, err) };
  }
}

async function logPathOf(ctx: HttpContext, ns: string, channel: Channel): Promise<string | { error: string }> {
  let info;
  try {
    info = (await ctx.dispatcher.call('supervisor.getProcessInfo', [ns])) as Record<string, unknown>;
  } catch (err) {
    return { error: faultText(ns, err) };
  }
  const path = info[`${channel}_logfile`];
  return typeof path === 'string' && path !== '' ? path : { error: `No file for ${ns} (${channel})` };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const wire = (pieces: readonly Piece[]): [string, string][] => pieces.map((p) => [p.text, p.cls]);

export async function streamTail(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, ns: string, channel: Channel, limit: number): Promise<void> {
  const path = await logPathOf(ctx, ns, channel);
  res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': 'application/x-ndjson; charset=utf-8', 'X-Accel-Buffering': 'no' });
  const send = (msg: object): boolean => res.write(`${JSON.stringify(msg)}\n`);
  if (typeof path !== 'string') {
    send({ e: path.error });
    res.end();
    return;
  }
  send({ s: `Following ${channel} of ${ns}` });
  const decoder = new StringDecoder('utf8');
  const ansi = new AnsiRenderer();
  let cutFirstLine = sizeOf(path) > limit;
  const follower = ctx.followFile(
    path,
    (chunk) => {
      if (res.destroyed) return false;
      let text = decoder.write(chunk);
      if (cutFirstLine) {
        cutFirstLine = false;
        text = dropPartialLine(text);
      }
      const pieces = ansi.feed(text);
      return pieces.length === 0 ? true : send({ p: wire(pieces) });
    },
    (event) => {
      if (res.destroyed) return;
      if (event.type === 'missing') send({ s: 'Waiting for the log file to appear' });
      else if (event.type === 'reopened') send({ s: 'Log file reopened (rotated or cleared)' });
    },
    { initialBytes: limit },
  );
  res.on('drain', () => follower.resume());
  const stop = (): void => follower.stop();
  res.once('close', stop);
  req.socket.once('close', stop);
  endWithClient(req, res);
}

/**
 * One fuzz case over a fresh connection: write its chunks (paced for slow clients), read until
 * the server closes, then judge the answer against what the case allows. The client half-closes
 * once an answer is complete, or right after writing its request when the case says so (an
 * incomplete request, or a `halfClose` client: its complete request must still be answered).
 */
import { connect, type Socket } from 'node:net';
import type { Expect, FuzzCase } from './cases.ts';

export type Target = { path: string } | { port: number };

export type Verdict = 'fault' | '4xx' | 'value' | 'silent' | 'bad';

export interface Outcome {
  readonly verdict: Verdict;
  /** Why a `bad` verdict is bad (the first status line, a hang, a file's content…). */
  readonly detail: string;
}

interface Response {
  status: number;
  body: string;
}

/**
 * Status and body of each response in a stream (Content-Length, chunked or to the end); null when
 * the last one is incomplete or the bytes are not HTTP. `closed`: the stream has ended.
 */
export function splitResponses(raw: Buffer, closed = true): Response[] | null {
  const out: Response[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const head = rest.subarray(0, end).toString('latin1');
    const m = /^HTTP\/1\.[01] (\d{3}) /.exec(head);
    if (m === null) return null;
    rest = rest.subarray(end + 4);
    if (m[1]!.startsWith('1')) continue; // 100 Continue: an interim answer, the real one follows
    const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
    let body: Buffer;
    if (cl !== null) {
      if (!closed && rest.length < Number(cl[1])) return null;
      body = rest.subarray(0, Number(cl[1]));
      rest = rest.subarray(Number(cl[1]));
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const parts: Buffer[] = [];
      for (;;) {
        const nl = rest.indexOf('\r\n');
        if (nl < 0) return null;
        const size = parseInt(rest.subarray(0, nl).toString('latin1'), 16);
        rest = rest.subarray(nl + 2);
        if (size === 0) {
          rest = rest.subarray(2);
          break;
        }
        parts.push(rest.subarray(0, size));
        rest = rest.subarray(size + 2);
      }
      body = Buffer.concat(parts);
    } else {
      if (!closed) return null;
      body = rest;
      rest = Buffer.alloc(0);
    }
    out.push({ status: Number(m[1]), body: body.toString('utf8') });
  }
  return out;
}

const FILE_CONTENT = /root:[^:]*:0:0:/;

function judgeOne(r: Response, expect: Expect): Verdict | string {
  if (FILE_CONTENT.test(r.body)) return `served a system file (status ${r.status})`;
  if (r.status >= 400 && r.status < 500) return '4xx';
  if (r.status >= 500) return `status ${r.status}`;
  if (expect === 'notFound') return `status ${r.status} where a 4xx was due`;
  if (r.status !== 200) return `status ${r.status}`;
  if (!r.body.includes('<methodResponse>')) return 'a 200 that is not an XML-RPC response';
  const isFault = r.body.includes('<fault>');
  if (isFault) return 'fault';
  if (expect === 'no5xx') return 'value';
  if (expect === 'multi') {
    // Every item of the multicall's array must be a fault struct.
    const items = r.body.split('<value><struct>').length - 1;
    const faults = r.body.split('<name>faultCode</name>').length - 1;
    return items === faults ? 'fault' : 'a multicall item that is not a fault';
  }
  return 'a value where a fault was due';
}

export function judge(raw: Buffer, c: FuzzCase): Outcome {
  if (raw.length === 0) return c.silentOk ? { verdict: 'silent', detail: '' } : { verdict: 'bad', detail: 'closed without an answer' };
  const responses = splitResponses(raw);
  if (responses === null) return { verdict: 'bad', detail: `unparsable answer ${JSON.stringify(raw.subarray(0, 120).toString('latin1'))}` };
  let verdict: Verdict = 'fault';
  for (const r of responses) {
    const v = judgeOne(r, c.expect);
    if (v !== 'fault' && v !== '4xx' && v !== 'value') return { verdict: 'bad', detail: v };
    verdict = v;
  }
  return { verdict, detail: '' };
}

/**
 * Runs one case; `timeoutMs` bounds the wait for the answer once the request is written (a server
 * that never answers is a failure). Slow clients write with Nagle off, so each byte leaves alone.
 */
export function sendCase(target: Target, c: FuzzCase, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket: Socket = 'path' in target ? connect(target.path) : connect(target.port, '127.0.0.1');
    const got: Buffer[] = [];
    let done = false;
    const finish = (o: Outcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(cap);
      socket.destroy();
      resolve(o);
    };
    let timer: NodeJS.Timeout | undefined;
    const onTimeout = (): void => {
      const raw = Buffer.concat(got);
      // Answered but kept open (a keep-alive the request asked for): judge what came.
      if (raw.length > 0) finish(judge(raw, c));
      else finish({ verdict: 'bad', detail: `no answer within ${timeoutMs} ms` });
    };
    socket.on('data', (d: Buffer) => {
      got.push(d);
      const parsed = splitResponses(Buffer.concat(got), false);
      if (parsed !== null && parsed.length > 0 && !socket.writableEnded) socket.end();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server may refuse the rest of an over-limit body by closing: what it sent still counts.
      // A half-closed client's complete request is still owed its answer: a reset does not excuse silence.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') finish(judge(Buffer.concat(got), { ...c, silentOk: c.silentOk || c.halfClose !== true }));
      else finish({ verdict: 'bad', detail: `socket error ${err.code ?? err.message}` });
    });
    socket.on('close', () => finish(judge(Buffer.concat(got), c)));
    // A server that stops reading mid-request must not hang the worker: a cap on the whole exchange.
    const cap = setTimeout(() => finish({ verdict: 'bad', detail: 'the request could not be written' }), 4 * timeoutMs + c.chunks.length * (c.gapMs + 5));
    if (c.gapMs > 0) socket.setNoDelay(true);
    socket.once('connect', async () => {
      for (const chunk of c.chunks) {
        if (done || socket.destroyed) return;
        const flushed = socket.write(chunk);
        if (c.gapMs > 0) await new Promise((r) => setTimeout(r, c.gapMs));
        else if (!flushed) await new Promise((r) => socket.once('drain', r));
      }
      if ((c.silentOk || c.halfClose === true) && !done && !socket.destroyed) socket.end();
      if (!done) timer = setTimeout(onTimeout, timeoutMs);
    });
  });
}

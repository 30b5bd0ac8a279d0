/** Raw-socket HTTP exchanges: what the real clients send, byte for byte. */
import { connect, type Socket } from 'node:net';
import { waitFor } from '../helpers/wait.ts';

export type Target = { path: string } | { port: number; host?: string };

export interface RawConn {
  readonly socket: Socket;
  text(): string;
  closed(): boolean;
  waitFor(pred: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): void;
}

export function openRaw(target: Target): Promise<RawConn> {
  return new Promise((resolve, reject) => {
    const socket = 'path' in target ? connect(target.path) : connect(target.port, target.host ?? '127.0.0.1');
    let buf = '';
    let isClosed = false;
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (buf += d));
    socket.on('close', () => (isClosed = true));
    socket.on('error', () => (isClosed = true));
    socket.once('connect', () =>
      resolve({
        socket,
        text: () => buf,
        closed: () => isClosed,
        waitFor: (pred, timeoutMs = 5000) => waitFor(() => (pred(buf) ? buf : null), { timeoutMs, message: `response; got ${JSON.stringify(buf.slice(0, 300))}` }),
        close: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}

/** Send `raw`, and return everything received until the server closes the connection. */
export async function exchange(target: Target, raw: string | Buffer, timeoutMs = 5000): Promise<string> {
  const conn = await openRaw(target);
  conn.socket.write(raw);
  await waitFor(() => conn.closed(), { timeoutMs, message: `server to close; got ${JSON.stringify(conn.text().slice(0, 300))}` });
  return conn.text();
}

export function rpcRequest(body: string, extraHeaders = '', version = '1.1'): string {
  return (
    `POST /RPC2 HTTP/${version}\r\nHost: localhost\r\nContent-Type: text/xml\r\n${extraHeaders}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

export function callXml(method: string, paramsXml = ''): string {
  return `<?xml version='1.0'?>\n<methodCall>\n<methodName>${method}</methodName>\n<params>\n${paramsXml}</params>\n</methodCall>\n`;
}

/** Split a raw HTTP/1.1 response stream into its status line, headers and body (Content-Length or chunked). */
export function parseResponses(raw: string): { status: string; headers: Record<string, string>; body: string }[] {
  const out: { status: string; headers: Record<string, string>; body: string }[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [status = '', ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
    }
    rest = rest.slice(end + 4);
    let body = '';
    if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      body = rest.slice(0, n);
      rest = rest.slice(n);
    } else if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const nl = rest.indexOf('\r\n');
        if (nl < 0) break;
        const size = parseInt(rest.slice(0, nl), 16);
        rest = rest.slice(nl + 2);
        if (size === 0) {
          rest = rest.slice(2);
          break;
        }
        body += rest.slice(0, size);
        rest = rest.slice(size + 2);
      }
    } else {
      body = rest;
      rest = '';
    }
    out.push({ status, headers, body });
  }
  return out;
}

/**
 * HTTP/1.1 to a supervisord: keep-alive POSTs for XML-RPC (our own pool) and long-lived GETs for
 * /logtail (node:http, which copes with every framing a server may choose for a stream).
 * Works over a unix socket (also the local end of an ssh forward) or TCP.
 */
import http from 'node:http';
import { ConnectionPool, ExchangeTimeout } from './connection-pool.ts';
import { socketError, statusError, timeoutError } from './errors.ts';
import { HttpParseError } from './http-response.ts';
import { ClientError, type LogStream, type LogStreamHandlers } from './types.ts';

/** Where to connect; resolved per request so an ssh tunnel can be (re)started on demand. */
export interface HttpTarget {
  socketPath?: string;
  host?: string;
  port?: number;
  /** Host header: `localhost` for unix sockets (as Python's http.client), `host[:port]` for TCP. */
  hostHeader: string;
}

export interface HttpResponse {
  status: number;
  reason: string;
  contentType: string;
  body: Buffer;
}

export interface TransportOptions {
  url: string;
  target: () => Promise<HttpTarget>;
  /** `Basic …` or null. */
  authorization: string | null;
  /** A chance to explain a failure better (the ssh tunnel knows what its remote end said). */
  explain?: (err: ClientError) => Promise<ClientError>;
}

const USER_AGENT = 'supervisor-tui';

export class HttpTransport {
  private readonly pool = new ConnectionPool();
  private closed = false;
  private readonly streams = new Set<LogStream>();

  constructor(private readonly opts: TransportOptions) {}

  /** A failed exchange as ClientError; failures to reach the target (ssh start-up) already say why. */
  private async fail(err: unknown, duringExchange = true): Promise<never> {
    const ce = socketError(this.opts.url, err);
    throw this.opts.explain && duringExchange ? await this.opts.explain(ce) : ce;
  }

  /** POST an XML-RPC body; resolves with any complete HTTP response (status is the caller's business). */
  async post(path: string, body: string, timeoutMs: number): Promise<HttpResponse> {
    if (this.closed) throw new ClientError('network', this.opts.url, `${this.opts.url}: client closed`);
    let target: HttpTarget;
    try {
      target = await this.opts.target();
    } catch (err) {
      return this.fail(err, false);
    }
    const payload = Buffer.from(body, 'utf8');
    try {
      return await this.postOnce(target, path, payload, timeoutMs);
    } catch (err) {
      return this.fail(err);
    }
  }

  private async postOnce(target: HttpTarget, path: string, payload: Buffer, timeoutMs: number): Promise<HttpResponse> {
    // Python's xmlrpc.client headers, in its order.
    let head = `POST ${path} HTTP/1.1\r\nHost: ${target.hostHeader}\r\nAccept-Encoding: identity\r\nUser-Agent: ${USER_AGENT}\r\nContent-Type: text/xml\r\nAccept: text/xml\r\n`;
    if (this.opts.authorization !== null) head += `Authorization: ${this.opts.authorization}\r\n`;
    head += `Content-Length: ${payload.length}\r\n\r\n`;
    try {
      const res = await this.pool.exchange(target, Buffer.concat([Buffer.from(head, 'latin1'), payload]), timeoutMs);
      return { status: res.status, reason: res.reason, contentType: res.headers.get('content-type') ?? '', body: res.body };
    } catch (err) {
      if (err instanceof ExchangeTimeout) throw timeoutError(this.opts.url, timeoutMs);
      if (err instanceof HttpParseError) {
        throw new ClientError('protocol', this.opts.url, err.message === 'truncated answer' ? `${this.opts.url}: truncated answer` : `${this.opts.url}: the server's answer is not HTTP (${err.message})`);
      }
      throw err;
    }
  }

  /**
   * GET a never-ending plain-text body (chunked, Content-Length or close-delimited) and hand its
   * bytes over as they arrive. onEnd runs exactly once: at the end of the body, on failure, or
   * after close().
   */
  stream(path: string, handlers: LogStreamHandlers): LogStream {
    let req: http.ClientRequest | null = null;
    let done = false;
    const finish = (err?: ClientError): void => {
      if (done) return;
      done = true;
      this.streams.delete(stream);
      req?.destroy();
      handlers.onEnd(err);
    };
    const stream: LogStream = { close: () => finish() };
    if (this.closed) {
      queueMicrotask(() => finish(new ClientError('network', this.opts.url, `${this.opts.url}: client closed`)));
      return stream;
    }
    this.streams.add(stream);
    const start = async (): Promise<void> => {
      let target: HttpTarget;
      try {
        target = await this.opts.target();
      } catch (err) {
        finish(socketError(this.opts.url, err));
        return;
      }
      if (done) return;
      // Keep-alive: with `Connection: close` supervisord falls back to a buffered, unchunked reply
      // and the stream shows nothing until 64 KiB have piled up.
      const headers: http.OutgoingHttpHeaders = { Host: target.hostHeader, Accept: '*/*', 'User-Agent': USER_AGENT, Connection: 'keep-alive' };
      if (this.opts.authorization !== null) headers['Authorization'] = this.opts.authorization;
      // Its own connection: a stream holds it for as long as it runs.
      req = http.request({ ...connectFields(target), method: 'GET', path, headers, agent: false });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          finish(
            res.statusCode === 401
              ? statusError(this.opts.url, 401, '')
              : new ClientError('http', this.opts.url, `${this.opts.url} Cannot read, status code ${res.statusCode}`, res.statusCode),
          );
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (!done) handlers.onData(chunk);
        });
        res.on('end', () => finish());
        res.on('close', () => {
          if (!res.complete) finish(new ClientError('network', this.opts.url, `${this.opts.url}: log stream interrupted`));
        });
      });
      req.on('error', (err) => {
        if (done) return;
        void this.fail(err).catch((ce: ClientError) => finish(ce));
      });
      req.end();
    };
    start().catch((err: unknown) => {
      void this.fail(err).catch((ce: ClientError) => finish(ce));
    });
    return stream;
  }

  close(): void {
    this.closed = true;
    for (const s of [...this.streams]) s.close();
    this.pool.close();
  }
}

function connectFields(t: HttpTarget): http.RequestOptions {
  return t.socketPath !== undefined ? { socketPath: t.socketPath } : { host: t.host, port: t.port };
}

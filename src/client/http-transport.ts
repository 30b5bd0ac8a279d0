/**
 * HTTP/1.1 to a supervisord: keep-alive POSTs for XML-RPC and long-lived GETs for /logtail.
 * Works over a unix socket (also the local end of an ssh forward) or TCP.
 */
import http from 'node:http';
import { errorCode, socketError, statusError, timeoutError } from './errors.ts';
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
  private readonly agent = new http.Agent({ keepAlive: true, maxFreeSockets: 4 });
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
      return await this.postOnce(target, path, payload, timeoutMs, true);
    } catch (err) {
      return this.fail(err);
    }
  }

  private postOnce(target: HttpTarget, path: string, payload: Buffer, timeoutMs: number, mayRetry: boolean): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        Host: target.hostHeader,
        'Accept-Encoding': 'identity',
        'User-Agent': USER_AGENT,
        'Content-Type': 'text/xml',
        Accept: 'text/xml',
      };
      if (this.opts.authorization !== null) headers['Authorization'] = this.opts.authorization;
      headers['Content-Length'] = payload.length;
      const req = http.request({ ...connectFields(target), method: 'POST', path, headers, agent: this.agent });
      let timer: NodeJS.Timeout | undefined;
      let gotResponse = false;
      let settled = false;
      const settle = (err: unknown, res?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        if (res !== undefined) resolve(res);
        else reject(err);
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          req.destroy();
          settle(timeoutError(this.opts.url, timeoutMs));
        }, timeoutMs);
      }
      req.on('response', (res) => {
        gotResponse = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          settle(null, {
            status: res.statusCode ?? 0,
            reason: res.statusMessage ?? '',
            contentType: String(res.headers['content-type'] ?? ''),
            body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
          }),
        );
        // The answer began but its body was cut short (the server died or closed mid-way).
        res.on('error', () =>
          settle(new ClientError('protocol', this.opts.url, `${this.opts.url}: truncated answer (HTTP ${res.statusCode ?? 0})`, res.statusCode)),
        );
      });
      req.on('error', (err) => {
        if (settled) return; // timed out, or the error came after the answer
        // A kept-alive socket the server closed while idle (e.g. supervisord restarted): the request
        // never reached it, so sending once more on a fresh connection is safe.
        const code = errorCode(err);
        if (mayRetry && req.reusedSocket && !gotResponse && (code === 'ECONNRESET' || code === 'EPIPE')) {
          settled = true;
          if (timer !== undefined) clearTimeout(timer);
          this.postOnce(target, path, payload, timeoutMs, false).then(resolve, reject);
          return;
        }
        settle(err);
      });
      req.end(payload);
    });
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
    this.agent.destroy();
  }
}

function connectFields(t: HttpTarget): http.RequestOptions {
  return t.socketPath !== undefined ? { socketPath: t.socketPath } : { host: t.host, port: t.port };
}

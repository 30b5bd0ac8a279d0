/**
 * Incremental HTTP/1.x response parser for XML-RPC answers: status line, headers, and a body
 * framed by Content-Length, chunked encoding, or the end of the connection. Pure: bytes in,
 * a complete response out.
 */

export class HttpParseError extends Error {
  override readonly name = 'HttpParseError';
}

export interface ParsedResponse {
  status: number;
  reason: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Map<string, string>;
  body: Buffer;
  /** Whether the connection may carry another request. */
  keepAlive: boolean;
}

const MAX_HEAD = 64 * 1024;
const CRLF = Buffer.from('\r\n');

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'until-close' | 'done';

export class ResponseParser {
  private buf: Buffer = Buffer.alloc(0);
  private state: State = 'head';
  private status = 0;
  private reason = '';
  private headers = new Map<string, string>();
  private keepAlive = false;
  private remaining = 0;
  private readonly body: Buffer[] = [];
  private result: ParsedResponse | null = null;
  /** Bytes seen at all: a reused connection that closes before any is safe to retry. */
  sawBytes = false;

  /** Feeds bytes; returns the response once complete. Bytes after it are a protocol error. */
  feed(chunk: Buffer): ParsedResponse | null {
    if (chunk.length > 0) this.sawBytes = true;
    if (this.state === 'done') throw new HttpParseError('data after the end of the response');
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    this.advance();
    return this.result;
  }

  /** The connection ended: completes a close-delimited body, otherwise the answer was cut short. */
  end(): ParsedResponse {
    if (this.state === 'until-close') {
      this.body.push(this.buf);
      this.finish(false);
    }
    if (this.result === null) throw new HttpParseError(this.sawBytes ? 'truncated answer' : 'connection closed without an answer');
    return this.result;
  }

  private advance(): void {
    for (;;) {
      switch (this.state) {
        case 'head':
          if (!this.parseHead()) return;
          break;
        case 'length': {
          const n = Math.min(this.remaining, this.buf.length);
          if (n > 0) this.body.push(this.buf.subarray(0, n));
          this.buf = this.buf.subarray(n);
          this.remaining -= n;
          if (this.remaining > 0) return;
          this.finish(this.keepAlive);
          break;
        }
        case 'chunk-size': {
          const line = this.takeLine();
          if (line === null) return;
          const size = parseInt(line.split(';')[0]?.trim() ?? '', 16);
          if (!/^[0-9A-Fa-f]+/.test(line.trim()) || !Number.isFinite(size)) throw new HttpParseError(`bad chunk size '${line.slice(0, 20)}'`);
          this.remaining = size;
          this.state = size === 0 ? 'trailers' : 'chunk-data';
          break;
        }
        case 'chunk-data': {
          const n = Math.min(this.remaining, this.buf.length);
          if (n > 0) this.body.push(this.buf.subarray(0, n));
          this.buf = this.buf.subarray(n);
          this.remaining -= n;
          if (this.remaining > 0) return;
          this.state = 'chunk-crlf';
          break;
        }
        case 'chunk-crlf': {
          const line = this.takeLine();
          if (line === null) return;
          if (line !== '') throw new HttpParseError('chunk not followed by CRLF');
          this.state = 'chunk-size';
          break;
        }
        case 'trailers': {
          const line = this.takeLine();
          if (line === null) return;
          if (line === '') this.finish(this.keepAlive);
          break;
        }
        case 'until-close':
          return;
        case 'done':
          if (this.buf.length > 0) throw new HttpParseError('data after the end of the response');
          return;
      }
    }
  }

  private takeLine(): string | null {
    const i = this.buf.indexOf(CRLF);
    if (i < 0) {
      if (this.buf.length > MAX_HEAD) throw new HttpParseError('line too long');
      return null;
    }
    const line = this.buf.toString('latin1', 0, i);
    this.buf = this.buf.subarray(i + 2);
    return line;
  }

  /** Parses status line and headers once they are complete; false while more bytes are needed. */
  private parseHead(): boolean {
    if (!'HTTP/'.startsWith(this.buf.toString('latin1', 0, Math.min(5, this.buf.length)))) {
      throw new HttpParseError('the server did not answer in HTTP');
    }
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buf.length > MAX_HEAD) throw new HttpParseError('response head too large');
      return false;
    }
    const lines = this.buf.toString('latin1', 0, end).split('\r\n');
    this.buf = this.buf.subarray(end + 4);
    const m = /^HTTP\/1\.([01]) ([0-9]{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (m === null) throw new HttpParseError(`bad status line '${(lines[0] ?? '').slice(0, 40)}'`);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpParseError(`bad header line '${line.slice(0, 40)}'`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const prev = headers.get(name);
      headers.set(name, prev === undefined ? value : `${prev}, ${value}`);
    }
    const status = Number(m[2]);
    if (status >= 100 && status < 200) {
      // Interim answer (100 Continue): the real one follows.
      return true;
    }
    this.status = status;
    this.reason = m[3] ?? '';
    this.headers = headers;
    const connection = (headers.get('connection') ?? '').toLowerCase();
    this.keepAlive = m[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    const te = (headers.get('transfer-encoding') ?? '').toLowerCase();
    const cl = headers.get('content-length');
    if (te.includes('chunked')) {
      this.state = 'chunk-size';
    } else if (cl !== undefined) {
      if (!/^[0-9]+$/.test(cl)) throw new HttpParseError(`bad Content-Length '${cl.slice(0, 20)}'`);
      this.remaining = Number(cl);
      this.state = 'length';
    } else if (status === 204 || status === 304) {
      this.finish(this.keepAlive);
    } else {
      this.keepAlive = false;
      this.state = 'until-close';
    }
    return true;
  }

  private finish(keepAlive: boolean): void {
    this.state = 'done';
    this.result = {
      status: this.status,
      reason: this.reason,
      headers: this.headers,
      body: this.body.length === 1 ? (this.body[0] as Buffer) : Buffer.concat(this.body),
      keepAlive,
    };
  }
}

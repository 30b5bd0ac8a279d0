/**
 * Kept-alive sockets for XML-RPC exchanges: one request, one response at a time per socket, idle
 * sockets reused. Written on net.Socket with our own response parser because node:http's client
 * costs ~0.2 ms per call more than the exchange itself, which is most of a call to a local server.
 */
import net from 'node:net';
import { errorCode } from './errors.ts';
import { ResponseParser, type ParsedResponse } from './http-response.ts';

export interface SocketTarget {
  socketPath?: string;
  host?: string;
  port?: number;
}

/** Thrown when the per-call timeout fires; the caller words it. */
export class ExchangeTimeout extends Error {
  override readonly name = 'ExchangeTimeout';
}

function connect(target: SocketTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s =
      target.socketPath !== undefined ? net.connect({ path: target.socketPath }) : net.connect({ host: target.host ?? 'localhost', port: target.port ?? 80 });
    s.setNoDelay(true);
    const onError = (err: Error): void => {
      s.destroy();
      reject(err);
    };
    s.once('error', onError);
    s.once('connect', () => {
      s.off('error', onError);
      resolve(s);
    });
  });
}

export class ConnectionPool {
  private readonly idle: net.Socket[] = [];
  private readonly all = new Set<net.Socket>();
  /** After close(), a connection still being opened is ended as it opens, and an answered one is not kept. */
  private closed = false;

  /** Sends `request` and resolves with the parsed answer. */
  async exchange(target: SocketTarget, request: Buffer, timeoutMs: number): Promise<ParsedResponse> {
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : 0;
    const reused = this.idle.pop();
    if (reused !== undefined) {
      try {
        return await this.send(reused, request, deadline, true);
      } catch (err) {
        // A kept-alive socket the server closed while idle (e.g. supervisord restarted): the
        // request never reached it, so sending it once more on a fresh connection is safe.
        if (!(err instanceof StaleSocket)) throw err;
      }
    }
    const socket = await this.open(target, deadline);
    try {
      return await this.send(socket, request, deadline, false);
    } catch (err) {
      throw err instanceof StaleSocket ? err.cause : err;
    }
  }

  private async open(target: SocketTarget, deadline: number): Promise<net.Socket> {
    const pending = connect(target);
    if (deadline === 0) return this.track(await pending);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ExchangeTimeout()), Math.max(0, deadline - Date.now()));
    });
    try {
      return this.track(await Promise.race([pending, timeout]));
    } catch (err) {
      pending.then((s) => s.destroy(), () => undefined);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private track(socket: net.Socket): net.Socket {
    if (this.closed) {
      socket.destroy();
      throw Object.assign(new Error('client closed'), { code: 'ECONNABORTED' });
    }
    this.all.add(socket);
    socket.on('close', () => {
      this.all.delete(socket);
      const i = this.idle.indexOf(socket);
      if (i >= 0) this.idle.splice(i, 1);
    });
    // Errors of idle sockets surface as 'close'; in-flight ones are handled in send().
    socket.on('error', () => undefined);
    return socket;
  }

  private send(socket: net.Socket, request: Buffer, deadline: number, reused: boolean): Promise<ParsedResponse> {
    socket.ref();
    return new Promise((resolve, reject) => {
      const parser = new ResponseParser();
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const cleanup = (): void => {
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('error', onError);
        socket.off('close', onClose);
      };
      const fail = (err: unknown): void => {
        if (settled) return;
        cleanup();
        socket.destroy();
        reject(err);
      };
      const done = (res: ParsedResponse): void => {
        cleanup();
        if (res.keepAlive && !socket.destroyed) this.release(socket);
        else socket.destroy();
        resolve(res);
      };
      const lost = (err: unknown): void => {
        // Nothing came back on a reused socket: it was stale, the request can go again.
        fail(reused && !parser.sawBytes ? new StaleSocket(err) : err);
      };
      const onData = (chunk: Buffer): void => {
        let res: ParsedResponse | null;
        try {
          res = parser.feed(chunk);
        } catch (err) {
          fail(err);
          return;
        }
        if (res !== null) done(res);
      };
      const onEnd = (): void => {
        if (!parser.sawBytes) {
          lost(Object.assign(new Error('connection closed by the server'), { code: 'ECONNRESET' }));
          return;
        }
        try {
          done(parser.end());
        } catch (err) {
          fail(err);
        }
      };
      const onError = (err: Error): void => {
        const code = errorCode(err);
        if (code === 'ECONNRESET' || code === 'EPIPE') lost(err);
        else fail(err);
      };
      const onClose = (): void => lost(Object.assign(new Error('connection closed by the server'), { code: 'ECONNRESET' }));
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('error', onError);
      socket.on('close', onClose);
      if (deadline > 0) timer = setTimeout(() => fail(new ExchangeTimeout()), Math.max(0, deadline - Date.now()));
      socket.write(request);
    });
  }

  private release(socket: net.Socket): void {
    if (this.closed) return void socket.destroy();
    // An idle socket must not keep the process alive.
    socket.unref();
    this.idle.push(socket);
  }

  close(): void {
    this.closed = true;
    for (const s of this.all) s.destroy();
    this.all.clear();
    this.idle.length = 0;
  }
}

class StaleSocket extends Error {
  constructor(override readonly cause: unknown) {
    super('stale kept-alive connection');
  }
}

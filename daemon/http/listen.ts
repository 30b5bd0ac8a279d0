/**
 * Binding the HTTP servers' sockets (compat §6.1). The unix socket never exists with a mode
 * wider than `chmod`: it is bound under a temporary name with umask 0777, chmod'ed, then
 * hard-linked to its real name.
 */
import { chmodSync, chownSync, linkSync, lstatSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { constants as osConstants, userInfo } from 'node:os';
import type { Server } from 'node:net';
import type { InetServerConfig, UnixServerConfig } from '../../src/config/types.ts';

export const ADDRESS_IN_USE =
  'Another program is already listening on a port that one of our HTTP servers is configured to use.  Shut this program down first before starting supervisord.';

/** A bind failure: supervisord reports these as usage errors (exit 2). */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

function errnoName(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

function socketError(err: unknown): ListenError {
  const name = errnoName(err);
  if (name === 'EADDRINUSE') return new ListenError(ADDRESS_IN_USE);
  const num = (osConstants.errno as Record<string, number | undefined>)[name];
  return new ListenError(`Cannot open an HTTP server: socket.error reported errno.${name || 'UNKNOWN'} (${num ?? 0})`);
}

function awaitListening(server: Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    start();
  });
}

/** Does something answer on this unix socket? Supervisor sends `GET / HTTP/1.0` and waits for a byte. */
function socketAnswers(path: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(path);
    const done = (v: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(true), timeoutMs); // connected but silent: still someone's
    sock.once('connect', () => sock.write('GET / HTTP/1.0\r\n\r\n'));
    sock.once('data', () => done(true));
    sock.once('end', () => done(true));
    sock.once('error', () => done(false));
  });
}

export interface BoundSocket {
  /** What to remove at close: the path, and its inode, so we never unlink someone else's file. */
  readonly path: string | null;
  readonly ino: number;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export async function listenUnix(
  server: Server,
  cfg: UnixServerConfig,
  notice: (line: string) => void,
): Promise<BoundSocket> {
  const temp = `${cfg.file}.${process.pid}`;
  if (exists(temp)) unlinkSync(temp);
  const previous = process.umask(0o777);
  try {
    // bind(2) happens synchronously inside listen(); the umask is restored right after.
    await awaitListening(server, () => {
      try {
        server.listen({ path: temp, backlog: 1024 });
      } finally {
        process.umask(previous);
      }
    });
  } catch (err) {
    throw socketError(err);
  }
  try {
    chmodSync(temp, cfg.chmod);
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, cfg.file);
        break;
      } catch (err) {
        if (errnoName(err) !== 'EEXIST' || attempt >= 2) throw err;
        if (await socketAnswers(cfg.file)) throw new ListenError(ADDRESS_IN_USE);
        notice(`Unlinking stale socket ${cfg.file}`);
        unlinkSync(cfg.file);
      }
    }
    const [uid, gid] = cfg.chown;
    if (uid !== -1 || gid !== -1) {
      try {
        chownSync(cfg.file, uid, gid);
      } catch (err) {
        unlinkSync(cfg.file);
        if (errnoName(err) === 'EPERM') {
          throw new ListenError(
            `Not permitted to chown ${cfg.file} to uid/gid (${uid}, ${gid}); adjust "sockchown" value in config file or on command line to values that the current user (${userInfo().username}) can successfully chown`,
          );
        }
        throw err;
      }
    }
    return { path: cfg.file, ino: lstatSync(cfg.file).ino };
  } catch (err) {
    server.close();
    throw err instanceof ListenError ? err : socketError(err);
  } finally {
    if (exists(temp)) unlinkSync(temp);
  }
}

/** Remove the socket file at close, only if it is still the one we created. */
export function removeBoundSocket(bound: BoundSocket): void {
  if (bound.path === null) return;
  try {
    if (lstatSync(bound.path).ino === bound.ino) unlinkSync(bound.path);
  } catch {
    // already gone
  }
}

export async function listenInet(server: Server, cfg: InetServerConfig): Promise<BoundSocket> {
  const host = cfg.host === '' || cfg.host === '*' ? '0.0.0.0' : cfg.host;
  try {
    await awaitListening(server, () => server.listen({ host, port: cfg.port, backlog: 1024 }));
  } catch (err) {
    throw socketError(err);
  }
  return { path: null, ino: 0 };
}

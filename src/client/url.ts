/**
 * Where a serverurl points. Pure: no sockets here.
 *
 *   unix:///path/to/supervisor.sock
 *   http://host[:port]                     (port defaults to 80, as in supervisorctl)
 *   ssh://[user@]host[:port]/path/to/sock  (a remote unix socket, through a local ssh -L forward)
 *   ssh://[user@]host[:port]/http://h:p    (a remote TCP server, reached from the ssh host)
 */
import { pyRepr } from '../py/python.ts';

export type DirectEndpoint = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

export type Endpoint =
  | DirectEndpoint
  | { kind: 'ssh'; user: string | null; host: string; port: number | null; remote: DirectEndpoint };

export class ServerUrlError extends Error {
  override readonly name = 'ServerUrlError';
}

/**
 * supervisorctl's `url` option type: after mapping unix:// to http://, the value needs a scheme and
 * a host or a path. Other schemes pass here and fail at the first call, as in supervisorctl.
 */
export function validateServerUrl(value: string): string {
  const uri = value.replace('unix://', 'http://').trim();
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(uri);
  const rest = m?.[2] ?? '';
  if (m === null || rest.replace(/^\/\//, '').replace(/[?#].*$/s, '') === '') {
    throw new ServerUrlError(`value ${pyRepr(value)} is not a URL`);
  }
  return value;
}

function parsePort(text: string, url: string): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new ServerUrlError(`${url}: bad port ${pyRepr(text)}`);
  return port;
}

/** host, host:port, [v6], [v6]:port */
function splitHostPort(authority: string, url: string): { host: string; port: number | null } {
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(authority);
  if (v6 !== null) return { host: v6[1] as string, port: v6[2] === undefined ? null : parsePort(v6[2], url) };
  const i = authority.lastIndexOf(':');
  if (i < 0) return { host: authority, port: null };
  return { host: authority.slice(0, i), port: parsePort(authority.slice(i + 1), url) };
}

function parseDirect(url: string): DirectEndpoint | null {
  if (url.startsWith('unix://')) {
    const path = url.slice('unix://'.length);
    if (path === '') throw new ServerUrlError(`${url}: no socket path`);
    return { kind: 'unix', path };
  }
  if (url.startsWith('http://')) {
    // The path (usually /RPC2) is ignored, as supervisorctl does: it always posts to /RPC2.
    const authority = url.slice('http://'.length).replace(/[/?#].*$/s, '');
    const { host, port } = splitHostPort(authority.replace(/^[^@]*@/, ''), url);
    if (host === '') throw new ServerUrlError(`${url}: no host`);
    return { kind: 'tcp', host, port: port ?? 80 };
  }
  return null;
}

export function parseServerUrl(url: string): Endpoint {
  const direct = parseDirect(url);
  if (direct !== null) return direct;
  if (url.startsWith('ssh://')) {
    const rest = url.slice('ssh://'.length);
    const slash = rest.indexOf('/');
    if (slash < 0) throw new ServerUrlError(`${url}: no remote socket path (ssh://[user@]host[:port]/path/to/supervisor.sock)`);
    const authority = rest.slice(0, slash);
    const at = authority.lastIndexOf('@');
    const user = at < 0 ? null : decodeURIComponent(authority.slice(0, at));
    const { host, port } = splitHostPort(authority.slice(at + 1), url);
    if (host === '') throw new ServerUrlError(`${url}: no host`);
    const target = rest.slice(slash + 1);
    let remote: DirectEndpoint | null;
    if (target.includes('://')) {
      remote = parseDirect(target);
      if (remote === null) throw new ServerUrlError(`${url}: the remote URL must be unix:// or http://`);
    } else {
      remote = { kind: 'unix', path: `/${target}` };
    }
    if (remote.kind === 'unix' && remote.path === '/') throw new ServerUrlError(`${url}: no remote socket path`);
    return { kind: 'ssh', user, host, port, remote };
  }
  throw new ServerUrlError(`Unknown protocol for serverurl ${url}`);
}

const LOOPBACK = /^(localhost|127(?:\.[0-9]{1,3}){3}|::1|0:0:0:0:0:0:0:1)$/i;

/** The server runs on this host: /proc stats of its children are ours to read. */
export function isLocalEndpoint(e: Endpoint): boolean {
  return e.kind === 'unix' || (e.kind === 'tcp' && LOOPBACK.test(e.host));
}

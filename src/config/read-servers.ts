/** [inet_http_server*] and [unix_http_server*] sections → HTTP server configs, inet first (compat §1.6). */
import { saneget, type ReadContext } from './context.ts';
import { ConfigError } from './errors.ts';
import { normalizePath } from '../py/path.ts';
import { pyStrip } from '../py/python.ts';
import { colonSeparatedUserGroup } from './system-values.ts';
import type { HttpServerConfig } from './types.ts';
import { inetAddress, octalType } from './values.ts';

function serverSections(ctx: ReadContext, prefix: string): Array<{ name: string | null; section: string }> {
  return ctx.parser
    .sections()
    .filter((s) => s.startsWith(prefix))
    .map((section) => {
      const colon = section.indexOf(':');
      return { name: colon === -1 ? null : section.slice(colon + 1), section };
    });
}

function credentials(ctx: ReadContext, section: string): { username: string | null; password: string | null } {
  const username = saneget(ctx, section, 'username', null);
  const password = saneget(ctx, section, 'password', null);
  if ((username === null) !== (password === null)) {
    throw new ConfigError(
      `Section [${section}] contains incomplete authentication: If a username or a password is specified, both the username and password must be specified`,
    );
  }
  return { username, password };
}

export function readServers(ctx: ReadContext): HttpServerConfig[] {
  const servers: HttpServerConfig[] = [];
  for (const { name, section } of serverSections(ctx, 'inet_http_server')) {
    const auth = credentials(ctx, section);
    const port = saneget(ctx, section, 'port', null);
    if (port === null) throw new ConfigError(`section [${section}] has no port value`);
    const address = inetAddress(port);
    servers.push({ name, section, family: 'inet', host: address.host, port: address.port, ...auth });
  }
  for (const { name, section } of serverSections(ctx, 'unix_http_server')) {
    const file = saneget(ctx, section, 'file', null, { here: ctx.here });
    if (file === null) throw new ConfigError(`section [${section}] has no file value`);
    const path = normalizePath(pyStrip(file), ctx.world);
    const auth = credentials(ctx, section);
    const chownRaw = saneget(ctx, section, 'chown', null);
    let chown: [number, number] = [-1, -1];
    if (chownRaw !== null) {
      try {
        chown = colonSeparatedUserGroup(chownRaw, ctx.world);
      } catch {
        throw new ConfigError(`Invalid sockchown value ${chownRaw}`);
      }
    }
    const chmodRaw = saneget(ctx, section, 'chmod', null);
    let chmod = 0o700;
    if (chmodRaw !== null) {
      try {
        chmod = octalType(chmodRaw);
      } catch {
        throw new ConfigError(`Invalid chmod value ${chmodRaw}`);
      }
    }
    servers.push({ name, section, family: 'unix', file: path, chmod, chown, ...auth });
  }
  return servers;
}

/** supervisord's own fallback URL (SUPERVISOR_SERVER_URL): the first unix server, else the last inet one. */
export function fallbackServerUrl(servers: readonly HttpServerConfig[]): string | null {
  const unix = servers.find((s) => s.family === 'unix');
  if (unix) return `unix://${unix.file}`;
  const inet = servers.filter((s) => s.family === 'inet').at(-1);
  if (inet) return `http://${inet.host || 'localhost'}:${inet.port}`;
  return null;
}

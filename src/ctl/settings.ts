/**
 * Connection settings as supervisorctl resolves them (src/connect/resolve.ts): -s/-u/-p over the
 * [supervisorctl] section of -c FILE (or the first default config) over defaults; -r over
 * history_file.
 */
import { resolveConnection } from '../connect/resolve.ts';
import { ConfigError } from '../config/errors.ts';
import type { Settings } from './context.ts';
import type { GlobalOptions } from './options.ts';

/** A config file problem: printed as a usage error (status 2), as supervisorctl does. */
export class SettingsError extends Error {}

export function loadSettings(o: Omit<GlobalOptions, 'serverurls' | 'context' | 'serversFile'>): Settings {
  try {
    const c = resolveConnection({ configPath: o.configuration, serverurl: o.serverurl, username: o.username, password: o.password });
    return { serverurl: c.serverurl, username: c.username, password: c.password, prompt: c.prompt, historyFile: o.historyFile ?? c.history_file };
  } catch (err) {
    if (err instanceof ConfigError) throw new SettingsError(err.message);
    throw err;
  }
}

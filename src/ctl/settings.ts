/**
 * Connection settings as supervisorctl resolves them: defaults, then the [supervisorctl] section
 * of -c FILE (or the first file of the default search path), then -s/-u/-p/-r.
 */
import { ConfigError } from '../config/errors.ts';
import { findDefaultConfig } from '../config/find.ts';
import { DEFAULT_CTL_SERVERURL, readCtlSection } from '../config/read-ctl.ts';
import { realWorld } from '../config/world.ts';
import type { Settings } from './context.ts';
import type { GlobalOptions } from './options.ts';

/** A config file problem: printed as a usage error (status 2), as supervisorctl does. */
export class SettingsError extends Error {}

export function loadSettings(o: GlobalOptions): Settings {
  const file = o.configuration ?? findDefaultConfig();
  let base: Settings = { serverurl: DEFAULT_CTL_SERVERURL, username: null, password: null, prompt: 'supervisor', historyFile: null };
  if (file !== null) {
    try {
      const s = readCtlSection(file, realWorld).supervisorctl;
      base = { serverurl: s.serverurl, username: s.username, password: s.password, prompt: s.prompt, historyFile: s.history_file };
    } catch (err) {
      if (err instanceof ConfigError) throw new SettingsError(err.message);
      throw err;
    }
  }
  return {
    serverurl: o.serverurl ?? base.serverurl,
    username: o.username ?? base.username,
    password: o.password ?? base.password,
    prompt: base.prompt,
    historyFile: o.historyFile ?? base.historyFile,
  };
}

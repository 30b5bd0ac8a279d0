/** [supervisorctl], read the way supervisorctl reads it: the main file only, no [include]. */
import { saneget, type ReadContext } from './context.ts';
import { ConfigError } from './errors.ts';
import { IniParser } from './ini.ts';
import { dirname, normalizePath } from '../py/path.ts';
import { readPlugins } from './read-plugins.ts';
import type { SupervisorctlSection } from './types.ts';
import type { World } from './world.ts';

export const DEFAULT_CTL_SERVERURL = 'http://localhost:9001';

export function envExpansions(world: World): Record<string, string> {
  return Object.fromEntries(Object.entries(world.env()).map(([k, v]) => [`ENV_${k}`, v]));
}

/** Reads the file's text, with Supervisor's messages for a missing or unreadable file. */
export function readConfigText(path: string, world: World): string {
  if (!world.exists(path)) throw new ConfigError(`could not find config file ${path}`);
  try {
    return world.readFile(path);
  } catch {
    throw new ConfigError(`could not read config file ${path}`);
  }
}

export function readCtlSection(path: string, world: World): { supervisorctl: SupervisorctlSection; hasSupervisord: boolean } {
  const here = dirname(normalizePath(path, world));
  const text = readConfigText(path, world);
  const parser = new IniParser();
  parser.read(text, path);
  if (!parser.hasSection('supervisorctl')) throw new ConfigError('.ini file does not include supervisorctl section');
  const ctx: ReadContext = { parser, world, here, configfile: path, environ: envExpansions(world), warnings: [], infos: [] };
  const get = <D>(opt: string, dflt: D, withHere: boolean): string | D =>
    saneget(ctx, 'supervisorctl', opt, dflt, withHere ? { here } : {});
  let serverurl = get('serverurl', DEFAULT_CTL_SERVERURL, true);
  if (serverurl.startsWith('unix://')) serverurl = `unix://${normalizePath(serverurl.slice(7), world)}`;
  const prompt = get('prompt', 'supervisor', false);
  const username = get('username', null, false);
  const password = get('password', null, false);
  const history = get('history_file', null, true);
  readPlugins(ctx, 'supervisor.ctl_factory', 'ctlplugin:');
  return {
    supervisorctl: { serverurl, username, password, prompt, history_file: history ? normalizePath(history, world) : null },
    hasSupervisord: parser.hasSection('supervisord'),
  };
}


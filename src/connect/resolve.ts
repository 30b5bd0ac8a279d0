/**
 * Connection settings resolved exactly as supervisorctl resolves them (compat §1.1, §1.6, §8.1):
 * command line (-s/-u/-p) > [supervisorctl] of the -c file or the first default config found >
 * defaults. Shared by the subcommands and the dashboard. It lives outside src/client so that the
 * client knows no config file: it takes a ConnectOptions from whoever resolved one.
 */
import { DEFAULT_CTL_SERVERURL, findDefaultConfig, loadConfig } from '../config/index.ts';
import { pyRepr } from '../py/python.ts';
import type { ConnectOptions } from '../client/types.ts';
import { ServerUrlError, validateServerUrl } from '../client/url.ts';

export interface ConnectionArgs {
  /** -c / --configuration */
  configPath?: string | null;
  /** -s / --serverurl */
  serverurl?: string | null;
  /** How the user spelled the server URL option, for the error message (`-s` or `--serverurl`). */
  serverurlOption?: string;
  /** -u / --username */
  username?: string | null;
  /** -p / --password */
  password?: string | null;
}

export interface ResolvedConnection extends ConnectOptions {
  serverurl: string;
  username: string | null;
  password: string | null;
  /** The config file read, or null when none was given or found. */
  configfile: string | null;
  /** [supervisorctl] prompt (default `supervisor`) and history_file, for the interactive shell. */
  prompt: string;
  history_file: string | null;
}

/**
 * Throws ServerUrlError (`invalid value for -s 'foo': value 'foo' is not a URL`) for a bad -s,
 * and ConfigError (the text after `Error: `) for a config supervisorctl would refuse.
 */
export function resolveConnection(args: ConnectionArgs, opts: { argv0?: string } = {}): ResolvedConnection {
  if (args.serverurl !== undefined && args.serverurl !== null) {
    try {
      validateServerUrl(args.serverurl);
    } catch (err) {
      if (err instanceof ServerUrlError) {
        throw new ServerUrlError(`invalid value for ${args.serverurlOption ?? '-s'} ${pyRepr(args.serverurl)}: ${err.message}`);
      }
      throw err;
    }
  }
  const configfile = args.configPath ?? findDefaultConfig(opts.argv0 === undefined ? {} : { argv0: opts.argv0 });
  const section = configfile === null ? null : loadConfig(configfile, { forCtl: true }).supervisorctl;
  return {
    serverurl: args.serverurl ?? section?.serverurl ?? DEFAULT_CTL_SERVERURL,
    username: args.username ?? section?.username ?? null,
    password: args.password ?? section?.password ?? null,
    configfile,
    prompt: section?.prompt ?? 'supervisor',
    history_file: section?.history_file ?? null,
  };
}

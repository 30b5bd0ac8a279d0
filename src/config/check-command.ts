/**
 * `supervisor-tui check [-c FILE] [--json]`: read a config as supervisord would and print what it
 * defines (or the error, one line, exit 2) — like `nginx -t`.
 */
import { formatCheckReport } from './check-format.ts';
import { ConfigError } from './errors.ts';
import { defaultConfigPaths, findDefaultConfig, noConfigFoundMessage } from './find.ts';
import { normalizeConfig } from './normalize.ts';
import { lintParsedConfig } from './lint.ts';
import { loadConfig } from './reader.ts';

const USAGE = `Usage: supervisor-tui check [-c FILE] [--json] [--strict]

Reads a supervisord config the way supervisord 4.2.5 does and prints its groups and processes,
then warnings (file:line) about what supervisord would silently ignore: unknown sections and keys
(with the nearest known name) and healthcheck_* without healthcheck. A wrong value of one of
supervisor-tui's own keys is an error (file and line).
  -c FILE, --configuration=FILE   the config (default: supervisord's search path)
  --json                          print the normalized form instead
  --strict                        treat every warning as an error
Exit status: 0 when the config is valid (warnings or not), 2 when it is not (or has warnings, with --strict).
`;

interface CheckArgs {
  configfile: string | null;
  json: boolean;
  strict: boolean;
  help: boolean;
}

function parseArgs(args: readonly string[]): CheckArgs {
  const out: CheckArgs = { configfile: null, json: false, strict: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') out.json = true;
    else if (a === '--strict') out.strict = true;
    else if (a === '-h' || a === '--help') out.help = true;
    else if (a === '-c' || a === '--configuration') {
      const v = args[++i];
      if (v === undefined) throw new ConfigError(`option ${a} requires argument`);
      out.configfile = v;
    } else if (a.startsWith('--configuration=')) out.configfile = a.slice('--configuration='.length);
    else if (a.startsWith('-c') && a.length > 2) out.configfile = a.slice(2);
    else if (a.startsWith('-')) throw new ConfigError(`option ${a} not recognized`);
    else throw new ConfigError(`positional arguments are not supported: ${a}`);
  }
  return out;
}

/** Supervisor's multi-line messages (parse errors) become one line for the terminal. */
function oneLine(message: string): string {
  return message.replace(/\n\t?/g, ' ');
}

export async function main(args: string[]): Promise<number> {
  let json = false;
  try {
    const opts = parseArgs(args);
    json = opts.json;
    if (opts.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const path = opts.configfile ?? findDefaultConfig();
    if (path === null) throw new ConfigError(noConfigFoundMessage(defaultConfigPaths()));
    let lint: string[] = [];
    const loaded = loadConfig(path, { inspect: (parser) => (lint = lintParsedConfig(parser, path)) });
    const config = { ...loaded, warnings: [...lint, ...loaded.warnings] };
    if (opts.strict && config.warnings.length > 0) {
      for (const w of config.warnings) process.stderr.write(`Error: ${oneLine(w)}\n`);
      return 2;
    }
    if (json) {
      process.stdout.write(JSON.stringify(normalizeConfig(config), null, 2) + '\n');
      for (const w of config.warnings) process.stderr.write(`warning: ${oneLine(w)}\n`);
    } else {
      process.stdout.write(formatCheckReport(config));
    }
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    if (json) process.stdout.write(JSON.stringify({ error: err.message }, null, 2) + '\n');
    process.stderr.write(`Error: ${oneLine(err.message)}\n`);
    return 2;
  }
}

/** The usage text, whose option words shell completion and the man page test read. */
export { USAGE as CHECK_USAGE };

/**
 * A `supervisor-tui` executable on a private PATH directory that runs the bin from source, for
 * tests that run command lines as a user or systemd would write them (by name, through PATH).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ARGS, CLI_ENV } from './cli.ts';

/** Writes `<dir>/bin/supervisor-tui`; returns the bin dir and an env with it first on PATH. */
export function binShim(dir: string): { bin: string; env: NodeJS.ProcessEnv } {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(join(bin, 'supervisor-tui'), `#!/bin/sh\nexec ${[process.execPath, ...CLI_ARGS].map(quote).join(' ')} "$@"\n`);
  chmodSync(join(bin, 'supervisor-tui'), 0o755);
  return { bin, env: { ...process.env, ...CLI_ENV, PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}` } };
}

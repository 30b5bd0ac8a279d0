/**
 * The effect half of `env_file=`: read each file at spawn time (so an edited file applies to the next
 * start), in order, later files winning. A missing file is a spawn error naming it, unless the entry
 * is optional (`-path`, as systemd's EnvironmentFile=-).
 */
import { readFileSync } from 'node:fs';
import type { EnvFileRef } from '../../src/config/read-policy.ts';
import { envFileVariables, parseEnvFile } from '../../src/config/env-file.ts';

export type EnvFilesOutcome =
  | { readonly ok: true; readonly env: Record<string, string>; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string };

export function readEnvFiles(refs: readonly EnvFileRef[]): EnvFilesOutcome {
  const env: Record<string, string> = {};
  const warnings: string[] = [];
  for (const ref of refs) {
    let text: string;
    try {
      text = readFileSync(ref.path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
      if (ref.optional && code === 'ENOENT') continue;
      return { ok: false, error: `couldn't read env_file ${ref.path}: ${code}` };
    }
    const parsed = parseEnvFile(text);
    for (const s of parsed.skipped) warnings.push(`env_file ${ref.path} ${s}, ignored`);
    Object.assign(env, envFileVariables(parsed));
  }
  return { ok: true, env, warnings };
}

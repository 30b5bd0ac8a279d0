/** Reads `$XDG_CONFIG_HOME/supervisor-tui/config.ini` (default ~/.config/…); no file: the defaults. */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, parseUiConfig, type ConfigResult } from './config.ts';

export function uiConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const config = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(config, 'supervisor-tui', 'config.ini');
}

export function loadUiSettings(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const path = uiConfigPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, settings: DEFAULT_SETTINGS };
    return { ok: false, error: `${path}: ${(err as Error).message}` };
  }
  return parseUiConfig(text, path);
}

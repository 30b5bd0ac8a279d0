/** What this program is, for `--version`, `daemon --version` and `supervisortui.identify`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.ts';
import { API_VERSION, SUPERVISOR_VERSION } from './protocol/types.ts';

export const PRODUCT_NAME = 'supervisor-tui';

let cached: string | undefined;

/** This package's version, from its package.json (one copy of the number, from source or from dist/). */
export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}

/** One line: our version, and the Supervisor API (and supervisord release) it speaks. */
export function versionLine(): string {
  return `${PRODUCT_NAME} ${packageVersion()} (Supervisor XML-RPC API ${API_VERSION}, as supervisord ${SUPERVISOR_VERSION})`;
}

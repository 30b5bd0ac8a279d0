/** AUTO child log files in childlogdir: naming, creation and start-up cleanup (compat §4.3). */
import { closeSync, constants, openSync, readdirSync, rmSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { describeFsError } from './fs-error.ts';

/** Python's tempfile alphabet, used by Supervisor's mkstemp-made names. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789_';

/** The 8 random characters of an AUTO name. */
export function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** `<name>-<channel>---<identifier>-<8 random chars>.log` (pure apart from the random part). */
export function autoLogName(processName: string, channel: string, identifier: string, suffix = randomSuffix()): string {
  return `${processName}-${channel}---${identifier}-${suffix}.log`;
}

/**
 * Create a new, empty AUTO log file (mode 0600, never an existing one) and return its path. Call it when
 * the group is added, so the file exists before the first start. Synchronous. Throws an Error with a
 * one-line message naming the directory when it cannot be created (missing childlogdir, EACCES…).
 */
export function autoLogPath(childlogdir: string, processName: string, channel: string, identifier: string): string {
  for (let attempt = 0; ; attempt++) {
    const path = join(childlogdir, autoLogName(processName, channel, identifier));
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
      return path;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EEXIST' && attempt < 100) continue;
      throw new Error(`could not create log file in childlogdir '${childlogdir}': ${describeFsError(e)}`);
    }
  }
}

/** The cleanup regex of Supervisor (matched at the start of the name, like Python's re.match); the identifier is escaped. */
export function autoLogPattern(identifier: string): RegExp {
  const id = identifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^.+?---${id}-\\S+\\.log\\.?\\d{0,4}`);
}

export interface CleanupResult {
  removed: string[];
  /** Supervisor's WARN messages: `Could not clear childlog dir`, `Failed to clean up '<path>'`. */
  warnings: string[];
}

/** At start/reload (unless nocleanup): delete every AUTO log of this identifier (and its backups) in childlogdir. */
export function cleanupAutoLogs(childlogdir: string, identifier: string): CleanupResult {
  const result: CleanupResult = { removed: [], warnings: [] };
  let names: string[];
  try {
    names = readdirSync(childlogdir);
  } catch {
    result.warnings.push('Could not clear childlog dir');
    return result;
  }
  const re = autoLogPattern(identifier);
  for (const name of names) {
    if (!re.test(name)) continue;
    const path = join(childlogdir, name);
    try {
      rmSync(path);
      result.removed.push(path);
    } catch {
      result.warnings.push(`Failed to clean up '${path}'`);
    }
  }
  return result;
}

/**
 * Where the view is remembered — `$XDG_STATE_HOME/supervisor-tui/view.json` (default
 * ~/.local/state/supervisor-tui/) — read at start, written atomically (a temp file renamed over
 * it) so that a crash or a second dashboard never leaves half a file.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodePrefs, encodePrefs, mergePrefs, prefsFor, type PrefsFile, type ViewPrefs } from './view-prefs.ts';

export function prefsPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
  return join(state, 'supervisor-tui', 'view.json');
}

/** The file's content; null when it is missing, or unusable (then `warn` gets one line saying why). */
export function readPrefs(path: string, warn: (line: string) => void): PrefsFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`supervisor-tui: ignoring the saved view ${path}: ${(err as Error).message}`);
    return null;
  }
  const d = decodePrefs(text);
  if (!d.ok) {
    warn(`supervisor-tui: ignoring the saved view ${path}: ${d.error}`);
    return null;
  }
  return d.file;
}

/** Save one server's view into the file (merged with what is there now). Throws on a file system error. */
export function savePrefs(path: string, server: string, p: ViewPrefs, at = Date.now()): void {
  const merged = mergePrefs(readPrefs(path, () => {}), server, p, at);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, encodePrefs(merged as PrefsFile));
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The dashboard's remembered view for one server (or fleet context): where it starts, how it is saved. */
export interface SavedView {
  initial: ViewPrefs;
  save(p: ViewPrefs): void;
}

/** Read the view for `server` (a bad file: one line to `warn`, defaults used). */
export function openSavedView(server: string, warn: (line: string) => void, env: NodeJS.ProcessEnv = process.env): SavedView {
  const path = prefsPath(env);
  return { initial: prefsFor(readPrefs(path, warn), server), save: (p) => savePrefs(path, server, p) };
}

/** Numbered-backup rotation of a log file by name (compat §4.3), the effect half of LogFile's rotation. */
import { existsSync, renameSync } from 'node:fs';

/** The renames rotation performs, oldest first: f.(n-1) → f.n … f.1 → f.2, then f → f.1 (pure; tested). */
export function rotationRenames(path: string, backups: number): Array<[from: string, to: string]> {
  const out: Array<[string, string]> = [];
  if (backups <= 0) return out;
  for (let i = backups - 1; i >= 1; i--) out.push([`${path}.${i}`, `${path}.${i + 1}`]);
  out.push([path, `${path}.1`]);
  return out;
}

/**
 * Shift the backups and move `path` to `path.1` (replacing older files), as Supervisor's doRollover does.
 * Missing sources are skipped (a cleanup script may have removed them). With backups=0 nothing is renamed:
 * the caller re-creates the file empty.
 */
export function rotateByName(path: string, backups: number): void {
  for (const [from, to] of rotationRenames(path, backups)) {
    if (!existsSync(from)) continue;
    try {
      renameSync(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

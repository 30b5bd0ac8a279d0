/**
 * A child that prints whatever a test drops into a file, and the test's side of it. The child takes
 * the file away (rename) before printing it, and the test writes a whole file under another name and
 * renames it in: `cat f; rm f` removed a batch written right after the previous one was shown, and
 * a plain write could be printed half-written.
 */
import { renameSync, writeFileSync } from 'node:fs';

/** A shell loop printing each file dropped at `path` (checked every `everyS` seconds). */
export function talkerLoop(path: string, everyS = 0.1): string {
  return `while :; do if mv ${path} ${path}.now 2>/dev/null; then cat ${path}.now; fi; sleep ${everyS}; done`;
}

/** Drop `text` for the talker at `path` to print. */
export function say(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

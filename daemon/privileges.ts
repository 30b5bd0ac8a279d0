/** `user=` in [supervisord] (compat §9.2 step 3): drop to that user at start, as supervisord's drop_privileges. */
import { readFileSync } from 'node:fs';

interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

function passwdEntry(uid: number): PasswdEntry | null {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length >= 4 && Number(f[2]) === uid) return { name: f[0]!, uid, gid: Number(f[3]) };
    }
  } catch {
    // no passwd file
  }
  return null;
}

/** The supplementary groups of a user from /etc/group, its primary gid first (as supervisord sets them). */
function groupsOf(entry: PasswdEntry): number[] {
  const gids = [entry.gid];
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length >= 4 && f[3]!.split(',').includes(entry.name)) gids.push(Number(f[2]));
    }
  } catch {
    // no group file: the primary group only
  }
  return [...new Set(gids)];
}

/** Become `uid` (with its primary and supplementary groups). Returns an error message, or null on success. */
export function dropPrivileges(uid: number): string | null {
  if (process.getuid === undefined || process.setuid === undefined) return 'setuid is not supported on this platform';
  const current = process.getuid();
  if (current === uid) return null;
  if (current !== 0) return "Can't drop privilege as nonroot user";
  const entry = passwdEntry(uid);
  if (entry === null) return `Can't find uid ${uid}`;
  try {
    process.setgroups?.(groupsOf(entry));
    process.setgid?.(entry.gid);
    process.setuid(uid);
  } catch (err) {
    return `Could not set user id: ${(err as Error).message}`;
  }
  return null;
}

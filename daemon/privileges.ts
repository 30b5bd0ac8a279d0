/** `user=` in [supervisord] (compat §9.2 step 3): drop to that user at start, as supervisord's drop_privileges. */
import { readFileSync } from 'node:fs';
import { realWorld } from '../src/config/real-world.ts';
import { errorText } from '../src/error-text.ts';

/** The supplementary groups of a user from /etc/group, its primary gid first (as supervisord sets them). */
function groupsOf(entry: { name: string; gid: number }): number[] {
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
  const user = realWorld.userByUid(uid);
  if (user === null) return `Can't find uid ${uid}`;
  const entry = { name: user.name ?? String(uid), gid: user.gid };
  try {
    process.setgroups?.(groupsOf(entry));
    process.setgid?.(entry.gid);
    process.setuid(uid);
  } catch (err) {
    return `Could not set user id: ${errorText(err)}`;
  }
  return null;
}

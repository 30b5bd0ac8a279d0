/**
 * Supervisor's value types that ask the machine (directories, users, groups), compat §1.3.
 * Each takes the World; errors are Supervisor's texts.
 */
import { ConfigError } from './errors.ts';
import { dirname, expanduser } from '../py/path.ts';
import { pyIntOrNull } from '../py/python.ts';
import type { World } from './world.ts';

export const AUTOMATIC = Symbol('AUTO');
export const SYSLOG = Symbol('syslog');
/** A parsed *_logfile value: a path, AUTO, the deprecated `syslog`, or null for NONE/OFF. */
export type LogfileValue = string | null | typeof AUTOMATIC | typeof SYSLOG;

export function existingDirectory(value: string, world: World): string {
  const expanded = expanduser(value, world);
  if (world.isDirectory(expanded)) return expanded;
  throw new ConfigError(`${value} is not an existing directory`);
}

/** A file path whose directory must exist; a bare file name always passes. */
export function existingDirpath(value: string, world: World): string {
  const expanded = expanduser(value, world);
  const dir = dirname(expanded);
  if (!dir || world.isDirectory(dir)) return expanded;
  throw new ConfigError(`The directory named as part of the path ${value} does not exist`);
}

export function logfileName(value: string | typeof AUTOMATIC, world: World): LogfileValue {
  if (value === AUTOMATIC) return AUTOMATIC;
  const coerced = value.toLowerCase();
  if (coerced === 'none' || coerced === 'off') return null;
  if (coerced === 'auto') return AUTOMATIC;
  if (coerced === 'syslog') return SYSLOG;
  return existingDirpath(value, world);
}

/** A user name or numeric uid that must exist; returns the uid. */
export function nameToUid(name: string, world: World): number {
  const id = pyIntOrNull(name);
  if (id === null) {
    const user = world.userByName(name);
    if (!user) throw new ConfigError(`Invalid user name ${name}`);
    return user.uid;
  }
  if (!world.userByUid(id)) throw new ConfigError(`Invalid user id ${name}`);
  return id;
}

function nameToGid(name: string, world: World): number {
  const id = pyIntOrNull(name);
  if (id === null) {
    const gid = world.groupByName(name);
    if (gid === null) throw new ConfigError(`Invalid group name ${name}`);
    return gid;
  }
  if (!world.groupExists(id)) throw new ConfigError(`Invalid group id ${name}`);
  return id;
}

export function gidForUid(uid: number, world: World): number {
  const user = world.userByUid(uid);
  if (!user) throw new ConfigError(`getpwuid(): uid not found: ${uid}`);
  return user.gid;
}

/** `user` or `user:group` → [uid, gid] (gid -1 when no group is given). */
export function colonSeparatedUserGroup(value: string, world: World): [number, number] {
  try {
    const colon = value.indexOf(':');
    if (colon === -1) return [nameToUid(value, world), -1];
    return [nameToUid(value.slice(0, colon), world), nameToGid(value.slice(colon + 1), world)];
  } catch {
    throw new ConfigError(`Invalid user:group definition ${value}`);
  }
}

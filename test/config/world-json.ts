/**
 * A World described by the corpus's world.json: the fake machine the expected results were
 * computed in, in its strict or permissive flavour (shared/corpus/README.md).
 */
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { pyGlob } from '../../src/config/glob.ts';
import { abspath, dirname } from '../../src/config/pypath.ts';
import type { UserEntry, World } from '../../src/config/world.ts';

export interface WorldJson {
  main_config_path: string;
  include_snippet_path: string;
  include_wrapper_text: string;
  cwd: string;
  hostname: string;
  uid: number;
  tempdir: string;
  env: Record<string, string>;
  directories: string[];
  users: Array<{ name: string; uid: number; gid: number; home: string }>;
  groups: Array<{ name: string; gid: number }>;
  importable_top_level_modules: string[];
  permissive: { unknown_user_uid: number; unknown_user_gid: number; unknown_group_gid: number };
}

export type WorldKind = 'strict' | 'permissive';

export function readWorldJson(corpusDir: string): WorldJson {
  return JSON.parse(readFileSync(joinPath(corpusDir, 'world.json'), 'utf8')) as WorldJson;
}

/** A World over world.json with `files` (absolute path → text) as the only files on the machine. */
export function jsonWorld(desc: WorldJson, kind: WorldKind, files: ReadonlyMap<string, string>): World {
  const permissive = kind === 'permissive';
  const abs = (p: string): string => abspath(p, desc.cwd);
  const listedDirs = new Set(desc.directories.map(abs));
  const fileSet = new Map([...files].map(([p, t]) => [abs(p), t]));
  const isDirectory = (p: string): boolean => permissive || listedDirs.has(abs(p));
  const exists = (p: string): boolean => fileSet.has(abs(p)) || listedDirs.has(abs(p));
  const listDir = (p: string): string[] => {
    const dir = abs(p);
    return [...fileSet.keys(), ...listedDirs]
      .filter((entry) => entry !== dir && dirname(entry) === dir)
      .map((entry) => entry.slice(dir === '/' ? 1 : dir.length + 1));
  };
  const tableUser = (u: WorldJson['users'][number]): UserEntry => ({ name: u.name, uid: u.uid, gid: u.gid, home: u.home });
  return {
    cwd: () => desc.cwd,
    hostname: () => desc.hostname,
    env: () => desc.env,
    uid: () => desc.uid,
    tempdir: () => desc.tempdir,
    readFile: (p) => {
      const text = fileSet.get(abs(p));
      if (text === undefined) throw new Error(`ENOENT: ${p}`);
      return text;
    },
    exists,
    isDirectory,
    glob: (pattern) => pyGlob(pattern, { exists, isDirectory, listDir }),
    userByName: (name) => {
      const u = desc.users.find((x) => x.name === name);
      if (u) return tableUser(u);
      return permissive ? { name, uid: desc.permissive.unknown_user_uid, gid: desc.permissive.unknown_user_gid, home: null } : null;
    },
    userByUid: (uid) => {
      const u = desc.users.find((x) => x.uid === uid);
      if (u) return tableUser(u);
      return permissive ? { name: null, uid, gid: desc.permissive.unknown_user_gid, home: null } : null;
    },
    groupByName: (name) => desc.groups.find((g) => g.name === name)?.gid ?? (permissive ? desc.permissive.unknown_group_gid : null),
    groupExists: (gid) => permissive || desc.groups.some((g) => g.gid === gid),
    canImport: (module) => desc.importable_top_level_modules.includes(module.split('.')[0]!),
  };
}

/**
 * A World described by the corpus's world.json: the fake machine the expected results were
 * computed in, in its strict or permissive flavour (shared/corpus/README.md).
 */
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { pyGlob } from '../../src/py/glob.ts';
import { abspath, dirname } from '../../src/py/path.ts';
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

/** Modules of the supervisor 4.2.5 package: what "importable top-level module supervisor" lets resolve. */
const SUPERVISOR_MODULES = new Set(
  [
    '', 'childutils', 'compat', 'confecho', 'datatypes', 'dispatchers', 'events', 'http', 'http_client', 'loggers',
    'options', 'pidproxy', 'poller', 'process', 'rpcinterface', 'socket_manager', 'states', 'supervisorctl',
    'supervisord', 'templating', 'web', 'xmlrpc', 'medusa', 'medusa.asynchat_25', 'medusa.asyncore_25',
    'medusa.auth_handler', 'medusa.counter', 'medusa.default_handler', 'medusa.filesys', 'medusa.http_date',
    'medusa.http_server', 'medusa.logger', 'medusa.producers', 'medusa.util', 'medusa.xmlrpc_handler',
  ].map((m) => (m ? `supervisor.${m}` : 'supervisor')),
);

/** Public names of the two modules configs name factories from (dir() of the installed package). */
const SUPERVISOR_ATTRS: Readonly<Record<string, readonly string[]>> = {
  'supervisor.rpcinterface': [
    'API_VERSION', 'Automatic', 'BadCommand', 'Faults', 'NOT_DONE_YET', 'NoPermission', 'NotExecutable', 'NotFound',
    'ProcessStates', 'RPCError', 'RUNNING_STATES', 'RemoteCommunicationEvent', 'SIGNALLABLE_STATES', 'STOPPED_STATES',
    'SupervisorNamespaceRPCInterface', 'SupervisorStates', 'VERSION', 'capped_int', 'getProcessStateDescription',
    'getSupervisorStateDescription', 'isNotRunning', 'isRunning', 'isSignallable', 'make_allfunc',
    'make_main_rpcinterface', 'make_namespec', 'notify', 'readFile', 'signal_number', 'split_namespec', 'tailFile',
  ],
  'supervisor.dispatchers': [
    'EventListenerStates', 'EventRejectedEvent', 'PDispatcher', 'PEventListenerDispatcher', 'PInputDispatcher',
    'POutputDispatcher', 'ProcessLogStderrEvent', 'ProcessLogStdoutEvent', 'RejectEvent', 'compact_traceback',
    'default_handler', 'find_prefix_at_end', 'getEventListenerStateDescription', 'notify', 'stripEscapes',
  ],
};

function canImportFrom(topLevel: readonly string[], module: string, attrs: readonly string[]): boolean {
  if (!topLevel.includes(module.split('.')[0]!)) return false;
  if (module.split('.')[0] !== 'supervisor') return true;
  if (!SUPERVISOR_MODULES.has(module)) return false;
  const known = SUPERVISOR_ATTRS[module];
  return known === undefined || attrs.length === 0 || known.includes(attrs[0]!);
}

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
    canImport: (module, attrs) => canImportFrom(desc.importable_top_level_modules, module, attrs),
  };
}

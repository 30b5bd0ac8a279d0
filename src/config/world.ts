/**
 * Every question the config reader asks the machine, behind one interface, so the same reader
 * runs against the real system (the daemon, `check`) or a described one (the corpus tests).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { KNOWN_FACTORIES } from './factories.ts';
import { pyGlob } from './glob.ts';
import { abspath } from './pypath.ts';

export interface UserEntry {
  /** null when the id resolves but has no passwd name (a described world can say so). */
  readonly name: string | null;
  readonly uid: number;
  readonly gid: number;
  readonly home: string | null;
}

export interface World {
  cwd(): string;
  /** `platform.node()`, for %(host_node_name)s. */
  hostname(): string;
  /** supervisord's environment at start: the source of the ENV_* expansions. */
  env(): Readonly<Record<string, string>>;
  /** supervisord's own uid. */
  uid(): number;
  /** Default childlogdir (`tempfile.gettempdir()`). */
  tempdir(): string;
  /** Text of a file (UTF-8); throws when it cannot be read. */
  readFile(path: string): string;
  /** Whether anything exists at `path` (os.path.lexists). */
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Python glob.glob(pattern), unsorted. */
  glob(pattern: string): string[];
  userByName(name: string): UserEntry | null;
  userByUid(uid: number): UserEntry | null;
  /** gid of a group name, or null. */
  groupByName(name: string): number | null;
  groupExists(gid: number): boolean;
  /** Whether `module` imports and has the attribute chain `attrs` (rpcinterface/result_handler/ctlplugin factories). */
  canImport(module: string, attrs: readonly string[]): boolean;
}

interface PasswdLike {
  name: string;
  id: number;
  gid: number;
  home: string;
}

function parseColonFile(text: string): PasswdLike[] {
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length >= 3 && f[0] !== '' && /^\d+$/.test(f[2]!))
    .map((f) => ({ name: f[0]!, id: Number(f[2]), gid: Number(f[3] ?? f[2]), home: f[5] ?? '' }));
}

/** passwd/group entries: the local files first, then NSS via getent (LDAP and the like). */
function lookup(db: 'passwd' | 'group', key: string): PasswdLike | null {
  const file = db === 'passwd' ? '/etc/passwd' : '/etc/group';
  let local: PasswdLike[] = [];
  try {
    local = parseColonFile(readFileSync(file, 'utf8'));
  } catch {
    // no local database: rely on getent
  }
  const byId = /^\d+$/.test(key);
  const hit = local.find((e) => (byId ? e.id === Number(key) : e.name === key));
  if (hit) return hit;
  try {
    const out = execFileSync('getent', [db, key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return parseColonFile(out)[0] ?? null;
  } catch {
    return null;
  }
}

function toUser(e: PasswdLike | null): UserEntry | null {
  return e && { name: e.name, uid: e.id, gid: e.gid, home: e.home };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** Python's tempfile.gettempdir(): $TMPDIR, $TEMP, $TMP, /tmp, /var/tmp, /usr/tmp, cwd — the first writable directory. */
function pythonTempdir(): string {
  const env = process.env;
  const candidates = [env['TMPDIR'], env['TEMP'], env['TMP'], '/tmp', '/var/tmp', '/usr/tmp', process.cwd()];
  for (const dir of candidates) {
    if (!dir) continue;
    const abs = abspath(dir, process.cwd());
    if (safe(() => statSync(abs).isDirectory() && (accessSync(abs, constants.W_OK), true), false)) return abs;
  }
  return process.cwd();
}

const fsView = {
  exists: (p: string) => safe(() => (lstatSync(p), true), false),
  isDirectory: (p: string) => safe(() => statSync(p).isDirectory(), false),
  listDir: (p: string) => safe(() => readdirSync(p), [] as string[]),
};

export const realWorld: World = {
  cwd: () => process.cwd(),
  hostname: () => hostname(),
  env: () => Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
  uid: () => process.getuid?.() ?? 0,
  tempdir: pythonTempdir,
  readFile: (p) => readFileSync(p, 'utf8'),
  exists: fsView.exists,
  isDirectory: fsView.isDirectory,
  glob: (pattern) => pyGlob(pattern, fsView),
  userByName: (name) => toUser(lookup('passwd', name)),
  userByUid: (uid) => toUser(lookup('passwd', String(uid))),
  groupByName: (name) => lookup('group', name)?.id ?? null,
  groupExists: (gid) => lookup('group', String(gid)) !== null,
  // Only the factories this implementation provides can be "imported".
  canImport: (module, attrs) => KNOWN_FACTORIES.includes(attrs.length > 0 ? `${module}:${attrs.join('.')}` : module),
};

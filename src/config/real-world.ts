/** The World of the machine this process runs on: files, passwd/group (with NSS), environment. */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { pyGlob } from '../py/glob.ts';
import { abspath } from '../py/path.ts';
import { KNOWN_FACTORIES } from './factories.ts';
import type { UserEntry, World } from './world.ts';

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

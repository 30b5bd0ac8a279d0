/** Python's posixpath functions that decide how Supervisor resolves paths (pure; `~` and cwd come from the caller's machine view). */

/** What expanduser and normalizePath ask of the machine (the config reader's World answers them). */
export interface UserHomes {
  cwd(): string;
  env(): Readonly<Record<string, string>>;
  uid(): number;
  userByName(name: string): { readonly home: string | null } | null;
  userByUid(uid: number): { readonly home: string | null } | null;
}

export function isabs(p: string): boolean {
  return p.startsWith('/');
}

export function join(a: string, ...rest: string[]): string {
  let path = a;
  for (const b of rest) {
    if (b.startsWith('/')) path = b;
    else if (!path || path.endsWith('/')) path += b;
    else path += '/' + b;
  }
  return path;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return head;
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function normpath(p: string): string {
  if (p === '') return '.';
  const initialSlashes = p.startsWith('//') && !p.startsWith('///') ? 2 : p.startsWith('/') ? 1 : 0;
  const out: string[] = [];
  for (const comp of p.split('/')) {
    if (comp === '' || comp === '.') continue;
    if (comp !== '..' || (!initialSlashes && out.length === 0) || (out.length > 0 && out[out.length - 1] === '..')) out.push(comp);
    else if (out.length > 0) out.pop();
  }
  const joined = '/'.repeat(initialSlashes) + out.join('/');
  return joined || '.';
}

export function abspath(p: string, cwd: string): string {
  return normpath(isabs(p) ? p : join(cwd, p));
}

/** `os.path.expanduser`: `~` is $HOME (else the current user's home), `~name` that user's home. */
export function expanduser(p: string, world: UserHomes): string {
  if (!p.startsWith('~')) return p;
  let i = p.indexOf('/', 1);
  if (i < 0) i = p.length;
  let home: string | null;
  if (i === 1) {
    const env = world.env();
    home = Object.hasOwn(env, 'HOME') ? env['HOME']! : (world.userByUid(world.uid())?.home ?? null);
  } else {
    home = world.userByName(p.slice(1, i))?.home ?? null;
  }
  if (home === null) return p;
  return home.replace(/\/+$/, '') + p.slice(i) || '/';
}

/** Supervisor's normalize_path: normpath(abspath(expanduser(v))). */
export function normalizePath(p: string, world: UserHomes): string {
  return abspath(expanduser(p, world), world.cwd());
}

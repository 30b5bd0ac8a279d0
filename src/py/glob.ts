/**
 * Python's glob.glob() (non-recursive), which [include] files= uses: `*`, `?`, `[...]`, hidden
 * names only matched by patterns starting with '.', and results joined onto the pattern's own
 * directory text. It works over any directory listing so a described world can be globbed too.
 */
import { join } from './path.ts';

export interface GlobFs {
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Entry names of a directory; [] when it is not one. */
  listDir(path: string): string[];
}

const MAGIC = /[*?[]/;

function split(p: string): [string, string] {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return [head, p.slice(i)];
}

/** fnmatch.translate: `*` any run, `?` one char, `[...]` a class (`!` negates), an unclosed `[` literal. */
export function fnmatchToRegExp(pattern: string): RegExp {
  const chars = [...pattern];
  let re = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      let j = i + 1;
      if (j < chars.length && chars[j] === '!') j++;
      if (j < chars.length && chars[j] === ']') j++;
      while (j < chars.length && chars[j] !== ']') j++;
      if (j >= chars.length) re += '\\[';
      else {
        let body = chars.slice(i + 1, j).join('');
        let negate = false;
        if (body.startsWith('!')) {
          negate = true;
          body = body.slice(1);
        }
        const cls = body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]').replace(/\^/g, '\\^');
        re += cls === '' ? (negate ? '[\\s\\S]' : '(?!)') : `[${negate ? '^' : ''}${cls}]`;
        i = j;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 'u');
  } catch {
    // A class such as [z-a] is empty in Python; it matches nothing.
    return /(?!)/;
  }
}

function glob1(fs: GlobFs, dir: string, pattern: string, dironly: boolean): string[] {
  const base = dir || '.';
  let names = fs.listDir(base);
  if (dironly) names = names.filter((n) => fs.isDirectory(join(base, n)));
  if (!pattern.startsWith('.')) names = names.filter((n) => !n.startsWith('.'));
  const re = fnmatchToRegExp(pattern);
  return names.filter((n) => re.test(n));
}

function glob0(fs: GlobFs, dir: string, name: string): string[] {
  if (!name) return fs.isDirectory(dir) ? [name] : [];
  return fs.exists(join(dir || '.', name)) ? [name] : [];
}

function iglob(fs: GlobFs, pattern: string, dironly: boolean): string[] {
  const [dir, name] = split(pattern);
  if (!MAGIC.test(pattern)) {
    if (name) return fs.exists(pattern) ? [pattern] : [];
    return fs.isDirectory(dir) ? [pattern] : [];
  }
  if (!dir) return glob1(fs, '', name, dironly);
  const dirs = dir !== pattern && MAGIC.test(dir) ? iglob(fs, dir, true) : [dir];
  const out: string[] = [];
  for (const d of dirs) {
    const names = MAGIC.test(name) ? glob1(fs, d, name, dironly) : glob0(fs, d, name);
    for (const n of names) out.push(join(d, n));
  }
  return out;
}

/** Matches of `pattern`, in directory-listing order (callers sort, as Supervisor does). */
export function pyGlob(pattern: string, fs: GlobFs): string[] {
  return iglob(fs, pattern, false);
}

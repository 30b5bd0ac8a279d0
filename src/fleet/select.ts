/**
 * `NAME@SERVER` arguments: which process names go to which servers. `web:*@web1`, `all@db*`
 * (globs on server names, fnmatch rules); a name without `@` goes to every server. Pure.
 */
import { fnmatchToRegExp } from '../py/glob.ts';

/** `name@glob` → [name, glob]; no `@` → [name, null]. The last `@` splits (process names have none). */
export function splitAtServer(word: string): [string, string | null] {
  const i = word.lastIndexOf('@');
  return i < 0 ? [word, null] : [word.slice(0, i), word.slice(i + 1)];
}

export function serverMatches(glob: string, server: string): boolean {
  return fnmatchToRegExp(glob).test(server);
}

/** The servers a glob names, in fleet order. */
export function serversMatching(glob: string, servers: readonly string[]): string[] {
  return servers.filter((s) => serverMatches(glob, s));
}

export interface Routed {
  /** Per server that runs (fleet order): its words, in the order typed, `@glob`s removed. */
  perServer: Map<string, string[]>;
  /** Words whose `@glob` names no server, as typed. */
  unmatched: string[];
}

/**
 * Routes a command's words to servers. A name with `@glob` goes to the servers the glob names, a
 * name without `@` to every server; `common` words (flags, a signal name, a log channel) go to
 * every server that runs. With no names at all, every server runs.
 */
export function routeWords(words: readonly string[], servers: readonly string[], common: (word: string, index: number) => boolean = () => false): Routed {
  const names = words.map((w, i) => (common(w, i) ? null : splitAtServer(w)));
  const unmatched = words.filter((w, i) => {
    const glob = names[i]?.[1];
    return glob !== undefined && glob !== null && serversMatching(glob, servers).length === 0;
  });
  const anyName = names.some((n) => n !== null);
  const perServer = new Map<string, string[]>();
  for (const server of servers) {
    const mine: string[] = [];
    let named = false;
    words.forEach((word, i) => {
      const n = names[i];
      if (n === null || n === undefined) mine.push(word);
      else if (n[1] === null || serverMatches(n[1], server)) {
        mine.push(n[0]);
        named = true;
      }
    });
    if (named || !anyName) perServer.set(server, mine);
  }
  return { perServer, unmatched };
}

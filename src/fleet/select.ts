/**
 * `NAME@SERVER` arguments: which process names go to which servers. `web:*@web1`, `all@db*`
 * (globs on server names, fnmatch rules); a name without `@` goes to every server. Pure.
 */
import { fnmatchToRegExp } from '../config/glob.ts';

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
  /** Per server (fleet order): the words it gets. Servers no word names are absent. */
  perServer: Map<string, string[]>;
  /** `@glob`s that name no server, as typed. */
  unmatched: string[];
}

/**
 * Routes words to servers. With `always`, servers no word names are still present (with no words):
 * `status` with no names asks every server.
 */
export function routeWords(words: readonly string[], servers: readonly string[], always: boolean): Routed {
  const perServer = new Map<string, string[]>();
  if (always || words.length === 0) for (const s of servers) perServer.set(s, []);
  const unmatched: string[] = [];
  for (const word of words) {
    const [name, glob] = splitAtServer(word);
    const targets = glob === null ? servers : serversMatching(glob, servers);
    if (targets.length === 0) unmatched.push(word);
    for (const s of targets) {
      const list = perServer.get(s) ?? [];
      list.push(name);
      perServer.set(s, list);
    }
  }
  // Fleet order, whatever order the words came in.
  return { perServer: new Map(servers.filter((s) => perServer.has(s)).map((s) => [s, perServer.get(s)!])), unmatched };
}

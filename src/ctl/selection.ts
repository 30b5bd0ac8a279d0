/** Which processes a list of names means, as `status` and multi-process `tail -f` read them (compat §0). */
import { makeNamespec, splitNamespec } from '../protocol/namespec.ts';

interface Named {
  name: string;
  group: string;
}

export interface Selection<T> {
  matched: T[];
  /** `<g>: ERROR (no such group)` / `<name>: ERROR (no such process)`, in argument order. */
  errors: string[];
}

/** No names or `all` = everything; `g:*`/`g:` = group g; `g:p`; `name` = group name, process name. */
export function selectProcesses<T extends Named>(infos: readonly T[], names: readonly string[]): Selection<T> {
  if (names.length === 0 || names.includes('all')) return { matched: [...infos], errors: [] };
  const matched: T[] = [];
  const errors: string[] = [];
  for (const spec of names) {
    const [group, name] = splitNamespec(spec);
    const hits = infos.filter((i) => i.group === group && (name === null || i.name === name));
    if (hits.length === 0) errors.push(name === null ? `${group}: ERROR (no such group)` : `${spec}: ERROR (no such process)`);
    matched.push(...hits);
  }
  return { matched, errors };
}

/** Display namespecs of the selection, each once, in first-seen order. */
export function uniqueNamespecs(infos: readonly Named[]): string[] {
  return [...new Set(infos.map((i) => makeNamespec(i.group, i.name)))];
}

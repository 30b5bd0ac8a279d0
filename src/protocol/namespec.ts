/** Process addressing (compat §0): display form and parse form of a namespec. */

export function makeNamespec(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

/** `a` → [a, a]; `g:p` → [g, p]; `g:` or `g:*` → [g, null] (the whole group). Splits on the first colon. */
export function splitNamespec(namespec: string): [string, string | null] {
  const i = namespec.indexOf(':');
  if (i < 0) return [namespec, namespec];
  const group = namespec.slice(0, i);
  const name = namespec.slice(i + 1);
  return [group, name === '' || name === '*' ? null : name];
}

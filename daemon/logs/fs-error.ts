/** One-line text for a Node fs error: `ENOENT: no such file or directory` (without Node's `, open '<path>'` tail). */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  if (e === undefined || typeof e.message !== 'string') return String(err);
  return e.message.replace(/, \w+( '.*')?$/, '');
}

/** What to print for a caught value: its message when it is an Error (a throw can carry anything). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

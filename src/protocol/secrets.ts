/**
 * Environment values that must not be shown: the daemon masks them before they leave it
 * (supervisortui.getHealth's settings), so no screen, log or capture of the dashboard holds them.
 */

/** What a masked value is shown as. */
export const MASK = '••••';

/** Variable names that usually hold secrets (any part of the name, any case). */
const SECRET_NAME = /PASS|PWD|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE|SALT|SIGNATURE|COOKIE|SESSION|DSN/i;

/** URLs with a password in them (`postgres://u:pw@host/db`) leak it whatever the variable is called. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@/\s]+(@)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** One value as it may be shown. */
export function maskValue(name: string, value: string): string {
  if (value === '') return value;
  if (isSecretName(name)) return MASK;
  return value.replace(URL_PASSWORD, `$1${MASK}$2`);
}

/** The environment with every secret value masked (names kept, sorted by name). */
export function maskEnvironment(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) out[name] = maskValue(name, env[name]!);
  return out;
}

/** HTTP Basic authentication as Supervisor checks it (compat §6.4). Pure: header in, verdict out. */
import { createHash, timingSafeEqual } from 'node:crypto';

export type AuthVerdict = 'ok' | 'denied' | 'malformed';

export interface Credentials {
  readonly username: string;
  /** Plain text, or `{SHA}` + lower-case hex SHA-1 of the password. */
  readonly password: string;
}

/** Compare through fixed-length digests so neither length nor content leaks through timing. */
function sameText(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

function passwordMatches(configured: string, supplied: string): boolean {
  if (configured.startsWith('{SHA}')) {
    const hex = createHash('sha1').update(supplied, 'utf8').digest('hex');
    return sameText(configured.slice(5).toLowerCase(), hex);
  }
  return sameText(configured, supplied);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `authorization` is the raw header value (undefined when absent). */
export function checkBasicAuth(creds: Credentials, authorization: string | undefined): AuthVerdict {
  if (authorization === undefined) return 'denied';
  const m = /^\s*(\S+)\s+(\S*)\s*$/.exec(authorization);
  if (m === null || m[1]!.toLowerCase() !== 'basic') return 'denied';
  const encoded = m[2]!;
  if (!BASE64.test(encoded) || encoded.length % 4 === 1) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'denied';
  const userOk = sameText(creds.username, decoded.slice(0, colon));
  const passOk = passwordMatches(creds.password, decoded.slice(colon + 1));
  return userOk && passOk ? 'ok' : 'denied';
}

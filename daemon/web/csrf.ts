/**
 * The web page's per-session form token. A random session id lives in an HttpOnly,
 * SameSite=Strict cookie; the token in each form is an HMAC of that id under a secret the
 * daemon draws at start-up, so a page on another site can neither send the cookie nor compute
 * the token. Stateless: several daemons on one host (cookies ignore the port) share the cookie
 * and each derives its own token from it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'supervisor_session';
const SESSION_RE = /^[A-Za-z0-9_-]{32}$/;

export interface Csrf {
  /** The token forms carry for this session id. */
  tokenFor(sessionId: string): string;
  /** Whether a submitted token belongs to the session id. */
  verify(sessionId: string | null, token: string | null): boolean;
}

export function createCsrf(secret: Buffer): Csrf {
  const tokenFor = (sessionId: string): string => createHmac('sha256', secret).update(sessionId).digest('base64url');
  return {
    tokenFor,
    verify(sessionId, token) {
      if (sessionId === null || token === null) return false;
      const want = Buffer.from(tokenFor(sessionId));
      const got = Buffer.from(token);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}

export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

/** The well-formed session id in a Cookie header, or null. */
export function sessionFromCookies(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (SESSION_RE.test(value)) return value;
  }
  return null;
}

export function sessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Strict`;
}

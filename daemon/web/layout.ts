/**
 * The pages' shell: escaping, the document frame and the security headers. The inline style
 * and scripts are constants, so the Content-Security-Policy allows exactly them by hash:
 * nothing injected into a page could run, and nothing is loaded from anywhere else.
 */
import { createHash } from 'node:crypto';
import { STATUS_SCRIPT, TAIL_SCRIPT } from './scripts.ts';
import { STYLE } from './style.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const hashOf = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const CSP = [
  "default-src 'none'",
  `script-src ${hashOf(STATUS_SCRIPT)} ${hashOf(TAIL_SCRIPT)}`,
  `style-src ${hashOf(STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers every web page carries: no caching (compat §6.7) and the policy above. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  Pragma: 'no-cache',
  'Cache-Control': 'no-cache',
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  'Content-Security-Policy': CSP,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export type PageScript = 'status' | 'tail' | null;

export function page(title: string, body: string, script: PageScript): string {
  const js = script === 'status' ? STATUS_SCRIPT : script === 'tail' ? TAIL_SCRIPT : null;
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"/>` +
    `<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"/><style>${STYLE}</style></head>\n` +
    `<body>\n${body}\n${js === null ? '' : `<script>${js}</script>`}\n</body></html>\n`
  );
}

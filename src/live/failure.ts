/**
 * Which failures to reach the server are worth retrying. Pure. A refused connection, a timeout or
 * a lost tunnel may heal; a bad URL, refused credentials or an ssh host key / login problem will
 * not, and retrying them only floods the server's auth log: the dashboard stops and says what to do.
 */
import { ClientError } from '../client/types.ts';
import { errorText } from '../error-text.ts';

export interface Failure {
  text: string;
  /** Retrying cannot help. */
  permanent: boolean;
  /** What to do about it, for permanent failures. */
  hint: string | null;
}

const SSH_PERMANENT: readonly (readonly [RegExp, string])[] = [
  [/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i, 'check the host key: run `ssh HOST` once and accept it, then start again'],
  [/Permission denied|Too many authentication failures|no more authentication methods/i, 'ssh login refused: load a key into ssh-agent (or start again and type the password), then start again'],
  [/Could not resolve hostname|Name or service not known/i, 'unknown host: check the ssh:// URL'],
  [/cannot run /i, 'ssh is not installed or SUPERVISOR_TUI_SSH_COMMAND is wrong'],
];

export function classifyFailure(err: unknown): Failure {
  const text = errorText(err);
  if (err instanceof ClientError) {
    if (err.kind === 'url') return { text, permanent: true, hint: 'use unix:///path/to/socket, http://host:port or ssh://[user@]host/path (-s or [supervisorctl] serverurl)' };
    if (err.kind === 'auth') return { text, permanent: true, hint: 'wrong or missing username/password: start again and type them, or pass -u/-p ([supervisorctl] username/password)' };
    if (err.kind === 'http' && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) {
      return { text, permanent: true, hint: 'this URL is not a supervisord XML-RPC endpoint: check the server URL' };
    }
    if (err.kind === 'network' && err.url.startsWith('ssh://')) {
      for (const [re, hint] of SSH_PERMANENT) if (re.test(text)) return { text, permanent: true, hint: hint.replace('HOST', sshHost(err.url)) };
    }
  }
  return { text, permanent: false, hint: null };
}

function sshHost(url: string): string {
  const m = /^ssh:\/\/([^/]+)/.exec(url);
  return m ? m[1]!.replace(/:\d+$/, '') : 'the host';
}

/** Wait before retry number `failures` (1, 2, …): doubling from the refresh interval (at least 1 s) up to 30 s. */
export function backoffMs(failures: number, intervalMs: number): number {
  return Math.min(30_000, Math.max(1000, intervalMs) * 2 ** Math.min(10, Math.max(0, failures - 1)));
}

/** A refresh slower than this marks the data stale (while it goes on): 3 intervals, at least 2 s. */
export function staleAfterMs(intervalMs: number): number {
  return Math.max(3 * intervalMs, 2000);
}

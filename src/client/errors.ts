/** Socket and HTTP failures as ClientError, worded as supervisorctl words them where it has words. */
import { errorText } from '../error-text.ts';
import { ClientError } from './types.ts';

export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function socketError(url: string, err: unknown): ClientError {
  if (err instanceof ClientError) return err;
  const code = errorCode(err);
  const message = errorText(err);
  if (code === 'ECONNREFUSED') return new ClientError('refused', url, `${url} refused connection`);
  if (code === 'ENOENT') return new ClientError('nofile', url, `${url} no such file`);
  if (code.startsWith('HPE_')) return new ClientError('protocol', url, `${url}: the server's answer is not HTTP (${message})`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new ClientError('network', url, `${url}: connection closed by the server`);
  return new ClientError('network', url, `${url}: ${message}`);
}

export function statusError(url: string, status: number, reason: string): ClientError {
  if (status === 401) return new ClientError('auth', url, 'Server requires authentication', status);
  return new ClientError('http', url, `${url}: HTTP status ${status} ${reason}`.trimEnd(), status);
}

export function timeoutError(url: string, ms: number): ClientError {
  return new ClientError('timeout', url, `${url}: no answer within ${ms} ms`);
}

/**
 * One health check, asynchronous from end to end (never blocks the event loop): an HTTP(S)
 * GET answering 2xx/3xx, a TCP connect, or a command exiting 0. Each settles by its timeout at
 * the latest; a command still running then is SIGKILLed with its whole process group.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { HealthcheckTarget } from '../../src/config/types.ts';
import { errorText } from '../../src/error-text.ts';

export interface CheckOutcome {
  readonly ok: boolean;
  /** What was seen: `HTTP 200`, `connected`, `exit status 1: <last output>`, `timed out after 3s`, an error. */
  readonly detail: string;
}

/** How much of a command's output the detail keeps (its end). */
const OUTPUT_TAIL = 200;

function timedOut(timeoutMs: number): CheckOutcome {
  return { ok: false, detail: `timed out after ${timeoutMs / 1000}s` };
}

function checkHttp(url: string, timeoutMs: number): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    let settled = false;
    const done = (o: CheckOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(o);
    };
    // No keep-alive agent: each check is a fresh connection, as an outside prober would make.
    const req = request(url, { method: 'GET', agent: false, headers: { 'user-agent': 'supervisor-tui healthcheck' } }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      done({ ok: status >= 200 && status < 400, detail: `HTTP ${status}` });
    });
    req.on('error', (err) => done({ ok: false, detail: errorText(err) }));
    const timer = setTimeout(() => done(timedOut(timeoutMs)), timeoutMs);
    req.end();
  });
}

function checkTcp(host: string, port: number, timeoutMs: number): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = connect({ host, port });
    const done = (o: CheckOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    socket.once('connect', () => done({ ok: true, detail: 'connected' }));
    socket.once('error', (err) => done({ ok: false, detail: errorText(err) }));
    const timer = setTimeout(() => done(timedOut(timeoutMs)), timeoutMs);
  });
}

function checkCommand(command: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let output = '';
    // Own process group (detached), so a timeout takes whatever the command started with it.
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const done = (o: CheckOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    child.once('error', (err) => done({ ok: false, detail: errorText(err) }));
    child.once('close', (code, signal) => {
      const tail = output.trim().split('\n').pop() ?? '';
      const how = signal !== null ? `terminated by ${signal}` : `exit status ${code}`;
      done({ ok: code === 0, detail: tail === '' ? how : `${how}: ${tail}` });
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      // Grandchildren may hold the pipes open: do not wait for 'close'.
      child.stdout.destroy();
      child.stderr.destroy();
      done(timedOut(timeoutMs));
    }, timeoutMs);
  });
}

/** Runs one check; never rejects. `env` is the environment a `cmd:` check runs with. */
export function runCheck(target: HealthcheckTarget, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<CheckOutcome> {
  switch (target.kind) {
    case 'http':
      return checkHttp(target.url, timeoutMs);
    case 'tcp':
      return checkTcp(target.host, target.port, timeoutMs);
    case 'cmd':
      return checkCommand(target.command, timeoutMs, env);
  }
}

/**
 * Running in the background without fork(2) (compat §9.2 step 10): the command re-runs itself
 * in a new session with stdio on /dev/null and an extra pipe on fd 3. The child reports on
 * that pipe once it serves (sockets bound, pidfile written) or why it could not start; the
 * parent exits 0, or prints the child's error and exits with its status.
 */
import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';

const READY_FD_ENV = 'SUPERVISOR_TUI_DAEMON_READY_FD';

/** In the background child: the fd to report on, or null in a foreground/parent process. Clears the marker so programs don't inherit it. */
export function takeReadyFd(): number | null {
  const raw = process.env[READY_FD_ENV];
  delete process.env[READY_FD_ENV];
  if (raw === undefined) return null;
  const fd = Number(raw);
  return Number.isInteger(fd) && fd > 2 ? fd : null;
}

/** Child: everything is up. */
export function reportReady(fd: number): void {
  try {
    writeSync(fd, 'ready\n');
    closeSync(fd);
  } catch {
    // the parent is gone: nobody to tell
  }
}

/** Child: startup failed with this text for the terminal and this exit status. */
export function reportFailure(fd: number, status: number, text: string): void {
  try {
    writeSync(fd, `error ${status}\n${text}`);
    closeSync(fd);
  } catch {
    // the parent is gone
  }
}

/** What the parent makes of the child's report. */
export function parseReport(report: string): { ready: true } | { ready: false; status: number; text: string } | null {
  if (report.startsWith('ready\n')) return { ready: true };
  const m = /^error (\d+)\n/.exec(report);
  if (m) return { ready: false, status: Number(m[1]), text: report.slice(m[0].length) };
  return null;
}

/** Parent: start the background daemon and wait for its report. Resolves to this process's exit status. */
export function daemonize(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      env: { ...process.env, [READY_FD_ENV]: '3' },
    });
    const channel = child.stdio[3] as Readable;
    let report = '';
    let exitStatus: number | null = null;
    let ended = false;
    let done = false;
    const finish = (status: number, text: string): void => {
      if (done) return;
      done = true;
      if (text !== '') process.stderr.write(text);
      resolve(status);
    };
    // Settles once the report pipe is closed (and, without a report, once the child is gone).
    const settle = (): void => {
      if (!ended) return;
      const r = parseReport(report);
      if (r !== null && r.ready) {
        child.unref();
        channel.destroy();
        finish(0, '');
      } else if (r !== null) {
        finish(r.status, r.text);
      } else if (exitStatus !== null) {
        finish(exitStatus === 0 ? 1 : exitStatus, `Error: the daemon exited with status ${exitStatus} before it was ready\n`);
      }
    };
    channel.setEncoding('utf8');
    channel.on('data', (d: string) => (report += d));
    channel.on('end', () => {
      ended = true;
      settle();
    });
    child.on('error', (err) => finish(1, `Error: could not start the daemon: ${err.message}\n`));
    child.on('exit', (code, signal) => {
      exitStatus = code ?? (signal !== null ? 1 : 0);
      settle();
    });
  });
}

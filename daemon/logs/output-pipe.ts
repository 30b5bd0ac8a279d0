/**
 * Real pipes for child stdout/stderr.
 *
 * Node's `stdio: 'pipe'` gives the child a unix socketpair, not a pipe: every write() of the child becomes
 * a socket buffer the reader frees one by one, which made line-by-line logging cost ~9 ms CPU per MB in the
 * daemon (supervisord, with os.pipe(), ~3 ms). A kernel pipe packs small writes into pages. Node cannot call
 * pipe(2), so we make FIFOs with `mkfifo` in a private 0700 directory (many per spawn of mkfifo, ahead of
 * need), open both ends and unlink the name at once: what is left is an anonymous pipe.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OutputPipe {
  /** The read end, for pipeOutput(). */
  readable: Socket;
  /** The write end: pass it in the child's stdio (`[stdin, fd, fd]` for redirect_stderr). */
  childFd: number;
  /** Close the daemon's copy of the write end; call right after spawn (or after a failed spawn), else EOF never comes. */
  closeChildFd(): void;
}

/** FIFOs made per batch: one mkfifo spawn serves this many channels. */
const BATCH = 32;

let dir: string | null = null;
let counter = 0;
const ready: string[] = [];
let refilling = false;
let unavailable = false;

function fifoDir(): string {
  if (dir === null) {
    dir = mkdtempSync(join(tmpdir(), 'svt-pipes-'));
    const d = dir;
    process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  }
  return dir;
}

function nextNames(n: number): string[] {
  const d = fifoDir();
  return Array.from({ length: n }, () => join(d, `p${counter++}`));
}

/** Make more FIFOs in the background so the next spawns do not wait for mkfifo. */
function refill(): void {
  if (refilling || unavailable) return;
  refilling = true;
  const names = nextNames(BATCH);
  const child = spawn('mkfifo', ['-m', '600', ...names], { stdio: 'ignore' });
  child.once('error', () => {
    refilling = false;
  });
  child.once('exit', (code) => {
    refilling = false;
    if (code === 0) ready.push(...names);
  });
}

function takeFifo(): string | null {
  if (ready.length === 0 && !unavailable) {
    const names = nextNames(BATCH);
    try {
      execFileSync('mkfifo', ['-m', '600', ...names], { stdio: 'ignore' });
      ready.push(...names);
    } catch {
      unavailable = true;
    }
  }
  const name = ready.shift() ?? null;
  if (ready.length < BATCH / 2) refill();
  return name;
}

/**
 * A fresh pipe for one child channel (synchronous; normally served from the pool without a process
 * spawn). Returns null when FIFOs cannot be made (no mkfifo): use `stdio: 'pipe'` then.
 */
export function openOutputPipe(): OutputPipe | null {
  const name = takeFifo();
  if (name === null) return null;
  let readFd: number | null = null;
  let writeFd: number;
  try {
    // Read end first and non-blocking, so opening the write end finds a reader and does not block.
    readFd = openSync(name, constants.O_RDONLY | constants.O_NONBLOCK);
    writeFd = openSync(name, constants.O_WRONLY);
  } catch {
    if (readFd !== null) closeSync(readFd);
    return null;
  } finally {
    rmSync(name, { force: true });
  }
  let open = true;
  return {
    readable: new Socket({ fd: readFd, readable: true, writable: false }),
    childFd: writeFd,
    closeChildFd(): void {
      if (!open) return;
      open = false;
      closeSync(writeFd);
    },
  };
}

/**
 * LogFile: an append-only log target owned by one writer, with Supervisor's size rotation (compat §4.3).
 *
 * Hot path design (see bench/logs.ts for the figures): Buffers, never decoded. pipeOutput hands each read
 * to writeTransient(), which appends it to a regular file at once, straight from the read buffer; other
 * chunks are queued and written once per event-loop turn (or as soon as 256 KiB are pending) with one writev.
 * - Regular files are written synchronously: an append into the page cache is cheaper than a thread-pool
 *   round trip, and it makes the size (hence rotation) exact. Rotation happens between chunks, after the
 *   chunk that reaches maxbytes, so a file exceeds maxbytes by at most one chunk, as in Supervisor.
 * - Anything else (/dev/stdout as a pipe or tty, /dev/full, a FIFO) is written asynchronously through the
 *   thread pool, one writev in flight, never seeked or rotated; write() returns false above a high-water
 *   mark so the reader can pause its pipe (back-pressure to that child only) and 'drain' follows.
 * - A failing write (ENOSPC, EIO…) drops that batch, reports once through onError until a write succeeds
 *   again, and never throws: the child keeps running.
 */
import { EventEmitter } from 'node:events';
import { closeSync, constants, fstatSync, openSync, renameSync, rmSync, unlinkSync, writeSync, writev, writevSync } from 'node:fs';
import { describeFsError } from './fs-error.ts';
import { GzipRotation } from './compress-backups.ts';
import { rotateByName } from './rotation.ts';

export interface LogFileOptions {
  path: string;
  /** Rotate when the file reaches this many bytes; 0 = never. Ignored for non-regular files. */
  maxbytes: number;
  /** Numbered backups kept by rotation (f.1 … f.N); 0 = truncate in place. */
  backups: number;
  /** Mode for a newly created file (the umask applies). Default 0o666, like Python's open(). */
  mode?: number;
  /** Compress rotated backups (f.1.gz …) off the event loop; null/absent = plain f.1 …, as Supervisor. */
  compress?: 'gzip' | null;
  /** Called once per run of failures (then again only after a write succeeded), with a one-line message. */
  onError?: (err: LogFileError) => void;
}

/** A write/open/rotate failure on a log file; message: `<what> '<path>': <CODE>: <reason>`. */
export class LogFileError extends Error {
  readonly code: string;
  readonly path: string;
  constructor(what: string, path: string, cause: unknown) {
    super(`${what} '${path}': ${describeFsError(cause)}`);
    this.name = 'LogFileError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
    this.path = path;
  }
}

type Item = Buffer | 'reopen';

/** Writes are batched up to this size before a flush is forced inside write(). */
const FLUSH_AT = 256 * 1024;
/** Async targets: write() returns false above this many unwritten bytes. */
const HIGH_WATER = 1024 * 1024;
/**
 * Writers that ignore back-pressure (the main log, whose messages cannot wait) are cut off here: beyond
 * this many unwritten bytes new chunks are dropped (reported once) rather than held in memory.
 */
const MAX_QUEUED = 64 * 1024 * 1024;
/** Retry delay when a non-blocking target answers EAGAIN. */
const EAGAIN_RETRY_MS = 5;

const OPEN_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

export class LogFile extends EventEmitter<{ drain: [] }> {
  readonly path: string;
  private readonly maxbytes: number;
  private readonly backups: number;
  private readonly mode: number;
  private readonly onError: ((err: LogFileError) => void) | undefined;

  private fd: number | null = null;
  private regular = true;
  /** Bytes in the current file (regular files only), for rotation. */
  private size = 0;
  private queue: Item[] = [];
  private queuedBytes = 0;
  private inflightBytes = 0;
  private writing = false;
  private flushScheduled = false;
  private needDrain = false;
  private failing = false;
  /** An fd retired while a write on it was in flight; closed when that write completes. */
  private pendingClose: number | null = null;
  private lastOpenAttempt = 0;
  /** Our own stdout/stderr, written to directly (never closed) when the path names it but cannot be opened. */
  private borrowed: number | null = null;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly gzip: GzipRotation | null;

  /** Opens (creating) the file now; throws LogFileError when it cannot be opened. */
  constructor(opts: LogFileOptions) {
    super();
    this.path = opts.path;
    this.maxbytes = Math.max(0, opts.maxbytes);
    this.backups = Math.max(0, opts.backups);
    this.mode = opts.mode ?? 0o666;
    this.onError = opts.onError;
    this.gzip =
      opts.compress === 'gzip' && this.backups > 0
        ? GzipRotation.for(this.path, this.backups, (what, path, err) => this.report(new LogFileError(what, path, err)))
        : null;
    this.openNow(false);
  }

  /** True for a regular file (rotation and seekable reads apply). */
  get isRegular(): boolean {
    return this.regular;
  }

  /** Queue a chunk for appending. Returns false when the caller should pause its source until 'drain'. */
  write(chunk: Buffer): boolean {
    if (this.closed || chunk.length === 0) return true;
    if (this.queuedBytes >= MAX_QUEUED) {
      this.report(new LogFileError('dropping output for log file', this.path, new Error(`${MAX_QUEUED} bytes are waiting to be written`)));
      return false;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.regular && this.queuedBytes >= FLUSH_AT) this.pump();
    else this.scheduleFlush();
    if (this.queuedBytes + this.inflightBytes >= HIGH_WATER) {
      this.needDrain = true;
      return false;
    }
    return true;
  }

  /**
   * Like write(), for a chunk that is only valid during this call (pipeOutput reads into one reused
   * buffer): a regular file with nothing queued is written at once, without a copy; otherwise the chunk
   * is copied and queued.
   */
  writeTransient(chunk: Buffer): boolean {
    if (this.closed || chunk.length === 0) return true;
    if (!this.regular || this.writing || this.queue.length > 0 || this.fd === null) return this.write(Buffer.from(chunk));
    this.writeSync([chunk]);
    if (this.maxbytes > 0 && this.size >= this.maxbytes) this.rotate();
    return true;
  }

  /** Write everything queued now (regular files: synchronously; others: start the async writer). */
  flush(): void {
    this.pump();
  }

  /** Resolves once everything queued so far has been written (or dropped after an error). */
  idle(): Promise<void> {
    this.pump();
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Close and reopen by name (SIGUSR2), after writing what was queued before: an external rotation
   * (mv f f.old) makes the next writes land in a new f.
   */
  reopen(): void {
    if (this.closed) return;
    this.queue.push('reopen');
    this.pump();
  }

  /**
   * Delete the file and create it again; data still queued is discarded with it. The new file is made
   * under a temporary name and renamed over the old one while the old inode is still open, so it gets a
   * different inode number (followers detect the change) and the path never goes missing.
   * Non-regular targets (/dev/stdout, a FIFO) are left alone: deleting them is never what was meant.
   */
  clear(): void {
    if (this.closed) return;
    this.queue = [];
    this.queuedBytes = 0;
    if (!this.regular) return;
    const tmp = `${this.path}.${process.pid}.clear`;
    let fd: number | null = null;
    try {
      fd = openSync(tmp, OPEN_FLAGS | constants.O_TRUNC, this.mode);
      renameSync(tmp, this.path);
    } catch {
      if (fd !== null) closeQuietly(fd);
      rmSync(tmp, { force: true });
      fd = null;
    }
    this.retireFd();
    if (fd === null) {
      // Could not make the file beside it (e.g. a read-only directory but a writable file): plain delete + create.
      try {
        unlinkSync(this.path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report(new LogFileError('could not remove log file', this.path, err));
      }
      this.openNow(true);
    } else this.adopt(fd);
    this.maybeDrain();
  }

  /** Write everything queued, then close; rotated backups still being compressed are finished first. Never truncates. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.idle();
    this.closed = true;
    this.retireFd();
    await this.gzip?.idle();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.pump();
    });
  }

  /** Drain the queue: synchronously for regular files, one async writev at a time otherwise. */
  private pump(): void {
    if (this.writing) return;
    while (this.queue.length > 0) {
      if (this.queue[0] === 'reopen') {
        this.queue.shift();
        this.retireFd();
        this.openNow(true);
        continue;
      }
      const batch = this.takeBatch();
      if (this.fd === null && !this.retryOpen()) continue; // cannot open: the error was reported, data dropped
      if (!this.regular) {
        this.writeAsync(batch);
        return;
      }
      this.writeSync(batch);
      if (this.maxbytes > 0 && this.size >= this.maxbytes) this.rotate();
    }
    this.settle();
  }

  /**
   * The next run of Buffers up to a 'reopen' marker; for rotating files it stops after the chunk that
   * reaches maxbytes, so rotation happens on the same chunk boundary as in Supervisor.
   */
  private takeBatch(): Buffer[] {
    const batch: Buffer[] = [];
    let bytes = 0;
    const limit = this.regular && this.maxbytes > 0 ? this.maxbytes - this.size : Infinity;
    while (this.queue.length > 0 && batch.length < 1024) {
      const item = this.queue[0]!;
      if (item === 'reopen') break;
      this.queue.shift();
      batch.push(item);
      bytes += item.length;
      if (bytes >= limit) break;
    }
    this.queuedBytes -= bytes;
    return batch;
  }

  private writeSync(batch: Buffer[]): void {
    let rest = batch;
    while (rest.length > 0 && this.fd !== null) {
      let n: number;
      try {
        // One buffer (the usual case: a pipe read written as it arrives) skips writev's array handling.
        n = rest.length === 1 ? writeSync(this.fd, rest[0]!) : writevSync(this.fd, rest);
        if (n === 0) throw Object.assign(new Error('EIO: wrote 0 bytes'), { code: 'EIO' });
      } catch (err) {
        this.report(new LogFileError('could not write log file', this.path, err));
        return;
      }
      this.size += n;
      this.failing = false;
      rest = skipWritten(rest, n);
    }
  }

  private writeAsync(batch: Buffer[]): void {
    const fd = this.fd!;
    this.writing = true;
    this.inflightBytes = byteLength(batch);
    writev(fd, batch, (err, n) => {
      this.writing = false;
      this.inflightBytes = 0;
      if (this.pendingClose === fd) {
        this.pendingClose = null;
        closeQuietly(fd);
      }
      if (err) {
        if (err.code === 'EAGAIN' && fd === this.fd) {
          this.queue.unshift(...batch);
          this.queuedBytes += byteLength(batch);
          setTimeout(() => this.pump(), EAGAIN_RETRY_MS);
          return;
        }
        this.report(new LogFileError('could not write log file', this.path, err));
      } else {
        this.failing = false;
        const rest = skipWritten(batch, n);
        if (rest.length > 0 && fd === this.fd) {
          this.queue.unshift(...rest);
          this.queuedBytes += byteLength(rest);
        }
      }
      this.maybeDrain();
      this.pump();
    });
  }

  private rotate(): void {
    this.retireFd();
    try {
      if (this.gzip !== null) this.gzip.rotate();
      else rotateByName(this.path, this.backups);
    } catch (err) {
      this.report(new LogFileError('could not rotate log file', this.path, err));
    }
    this.openNow(true, true);
  }

  /** After a failed (re)open, try again at most once per second, so a recreated directory is picked up. */
  private retryOpen(): boolean {
    const now = Date.now();
    if (now - this.lastOpenAttempt < 1000) return false;
    this.openNow(true);
    return this.fd !== null;
  }

  /** Open the path; `truncate` re-creates it empty after rotation with backups=0. */
  private openNow(quiet: boolean, truncate = false): void {
    this.lastOpenAttempt = Date.now();
    try {
      this.fd = openSync(this.path, truncate ? OPEN_FLAGS | constants.O_TRUNC : OPEN_FLAGS, this.mode);
    } catch (err) {
      this.fd = null;
      const own = (err as NodeJS.ErrnoException).code === 'ENXIO' ? ownStdioFd(this.path) : null;
      if (own !== null) {
        // /dev/stdout on a socket (systemd's journal, Node's own stdio pipes) cannot be opened, only used.
        this.borrowed = own;
        this.adopt(own);
        return;
      }
      const e = new LogFileError('could not open log file', this.path, err);
      if (!quiet) throw e;
      this.report(e);
      return;
    }
    this.adopt(this.fd);
  }

  private adopt(fd: number): void {
    this.fd = fd;
    const st = fstatSync(fd);
    this.regular = st.isFile();
    this.size = this.regular ? st.size : 0;
  }

  /** Stop using the current fd; close it now, or after the write in flight on it completes. */
  private retireFd(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null || fd === this.borrowed) return;
    if (this.writing) this.pendingClose = fd;
    else closeQuietly(fd);
  }

  private report(err: LogFileError): void {
    if (this.failing) return;
    this.failing = true;
    this.onError?.(err);
  }

  private maybeDrain(): void {
    if (this.needDrain && this.queuedBytes + this.inflightBytes < HIGH_WATER / 2) {
      this.needDrain = false;
      this.emit('drain');
    }
  }

  private settle(): void {
    this.maybeDrain();
    if (this.writing || this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** fd 1 or 2 when `path` names the daemon's own stdout/stderr (`/dev/stdout`, `/dev/fd/2`, `/proc/self/fd/1`…). */
function ownStdioFd(path: string): number | null {
  const m = /^(?:\/dev\/(stdout|stderr)|\/dev\/fd\/([12])|\/proc\/self\/fd\/([12]))$/.exec(path);
  if (m === null) return null;
  if (m[1] !== undefined) return m[1] === 'stdout' ? 1 : 2;
  return Number(m[2] ?? m[3]);
}

function byteLength(bufs: Buffer[]): number {
  let n = 0;
  for (const b of bufs) n += b.length;
  return n;
}

/** The part of `bufs` not covered by the first `n` bytes (after a short write). */
function skipWritten(bufs: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (i < bufs.length && n >= bufs[i]!.length) n -= bufs[i++]!.length;
  if (i === bufs.length) return [];
  const rest = bufs.slice(i);
  if (n > 0) rest[0] = rest[0]!.subarray(n);
  return rest;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed or EIO on close: nothing useful to do for a log fd
  }
}

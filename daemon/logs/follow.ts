/**
 * followFile: `tail -f` of a log file by name, for /logtail and /mainlogtail (compat §6.5).
 *
 * Starts with the last `initialBytes` (1024 for logtail), then delivers bytes as they are appended. New
 * data is noticed through fs.watch (inotify: immediate) with a short stat poll as the fallback for what
 * inotify on the old inode cannot see (the path now naming another file). When the path's inode changes
 * (rotation, clear) the rest of the old file is delivered first, then the new file from its start. An
 * in-place truncation delivers `==> File truncated <==\n` and continues from the start (4.2.5 kills the
 * stream there).
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

export const TRUNCATED_LINE = '==> File truncated <==\n';

export type FollowEvent =
  /** The path names a new file (rotation/clear); following it from its start. */
  | { type: 'reopened' }
  /** The file shrank in place; TRUNCATED_LINE was delivered. */
  | { type: 'truncated' }
  /** The path does not exist (yet); waiting for it to appear. */
  | { type: 'missing' }
  /** An unexpected I/O error; following continues with the next poll. */
  | { type: 'error'; error: Error };

export interface FollowOptions {
  /** Bytes of existing content delivered first (default 1024, as /logtail). */
  initialBytes?: number;
  /** Fallback poll interval in ms (default 25). */
  pollMs?: number;
}

export interface Follower {
  /** Stop following and close the file. Idempotent; nothing is delivered after it returns. */
  stop(): void;
  /** Continue after onData returned false (back-pressure from the consumer). */
  resume(): void;
}

const READ_SIZE = 64 * 1024;

/**
 * Follow `path`. onData gets raw bytes (never decoded; a read may end inside a UTF-8 sequence — the HTTP
 * layer sends bytes); returning false pauses delivery until resume(). onEvent reports state changes.
 */
export function followFile(
  path: string,
  onData: (chunk: Buffer) => boolean | void,
  onEvent: (event: FollowEvent) => void = () => {},
  opts: FollowOptions = {},
): Follower {
  const initialBytes = opts.initialBytes ?? 1024;
  let fh: FileHandle | null = null;
  let ino = 0;
  let pos = 0;
  let opened = false; // a file was opened before: later files are read from their start
  let busy = false;
  let again = false;
  let paused = false;
  let stopped = false;
  let missingReported = false;
  let watcher: FSWatcher | null = null;

  const deliver = (chunk: Buffer): void => {
    if (stopped) return;
    if (onData(chunk) === false) paused = true;
  };

  const unwatch = (): void => {
    watcher?.close();
    watcher = null;
  };

  const rewatch = (): void => {
    unwatch();
    try {
      watcher = watch(path, { persistent: false }, () => kick());
      watcher.on('error', () => unwatch());
    } catch {
      watcher = null; // the poll still covers it
    }
  };

  const closeFile = async (): Promise<void> => {
    const h = fh;
    fh = null;
    await h?.close().catch(() => {});
  };

  /** Open the path; the first file starts initialBytes before its end, any later one at 0. */
  const openFile = async (): Promise<boolean> => {
    let h: FileHandle;
    try {
      h = await open(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (!missingReported) onEvent({ type: 'missing' });
      missingReported = true;
      return false;
    }
    if (stopped) {
      await h.close();
      return false;
    }
    const st = await h.stat();
    fh = h;
    ino = st.ino;
    pos = opened ? 0 : Math.max(0, st.size - initialBytes);
    if (opened) onEvent({ type: 'reopened' });
    opened = true;
    missingReported = false;
    rewatch();
    return true;
  };

  /** Deliver fh's bytes from pos to its current end (or until paused). */
  const readToEnd = async (h: FileHandle): Promise<void> => {
    const size = (await h.stat()).size;
    if (size < pos) {
      pos = 0;
      deliver(Buffer.from(TRUNCATED_LINE));
      onEvent({ type: 'truncated' });
    }
    while (pos < size && !paused && !stopped) {
      const buf = Buffer.allocUnsafe(Math.min(READ_SIZE, size - pos));
      const { bytesRead } = await h.read(buf, 0, buf.length, pos);
      if (bytesRead === 0 || stopped) break;
      pos += bytesRead;
      deliver(buf.subarray(0, bytesRead));
    }
  };

  /** True when the path now names another file (or nothing). */
  const replaced = async (): Promise<boolean> => {
    try {
      return (await stat(path)).ino !== ino;
    } catch {
      return true;
    }
  };

  const check = async (): Promise<void> => {
    if (fh === null && !(await openFile())) return;
    if (await replaced()) {
      // Finish the old file first: what was written before the rotation is not lost.
      await readToEnd(fh!);
      if (paused || stopped) return;
      await closeFile();
      if (!(await openFile())) return;
    }
    if (!stopped && fh !== null) await readToEnd(fh);
  };

  const kick = (): void => {
    if (stopped || paused) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    check()
      .catch((err: unknown) => {
        if (!stopped) onEvent({ type: 'error', error: err instanceof Error ? err : new Error(String(err)) });
      })
      .finally(() => {
        busy = false;
        if (stopped) void closeFile();
        else if (again) {
          again = false;
          kick();
        }
      });
  };

  const timer = setInterval(kick, opts.pollMs ?? 25);
  timer.unref();
  kick();

  return {
    stop(): void {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      unwatch();
      if (!busy) void closeFile();
    },
    resume(): void {
      if (!paused) return;
      paused = false;
      kick();
    },
  };
}

/**
 * Rotation with gzip-compressed backups (`*_logfile_compress = gzip`, README "Beyond Supervisor").
 * Supervisor's PRs for this were refused because compressing blocked its loop; here the rotation
 * itself stays a rename (synchronous, between two chunks, as today) and gzip runs in the thread pool:
 *
 *   rotate():  f → f.rotating.<pid>.<n>               (sync; the writer reopens f at once)
 *   worker:    f.rotating… → gzip → f.rotating….gz    (async, zlib in the thread pool, one at a time)
 *              then f.(k-1).gz → f.k.gz … f.1.gz → f.2.gz, f.rotating….gz → f.1.gz, unlink f.rotating…
 *
 * Numbered backups shift only when a compressed file is ready, so f.1.gz … f.N.gz are always
 * complete gzip files in order. A burst that rotates faster than gzip keeps up leaves several
 * pending files; beyond `backups` of them the oldest is deleted, as a plain rotation would have.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** The renames that make room for a new f.1.gz, oldest first (pure; tested). */
export function gzipShiftRenames(path: string, backups: number): Array<[from: string, to: string]> {
  const out: Array<[string, string]> = [];
  for (let i = backups - 1; i >= 1; i--) out.push([`${path}.${i}.gz`, `${path}.${i + 1}.gz`]);
  return out;
}

let sequence = 0;

/**
 * One queue per log path: a channel's log file is closed when its process stops and opened again at
 * the next spawn, while the previous file's backups may still be compressing; sharing the queue keeps
 * the backups in rotation order. One small object per log path for the daemon's life.
 */
const queues = new Map<string, GzipRotation>();

/** Resolves once every rotated file of every log is compressed into place (the daemon awaits it at exit). */
export async function allCompressed(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.idle()));
}

export class GzipRotation {
  private readonly pending: string[] = [];
  private running: Promise<void> | null = null;

  /** The queue of `path`, shared by every LogFile on it (the latest settings apply). */
  static for(path: string, backups: number, onError: (what: string, path: string, err: unknown) => void): GzipRotation {
    let q = queues.get(path);
    if (q === undefined) {
      q = new GzipRotation(path, backups, onError);
      queues.set(path, q);
    } else {
      q.backups = backups;
      q.onError = onError;
    }
    return q;
  }

  private constructor(
    private readonly path: string,
    private backups: number,
    private onError: (what: string, path: string, err: unknown) => void,
  ) {}

  /** Move the live file aside for compression (the caller reopens the path). Throws on a failed rename. */
  rotate(): void {
    const aside = `${this.path}.rotating.${process.pid}.${++sequence}`;
    try {
      renameSync(this.path, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // removed by someone else: nothing to keep
      throw err;
    }
    this.pending.push(aside);
    while (this.pending.length > this.backups) rmSync(this.pending.shift()!, { force: true });
    this.running ??= this.work();
  }

  /** Resolves once every rotated file is compressed into place. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async work(): Promise<void> {
    while (this.pending.length > 0) {
      const file = this.pending[0]!;
      const gz = `${file}.gz`;
      try {
        await pipeline(createReadStream(file), createGzip(), createWriteStream(gz));
        // Deleted meanwhile: a newer burst pushed it beyond `backups`.
        if (this.pending[0] === file) {
          for (const [from, to] of gzipShiftRenames(this.path, this.backups)) if (existsSync(from)) renameSync(from, to);
          renameSync(gz, `${this.path}.1.gz`);
          rmSync(file, { force: true });
        } else rmSync(gz, { force: true });
      } catch (err) {
        // The uncompressed file stays where it is: nothing is lost, the error is reported.
        this.onError('could not compress rotated log file', file, err);
        rmSync(gz, { force: true });
      }
      if (this.pending[0] === file) this.pending.shift();
    }
    this.running = null;
  }
}

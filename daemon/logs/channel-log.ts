/**
 * ChannelLog: the log of one process channel (stdout or stderr). It outlives restarts of the process:
 * the engine creates it once per channel and hands it to pipeOutput() on every start.
 */
import { EventEmitter } from 'node:events';
import { AnsiStripper } from './strip-ansi.ts';
import { LogFile, type LogFileError } from './log-file.ts';

export interface ChannelLogOptions {
  /** Log file path; null = `NONE` (output is read and dropped). */
  path: string | null;
  /** `*_logfile_maxbytes`: rotate at this size; 0 = never. */
  maxbytes: number;
  /** `*_logfile_backups`. */
  backups: number;
  /** `*_logfile_compress`: gzip rotated backups off the event loop. */
  compress?: 'gzip' | null;
  /** `strip_ansi` ([supervisord]): remove ANSI escapes before logging (§4.2). */
  stripAnsi: boolean;
  /** Mode for a newly created file (AUTO files are pre-created 0600 by autoLogPath). */
  mode?: number;
  /** A write/open/rotate failure, reported once per run of failures (log it; the child keeps running). */
  onError?: (err: LogFileError) => void;
}

export class ChannelLog extends EventEmitter<{ drain: [] }> {
  /** The file, or null for NONE. */
  readonly path: string | null;
  private readonly file: LogFile | null;
  private readonly stripper: AnsiStripper | null;

  /** Opens (creating) the file; throws LogFileError (one-line message naming the path) when it cannot. */
  constructor(opts: ChannelLogOptions) {
    super();
    this.path = opts.path;
    this.stripper = opts.stripAnsi ? new AnsiStripper() : null;
    this.file =
      opts.path === null
        ? null
        : new LogFile({
            path: opts.path,
            maxbytes: opts.maxbytes,
            backups: opts.backups,
            compress: opts.compress,
            mode: opts.mode,
            onError: opts.onError,
          });
    this.file?.on('drain', () => this.emit('drain'));
  }

  /** Apply strip_ansi (if enabled) to a chunk: what the log, the main log and PROCESS_LOG events see. */
  filter(chunk: Buffer): Buffer {
    return this.stripper === null ? chunk : this.stripper.strip(chunk);
  }

  /**
   * The pipe being filtered reached EOF: returns what strip_ansi still held (a lone ESC at the very end),
   * to be logged like any chunk, and resets the filter so the next run of the process starts clean.
   */
  filterEnd(): Buffer {
    return this.stripper === null ? Buffer.alloc(0) : this.stripper.end();
  }

  /** filter() then append(). Returns false when the source should pause until 'drain'. */
  write(chunk: Buffer): boolean {
    return this.append(this.filter(chunk));
  }

  /** Append an already filtered chunk as is (batched; see LogFile). Returns false above the high-water mark. */
  append(chunk: Buffer): boolean {
    return this.file === null ? true : this.file.write(chunk);
  }

  /** append() for a chunk valid only during this call (a reused read buffer): written at once or copied. */
  appendTransient(chunk: Buffer): boolean {
    return this.file === null ? true : this.file.writeTransient(chunk);
  }

  /** Resolves once everything appended so far is in the file (or was dropped after a reported error). */
  flushed(): Promise<void> {
    return this.file === null ? Promise.resolve() : this.file.idle();
  }

  /** SIGUSR2: close and reopen by name after writing what is queued (logrotate-style moves work). */
  reopen(): void {
    this.file?.reopen();
  }

  /** clearProcessLogs: delete the file and create it again (new inode). Backups are kept, as in Supervisor. */
  clear(): void {
    this.file?.clear();
  }

  /** Write everything queued, then close the file. Never truncates. */
  close(): Promise<void> {
    return this.file === null ? Promise.resolve() : this.file.close();
  }
}

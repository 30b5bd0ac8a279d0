/**
 * ActivityLog: supervisord's main log (`logfile`, `loglevel`, rotation; compat §4.1, §4.3).
 * Lines are `YYYY-MM-DD HH:MM:SS,mmm LEVL message\n` in local time. Messages logged before open() are
 * queued and written (level-filtered) when the log opens, as supervisord does with config-parse warnings.
 */
import { LEVELS, levelValue, type LevelName } from './levels.ts';
import { formatLogLine } from './line-format.ts';
import { LogFile } from './log-file.ts';
import { SyslogSink } from './syslog.ts';

export interface ActivityLogOptions {
  /** Log file; null = no file; `'syslog'` = send to syslog instead. */
  path: string | null;
  /** `logfile_maxbytes`; 0 = never rotate. */
  maxbytes: number;
  /** `logfile_backups`. */
  backups: number;
  /** `logfile_compress`: gzip rotated backups off the event loop. */
  compress?: 'gzip' | null;
  /** `loglevel`: messages below it are dropped. */
  level: LevelName | number;
  /** nodaemon and not silent: every line also goes to stdout. */
  echoToStdout: boolean;
  /** Called once per run of write failures (e.g. a full disk) with a one-line message. */
  onError?: (err: Error) => void;
}

const DEFAULTS: ActivityLogOptions = { path: null, maxbytes: 50 * 1024 * 1024, backups: 10, level: 'info', echoToStdout: false };

/** Bound on messages kept before open(), so a daemon that never opens its log cannot grow without limit. */
const MAX_QUEUED = 10_000;

interface Queued {
  date: Date;
  level: LevelName;
  message: string;
}

export class ActivityLog {
  private opts: ActivityLogOptions;
  private threshold: number;
  private file: LogFile | null = null;
  private syslog: SyslogSink | null = null;
  private isOpen = false;
  private queued: Queued[] = [];
  private echoGuarded = false;
  private closed = false;

  /** Nothing is opened yet: call open(). */
  constructor(opts: Partial<ActivityLogOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
    this.threshold = levelValue(this.opts.level);
  }

  /**
   * Open the target (options given here override the constructor's) and write the queued messages.
   * Throws an Error with a one-line message naming the file when it cannot be opened. Calling it again
   * (reload) switches to the new options and target.
   */
  open(opts: Partial<ActivityLogOptions> = {}): void {
    const merged = { ...this.opts, ...opts };
    const { path, maxbytes, backups, compress, onError } = merged;
    // Open the new target first: if it fails, the log keeps its current one (a reload with a bad path).
    const file = path !== null && path !== 'syslog' ? new LogFile({ path, maxbytes, backups, compress, onError }) : null;
    void this.file?.close(); // opened again (reload): the previous file is flushed and closed
    this.syslog?.close();
    this.opts = merged;
    this.threshold = levelValue(merged.level);
    this.file = file;
    this.syslog = path === 'syslog' ? new SyslogSink('supervisord', onError) : null;
    if (this.opts.echoToStdout && !this.echoGuarded) {
      // A closed stdout (`daemon -n | head`) must not crash the daemon: stop echoing, report once.
      this.echoGuarded = true;
      process.stdout.on('error', (err) => {
        if (!this.opts.echoToStdout) return;
        this.opts.echoToStdout = false;
        this.opts.onError?.(new Error(`cannot write the log to stdout: ${err.message}`));
      });
    }
    this.isOpen = true;
    const queued = this.queued;
    this.queued = [];
    for (const q of queued) this.emit(q.date, q.level, q.message);
  }

  /** Whether a message at `level` would be written (e.g. to skip formatting per-chunk debug output). */
  enabled(level: LevelName): boolean {
    return LEVELS[level].value >= this.threshold;
  }

  /** Change `loglevel` (reload). */
  setLevel(level: LevelName | number): void {
    this.opts.level = level;
    this.threshold = levelValue(level);
  }

  log(level: LevelName, message: string): void {
    const date = new Date();
    if (!this.isOpen) {
      if (this.queued.length < MAX_QUEUED) this.queued.push({ date, level, message });
      return;
    }
    this.emit(date, level, message);
  }

  critical(message: string): void {
    this.log('critical', message);
  }
  error(message: string): void {
    this.log('error', message);
  }
  warn(message: string): void {
    this.log('warn', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  debug(message: string): void {
    this.log('debug', message);
  }
  trace(message: string): void {
    this.log('trace', message);
  }
  blather(message: string): void {
    this.log('blather', message);
  }

  /** SIGUSR2: reopen the file by name (after writing what is queued). */
  reopen(): void {
    this.file?.reopen();
  }

  /** clearLog: delete the file and start a new one. */
  clear(): void {
    this.file?.clear();
  }

  /** The log file path, or null (none / syslog). */
  get path(): string | null {
    return this.opts.path === 'syslog' ? null : this.opts.path;
  }

  /** Write everything queued and close. Messages logged afterwards are dropped. */
  async close(): Promise<void> {
    this.isOpen = true;
    this.closed = true;
    this.syslog?.close();
    this.syslog = null;
    const f = this.file;
    this.file = null;
    await f?.close();
  }

  private emit(date: Date, level: LevelName, message: string): void {
    if (this.closed || LEVELS[level].value < this.threshold) return;
    const line = formatLogLine(date, LEVELS[level].token, message);
    if (this.file !== null) {
      this.file.write(Buffer.from(line));
      // The main log is low-volume and read right after events happen (tests, maintail): write it now.
      this.file.flush();
    }
    this.syslog?.send(line);
    if (this.opts.echoToStdout) process.stdout.write(line);
  }
}

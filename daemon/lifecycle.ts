/**
 * supervisord's life (compat §9): options and config, background or foreground, privileges and
 * rlimits, then incarnations — main log, AUTO log cleanup, servers, pidfile, groups and
 * autostart — until a shutdown; a reload (SIGHUP / `restart`) stops everything and starts a
 * new incarnation from the re-read config in the same process. Every exit path it can see
 * stops or kills the children first.
 */
import { resolve as resolvePath } from 'node:path';
import { ConfigError, defaultConfigPaths, findDefaultConfig, loadConfig, noConfigFoundMessage, parseSupervisordArgs, realWorld } from '../src/config/index.ts';
import type { Config } from '../src/config/types.ts';
import { errorText } from '../src/error-text.ts';
import { versionLine } from '../src/version.ts';
import { daemonize, reportFailure, reportReady, takeReadyFd } from './daemonize.ts';
import { ActivityLog } from './logs/activity-log.ts';
import { cleanupAutoLogs } from './logs/auto-logs.ts';
import { warmOutputPipes } from './logs/output-pipe.ts';
import { Pidfile } from './pidfile.ts';
import { dropPrivileges } from './privileges.ts';
import { budgetWarning, softNofile } from './descriptors.ts';
import { ensureRlimits, RlimitError } from './rlimits.ts';
import { Supervisor } from './supervisor.ts';
import { DAEMON_USAGE, usageErrorText } from './usage.ts';

/** What the rest of the daemon plugs into each incarnation. */
export interface DaemonHooks {
  /**
   * Open the HTTP servers for this incarnation (before any child starts). Throwing is a usage
   * error (exit 2), e.g. "Another program is already listening…". `notice` prints to stderr.
   */
  serve?(sv: Supervisor, config: Config, notice: (line: string) => void): Promise<{ close(): Promise<void> }>;
  /** Attach the events subsystem before the groups are created; returns its detach. */
  attach?(sv: Supervisor): () => void;
}

const ROOT_WARNING =
  'Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message.';

const EXIT_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/** A failure before the daemon serves: on the terminal, or reported to the waiting parent. */
class StartupFailure extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(text);
  }
}

function usageFailure(message: string): StartupFailure {
  return new StartupFailure(2, usageErrorText(message));
}

export async function runDaemon(args: string[], hooks: DaemonHooks = {}): Promise<number> {
  const readyFd = takeReadyFd();
  try {
    return await run(args, hooks, readyFd);
  } catch (err) {
    if (!(err instanceof StartupFailure)) throw err;
    if (readyFd !== null) reportFailure(readyFd, err.status, err.text);
    else process.stderr.write(err.text);
    return err.status;
  }
}

async function run(args: string[], hooks: DaemonHooks, readyFd: number | null): Promise<number> {
  let parsed;
  try {
    parsed = parseSupervisordArgs(args, realWorld);
  } catch (err) {
    if (err instanceof ConfigError) throw usageFailure(err.message);
    throw err;
  }
  if (parsed.action === 'help') {
    process.stdout.write(DAEMON_USAGE);
    return 0;
  }
  if (parsed.action === 'version') {
    process.stdout.write(`${versionLine()}\n`);
    return 0;
  }
  const found = parsed.configfile ?? findDefaultConfig();
  if (found === null) throw usageFailure(noConfigFoundMessage(defaultConfigPaths()));
  // Absolute: a background daemon may chdir before a reload reads it again.
  const configPath = resolvePath(found);
  const overrides = parsed.overrides;
  const readConfig = (): Config => loadConfig(configPath, { overrides });
  let config: Config;
  try {
    config = readConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw usageFailure(err.message);
    throw err;
  }

  if (!config.supervisord.nodaemon && readyFd === null) return daemonize();

  const first = startupChecks(config);
  if (readyFd !== null) {
    // The background child: what supervisord's daemonize() does after fork.
    process.umask(config.supervisord.umask);
    const dir = config.supervisord.directory;
    if (dir !== null) {
      first.daemonizing.push({ level: 'info', message: 'daemonizing the supervisord process' });
      try {
        process.chdir(dir);
        first.daemonizing.push({ level: 'info', message: `set current directory: '${dir}'` });
      } catch (err) {
        first.daemonizing.push({ level: 'critical', message: `can't chdir into '${dir}': ${errorText(err)}` });
      }
    } else {
      first.daemonizing.push({ level: 'info', message: 'daemonizing the supervisord process' });
    }
  }
  return new Daemon(config, readConfig, hooks, readyFd, first).run();
}

interface StartupNotes {
  criticals: string[];
  infos: string[];
  /** Logged once the servers are open, where supervisord daemonizes. */
  daemonizing: { level: 'info' | 'critical'; message: string }[];
}

/** Privileges and rlimits, once, before anything is opened. Throws StartupFailure. */
function startupChecks(config: Config): StartupNotes {
  const notes: StartupNotes = { criticals: [], infos: [], daemonizing: [] };
  const uid = config.supervisord.uid;
  if (uid !== null) {
    const err = dropPrivileges(uid);
    if (err !== null) throw usageFailure(err);
    notes.infos.push(`Set uid to user ${uid} succeeded`);
  } else if (process.getuid?.() === 0) {
    notes.criticals.push(ROOT_WARNING);
  }
  try {
    notes.infos.push(...ensureRlimits(config.supervisord.minfds, config.supervisord.minprocs));
  } catch (err) {
    if (err instanceof RlimitError) throw usageFailure(err.message);
    throw err;
  }
  return notes;
}

/** The running daemon across incarnations. */
class Daemon {
  private sv: Supervisor | null = null;
  private log: ActivityLog | null = null;
  private pendingSignal: 'shutdown' | null = null;
  private crashing = false;
  private pidfile: Pidfile;

  constructor(
    private config: Config,
    private readonly readConfig: () => Config,
    private readonly hooks: DaemonHooks,
    private readyFd: number | null,
    private readonly firstNotes: StartupNotes,
  ) {
    this.pidfile = new Pidfile(config.supervisord.pidfile);
  }

  async run(): Promise<number> {
    // A closed terminal or pipe on the copy of the main log must not take the daemon down.
    process.stdout.on('error', () => {});
    this.installSignalHandlers();
    this.installCrashGuards();
    // Nothing else may be keeping the event loop alive (no servers, every program FATAL).
    const keepAlive = setInterval(() => {}, 2 ** 30);
    try {
      let notes: StartupNotes | null = this.firstNotes;
      for (;;) {
        const outcome = await this.incarnation(notes);
        notes = null;
        if (outcome === 'shutdown' || this.pendingSignal === 'shutdown') break;
        this.reread();
      }
    } finally {
      clearInterval(keepAlive);
      this.pidfile.remove();
    }
    await this.log?.close();
    return 0;
  }

  /** One config's lifetime: open everything, run until the stop sequence is over, close everything. */
  private async incarnation(notes: StartupNotes | null): Promise<'shutdown' | 'restart'> {
    const config = this.config;
    const sv = config.supervisord;
    if (sv.pidfile !== this.pidfile.path) {
      this.pidfile.remove();
      this.pidfile = new Pidfile(sv.pidfile);
    }
    const log = new ActivityLog({
      path: sv.logfile,
      maxbytes: sv.logfile_maxbytes,
      backups: sv.logfile_backups,
      level: sv.loglevel,
      echoToStdout: sv.nodaemon && !sv.silent,
      onError: (err) => {
        if (sv.nodaemon) process.stderr.write(`supervisord log: ${err.message}\n`);
      },
    });
    try {
      log.open();
    } catch (err) {
      throw usageFailure(errorText(err));
    }
    const previousLog = this.log;
    this.log = log;
    await previousLog?.close();
    for (const m of notes?.criticals ?? []) log.critical(m);
    for (const m of config.warnings) log.warn(m);
    for (const m of config.infos) log.info(m);
    for (const m of notes?.infos ?? []) log.info(m);
    const autostarts = config.groups.reduce((n, g) => n + g.processes.filter((p) => p.autostart).length, 0);
    const budget = budgetWarning(softNofile(), autostarts);
    if (budget !== null) log.warn(budget);

    warmOutputPipes(); // children's pipes are made ahead, so the first spawns do not wait on mkfifo
    const supervisor = new Supervisor({ config, log, readConfig: this.readConfig });
    const detach = this.hooks.attach?.(supervisor) ?? (() => {});
    let servers: { close(): Promise<void> } | null = null;
    try {
      servers = (await this.hooks.serve?.(supervisor, config, (line) => process.stderr.write(`${line}\n`))) ?? null;
    } catch (err) {
      detach();
      await log.close();
      this.log = null;
      throw usageFailure(errorText(err));
    }
    for (const d of notes?.daemonizing ?? []) log.log(d.level, d.message);
    // After binding, unlike supervisord: a second daemon refused on the same socket must not delete the first one's logs.
    if (!sv.nocleanup) {
      for (const w of cleanupAutoLogs(sv.childlogdir, sv.identifier).warnings) log.warn(w);
    }
    this.sv = supervisor;
    if (this.readyFd !== null) {
      const fd = this.readyFd;
      this.readyFd = null;
      this.writePidfile(log);
      reportReady(fd);
    } else {
      this.writePidfile(log);
    }
    supervisor.start();
    if (this.pendingSignal === 'shutdown') supervisor.shutdown();
    const outcome = await supervisor.whenStopped();
    // Between incarnations an exit signal is remembered rather than sent to a finished engine.
    this.sv = null;
    await servers?.close();
    detach();
    await supervisor.close();
    return outcome;
  }

  private writePidfile(log: ActivityLog): void {
    const err = this.pidfile.write();
    if (err !== null) log.critical(err);
    else log.info(`supervisord started with pid ${process.pid}`);
  }

  /** After a reload's stop phase: the new config, or the old one with an error line if it no longer reads. */
  private reread(): void {
    try {
      this.config = this.readConfig();
    } catch (err) {
      this.log?.error(`could not reload the configuration, keeping the previous one: ${errorText(err)}`);
    }
  }

  private installSignalHandlers(): void {
    for (const sig of EXIT_SIGNALS) {
      process.on(sig, () => {
        this.log?.warn(`received ${sig} indicating exit request`);
        if (this.sv === null) this.pendingSignal = 'shutdown';
        else this.sv.shutdown();
      });
    }
    process.on('SIGHUP', () => {
      const sv = this.sv;
      if (sv === null || sv.mood === 'SHUTDOWN') {
        this.log?.warn('ignored SIGHUP indicating restart request (shutdown in progress)');
        return;
      }
      this.log?.warn('received SIGHUP indicating restart request');
      sv.restart();
    });
    process.on('SIGUSR2', () => {
      this.log?.info('received SIGUSR2 indicating log reopen request');
      this.log?.info('supervisord logreopen');
      this.sv?.reopenLogs();
    });
  }

  /**
   * An uncaught exception or unhandled rejection: log it, stop the children in order (SIGKILL
   * whatever is left after the longest stopwaitsecs), exit 1. A second one kills at once.
   * On any exit, children still alive are SIGKILLed with their process groups.
   */
  private installCrashGuards(): void {
    const onCrash = (err: unknown): void => {
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      const sv = this.sv;
      if (this.crashing || sv === null) {
        sv?.killAllNow();
        this.pidfile.remove();
        process.stderr.write(`supervisord crashed: ${text}\n`);
        process.exit(1);
      }
      this.crashing = true;
      this.log?.critical(`uncaught exception, stopping all processes before exiting: ${text}`);
      const grace = Math.max(0, ...sv.allProcesses('priority').map((p) => p.config.stopwaitsecs)) + 2;
      const force = setTimeout(() => {
        sv.killAllNow();
        this.pidfile.remove();
        process.exit(1);
      }, grace * 1000);
      sv.shutdown();
      void sv.whenStopped().then(() => {
        clearTimeout(force);
        this.pidfile.remove();
        process.exit(1);
      });
    };
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    process.on('exit', () => {
      this.sv?.killAllNow();
      this.pidfile.remove();
    });
  }
}

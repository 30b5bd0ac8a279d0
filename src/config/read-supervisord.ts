/** The [supervisord] section, read in Supervisor's order (the first bad key is the one reported). */
import { saneget, type ReadContext } from './context.ts';
import { ConfigError } from './errors.ts';
import { expand } from './expand.ts';
import { inSection, readMetricsKey } from './read-health.ts';
import { existingDirectory, existingDirpath } from './system-values.ts';
import type { LogLevelName } from './types.ts';
import { logCompression, type LogCompression } from './read-policy.ts';
import { boolean, byteSize, dictOfKeyValuePairs, integer, loggingLevel, octalType } from './values.ts';

/** [supervisord] values as the file gives them (logfile/pidfile not yet made absolute). */
export interface SupervisordFileValues {
  minfds: number;
  minprocs: number;
  directory: string | null;
  user: string | null;
  umask: number;
  logfile: string;
  logfile_maxbytes: number;
  logfile_backups: number;
  loglevel: LogLevelName;
  pidfile: string;
  identifier: string;
  nodaemon: boolean;
  silent: boolean;
  childlogdir: string;
  nocleanup: boolean;
  strip_ansi: boolean;
  environment: Record<string, string>;
  metrics: boolean;
  logfile_compress: LogCompression;
}

/** A key beyond 4.2.5: its error names the section, file and line (4.2.5's own [supervisord] errors do not). */
function supervisordKey<T>(ctx: ReadContext, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw inSection(ctx, 'supervisord', err);
  }
}

export function readSupervisordSection(ctx: ReadContext): SupervisordFileValues {
  const get = <D>(opt: string, dflt: D): string | D => saneget(ctx, 'supervisord', opt, dflt, { here: ctx.here });
  const world = ctx.world;
  const minfds = integer(get('minfds', 1024));
  const minprocs = integer(get('minprocs', 200));
  const directoryRaw = get('directory', null);
  const directory = directoryRaw === null ? null : existingDirectory(directoryRaw, world);
  const user = get('user', null);
  const umask = octalType(get('umask', '022'));
  const logfile = existingDirpath(get('logfile', 'supervisord.log'), world);
  const logfileMaxbytes = byteSize(get('logfile_maxbytes', '50MB'));
  const logfileBackups = integer(get('logfile_backups', 10));
  const logfileCompressRaw = get('logfile_compress', null);
  const logfileCompress = logfileCompressRaw === null ? null : supervisordKey(ctx, () => logCompression('logfile_compress', logfileCompressRaw));
  const loglevel = loggingLevel(get('loglevel', 'info'));
  const pidfile = existingDirpath(get('pidfile', 'supervisord.pid'), world);
  const identifier = get('identifier', 'supervisor');
  const nodaemon = boolean(get('nodaemon', 'false'));
  const silent = boolean(get('silent', 'false'));
  const childlogdir = existingDirectory(get('childlogdir', world.tempdir()), world);
  const nocleanup = boolean(get('nocleanup', 'false'));
  const stripAnsi = boolean(get('strip_ansi', 'false'));
  // Expanded twice, the second time with host_node_name too (compat §1.4).
  const environmentStr = expand(
    get('environment', ''),
    { here: ctx.here, host_node_name: world.hostname(), ...ctx.environ },
    'environment',
  );
  const environment = dictOfKeyValuePairs(environmentStr);
  for (const [k, v] of Object.entries(environment)) ctx.environ[`ENV_${k}`] = v;
  const metrics = supervisordKey(ctx, () => readMetricsKey((key) => get(key, null)));
  return {
    minfds,
    minprocs,
    directory,
    user,
    umask,
    logfile,
    logfile_maxbytes: logfileMaxbytes,
    logfile_backups: logfileBackups,
    loglevel,
    pidfile,
    identifier,
    nodaemon,
    silent,
    childlogdir,
    nocleanup,
    strip_ansi: stripAnsi,
    environment,
    logfile_compress: logfileCompress,
    metrics,
  };
}

/**
 * Reading a whole config as supervisord does (`ServerOptions.realize` → `read_config`): the main
 * file, [include]d files with their own %(here)s, [supervisord], plugins, groups, servers, then
 * command-line overrides and the `user` check; plus [supervisorctl] as supervisorctl reads it.
 */
import type { ReadContext } from './context.ts';
import { ConfigError } from './errors.ts';
import { expand } from './expand.ts';
import { IniParser } from './ini.ts';
import { validateOverrides, type SupervisordOverrides } from './overrides.ts';
import { abspath, dirname, join, normalizePath } from '../py/path.ts';
import { pyCompare, pySplit } from '../py/python.ts';
import { envExpansions, readConfigText, readCtlSection } from './read-ctl.ts';
import { readGroups } from './read-groups.ts';
import { readPlugins } from './read-plugins.ts';
import { fallbackServerUrl, readServers } from './read-servers.ts';
import { readSupervisordSection, type SupervisordFileValues } from './read-supervisord.ts';
import { existingDirectory, existingDirpath, nameToUid } from './system-values.ts';
import type { Config, GroupConfig, SupervisordSection, SupervisorctlSection } from './types.ts';
import { byteSize, integer, loggingLevel, octalType } from './values.ts';
import { realWorld } from './real-world.ts';
import type { World } from './world.ts';

export interface LoadOptions {
  /** The machine to ask; the real one by default. */
  readonly world?: World;
  /** supervisord command-line options; they win over the file. */
  readonly overrides?: SupervisordOverrides;
  /** Read as supervisorctl does: [supervisorctl] required, [supervisord] and programs not read. */
  readonly forCtl?: boolean;
}

/** Reads the config at `path`. Throws ConfigError with the text supervisord (or supervisorctl) prints after `Error: `. */
export function loadConfig(path: string, opts: LoadOptions = {}): Config {
  const world = opts.world ?? realWorld;
  if (opts.forCtl) return loadForCtl(path, world);
  const overrides = opts.overrides ?? {};
  validateOverrides(overrides, world);

  const here = abspath(dirname(path), world.cwd());
  const parser = new IniParser();
  parser.read(readConfigText(path, world), path);
  const ctx: ReadContext = { parser, world, here, configfile: path, environ: envExpansions(world), warnings: [], infos: [] };
  if (parser.hasSection('include')) readIncludes(ctx, path);
  if (!parser.hasSection('supervisord')) throw new ConfigError('.ini file does not include supervisord section');

  const fileValues = readSupervisordSection(ctx);
  const rpcinterfaces = readPlugins(ctx, 'supervisor.rpcinterface_factory', 'rpcinterface:');
  const groups = withSupervisordEnvironment(readGroups(ctx), fileValues.environment);
  const httpServers = readServers(ctx);
  const supervisord = realizeSupervisord(fileValues, overrides, world);
  return {
    configfile: path,
    has_supervisord: true,
    supervisord,
    serverurl: fallbackServerUrl(httpServers),
    http_servers: httpServers,
    rpcinterfaces,
    groups,
    warnings: ctx.warnings,
    infos: ctx.infos,
    supervisorctl: ctlSectionOrNull(path, world),
  };
}

function readIncludes(ctx: ReadContext, path: string): void {
  const { parser, world } = ctx;
  parser.expandHere(ctx.here);
  const raw = parser.get('include', 'files');
  if (raw === undefined) throw new ConfigError('.ini file has [include] section, but no files setting');
  const files = expand(raw, { here: ctx.here, host_node_name: world.hostname(), ...ctx.environ }, 'include.files');
  const base = dirname(abspath(path, world.cwd()));
  for (const pattern of pySplit(files).map((p) => join(base, p))) {
    const matches = world.glob(pattern).sort(pyCompare);
    if (matches.length === 0) {
      ctx.warnings.push(`No file matches via include "${pattern}"`);
      continue;
    }
    for (const filename of matches) {
      ctx.infos.push(`Included extra file "${filename}" during parsing`);
      let text: string | null = null;
      try {
        text = world.readFile(filename);
      } catch {
        // RawConfigParser.read skips files it cannot open (a directory, say).
      }
      if (text !== null) parser.read(text, filename, true);
      parser.expandHere(abspath(dirname(filename), world.cwd()));
    }
  }
}

/** [supervisord] environment under each process's own (the process's keys win). */
function withSupervisordEnvironment(groups: GroupConfig[], environment: Readonly<Record<string, string>>): GroupConfig[] {
  return groups.map((g) => ({
    ...g,
    processes: g.processes.map((p) => ({ ...p, environment: { ...environment, ...p.environment } })),
  }));
}

/** Command line over file, then `realize`: the user must resolve, logfile/pidfile made absolute. */
function realizeSupervisord(file: SupervisordFileValues, o: SupervisordOverrides, world: World): SupervisordSection {
  const user = o.user ?? file.user;
  const uid = user === null ? null : nameToUid(user, world);
  const logfile = o.logfile !== undefined ? existingDirpath(o.logfile, world) : file.logfile;
  const pidfile = o.pidfile !== undefined ? existingDirpath(o.pidfile, world) : file.pidfile;
  return {
    logfile: logfile === 'syslog' ? logfile : normalizePath(logfile, world),
    logfile_maxbytes: o.logfile_maxbytes !== undefined ? byteSize(o.logfile_maxbytes) : file.logfile_maxbytes,
    logfile_backups: o.logfile_backups !== undefined ? integer(o.logfile_backups) : file.logfile_backups,
    loglevel: o.loglevel !== undefined ? loggingLevel(o.loglevel) : file.loglevel,
    pidfile: normalizePath(pidfile, world),
    nodaemon: o.nodaemon ?? file.nodaemon,
    silent: o.silent ?? file.silent,
    nocleanup: o.nocleanup ?? file.nocleanup,
    strip_ansi: o.strip_ansi ?? file.strip_ansi,
    minfds: o.minfds !== undefined ? integer(o.minfds) : file.minfds,
    minprocs: o.minprocs !== undefined ? integer(o.minprocs) : file.minprocs,
    umask: o.umask !== undefined ? octalType(o.umask) : file.umask,
    user,
    uid,
    directory: o.directory !== undefined ? existingDirectory(o.directory, world) : file.directory,
    identifier: o.identifier ?? file.identifier,
    childlogdir: o.childlogdir !== undefined ? existingDirectory(o.childlogdir, world) : file.childlogdir,
    environment: file.environment,
  };
}

/** supervisorctl's view of the main file; null when it has no usable [supervisorctl]. */
function ctlSectionOrNull(path: string, world: World): SupervisorctlSection | null {
  try {
    return readCtlSection(path, world).supervisorctl;
  } catch (err) {
    if (err instanceof ConfigError) return null;
    throw err;
  }
}

/** supervisord's defaults, for a Config read by supervisorctl (which never reads [supervisord]). */
function defaultSupervisord(world: World): SupervisordSection {
  return {
    logfile: normalizePath('supervisord.log', world),
    logfile_maxbytes: 50 * 1024 * 1024,
    logfile_backups: 10,
    loglevel: 'info',
    pidfile: normalizePath('supervisord.pid', world),
    nodaemon: false,
    silent: false,
    nocleanup: false,
    strip_ansi: false,
    minfds: 1024,
    minprocs: 200,
    umask: 0o22,
    user: null,
    uid: null,
    directory: null,
    identifier: 'supervisor',
    childlogdir: world.tempdir(),
    environment: {},
  };
}

function loadForCtl(path: string, world: World): Config {
  const { supervisorctl, hasSupervisord } = readCtlSection(path, world);
  return {
    configfile: path,
    has_supervisord: hasSupervisord,
    supervisord: defaultSupervisord(world),
    serverurl: null,
    http_servers: [],
    rpcinterfaces: [],
    groups: [],
    warnings: [],
    infos: [],
    supervisorctl,
  };
}


/**
 * One program-like section ([program:x], [eventlistener:x], [fcgi-program:x]) → its processes,
 * following Supervisor's `processes_from_section` step by step: the order values are read in
 * decides which error wins, and which `%(name)s` names each key can see (compat §1.4).
 */
import { saneget, type ReadContext } from './context.ts';
import { ConfigError } from './errors.ts';
import { expand } from './expand.ts';
import type { ExpansionValue } from '../py/format.ts';
import { pyCompare, pyStrip } from '../py/python.ts';
import { inSection, readHealthKeys } from './read-health.ts';
import { AUTOMATIC, logfileName, nameToUid, SYSLOG, type LogfileValue } from './system-values.ts';
import type { ProcessConfig } from './types.ts';
import { readProgramPolicy } from './read-policy.ts';
import { autoRestart, boolean, byteSize, dictOfKeyValuePairs, integer, listOfExitcodes, octalType, processOrGroupName } from './values.ts';
import { errorText } from '../error-text.ts';
import { parseSignal } from '../protocol/signals.ts';

export function sortByPriorityAndName<T extends { priority: number; name: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.priority !== b.priority ? a.priority - b.priority : pyCompare(a.name, b.name)));
}

/** The file a section came from, as Supervisor names it in errors. */
function sectionFile(ctx: ReadContext, section: string): string {
  return ctx.parser.sectionToFile.get(section) ?? ctx.configfile;
}

/** Processes of a program-like section; errors get Supervisor's "in section ... (file: ...)" suffix. */
export function processesFromSection(ctx: ReadContext, section: string, groupName: string): ProcessConfig[] {
  try {
    return readProcesses(ctx, section, groupName);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw inSection(ctx, section, err);
  }
}

function stopSignal(value: string): string {
  try {
    return parseSignal(value).name;
  } catch (err) {
    throw new ConfigError(errorText(err));
  }
}

function readProcesses(ctx: ReadContext, section: string, groupName: string): ProcessConfig[] {
  const programName = processOrGroupName(section.slice(section.indexOf(':') + 1));
  // Supervisor mutates this one dict: from the first process on it also holds process_num,
  // numprocs, every ENV_* and the program's own environment, and keys read later see them.
  const common: Record<string, ExpansionValue> = {
    here: ctx.here,
    program_name: programName,
    host_node_name: ctx.world.hostname(),
    group_name: groupName,
  };
  const get = <D>(opt: string, dflt: D, doExpand = true): string | D => saneget(ctx, section, opt, dflt, common, doExpand);

  const priority = integer(get('priority', 999));
  const autostart = boolean(get('autostart', 'true'));
  const autorestart = autoRestart(get('autorestart', 'unexpected'));
  const startsecs = integer(get('startsecs', 1));
  const startretries = integer(get('startretries', 3));
  const stopsignal = stopSignal(get('stopsignal', 'TERM'));
  const stopwaitsecs = integer(get('stopwaitsecs', 10));
  const stopasgroup = boolean(get('stopasgroup', 'false'));
  const killasgroup = boolean(get('killasgroup', stopasgroup));
  const exitcodes = listOfExitcodes(get('exitcodes', '0'));
  const redirectStderr = boolean(get('redirect_stderr', 'false'));
  const numprocs = integer(get('numprocs', 1));
  const numprocsStart = integer(get('numprocs_start', 0));
  const environmentStr = get('environment', '', false);
  const stdoutCaptureMaxbytes = byteSize(get('stdout_capture_maxbytes', '0'));
  const stdoutEvents = boolean(get('stdout_events_enabled', 'false'));
  const stderrCaptureMaxbytes = byteSize(get('stderr_capture_maxbytes', '0'));
  const stderrEvents = boolean(get('stderr_events_enabled', 'false'));
  let serverurl = get('serverurl', null);
  if (serverurl && pyStrip(serverurl).toUpperCase() === 'AUTO') serverurl = null;
  const user = get('user', null);
  const uid = user === null ? null : nameToUid(user, ctx.world);
  const umaskRaw = get('umask', null);
  const umask = umaskRaw === null ? null : octalType(umaskRaw);
  const processName = processOrGroupName(get('process_name', '%(program_name)s', false));
  if (numprocs > 1 && !processName.includes('%(process_num)')) {
    throw new ConfigError('%(process_num) must be present within process_name when numprocs > 1');
  }
  if (stopasgroup && !killasgroup) throw new ConfigError('Cannot set stopasgroup=true and killasgroup=false');
  const policy = readProgramPolicy((key) => get(key, null), ctx.here);

  const processes: ProcessConfig[] = [];
  for (let processNum = numprocsStart; processNum < numprocs + numprocsStart; processNum++) {
    Object.assign(common, { process_num: processNum, numprocs }, ctx.environ);
    const environment = dictOfKeyValuePairs(expand(environmentStr, common, 'environment'));
    for (const [k, v] of Object.entries(environment)) common[`ENV_${k}`] = v;
    const directory = get('directory', null);

    const logs = { stdout: readLog('stdout'), stderr: readLog('stderr') };
    if (redirectStderr) {
      if (logs.stderr.logfile !== AUTOMATIC && logs.stderr.logfile !== null) {
        ctx.warnings.push(
          `For [${section}], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored`,
        );
      }
      logs.stderr.logfile = null;
    }

    const command = get('command', null);
    if (command === null) throw new ConfigError(`program section ${section} does not specify a command`);
    // Our keys: a wrong value throws; a key with nothing to act on warns, once per section.
    const healthWarnings: string[] = [];
    const health = readHealthKeys(ctx, section, (key) => get(key, null), healthWarnings);
    if (processNum === numprocsStart) ctx.warnings.push(...healthWarnings);

    const proc: ProcessConfig = {
      name: expand(processName, common, 'process_name'),
      program_name: programName,
      process_num: processNum,
      section,
      file: sectionFile(ctx, section),
      command,
      priority,
      autostart,
      autorestart,
      startsecs,
      startretries,
      exitcodes,
      stopsignal,
      stopwaitsecs,
      stopasgroup,
      killasgroup,
      uid,
      user: uid === null ? null : (ctx.world.userByUid(uid)?.name ?? null),
      directory,
      umask,
      environment,
      redirect_stderr: redirectStderr,
      stdout_logfile: logfileText(logs.stdout.logfile),
      stdout_logfile_maxbytes: logs.stdout.maxbytes,
      stdout_logfile_backups: logs.stdout.backups,
      stdout_capture_maxbytes: stdoutCaptureMaxbytes,
      stdout_events_enabled: stdoutEvents,
      stdout_syslog: logs.stdout.syslog,
      stderr_logfile: logfileText(logs.stderr.logfile),
      stderr_logfile_maxbytes: logs.stderr.maxbytes,
      stderr_logfile_backups: logs.stderr.backups,
      stderr_capture_maxbytes: stderrCaptureMaxbytes,
      stderr_events_enabled: stderrEvents,
      stderr_syslog: logs.stderr.syslog,
      serverurl,
      ...policy,
      depends_on: health.depends_on,
      healthcheck: health.healthcheck,
    };
    processes.push(proc);
  }
  return sortByPriorityAndName(processes);

  function readLog(channel: 'stdout' | 'stderr'): { logfile: LogfileValue; backups: number; maxbytes: number; syslog: boolean } {
    const lfKey = `${channel}_logfile`;
    const raw = get<typeof AUTOMATIC>(lfKey, AUTOMATIC);
    // The value was expanded by get(); Supervisor expands it a second time.
    let logfile = logfileName(raw === AUTOMATIC ? raw : expand(raw, common, lfKey), ctx.world);
    const backups = integer(get(`${channel}_logfile_backups`, 10));
    const maxbytes = byteSize(get(`${channel}_logfile_maxbytes`, '50MB'));
    let syslog = boolean(get(`${channel}_syslog`, false));
    if (logfile === SYSLOG) {
      ctx.warnings.push(
        `For [${section}], ${lfKey}=syslog but this is deprecated and will be removed.  Use ${channel}_syslog=true to enable syslog instead.`,
      );
      logfile = null;
      syslog = true;
    }
    if (logfile === AUTOMATIC && !maxbytes) {
      ctx.warnings.push(
        `For [${section}], AUTO logging used for ${lfKey} without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally`,
      );
    }
    return { logfile, backups, maxbytes, syslog };
  }
}

function logfileText(value: LogfileValue): string | null {
  if (value === AUTOMATIC) return 'AUTO';
  if (value === SYSLOG) return null;
  return value;
}


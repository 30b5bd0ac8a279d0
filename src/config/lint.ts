/**
 * What `supervisor-tui check` warns about that Supervisor silently ignores: keys no section
 * type reads and section types it does not know, one line each with file and line and the
 * nearest known name (`autorestrat` → `autorestart`, `[progam:x]` → `[program:x]`).
 * Pure over a parsed IniParser.
 */
import type { IniParser } from './ini.ts';

const CHANNEL_KEYS = ['logfile', 'logfile_maxbytes', 'logfile_backups', 'capture_maxbytes', 'events_enabled', 'syslog'];

/** Keys Supervisor 4.2.5 reads in a [program:x], plus ours (this helper's and the policy keys of README "Beyond Supervisor"). */
const PROGRAM_KEYS = [
  'command', 'process_name', 'numprocs', 'numprocs_start', 'priority', 'autostart', 'autorestart', 'startsecs',
  'startretries', 'exitcodes', 'stopsignal', 'stopwaitsecs', 'stopasgroup', 'killasgroup', 'user', 'directory', 'umask',
  'environment', 'redirect_stderr', 'serverurl',
  ...CHANNEL_KEYS.flatMap((k) => [`stdout_${k}`, `stderr_${k}`]),
  // ours
  'depends_on', 'healthcheck', 'healthcheck_interval', 'healthcheck_timeout', 'healthcheck_retries', 'healthcheck_start_period',
  'healthcheck_action', 'backoff_max', 'backoff_factor', 'restart_delay_max', 'memory_limit', 'memory_limit_interval', 'env_file',
  'stdout_logfile_compress', 'stderr_logfile_compress', 'essential',
];

const SECTION_KEYS: Readonly<Record<string, readonly string[] | null>> = {
  supervisord: [
    'logfile', 'logfile_maxbytes', 'logfile_backups', 'loglevel', 'pidfile', 'umask', 'nodaemon', 'silent', 'minfds', 'minprocs',
    'nocleanup', 'childlogdir', 'user', 'directory', 'strip_ansi', 'environment', 'identifier',
    // ours
    'metrics', 'logfile_compress',
  ],
  supervisorctl: ['serverurl', 'username', 'password', 'prompt', 'history_file'],
  unix_http_server: ['file', 'chmod', 'chown', 'username', 'password'],
  inet_http_server: ['port', 'username', 'password'],
  include: ['files'],
  'program:': PROGRAM_KEYS,
  'eventlistener:': [...PROGRAM_KEYS, 'buffer_size', 'events', 'result_handler'],
  'fcgi-program:': [...PROGRAM_KEYS, 'socket', 'socket_backlog', 'socket_owner', 'socket_mode'],
  'group:': ['programs', 'priority'],
  // Factories take arbitrary keyword arguments: any key is fine.
  'rpcinterface:': null,
  'ctlplugin:': null,
};

const SECTION_TYPES = Object.keys(SECTION_KEYS);

/** Levenshtein distance (names are short). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate within a typo's reach (a third of the name, at least 2 edits), or null. */
export function nearest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** The section type a name belongs to (`program:x` → `program:`), or null when Supervisor knows no such type. */
export function sectionType(section: string): string | null {
  const colon = section.indexOf(':');
  const type = colon === -1 ? section : section.slice(0, colon + 1);
  return Object.hasOwn(SECTION_KEYS, type) ? type : null;
}

function suggestSection(section: string): string | null {
  const colon = section.indexOf(':');
  if (colon === -1) return nearest(section, SECTION_TYPES.filter((t) => !t.endsWith(':')));
  const type = nearest(section.slice(0, colon + 1), SECTION_TYPES.filter((t) => t.endsWith(':')));
  return type === null ? null : `${type}${section.slice(colon + 1)}`;
}

/** One warning per unknown section and per unknown key of a known section, in file order. */
export function lintParsedConfig(parser: IniParser, mainFile: string): string[] {
  const out: string[] = [];
  for (const section of parser.sections()) {
    const file = parser.sectionToFile.get(section) ?? mainFile;
    const at = (line: number): string => (line === 0 ? `${file}: ` : `${file}:${line}: `);
    const type = sectionType(section);
    if (type === null) {
      const hint = suggestSection(section);
      out.push(`${at(parser.lineOf(section))}unknown section [${section}], ignored${hint !== null ? ` (did you mean [${hint}]?)` : ''}`);
      continue;
    }
    const known = SECTION_KEYS[type];
    if (known === null || known === undefined) continue;
    for (const key of parser.ownOptions(section)) {
      if (known.includes(key)) continue;
      const hint = nearest(key, known);
      out.push(`${at(parser.lineOf(section, key))}unknown key '${key}' in [${section}], ignored${hint !== null ? ` (did you mean '${hint}'?)` : ''}`);
    }
  }
  return out;
}

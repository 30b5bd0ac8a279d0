/** Supervisor's log levels (compat §4.1): config names, the 4-letter tokens written in the main log, and their numbers. */

export const LEVELS = {
  critical: { token: 'CRIT', value: 50 },
  error: { token: 'ERRO', value: 40 },
  warn: { token: 'WARN', value: 30 },
  info: { token: 'INFO', value: 20 },
  debug: { token: 'DEBG', value: 10 },
  trace: { token: 'TRAC', value: 5 },
  blather: { token: 'BLAT', value: 3 },
} as const;

export type LevelName = keyof typeof LEVELS;
export type LevelToken = (typeof LEVELS)[LevelName]['token'];

/** The numeric level of a config name (`loglevel=`) or a number given as is. */
export function levelValue(level: LevelName | number): number {
  return typeof level === 'number' ? level : LEVELS[level].value;
}

/** True when `name` is one of Supervisor's level names (config values are lower-cased by the reader). */
export function isLevelName(name: string): name is LevelName {
  return Object.hasOwn(LEVELS, name);
}

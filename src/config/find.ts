/** The default config search path of supervisord and supervisorctl when -c is not given (compat §1.1). */
import { dirname, join } from '../py/path.ts';
import { realWorld } from './real-world.ts';
import type { World } from './world.ts';

/** The six candidates in search order; `argv0` is the running program (HERE = its parent's parent). */
export function defaultConfigPaths(argv0: string = process.argv[1] ?? ''): string[] {
  const here = dirname(dirname(argv0));
  return [
    join(here, 'etc', 'supervisord.conf'),
    join(here, 'supervisord.conf'),
    'supervisord.conf',
    'etc/supervisord.conf',
    '/etc/supervisord.conf',
    '/etc/supervisor/supervisord.conf',
  ];
}

/** The first candidate that exists, or null (supervisorctl then uses its defaults). */
export function findDefaultConfig(opts: { argv0?: string; world?: World } = {}): string | null {
  const world = opts.world ?? realWorld;
  return defaultConfigPaths(opts.argv0).find((p) => world.exists(p)) ?? null;
}

/** supervisord's error when nothing is found. */
export function noConfigFoundMessage(paths: readonly string[]): string {
  return `No config file found at default paths (${paths.join(', ')}); use the -c option to specify a config file at a different path`;
}

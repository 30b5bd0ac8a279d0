/** A small described machine for reader tests: a few directories and users, files given inline. */
import { jsonWorld, type WorldJson } from './world-json.ts';
import type { World } from '../../src/config/world.ts';

export const BASE_WORLD: WorldJson = {
  main_config_path: '/etc/supervisord.conf',
  include_snippet_path: '/etc/supervisord.d/snippet.conf',
  include_wrapper_text: '[supervisord]\n\n[include]\nfiles = supervisord.d/*.conf\n',
  cwd: '/srv',
  hostname: 'box',
  uid: 0,
  tempdir: '/tmp',
  env: { HOME: '/root', PATH: '/usr/bin:/bin', USER: 'root' },
  directories: ['/', '/etc', '/etc/conf.d', '/etc/supervisord.d', '/tmp', '/var', '/var/log', '/srv', '/root', '/run'],
  users: [
    { name: 'root', uid: 0, gid: 0, home: '/root' },
    { name: 'www-data', uid: 33, gid: 33, home: '/var/www' },
  ],
  groups: [
    { name: 'root', gid: 0 },
    { name: 'www-data', gid: 33 },
  ],
  importable_top_level_modules: ['supervisor'],
  permissive: { unknown_user_uid: 1000, unknown_user_gid: 1000, unknown_group_gid: 1000 },
};

export function memWorld(files: Record<string, string>, changes: Partial<WorldJson> = {}): World {
  return jsonWorld({ ...BASE_WORLD, ...changes }, 'strict', new Map(Object.entries(files)));
}

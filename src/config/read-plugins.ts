/**
 * `module:callable` factories ([rpcinterface:x], [ctlplugin:x], result_handler=): Supervisor
 * imports them while parsing, so an unknown one is a config error. The World answers
 * "would this import?".
 */
import { saneget, type ReadContext } from './context.ts';
import { ConfigError } from './errors.ts';
import { pyRepr } from '../py/python.ts';
import type { World } from './world.ts';

// pkg_resources.EntryPoint.pattern, matched against "x=" + spec.
const ENTRY_POINT = /^\s*(.+?)\s*=\s*([\p{L}\p{N}\p{M}_.]+)\s*(:\s*([\p{L}\p{N}\p{M}_.]+))?\s*(\[.*\])?\s*$/su;

/** Whether `spec` resolves; throws pkg_resources' own ValueError text for a malformed spec. */
export function importSpec(spec: string, world: World): boolean {
  const src = 'x=' + spec;
  const m = ENTRY_POINT.exec(src);
  if (!m) {
    throw new ConfigError(`(${pyRepr("EntryPoint must be in 'name=module:attrs [extras]' format")}, ${pyRepr(src)})`);
  }
  return world.canImport(m[2]!, m[4] ? m[4].split('.') : []);
}

export interface Plugin {
  readonly name: string;
  readonly factory: string;
  readonly extras: Readonly<Record<string, string>>;
}

/** Every section starting with `prefix`: its factory (must resolve) and the other keys as extras. */
export function readPlugins(ctx: ReadContext, factoryKey: string, prefix: string): Plugin[] {
  const plugins: Plugin[] = [];
  for (const section of ctx.parser.sections()) {
    if (!section.startsWith(prefix)) continue;
    const name = section.slice(section.indexOf(':') + 1);
    const factory = saneget(ctx, section, factoryKey, null);
    if (factory === null) throw new ConfigError(`section [${section}] does not specify a ${factoryKey}`);
    if (!importSpec(factory, ctx.world)) throw new ConfigError(`${factory} cannot be resolved within [${section}]`);
    const extras = new Map<string, string>();
    for (const key of ctx.parser.options(section)) {
      if (key !== factoryKey) extras.set(key, saneget(ctx, section, key, ''));
    }
    plugins.push({ name, factory, extras: Object.fromEntries(extras) });
  }
  return plugins;
}

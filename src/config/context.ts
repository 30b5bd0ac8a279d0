/** What the section readers share while one config is read (Supervisor's ServerOptions state). */
import type { IniParser } from './ini.ts';
import type { ExpansionValue, Expansions } from '../py/format.ts';
import { expand } from './expand.ts';
import type { World } from './world.ts';

export interface ReadContext {
  readonly parser: IniParser;
  readonly world: World;
  /** Absolute directory of the main config file: %(here)s. */
  readonly here: string;
  /** The main config path as given; named in "(file: ...)" for its sections. */
  readonly configfile: string;
  /** ENV_* names: the environment at start, then [supervisord] environment= (mutated as Supervisor does). */
  readonly environ: Record<string, ExpansionValue>;
  readonly warnings: string[];
  readonly infos: string[];
}

/**
 * Supervisor's `saneget`: the raw value (section, else [DEFAULT]) or `dflt`, then — if a string,
 * unless `doExpand` is false — `%`-expanded with the ENV_* names plus `extra` (extra wins).
 */
export function saneget<D>(ctx: ReadContext, section: string, option: string, dflt: D, extra: Expansions = {}, doExpand = true): string | D {
  const raw = ctx.parser.get(section, option);
  const value = raw === undefined ? dflt : raw;
  // Without a '%' the value cannot change or fail: skip building the names (a hot path).
  if (!doExpand || typeof value !== 'string' || !value.includes('%')) return value;
  return expand(value, [ctx.environ, extra], `${section}.${option}`);
}

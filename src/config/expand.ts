/** Supervisor's `expand()`: `%(name)s` formatting with its two error texts (compat §1.4). */
import { errorText } from '../error-text.ts';
import { ConfigError } from './errors.ts';
import { FormatKeyError, pyFormat, type ExpansionLayers, type Expansions } from '../py/format.ts';
import { pyCompare, pyRepr } from '../py/python.ts';

export function expand(s: string, expansions: Expansions | ExpansionLayers, name: string): string {
  try {
    return pyFormat(s, expansions);
  } catch (err) {
    if (err instanceof FormatKeyError) {
      const layers: ExpansionLayers = Array.isArray(expansions) ? expansions : [expansions as Expansions];
      const available = [...new Set(layers.flatMap((l) => Object.keys(l)))].sort(pyCompare).join(', ');
      throw new ConfigError(
        `Format string ${pyRepr(s)} for ${pyRepr(name)} contains names (${err.message}) which cannot be expanded. Available names: ${available}`,
      );
    }
    throw new ConfigError(`Format string ${pyRepr(s)} for ${pyRepr(name)} is badly formatted: ${errorText(err)}`);
  }
}

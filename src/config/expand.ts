/** Supervisor's `expand()`: `%(name)s` formatting with its two error texts (compat §1.4). */
import { ConfigError } from './errors.ts';
import { FormatKeyError, pyFormat, type Expansions } from './pyformat.ts';
import { pyCompare, pyRepr } from './python.ts';

export function expand(s: string, expansions: Expansions, name: string): string {
  try {
    return pyFormat(s, expansions);
  } catch (err) {
    if (err instanceof FormatKeyError) {
      const available = Object.keys(expansions).sort(pyCompare).join(', ');
      throw new ConfigError(
        `Format string ${pyRepr(s)} for ${pyRepr(name)} contains names (${err.message}) which cannot be expanded. Available names: ${available}`,
      );
    }
    throw new ConfigError(`Format string ${pyRepr(s)} for ${pyRepr(name)} is badly formatted: ${(err as Error).message}`);
  }
}

import { pyRepr } from '../py/python.ts';

/** A config the real supervisord would refuse; the message is Supervisor's text, without `Error: `. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * A wrong value of one of our keys beyond 4.2.5 (README "Beyond Supervisor"): `invalid 'key' value
 * 'v': reason`. The section reader adds where it is, with the key's line, since 4.2.5 has no such
 * key to point at.
 */
export class KeyValueError extends ConfigError {
  constructor(
    readonly key: string,
    value: string,
    reason: string,
  ) {
    super(`invalid ${pyRepr(key)} value ${pyRepr(value)}: ${reason}`);
  }
}

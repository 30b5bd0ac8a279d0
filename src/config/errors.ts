/** A config the real supervisord would refuse; the message is Supervisor's text, without `Error: `. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Runs `fn`, turning any thrown Error into a ConfigError with the same message (Python's ValueError boundary). */
export function asConfigError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if (err instanceof Error) throw new ConfigError(err.message);
    throw err;
  }
}

/** A config the real supervisord would refuse; the message is Supervisor's text, without `Error: `. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

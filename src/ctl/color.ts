/**
 * Colour for `status` and `tail -f` prefixes: on for a terminal, off with NO_COLOR, --no-color or
 * when piped; FORCE_COLOR turns it on for a pipe. The palette is the dashboard's (tui.md).
 */
import type { StateStyler } from './format.ts';

const SGR: Readonly<Record<string, string>> = {
  RUNNING: '32', // green
  STARTING: '33', // yellow
  STOPPING: '33',
  BACKOFF: '35', // magenta
  EXITED: '35',
  FATAL: '31', // red
  UNKNOWN: '31',
  STOPPED: '2', // dim
};

export function wantColor(env: NodeJS.ProcessEnv, isTTY: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY;
}

export const colorState: StateStyler = (state) => {
  const code = SGR[state];
  return code === undefined ? state : `\x1b[${code}m${state}\x1b[0m`;
};

const PREFIX_COLORS = ['36', '33', '32', '35', '34', '31'];

/** A stable colour per stream, so interleaved `tail -f` lines stay telling apart. */
export function colorPrefix(text: string, index: number): string {
  return `\x1b[${PREFIX_COLORS[index % PREFIX_COLORS.length]!}m${text}\x1b[0m`;
}

/** Colours and glyphs, switched by NO_COLOR/--no-color and --ascii. States are always spelled out. */
import type { ProcessStateName } from '../src/protocol/index.ts';

export type Color = 'green' | 'yellow' | 'magenta' | 'red' | 'gray' | 'cyan' | 'blue';

export interface Glyphs {
  expanded: string;
  collapsed: string;
  rule: string;
  sep: string;
  mark: string;
  ellipsis: string;
  up: string;
  down: string;
  lost: string;
  /** Sparkline levels, lowest first, and the meter bars' fill. */
  spark: string;
  bar: string;
}

export interface Theme {
  color: boolean;
  glyphs: Glyphs;
  /** State words in colours of the person's choosing (config.ini [colors]); Ink colour strings. */
  states?: Partial<Record<ProcessStateName, string>>;
}

const UNICODE: Glyphs = { expanded: '▾', collapsed: '▸', rule: '─', sep: '·', mark: '*', ellipsis: '…', up: '↑', down: '↓', lost: '✖', spark: '▁▂▃▄▅▆▇█', bar: '|' };
const ASCII: Glyphs = { expanded: 'v', collapsed: '>', rule: '-', sep: '|', mark: '*', ellipsis: '~', up: '^', down: 'v', lost: 'X', spark: '_.-=+*#@', bar: '|' };

export function makeTheme(opts: { color: boolean; ascii: boolean; states?: Partial<Record<ProcessStateName, string>> }): Theme {
  return { color: opts.color, glyphs: opts.ascii ? ASCII : UNICODE, ...(opts.states ? { states: opts.states } : {}) };
}

const STATE_COLORS: Record<ProcessStateName, Color | 'dim'> = {
  RUNNING: 'green',
  STARTING: 'yellow',
  STOPPING: 'yellow',
  BACKOFF: 'magenta',
  EXITED: 'magenta',
  FATAL: 'red',
  UNKNOWN: 'red',
  STOPPED: 'dim',
};

/** Style of a state word: a colour, or dim for STOPPED; nothing without colour. */
export function stateStyle(theme: Theme, state: ProcessStateName): { color?: Color; dim?: boolean; fg?: string } {
  const own = theme.color ? theme.states?.[state] : undefined;
  if (own !== undefined) return { fg: own };
  const c = STATE_COLORS[state];
  if (c === 'dim') return { dim: true };
  return theme.color ? { color: c } : {};
}

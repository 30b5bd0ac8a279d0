/**
 * Signal names and numbers as Supervisor 4.2.5 accepts them (config `stopsignal`, RPC
 * `signalProcess`): Python's `signal` module on Linux decides what is valid, so its table
 * is reproduced here, aliases and oddities (`SIG_DFL` = 0, `SIG_IGN` = 1) included.
 */
import { pyIntOrNull, pyRepr } from '../py/python.ts';

/** Every attribute of Python's `signal` module that starts with `SIG`, with its value (Linux). */
const PYTHON_SIGNAL_ATTRS: Readonly<Record<string, number>> = {
  SIG_DFL: 0, SIG_BLOCK: 0, SIG_UNBLOCK: 1, SIG_IGN: 1, SIG_SETMASK: 2,
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGIOT: 6, SIGABRT: 6, SIGBUS: 7,
  SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
  SIGTERM: 15, SIGSTKFLT: 16, SIGCLD: 17, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20,
  SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27,
  SIGWINCH: 28, SIGPOLL: 29, SIGIO: 29, SIGPWR: 30, SIGSYS: 31, SIGRTMIN: 34, SIGRTMAX: 64,
};

/** Canonical name (without `SIG`) per number, as Supervisor's `signame()` picks it. */
const CANONICAL_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'HUP'], [2, 'INT'], [3, 'QUIT'], [4, 'ILL'], [5, 'TRAP'], [6, 'ABRT'], [7, 'BUS'], [8, 'FPE'],
  [9, 'KILL'], [10, 'USR1'], [11, 'SEGV'], [12, 'USR2'], [13, 'PIPE'], [14, 'ALRM'], [15, 'TERM'],
  [16, 'STKFLT'], [17, 'CHLD'], [18, 'CONT'], [19, 'STOP'], [20, 'TSTP'], [21, 'TTIN'], [22, 'TTOU'],
  [23, 'URG'], [24, 'XCPU'], [25, 'XFSZ'], [26, 'VTALRM'], [27, 'PROF'], [28, 'WINCH'], [29, 'POLL'],
  [30, 'PWR'], [31, 'SYS'], [34, 'RTMIN'], [64, 'RTMAX'],
]);

const VALID_NUMBERS: ReadonlySet<number> = new Set(Object.values(PYTHON_SIGNAL_ATTRS));

export interface ParsedSignal {
  /** Name without `SIG` (e.g. 'TERM'); `signal 0` for 0, which has no name. */
  readonly name: string;
  readonly number: number;
}

/**
 * Supervisor's `signal_number()`: a number, or a name in any case with or without `SIG` and
 * with blanks around it. Throws Supervisor's error texts.
 */
export function parseSignal(value: string): ParsedSignal {
  let num = pyIntOrNull(value);
  if (num === null) {
    let name = value.trim().toUpperCase();
    if (!name.startsWith('SIG')) name = 'SIG' + name;
    const found = Object.hasOwn(PYTHON_SIGNAL_ATTRS, name) ? PYTHON_SIGNAL_ATTRS[name] : undefined;
    if (found === undefined) throw new Error(`value ${pyRepr(value)} is not a valid signal name`);
    num = found;
  }
  if (!VALID_NUMBERS.has(num)) throw new Error(`value ${pyRepr(value)} is not a valid signal number`);
  return { name: signalName(num) ?? `signal ${num}`, number: num };
}

/** Number of a signal name as parseSignal accepts it (e.g. 'TERM', 'sigterm', '15'). */
export function signalNumber(name: string): number {
  return parseSignal(name).number;
}

/** Canonical name without `SIG` ('TERM'), or null for a number without a name. */
export function signalName(num: number): string | null {
  return CANONICAL_NAMES.get(num) ?? null;
}

/** Supervisor's `signame()`: 'SIGTERM', or 'signal 32' for a number without a name. */
export function signame(num: number): string {
  const name = signalName(num);
  return name === null ? `signal ${num}` : `SIG${name}`;
}

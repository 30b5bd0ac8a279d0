/**
 * From a `command=` line to the file to execute (compat §2.3 steps 1–2): Python's
 * `shlex.split` (POSIX mode, no comments) and Supervisor's PATH search with its error texts.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { pyRepr } from '../../src/py/python.ts';
import { errorText } from '../../src/error-text.ts';

/** Why a command cannot be run; `fault` is the RPC fault startProcess answers with. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly fault: 'NO_FILE' | 'NOT_EXECUTABLE',
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/** Python's `shlex.split(s)`: POSIX quoting, `\` escapes, empty quotes give an empty word. Throws Python's messages. */
export function shlexSplit(s: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (WHITESPACE.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= s.length) throw new Error('No escaped character');
      word += s[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new Error('No closing quotation');
      word += s.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= s.length) throw new Error('No closing quotation');
        const d = s[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\') {
          if (i + 1 >= s.length) throw new Error('No closing quotation');
          const next = s[i + 1]!;
          // Inside double quotes a backslash escapes only `"` and itself.
          word += next === '"' || next === '\\' ? next : '\\' + next;
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

export interface ResolvedCommand {
  /** The file to execute. */
  readonly filename: string;
  /** argv, argv[0] as written in the config. */
  readonly argv: readonly string[];
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The PATH Supervisor searches: the program's environment PATH, else the daemon's, else a default. */
export function searchPath(programEnv: Readonly<Record<string, string>>, daemonEnv: NodeJS.ProcessEnv): string[] {
  const path = programEnv.PATH || daemonEnv.PATH || '/bin:/usr/bin:/usr/local/bin';
  return path.split(':');
}

/** Supervisor's `get_execv_args` + `check_execv_args`: parse, search PATH, check the file. Throws CommandError. */
export function resolveCommand(command: string, path: readonly string[]): ResolvedCommand {
  let argv: string[];
  try {
    argv = shlexSplit(command);
  } catch (err) {
    throw new CommandError(`can't parse command ${pyRepr(command)}: ${errorText(err)}`, 'NOT_EXECUTABLE');
  }
  const program = argv[0];
  if (program === undefined) throw new CommandError('command is empty', 'NOT_EXECUTABLE');
  let filename = program;
  let st: Stats | null = null;
  if (program.includes('/')) {
    st = statOrNull(program);
  } else {
    for (const dir of path) {
      const candidate = join(dir, program);
      st = statOrNull(candidate);
      if (st !== null) {
        filename = candidate;
        break;
      }
    }
  }
  if (st === null) throw new CommandError(`can't find command ${pyRepr(filename)}`, 'NO_FILE');
  if (st.isDirectory()) throw new CommandError(`command at ${pyRepr(filename)} is a directory`, 'NOT_EXECUTABLE');
  if ((st.mode & 0o111) === 0) throw new CommandError(`command at ${pyRepr(filename)} is not executable`, 'NOT_EXECUTABLE');
  try {
    accessSync(filename, constants.X_OK);
  } catch {
    throw new CommandError(`no permission to run command ${pyRepr(filename)}`, 'NOT_EXECUTABLE');
  }
  return { filename, argv };
}

/**
 * `env_file=` contents read as systemd reads an EnvironmentFile= (systemd.exec(5)): KEY=value lines;
 * blank lines, lines without `=` and lines starting with `#` or `;` are skipped; an unquoted value
 * keeps its interior whitespace and takes `\x` as x (a trailing `\` joins the next line); '…' is
 * verbatim and may span lines; "…" may span lines and unescapes only \" \\ \` \$ and \newline;
 * whitespace around a key, and outside quotes, is dropped; quoted and unquoted pieces join ("a"'b'c = abc).
 * A name that is not a valid environment variable name is skipped, and reported.
 */

export interface EnvFileEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line where the assignment ends. */
  readonly line: number;
}

export interface ParsedEnvFile {
  /** Assignments in file order (a later one of the same key wins when applied). */
  readonly entries: readonly EnvFileEntry[];
  /** Skipped assignments: `line N: invalid variable name 'x'`. */
  readonly skipped: readonly string[];
}

const WHITESPACE = ' \t\n\r';
const NEWLINE = '\n\r';
const COMMENT_START = '#;';
/** What a backslash unescapes inside double quotes, as in a POSIX shell. */
const DQ_ESCAPABLE = '"\\`$';
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type State = 'preKey' | 'key' | 'preValue' | 'value' | 'valueEscape' | 'single' | 'double' | 'doubleEscape' | 'comment' | 'commentEscape';

export function parseEnvFile(text: string): ParsedEnvFile {
  const entries: EnvFileEntry[] = [];
  const skipped: string[] = [];
  let state: State = 'preKey';
  let line = 1;
  let key = '';
  let value = '';
  // Length of the key/value before a run of trailing unquoted whitespace, or -1 when none.
  let keyTrim = -1;
  let valueTrim = -1;

  const push = (at: number): void => {
    const k = keyTrim >= 0 ? key.slice(0, keyTrim) : key;
    if (VALID_NAME.test(k)) entries.push({ key: k, value, line: at });
    else skipped.push(`line ${at}: invalid variable name ${JSON.stringify(k)}`);
    key = '';
    value = '';
  };

  for (const c of text) {
    switch (state) {
      case 'preKey':
        if (COMMENT_START.includes(c)) state = 'comment';
        else if (!WHITESPACE.includes(c)) {
          state = 'key';
          keyTrim = -1;
          key = c;
        }
        if (c === '\n') line++;
        break;
      case 'key':
        if (NEWLINE.includes(c)) {
          // a line without '=': ignored
          state = 'preKey';
          key = '';
          if (c === '\n') line++;
        } else if (c === '=') {
          state = 'preValue';
          valueTrim = -1;
        } else {
          if (!WHITESPACE.includes(c)) keyTrim = -1;
          else if (keyTrim < 0) keyTrim = key.length;
          key += c;
        }
        break;
      case 'preValue':
        if (NEWLINE.includes(c)) {
          state = 'preKey';
          push(line);
          if (c === '\n') line++;
        } else if (c === "'") state = 'single';
        else if (c === '"') state = 'double';
        else if (c === '\\') state = 'valueEscape';
        else if (!WHITESPACE.includes(c)) {
          state = 'value';
          value += c;
        }
        break;
      case 'value':
        if (NEWLINE.includes(c)) {
          state = 'preKey';
          if (valueTrim >= 0) value = value.slice(0, valueTrim);
          push(line);
          if (c === '\n') line++;
        } else if (c === '\\') {
          state = 'valueEscape';
          valueTrim = -1;
        } else {
          if (!WHITESPACE.includes(c)) valueTrim = -1;
          else if (valueTrim < 0) valueTrim = value.length;
          value += c;
        }
        break;
      case 'valueEscape':
        state = 'value';
        if (!NEWLINE.includes(c)) value += c;
        else if (c === '\n') line++;
        break;
      case 'single':
        if (c === "'") state = 'preValue';
        else value += c;
        if (c === '\n') line++;
        break;
      case 'double':
        if (c === '"') state = 'preValue';
        else if (c === '\\') state = 'doubleEscape';
        else value += c;
        if (c === '\n') line++;
        break;
      case 'doubleEscape':
        state = 'double';
        if (DQ_ESCAPABLE.includes(c)) value += c;
        else if (c !== '\n') value += `\\${c}`;
        if (c === '\n') line++;
        break;
      case 'comment':
        if (c === '\\') state = 'commentEscape';
        else if (NEWLINE.includes(c)) state = 'preKey';
        if (c === '\n') line++;
        break;
      case 'commentEscape':
        // systemd ≥ 254: a comment's trailing backslash does not continue it onto the next line
        state = NEWLINE.includes(c) ? 'preKey' : 'comment';
        if (c === '\n') line++;
        break;
    }
  }
  // An assignment on the last line without a newline (an open quote takes the rest of the file).
  if (state === 'preValue' || state === 'value' || state === 'valueEscape' || state === 'single' || state === 'double' || state === 'doubleEscape') {
    if (state === 'value' && valueTrim >= 0) value = value.slice(0, valueTrim);
    push(line);
  }
  return { entries, skipped };
}

/** The entries as one environment, later assignments winning. */
export function envFileVariables(parsed: ParsedEnvFile): Record<string, string> {
  const out = new Map<string, string>();
  for (const e of parsed.entries) out.set(e.key, e.value);
  return Object.fromEntries(out);
}

/**
 * The INI dialect Supervisor reads: Python 3.11's RawConfigParser with
 * `inline_comment_prefixes=(';', '#')` and `strict=False`. One parser accumulates every file
 * read into it (the main file, then each [include]d file), merging duplicate sections, the
 * way Supervisor's UnhosedConfigParser does; see compat §1.2 for the rules.
 */
import { ConfigError } from './errors.ts';
import { PY_NON_WS_CLASS, PY_WS_CLASS, pyIsSpace, pyRepr, pyRstrip, pyStrip } from '../py/python.ts';

const DEFAULT_SECTION = 'DEFAULT';
const COMMENT_PREFIXES = ['#', ';'];
const INLINE_COMMENT_PREFIXES = [';', '#'];
const SECTION_RE = /^\[([^\n]+)\]/;
const OPTION_RE = new RegExp(`^([^\\n]*?)${PY_WS_CLASS}*([=:])${PY_WS_CLASS}*([^\\n]*)$`);
const NON_SPACE_RE = new RegExp(PY_NON_WS_CLASS);

type Section = Map<string, string>;

/** Universal newlines, as Python's text mode reads files: CRLF and CR become LF. Lines keep their '\n'. */
export function splitLines(text: string): string[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  const lines = normalized.split(/(?<=\n)/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Where an inline comment starts, found the way Python 3.11 does it: in rounds, each round
 * looking at the next occurrence of every prefix, stopping at the first round that finds one
 * preceded by whitespace (so the earliest qualifying prefix is not always the one chosen).
 */
function inlineCommentStart(line: string): number | null {
  let indices = new Map(INLINE_COMMENT_PREFIXES.map((p) => [p, -1]));
  let start: number | null = null;
  while (start === null && indices.size > 0) {
    const next = new Map<string, number>();
    for (const [prefix, from] of indices) {
      const index = line.indexOf(prefix, from + 1);
      if (index === -1) continue;
      next.set(prefix, index);
      if (index === 0 || (index > 0 && pyIsSpace(line[index - 1]!))) start = start === null ? index : Math.min(start, index);
    }
    indices = next;
  }
  return start;
}

export class IniParser {
  /** The [DEFAULT] section: its keys show through in every section. */
  private readonly defaults: Section = new Map();
  private readonly sectionMap = new Map<string, Section>();
  /** Section name → the included file that first defined it (the main file is not recorded). */
  readonly sectionToFile = new Map<string, string>();
  /** Line of each section's first header and of each key's last assignment, for errors that name a line. */
  private readonly lines = new Map<string, number>();
  /** Supervisor's files have inline comments (` ;`, ` #`); a file whose values may hold `#` or `;` (the dashboard's config.ini: `#ff8800`) turns them off. */
  private readonly inlineComments: boolean;

  constructor(opts: { inlineComments?: boolean } = {}) {
    this.inlineComments = opts.inlineComments ?? true;
  }

  /**
   * Parses `text` into this parser. `fpname` names the source in error messages.
   * `recordFile` records new sections as coming from `fpname` (included files).
   */
  read(text: string, fpname: string, recordFile = false): void {
    const before = new Set(this.sectionMap.keys());
    const pending = new Map<Section, Map<string, string[]>>();
    let cursect: Section | null = null;
    let cursectName = '';
    let curvalues: Map<string, string[]> | null = null;
    let optname: string | null = null;
    let indentLevel = 0;
    const errors: string[] = [];
    const lines = splitLines(text);
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n]!;
      const lineno = n + 1;
      let commentStart = this.inlineComments ? inlineCommentStart(line) : null;
      if (COMMENT_PREFIXES.some((p) => pyStrip(line).startsWith(p))) commentStart = 0;
      const value = pyStrip(commentStart === null ? line : line.slice(0, commentStart));
      if (!value) {
        // Blank lines belong to a multi-line value (trailing ones are stripped at the end).
        if (commentStart === null && curvalues && optname) curvalues.get(optname)?.push('');
        continue;
      }
      const firstNonSpace = NON_SPACE_RE.exec(line);
      const curIndent = firstNonSpace ? firstNonSpace.index : 0;
      if (cursect && curvalues && optname && curIndent > indentLevel) {
        curvalues.get(optname)?.push(value);
        continue;
      }
      indentLevel = curIndent;
      const header = SECTION_RE.exec(value);
      if (header) {
        const name = header[1]!;
        if (!this.lines.has(name)) this.lines.set(name, lineno);
        cursectName = name;
        if (name === DEFAULT_SECTION) cursect = this.defaults;
        else {
          cursect = this.sectionMap.get(name) ?? null;
          if (!cursect) {
            cursect = new Map();
            this.sectionMap.set(name, cursect);
          }
        }
        curvalues = pending.get(cursect) ?? new Map();
        pending.set(cursect, curvalues);
        optname = null;
      } else if (!cursect || !curvalues) {
        throw new ConfigError(`File contains no section headers.\nfile: ${pyRepr(fpname)}, line: ${lineno}\n${pyRepr(line)}`);
      } else {
        const opt = OPTION_RE.exec(value);
        if (opt) {
          if (!opt[1]) errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${pyRepr(line)}`);
          optname = pyRstrip(opt[1]!).toLowerCase();
          curvalues.set(optname, [pyStrip(opt[3]!)]);
          this.lines.set(`${cursectName}\0${optname}`, lineno);
          cursect.set(optname, '');
        } else {
          errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${pyRepr(line)}`);
        }
      }
    }
    for (const [section, values] of pending) {
      for (const [key, pieces] of values) section.set(key, pyRstrip(pieces.join('\n')));
    }
    if (errors.length > 0) throw new ConfigError(`Source contains parsing errors: ${pyRepr(fpname)}${errors.join('')}`);
    if (recordFile) {
      for (const name of this.sectionMap.keys()) if (!before.has(name)) this.sectionToFile.set(name, fpname);
    }
  }

  /** The line of a section's first header, or of the key's last assignment in it (0 when unknown). */
  lineOf(section: string, key?: string): number {
    return (key === undefined ? this.lines.get(section) : (this.lines.get(`${section}\0${key}`) ?? this.lines.get(`${DEFAULT_SECTION}\0${key}`))) ?? 0;
  }

  /** Section names in order of first appearance, without [DEFAULT]. */
  sections(): string[] {
    return [...this.sectionMap.keys()];
  }

  hasSection(section: string): boolean {
    return this.sectionMap.has(section);
  }

  /** The raw value of a key: the section's own, else [DEFAULT]'s; undefined if neither has it. */
  get(section: string, key: string): string | undefined {
    return this.sectionMap.get(section)?.get(key) ?? this.defaults.get(key);
  }

  /** Keys of a section: its own in order, then [DEFAULT]'s it does not override. */
  options(section: string): string[] {
    const own = [...(this.sectionMap.get(section)?.keys() ?? [])];
    return [...own, ...[...this.defaults.keys()].filter((k) => !own.includes(k))];
  }

  set(section: string, key: string, value: string): void {
    this.sectionMap.get(section)?.set(key, value);
  }

  /** A section's own keys in order, without [DEFAULT]'s (`check` looks for unknown ones). */
  ownOptions(section: string): string[] {
    return [...(this.sectionMap.get(section)?.keys() ?? [])];
  }

  /** Supervisor's expand_here: textual `%(here)s` replacement in every section (with [DEFAULT] values copied in). */
  expandHere(here: string): void {
    const token = '%(here)s';
    for (const section of this.sections()) {
      for (const key of this.options(section)) {
        const value = this.get(section, key)!;
        if (value.includes(token)) this.set(section, key, value.split(token).join(here));
      }
    }
  }
}

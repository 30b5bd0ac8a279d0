/** A systemd unit file read as systemd reads one (systemd.syntax(7)), enough for the tests: sections, `Key=value`, comments, repeated keys. */
import { readFileSync } from 'node:fs';

export type UnitFile = Map<string, Map<string, string[]>>;

export function parseUnitFile(text: string): UnitFile {
  const unit: UnitFile = new Map();
  let section: Map<string, string[]> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = unit.get(header[1]!) ?? new Map();
      unit.set(header[1]!, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (section === null || eq < 0) throw new Error(`not a unit file line: ${raw}`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    // An empty assignment resets a list setting (ExecStart= in a drop-in).
    section.set(key, value === '' ? [] : [...(section.get(key) ?? []), value]);
  }
  return unit;
}

export function readUnitFile(path: string): UnitFile {
  return parseUnitFile(readFileSync(path, 'utf8'));
}

/** The one value of `[section] key`, or an error naming what is missing. */
export function unitValue(unit: UnitFile, section: string, key: string): string {
  const values = unit.get(section)?.get(key) ?? [];
  if (values.length !== 1) throw new Error(`[${section}] ${key}: expected one value, found ${values.length}`);
  return values[0]!;
}

/** A command line as systemd splits it (whitespace; this unit uses no quoting), with `$MAINPID`-style variables substituted. */
export function commandArgv(line: string, vars: Record<string, string> = {}): string[] {
  return line.split(/\s+/).map((w) => w.replace(/\$\{?([A-Z_]+)\}?/g, (m, name: string) => vars[name] ?? m));
}

/**
 * The merged log: several processes followed in one pane, each line behind its source's name
 * (`server:name` in a fleet), each source in its own colour. Pure: prefixes, colours, the pane's
 * line filter. The following itself is follow.ts (one LogTail, one byte cursor, per source).
 */
import { plainText } from '../format.ts';
import { sourceLabel } from '../fleet/model.ts';

/**
 * Source colours as SGR foreground codes, in the order they are handed out: no red (errors) and
 * no default grey (plain text). The pane draws SGR like any coloured log line; without colour
 * (--no-color, NO_COLOR) the pane drops them, as it drops the log's own colours.
 */
export const SOURCE_COLORS: readonly number[] = [36, 33, 35, 32, 34, 96, 93, 95, 92, 94];

/** A stable number for a name (FNV-1a): the same source gets the same colour run after run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A colour for each source: its hashed slot, or the next free one when another source of this
 * pane took it first (sources in the order given), so that up to SOURCE_COLORS.length sources
 * never share one; beyond that they repeat.
 */
export function assignColors(sources: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const taken = new Set<number>();
  const n = SOURCE_COLORS.length;
  for (const s of sources) {
    let slot = hash(s) % n;
    if (taken.size < n) while (taken.has(slot)) slot = (slot + 1) % n;
    taken.add(slot);
    out.set(s, SOURCE_COLORS[slot]!);
  }
  return out;
}

export interface Source {
  /** As the log target names it: namespec, or namespec@server in a fleet. */
  target: string;
  /** What each line starts with: `name` or `server:name`, padded to the widest. */
  prefix: string;
}

/** Each target's line prefix (coloured when `color`), padded so that the lines' text starts in one column. */
export function sourcePrefixes(targets: readonly string[], color: boolean): Source[] {
  const labels = targets.map(sourceLabel);
  const width = Math.max(0, ...labels.map((l) => l.length));
  const colors = assignColors(targets);
  return targets.map((target, i) => {
    const label = labels[i]!.padEnd(width);
    return { target, prefix: color ? `\x1b[${colors.get(target)!}m${label}\x1b[0m | ` : `${label} | ` };
  });
}

/** A batch of one source's complete lines as they go into the pane. */
export function prefixLines(prefix: string, lines: readonly string[]): string[] {
  return lines.map((l) => prefix + l);
}

/** The pane's line filter (`&` in the log, as less): a case-insensitive regex, `!` inverts; null: no filter. */
export function lineFilter(filter: string): ((line: string) => boolean) | null {
  if (filter === '' || filter === '!') return null;
  const invert = filter.startsWith('!');
  const body = invert ? filter.slice(1) : filter;
  let re: RegExp;
  try {
    re = new RegExp(body, 'i');
  } catch {
    // The prompt refuses an invalid regex (and keeps the last valid one); a literal match if one gets here.
    re = new RegExp(body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
  return (line: string) => re.test(plainText(line)) !== invert;
}

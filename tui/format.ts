/** Cell texts of the table and header: pure, fixed-width friendly. */
import type { ProcessStateName } from '../src/protocol/index.ts';
import { formatUptime as formatDescriptionUptime } from '../src/protocol/uptime.ts';
import { cutToWidth, graphemes, textWidth } from './text-width.ts';

/** The description's uptime (Python's timedelta) under a day; `Nd HH:MM` from one day on, to fit the 9-wide UPTIME column. */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  if (days === 0) return formatDescriptionUptime(s);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days}d ${two(Math.floor((s % 86400) / 3600))}:${two(Math.floor((s % 3600) / 60))}`;
}

/** 512K, 41M, 1.2G: at most 5 characters. */
export function formatBytes(bytes: number): string {
  const k = bytes / 1024;
  if (k < 1000) return `${Math.round(k)}K`;
  const m = k / 1024;
  if (m < 100) return `${m < 10 ? m.toFixed(1) : Math.round(m)}M`;
  if (m < 1000) return `${Math.round(m)}M`;
  const g = m / 1024;
  return `${g < 10 ? g.toFixed(1) : Math.round(g)}G`;
}

/**
 * 2,400: a count with thousands commas, as `toLocaleString('en-US')` writes it. Not that call: its
 * first use loads ICU's number formatting, ~7 ms on the fleet's first frame (the grapheme segmenter
 * has loaded ICU itself by then).
 */
export function thousands(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

export function formatCpu(pct: number): string {
  return pct >= 100 ? String(Math.round(pct)) : pct.toFixed(1);
}

/** Severity used for a group's colour and for sorting by state: the worst member wins. */
const SEVERITY: Record<ProcessStateName, number> = {
  FATAL: 7,
  UNKNOWN: 6,
  BACKOFF: 5,
  EXITED: 4,
  STOPPING: 3,
  STARTING: 2,
  STOPPED: 1,
  RUNNING: 0,
};

export function severity(state: ProcessStateName): number {
  return SEVERITY[state];
}

/** Display order of per-state counts (header and group rows). */
const STATE_ORDER: readonly ProcessStateName[] = ['RUNNING', 'STARTING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL', 'STOPPED', 'UNKNOWN'];

export function countStates(states: Iterable<ProcessStateName>): [ProcessStateName, number][] {
  const counts = new Map<ProcessStateName, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return STATE_ORDER.filter((s) => counts.has(s)).map((s) => [s, counts.get(s)!]);
}

/** Fit text into exactly `width` cells: truncated with an ellipsis, or padded. */
export function fit(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  const w = textWidth(text);
  if (w <= width) return text + ' '.repeat(width - w);
  const mark = cutToWidth(ellipsis, width);
  const kept = cutToWidth(text, width - mark.width);
  return kept.text + ' '.repeat(width - mark.width - kept.width) + mark.text;
}

/**
 * Fit a name into `width` cells by cutting its middle, so that both its start and its end (the
 * instance suffix, `_03`) stay readable: `very_long_prog…_for_cut_00`.
 */
export function fitMiddle(text: string, width: number, ellipsis = '…'): string {
  const w = textWidth(text);
  if (w <= width) return text + ' '.repeat(width - w);
  const mark = cutToWidth(ellipsis, width);
  const room = width - mark.width;
  if (room < 4) return fit(text, width, ellipsis);
  const tailWidth = Math.ceil(room / 2);
  const gs = graphemes(text);
  let tail = '';
  let tw = 0;
  for (let i = gs.length - 1; i >= 0; i--) {
    const gw = textWidth(gs[i]!);
    if (tw + gw > tailWidth) break;
    tail = gs[i]! + tail;
    tw += gw;
  }
  const head = cutToWidth(text, room - tw);
  return head.text + mark.text + ' '.repeat(room - tw - head.width) + tail;
}

export function fitRight(text: string, width: number): string {
  const w = textWidth(text);
  if (w >= width) {
    const kept = cutToWidth(text, width);
    return kept.text + ' '.repeat(width - kept.width);
  }
  return ' '.repeat(width - w) + text;
}

/** HH:MM:SS of a local timestamp (last good refresh). */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Log lines must not move the cursor or recolour the screen: drop escape sequences and controls, expand tabs. */
/**
 * A log line for the pane: like sanitizeLine, but its SGR colour sequences are kept, normalised
 * to `ESC[…m` (the pane draws them; plainText gives the text without them).
 */
export function sanitizeLogLine(line: string): string {
  let out = '';
  let at = 0;
  let col = 0;
  const text = (t: string) => {
    for (const ch of t) {
      if (ch === '\t') {
        const n = 8 - (col % 8);
        out += ' '.repeat(n);
        col += n;
      } else {
        out += ch;
        col += textWidth(ch);
      }
    }
  };
  for (const m of line.matchAll(/\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|[\x00-\x08\x0a-\x1f\x7f]/g)) {
    text(line.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[2] === 'm' && /^[0-9;:]*$/.test(m[1] ?? '')) out += `\x1b[${m[1]}m`;
  }
  text(line.slice(at));
  return out;
}

/** A log line without its colour sequences (for search and widths). */
export function plainText(line: string): string {
  return line.includes('\x1b') ? line.replace(/\x1b\[[0-9;:]*m/g, '') : line;
}

export function sanitizeLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  const noEsc = line.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g, '');
  let out = '';
  for (const ch of noEsc) {
    if (ch === '\t') out += ' '.repeat(8 - (textWidth(out) % 8));
    else if (ch < ' ' || ch === '\x7f') continue;
    else out += ch;
  }
  return out;
}

/** Sparklines and htop-style meter bars (pure): the CPU/RSS history of a process and the server's meters. */

/** How many samples a process's history keeps (one per stats sample: a minute at the default 1 s). */
export const HISTORY = 60;

export interface StatsHistory {
  readonly cpu: readonly number[];
  readonly rss: readonly number[];
}

/** The history with one more sample, the oldest dropped beyond HISTORY. */
export function pushSample(h: StatsHistory | undefined, cpu: number, rss: number): StatsHistory {
  const keep = <T>(xs: readonly T[], x: T): T[] => [...xs.slice(Math.max(0, xs.length + 1 - HISTORY)), x];
  return { cpu: keep(h?.cpu ?? [], cpu), rss: keep(h?.rss ?? [], rss) };
}

/**
 * The last `width` values as one character each from `levels` (lowest first), scaled to `max`
 * (default: the largest value shown, so a flat line sits at the bottom). Empty for no values.
 */
export function sparkline(values: readonly number[], width: number, levels: string, max?: number): string {
  const chars = [...levels];
  const shown = values.slice(Math.max(0, values.length - width));
  if (shown.length === 0 || chars.length === 0) return '';
  const top = max ?? Math.max(...shown);
  return shown
    .map((v) => {
      if (!(top > 0) || !(v > 0)) return chars[0]!;
      const i = Math.ceil((Math.min(v, top) / top) * (chars.length - 1));
      return chars[Math.max(0, Math.min(chars.length - 1, i))]!;
    })
    .join('');
}

/** `[|||||     ]` style bar, `fraction` of `width` cells filled (clamped to 0..1). */
export function meterBar(fraction: number, width: number, fill: string): string {
  const n = Math.round(Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0)) * width);
  return fill.repeat(n) + ' '.repeat(Math.max(0, width - n));
}

/**
 * The uptime in a RUNNING process's description (`pid 4121, uptime 2:01:13`): the daemon writes
 * it, and clients that show an uptime of their own match it.
 */

/** Python `str(timedelta(seconds=n))` for whole seconds ≥ 0: `0:00:05`, `1 day, 0:00:05`, `2 days, 1:01:01`. */
export function formatUptime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const hms = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  if (days === 0) return hms;
  return `${days} ${days === 1 ? 'day' : 'days'}, ${hms}`;
}

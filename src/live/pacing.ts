/**
 * How often to poll a server we cannot get pushes from, and when its main log says to look now
 * (pure). The server's cost of answering grows with its process count (supervisord 4.2.5 takes
 * ~185 ms for getAllProcessInfo at 500 processes), so the period follows the answer time.
 */

/** Keep the server busy answering us at most this share of the time. */
export const MAX_SERVER_SHARE = 0.1;
const SAMPLES = 5;

/** Recent answer times (ms); the estimate is their median, so one slow answer does not slow polling for long. */
export class AnswerTimes {
  private readonly recent: number[] = [];

  push(ms: number): void {
    this.recent.push(Math.max(0, ms));
    if (this.recent.length > SAMPLES) this.recent.shift();
  }

  /** Median of the recent answers, 0 before the first. */
  estimate(): number {
    if (this.recent.length === 0) return 0;
    const s = [...this.recent].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  }
}

/** Time (ms) from one poll's start to the next: the base interval, or longer so answering stays ≤ 10 % of the server's time. */
export function pollPeriod(baseMs: number, answerMs: number): number {
  return Math.max(baseMs, Math.ceil(answerMs / MAX_SERVER_SHARE));
}

/**
 * When (local ms) a refresh asked for at `now` may start: at once if the budget allows, else
 * when the previous poll's period has run out. `lastStart` is null before the first poll.
 */
export function earliestRefresh(now: number, lastStart: number | null, answerMs: number): number {
  if (lastStart === null) return now;
  return Math.max(now, lastStart + Math.ceil(answerMs / MAX_SERVER_SHARE));
}

/** supervisord's main-log lines for a process state change (4.2.5 and ours write the same). */
const STATE_CHANGE = /\b(?:spawned|success|exited|stopped|gave up): /;

/** Whether a main-log line reports a process state change (a reason to refresh at once). */
export function isStateChangeLine(line: string): boolean {
  return STATE_CHANGE.test(line);
}

/** Reconnect/retry delay after `failures` consecutive failures (1, 2, …): quick first, then doubling to 10 s. */
export function retryDelay(failures: number, baseMs: number): number {
  return Math.min(10_000, Math.max(250, baseMs / 4) * 2 ** Math.min(6, Math.max(0, failures - 1)));
}

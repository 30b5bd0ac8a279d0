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

/**
 * Time (ms) from one poll's start to the next: the base interval, or longer so answering stays
 * ≤ 10 % of the server's time — ≤ 5 % when main-log triggers may spend the other half.
 */
export function pollPeriod(baseMs: number, answerMs: number, triggers = false): number {
  return Math.max(baseMs, Math.ceil(answerMs / (triggers ? MAX_SERVER_SHARE / 2 : MAX_SERVER_SHARE)));
}

/**
 * The server's time we may spend (a token bucket): it fills at MAX_SERVER_SHARE of the wall clock,
 * up to two answers' worth, and every poll spends its answer time. Periodic polls use half the
 * share when the main log can trigger refreshes, so a triggered refresh usually finds an answer's
 * worth saved and runs at once; over any long stretch the server stays ≤ 10 % busy.
 */
export class ServerBudget {
  private tokens = 0;
  private at: number | null = null;

  private refill(now: number, answerMs: number): void {
    // It starts full: the first poll and a refresh right after it need not wait out a period.
    this.tokens = this.at === null ? 2 * answerMs : Math.min(2 * answerMs, this.tokens + (now - this.at) * MAX_SERVER_SHARE);
    this.at = now;
  }

  /** ms from `now` until a call costing `answerMs` fits the budget (0: at once; always 0 before the first call). */
  wait(now: number, answerMs: number): number {
    if (this.at === null) return 0;
    this.refill(now, answerMs);
    return this.tokens >= answerMs ? 0 : Math.ceil((answerMs - this.tokens) / MAX_SERVER_SHARE);
  }

  /** A call that took `answerMs` of the server's time. */
  spend(now: number, answerMs: number): void {
    this.refill(now, answerMs);
    this.tokens -= answerMs;
  }
}

/** supervisord's main-log lines for a process state change (4.2.5 and ours write the same). */
const STATE_CHANGE = /\b(?:spawned|success|exited|stopped|gave up): /;
/** The same lines with the process name (supervisord logs the name without its group). */
const NAMED = [
  / spawned: '(.+)' with pid \d+$/,
  / success: (.+) entered RUNNING state, /,
  / (?:exited|stopped): (.+) \([^()]*\)$/,
  / gave up: (.+) entered FATAL state, /,
];

/**
 * Whether a main-log line reports a process state change (a reason to look again), and which
 * process: `name` null when the line is a state change whose name cannot be read.
 */
export function stateChangeOf(line: string): { name: string | null } | null {
  if (!STATE_CHANGE.test(line)) return null;
  for (const re of NAMED) {
    const m = re.exec(line);
    if (m !== null) return { name: m[1]! };
  }
  return { name: null };
}

/**
 * When the next refresh of named processes may run: each takes a few ms of the server's time,
 * but a storm of changes (a crash loop of many processes) must not keep it busy, so after a
 * refresh that took `tookMs` the server is left alone for the rest of a MAX_SERVER_SHARE cycle.
 */
export function nextNamedRefreshAt(endedAt: number, tookMs: number): number {
  return endedAt + Math.ceil(tookMs * (1 / MAX_SERVER_SHARE - 1));
}

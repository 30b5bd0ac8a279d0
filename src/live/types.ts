/**
 * The live watcher's API: one server's process table kept current, for the dashboard and the
 * fleet view. Create one per client connection with `watchServer(client, options)` (watcher.ts):
 *
 *   const w = watchServer(client, {
 *     intervalMs: 1000,
 *     statsWanted: () => visibleNamespecs,        // CPU%/RSS only for these (null: none)
 *     onUpdate: ({ view, changed }) => render(view),
 *     onConnection: (c) => showStatus(c),
 *   });
 *   w.start(); … w.refreshNow() after an action … w.stop();
 *
 * How it keeps current is decided once per connection (`view.mode`):
 * - `feed`: our daemon (system.listMethods lists supervisortui.feedStats) pushes a snapshot,
 *   then each change, then CPU%/RSS samples of the wanted rows (src/live/feed-protocol.ts).
 *   A dropped stream reconnects with its last serial and gets what it missed.
 * - `poll`: any supervisord: one system.multicall of getState + getAllProcessInfo per period,
 *   the period stretched so the server is never busy answering more than ~10 % of the time,
 *   and an immediate refresh when /mainlogtail shows a state-change line.
 *
 * The infos change only when the server reports a change: an info's `now` and a RUNNING
 * description (`pid N, uptime H:MM:SS`) are as of that report. The viewer derives uptimes from
 * `start` and `view.clockOffset` (the server's clock relative to ours), so an idle server costs
 * nothing on the wire and nothing in the viewer but the cells that show a time.
 */
import type { ProcessHealth, ProcessInfo, SupervisorStateInfo } from '../protocol/types.ts';

/** CPU% of one core, RSS and whole-tree RSS (bytes) of one process. */
export interface LiveStats {
  cpu: number;
  rss: number;
  treeRss: number;
}

/** The server host's CPU% (all cores) and memory (bytes): the header's meters. */
export interface HostMeter {
  cpu: number;
  memTotal: number;
  memAvailable: number;
}

/** Where CPU%/RSS come from: our daemon's feed, this host's /proc, the server's /proc over ssh, or nowhere. */
export type StatsSource = 'feed' | 'local' | 'ssh' | 'none';

export interface LiveView {
  /** In getAllProcessInfo's order (groups, then names). */
  readonly infos: readonly ProcessInfo[];
  readonly state: SupervisorStateInfo;
  /**
   * Feed mode: health of the processes with a healthcheck or depends_on, by namespec (any other is
   * `none`); null when polling, where supervisortui.getAllHealth (ours) is asked separately.
   */
  readonly health: ReadonlyMap<string, ProcessHealth> | null;
  /** By namespec, for the wanted rows that have figures (a stopped process has none). */
  readonly stats: ReadonlyMap<string, LiveStats>;
  readonly host: HostMeter | null;
  readonly mode: 'feed' | 'poll';
  readonly statsSource: StatsSource;
  /** Why there are no stats, when statsSource is 'none' (shown in the header). */
  readonly statsNote: string | null;
  /** Local time (ms) of this view. */
  readonly at: number;
  /** The server's clock minus the local clock, seconds (src/live/clock-offset.ts); 0 before the first reading. */
  readonly clockOffset: number;
}

export interface LiveUpdate {
  readonly view: LiveView;
  /** Namespecs whose info changed since the previous update, or 'all' (first view, resnapshot, after a pause). */
  readonly changed: ReadonlySet<string> | 'all';
}

export type LiveConnection =
  /** since: when the first attempt started (local ms). */
  | { status: 'connecting'; since: number }
  | { status: 'up'; mode: 'feed' | 'poll' }
  /** An answer (a poll, or a probe of a quiet feed) has taken longer than staleAfterMs: the data is from lastGood. */
  | { status: 'slow'; since: number; lastGood: number | null }
  /** retryAt null: a permanent failure (bad URL, refused credentials, ssh login or host key), no more retries; hint says what to do. */
  | { status: 'down'; error: string; lastGood: number | null; retryAt: number | null; hint: string | null };

export interface WatcherOptions {
  /** Poll period when polling (a floor: the server's answer time may stretch it); default 1000. */
  intervalMs?: number;
  /** CPU%/RSS sample period; default intervalMs. */
  statsIntervalMs?: number;
  /**
   * The full poll's period while the server's main log is followed, whose state-change lines bring
   * each change at once (a fleet sets it longer: the poll is then a safety net); default intervalMs.
   */
  followedPollMs?: number;
  /** Namespecs whose CPU%/RSS are wanted (the visible rows); null or absent: none. Re-read on statsWantedChanged(). */
  statsWanted?: () => ReadonlySet<string> | null;
  /** While true, no polling and no updates (the stream stays open). */
  isPaused?: () => boolean;
  onUpdate(update: LiveUpdate): void;
  onConnection?(c: LiveConnection): void;
  /** Local clock in ms; default Date.now. */
  now?: () => number;
}

export interface Watcher {
  start(): void;
  /** Ends the stream, timers and any ssh stats command; the client stays open (the caller's). */
  stop(): void;
  /** Fetch now (after an action). In feed mode changes arrive by themselves; this is then a no-op. */
  refreshNow(): void;
  /** The wanted stats rows changed (scrolling, filtering): tell the feed or sample them at once. */
  statsWantedChanged(): void;
  /** null until the first connection decided it. */
  readonly mode: 'feed' | 'poll' | null;
}

/**
 * The daemon's log subsystem: child output capture, child and main log files with rotation, and the
 * log-reading semantics of the RPC layer and /logtail. Everything the engine and the servers use is here.
 *
 * Engine (per process channel):
 *   const log = new ChannelLog({ path, maxbytes, backups, stripAnsi, onError });   // once, lives across restarts
 *   warmOutputPipes();              // once at start-up: FIFOs made in the background
 *   const pipe = openOutputPipe();  // a real pipe (cheaper per byte than Node's socketpair); null → stdio 'pipe'
 *   spawn(cmd, args, { stdio: ['pipe', pipe.childFd, …] }); pipe.closeChildFd();
 *   await pipeOutput(pipe.readable, log, onChunk, () => eventsOn || capturing || debugLines || hooks.size > 0);
 *     // onChunk: PROCESS_LOG events, debug main-log line, capture mode; the 4th argument skips its per-read
 *     // copy when nothing needs the chunk (the difference between ~0.5 and ~1.1 ms CPU per MB).
 * RPC: readLogRange(), tailLogFile() (async). /logtail: followFile().
 */
export { ActivityLog, type ActivityLogOptions } from './activity-log.ts';
export { autoLogName, autoLogPath, autoLogPattern, cleanupAutoLogs, type CleanupResult } from './auto-logs.ts';
export { ChannelLog, type ChannelLogOptions } from './channel-log.ts';
export { followFile, TRUNCATED_LINE, type FollowEvent, type FollowOptions, type Follower } from './follow.ts';
export { LEVELS, isLevelName, levelValue, type LevelName, type LevelToken } from './levels.ts';
export { formatLogLine, formatTimestamp } from './line-format.ts';
export { LogFileError } from './log-file.ts';
export { openOutputPipe, warmOutputPipes, type OutputPipe } from './output-pipe.ts';
export { pipeOutput, type ChunkHandler } from './pipe-output.ts';
export { readLogRange, readWindow, tailLogFile, tailWindow } from './read-log.ts';
export { AnsiStripper } from './strip-ansi.ts';

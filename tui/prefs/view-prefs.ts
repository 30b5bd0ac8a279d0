/**
 * The view remembered between runs: sort, columns (and their order), log channel and wrap — how
 * the person likes to look at processes, shared by every server as htop shares its setup — and
 * the folded groups, kept per server (or fleet context), since group names belong to a server.
 * Pure: the file's JSON is decoded and checked here, read and written by ./file.ts.
 */
import type { LogChannel } from '../../src/protocol/index.ts';
import { DEFAULT_COLUMNS, type ColumnChoice } from '../columns.ts';
import { SORTABLE } from '../model.ts';
import type { SortSpec } from '../rows.ts';
import type { ViewState } from '../state.ts';
import { isColumnId, normalizeChoice } from './column-choice.ts';

export interface ViewPrefs {
  sort: SortSpec;
  columns: ColumnChoice;
  channel: LogChannel;
  wrap: boolean;
  /** Folded groups of this view's server. */
  collapsed: readonly string[];
}

/** The file: the shared settings and each server's folded groups (with when they were saved). */
export interface PrefsFile {
  version: 1;
  sort: SortSpec;
  columns: ColumnChoice;
  channel: LogChannel;
  wrap: boolean;
  servers: Record<string, { collapsed: string[]; at: number }>;
}

/** Servers remembered at most (the least recently used are forgotten). */
export const MAX_SERVERS = 50;

export const DEFAULT_PREFS: ViewPrefs = { sort: { column: null, inverted: false }, columns: DEFAULT_COLUMNS, channel: 'stdout', wrap: false, collapsed: [] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The file's text → its content, or why it is unusable (one short phrase). */
export function decodePrefs(text: string): { ok: true; file: PrefsFile } | { ok: false; error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON (${(err as Error).message})` };
  }
  if (!isRecord(v)) return { ok: false, error: 'not a JSON object' };
  if (v['version'] !== 1) return { ok: false, error: `unknown version ${JSON.stringify(v['version'])}` };
  const sort = v['sort'];
  if (!isRecord(sort) || typeof sort['inverted'] !== 'boolean' || !(sort['column'] === null || (typeof sort['column'] === 'string' && SORTABLE.includes(sort['column'] as never))))
    return { ok: false, error: 'bad "sort"' };
  const cols = v['columns'];
  if (!Array.isArray(cols) || !cols.every((c) => isRecord(c) && typeof c['id'] === 'string' && isColumnId(c['id']) && typeof c['on'] === 'boolean')) return { ok: false, error: 'bad "columns"' };
  const channel = v['channel'];
  if (channel !== 'stdout' && channel !== 'stderr') return { ok: false, error: 'bad "channel"' };
  if (typeof v['wrap'] !== 'boolean') return { ok: false, error: 'bad "wrap"' };
  const servers = v['servers'];
  if (!isRecord(servers)) return { ok: false, error: 'bad "servers"' };
  const out: PrefsFile['servers'] = {};
  for (const [key, entry] of Object.entries(servers)) {
    if (!isRecord(entry) || !Array.isArray(entry['collapsed']) || !entry['collapsed'].every((g) => typeof g === 'string') || typeof entry['at'] !== 'number')
      return { ok: false, error: `bad "servers" entry ${JSON.stringify(key)}` };
    out[key] = { collapsed: entry['collapsed'] as string[], at: entry['at'] };
  }
  return {
    ok: true,
    file: {
      version: 1,
      sort: { column: sort['column'] as SortSpec['column'], inverted: sort['inverted'] },
      columns: normalizeChoice(cols as { id: string; on: boolean }[]),
      channel,
      wrap: v['wrap'],
      servers: out,
    },
  };
}

/** The view for one server from the file (defaults where the file is missing). */
export function prefsFor(file: PrefsFile | null, server: string): ViewPrefs {
  if (file === null) return DEFAULT_PREFS;
  return { sort: file.sort, columns: file.columns, channel: file.channel, wrap: file.wrap, collapsed: file.servers[server]?.collapsed ?? [] };
}

/** The remembered part of a view state. */
export function prefsOf(s: Pick<ViewState, 'sort' | 'columns' | 'log' | 'collapsed'>): ViewPrefs {
  return { sort: s.sort, columns: s.columns, channel: s.log.channel, wrap: s.log.wrap, collapsed: [...s.collapsed].sort() };
}

/**
 * The file after saving one server's view: the shared settings replaced, that server's groups
 * replaced, the others kept (another dashboard may have saved them), the oldest beyond MAX_SERVERS dropped.
 */
export function mergePrefs(file: PrefsFile | null, server: string, p: ViewPrefs, at: number): PrefsFile {
  const servers = { ...(file?.servers ?? {}), [server]: { collapsed: [...p.collapsed], at } };
  const keep = Object.entries(servers)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MAX_SERVERS);
  return { version: 1, sort: p.sort, columns: p.columns.map((c) => ({ ...c })), channel: p.channel, wrap: p.wrap, servers: Object.fromEntries(keep) };
}

export function encodePrefs(file: PrefsFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

/** What the details view shows of one process beyond the table's snapshot, as its effect (source.ts) reads it. */
import type { ConfigInfo, ProcessDetails } from '../../src/protocol/types.ts';
import type { TreeRow } from './tree.ts';

export interface DetailsData {
  /** The process: namespec, or namespec@server in a fleet. */
  target: string;
  /** False until the first answers arrived. */
  loaded: boolean;
  /** Its getAllConfigInfo row (4.2.5 has it too); null when the server did not list it. */
  config: ConfigInfo | null;
  /** Health and the settings beyond getAllConfigInfo (supervisortui.getHealth); null from a server without them (a real supervisord). */
  details: ProcessDetails | null;
  /** The process and its children; empty while not running or not known. */
  tree: readonly TreeRow[];
  /** Where the tree comes from, or why there is none. */
  treeSource: 'server' | 'local' | 'none';
  /** An error reading any of it, or null. */
  error: string | null;
}

export function emptyDetails(target: string): DetailsData {
  return { target, loaded: false, config: null, details: null, tree: [], treeSource: 'none', error: null };
}

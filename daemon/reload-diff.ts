/** reloadConfig's diff between the active group configs and a freshly read Config (compat §5.3), pure. */
import type { GroupConfig } from '../src/config/types.ts';
import type { ReloadDiff } from '../src/protocol/types.ts';

/** Canonical JSON of a group config, minus where its sections came from (moving a section between files is no change). */
function fingerprint(g: GroupConfig): string {
  return JSON.stringify(g, (key, value: unknown) => (key === 'file' ? undefined : value));
}

/**
 * `added`: in the new config, not active (new-config order). `changed`: in both but any
 * setting differs (new-config order). `removed`: active, not in the new config (active order).
 */
export function diffGroups(active: readonly GroupConfig[], next: readonly GroupConfig[]): ReloadDiff {
  const cur = new Map(active.map((g) => [g.name, g]));
  const nxt = new Map(next.map((g) => [g.name, g]));
  return {
    added: next.filter((g) => !cur.has(g.name)).map((g) => g.name),
    changed: next.filter((g) => cur.has(g.name) && fingerprint(cur.get(g.name)!) !== fingerprint(g)).map((g) => g.name),
    removed: active.filter((g) => !nxt.has(g.name)).map((g) => g.name),
  };
}

/**
 * reread and update as supervisorctl does them: reloadConfig gives added/changed/removed groups;
 * update stops and removes the removed, replaces the changed and adds the added groups.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import type { ReloadDiff } from '../../src/protocol/index.ts';
import { errorText } from './poller.ts';

export async function runUpdate(client: SupervisorClient): Promise<{ lines: string[]; failed: boolean }> {
  const diff: ReloadDiff = await client.reloadConfig();
  const lines: string[] = [];
  let failed = false;
  const attempt = async (what: () => Promise<unknown>, ok: string | null, name: string): Promise<boolean> => {
    try {
      await what();
      if (ok !== null) lines.push(`${name}: ${ok}`);
      return true;
    } catch (err) {
      failed = true;
      lines.push(`${name}: ERROR (${errorText(err)})`);
      return false;
    }
  };
  for (const g of diff.removed) {
    await attempt(() => client.stopProcessGroup(g, true), 'stopped', g);
    await attempt(() => client.removeProcessGroup(g), 'removed process group', g);
  }
  for (const g of diff.changed) {
    await attempt(() => client.stopProcessGroup(g, true), 'stopped', g);
    if (await attempt(() => client.removeProcessGroup(g), null, g)) await attempt(() => client.addProcessGroup(g), 'updated process group', g);
  }
  for (const g of diff.added) await attempt(() => client.addProcessGroup(g), 'added process group', g);
  if (lines.length === 0) lines.push('No config updates to processes');
  return { lines, failed };
}

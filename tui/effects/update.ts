/**
 * The dashboard's `u` (after reread's confirmation): supervisorctl's update (src/ctl/apply-update.ts)
 * over every group, collecting its lines. A failed call is reported as `group: ERROR (…)` and the
 * next group still runs, since the dashboard has no shell to rerun the command from.
 */
import type { SupervisorClient } from '../../src/client/types.ts';
import { applyUpdate } from '../../src/ctl/apply-update.ts';
import { errorText } from '../../src/error-text.ts';

export async function runUpdate(client: SupervisorClient): Promise<{ lines: string[]; failed: boolean }> {
  const diff = await client.reloadConfig();
  const lines: string[] = [];
  let failed = false;
  await applyUpdate(client, diff, () => true, {
    out: (line) => void lines.push(line),
    failed: () => void (failed = true),
    async attempt(group, call) {
      try {
        return await call();
      } catch (err) {
        failed = true;
        lines.push(`${group}: ERROR (${errorText(err)})`);
        return null;
      }
    },
  });
  if (lines.length === 0) lines.push('No config updates to processes');
  return { lines, failed };
}

// Module load hook for running the dashboard from its TypeScript sources (tests, `node --import tsx`):
// Ink's log-update.js gets the fix in memory as it loads. The built package bundles Ink with the
// fix applied at build time (scripts/build.mjs) and never loads this.
import { fixInkLogUpdate, INK_LOG_UPDATE } from './fix.mjs';

let warned = false;

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!INK_LOG_UPDATE.test(url) || result.source == null) return result;
  const fixed = fixInkLogUpdate(Buffer.from(result.source).toString('utf8'));
  if (fixed.status === 'missing' && !warned) {
    warned = true;
    process.stderr.write(`supervisor-tui: ${url} is not Ink 6.8.0's; its incremental-render fix was not applied\n`);
  }
  return { ...result, source: fixed.source };
}

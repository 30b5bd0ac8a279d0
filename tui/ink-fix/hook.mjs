// Module load hook for running the dashboard from its TypeScript sources (tests, `node --import tsx`):
// Ink's files get the fixes of fix.mjs in memory as they load. The built package bundles Ink
// with the fixes applied at build time (scripts/build.mjs) and never loads this.
import { INK_FIXES } from './fix.mjs';

const warned = new Set();

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  const entry = INK_FIXES.find((f) => f.file.test(url));
  if (entry === undefined || result.source == null) return result;
  const fixed = entry.fix(Buffer.from(result.source).toString('utf8'));
  if (fixed.status === 'missing' && !warned.has(entry.name)) {
    warned.add(entry.name);
    process.stderr.write(`supervisor-tui: ${url} is not Ink 6.8.0's ${entry.name}; its fix was not applied\n`);
  }
  return { ...result, source: fixed.source };
}

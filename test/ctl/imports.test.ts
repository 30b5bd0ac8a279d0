/** The commands start small: nothing reachable from src/ctl/main.ts imports Ink or React. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT } from '../helpers/cli.ts';

/** Static and dynamic import specifiers of a TypeScript module (type-only imports excluded). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs;
}

test('src/ctl/main.ts reaches no ink/react module', () => {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [join(ROOT, 'src/ctl/main.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
      else packages.add(spec.split('/')[0]!);
    }
  }
  const heavy = [...packages].filter((p) => /^(ink|react|ink-.*|@inkjs)$/.test(p));
  assert.deepEqual(heavy, [], `reached: ${[...packages].join(', ')}`);
  assert.ok(seen.size > 10, 'the walk followed the imports');
});

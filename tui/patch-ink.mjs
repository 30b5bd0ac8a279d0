#!/usr/bin/env node
// Postinstall: fix Ink 6.8.0's incremental-render off-by-one. Its log-update moves the cursor up
// `previousVisible - 1` lines before redrawing, one short when the frame ends with a newline
// (every frame shorter than the terminal), so each update draws one line low. Ink 7.1 counts the
// previous frame's lines instead; we apply the same one-line change. Idempotent; never fails install.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUGGY = 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));';
const FIXED = 'buffer.push(ansiEscapes.cursorUp(previousLines.length - 1));';

try {
  const buildDir = dirname(fileURLToPath(import.meta.resolve('ink')));
  const pkg = JSON.parse(readFileSync(join(buildDir, '..', 'package.json'), 'utf8'));
  const file = join(buildDir, 'log-update.js');
  const src = readFileSync(file, 'utf8');
  if (src.includes(FIXED)) process.exit(0);
  if (pkg.version !== '6.8.0' || !src.includes(BUGGY)) {
    console.warn(`supervisor-tui: ink ${pkg.version} not patched (patch is for 6.8.0)`);
    process.exit(0);
  }
  writeFileSync(file, src.replace(BUGGY, FIXED));
} catch (err) {
  console.warn(`supervisor-tui: could not patch ink: ${err instanceof Error ? err.message : String(err)}`);
}

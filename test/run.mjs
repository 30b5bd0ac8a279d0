#!/usr/bin/env node
// Runs every test file with node's test runner under tsx. Files are passed explicitly:
// on Node 20, `node --import tsx --test` with no arguments finds no .ts files and passes vacuously.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const files = walk(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '3';
// node:test has no default timeout: a hung test would hold CI for its whole budget. The slowest suites take ~45 s.
const timeout = process.env.TEST_TIMEOUT_MS ?? '180000';
// Tests that render Ink in their own process get its incremental-render fix from this load hook
// (the built package has it bundled; see tui/ink-fix/).
const inkFix = new URL('../tui/ink-fix/register.mjs', import.meta.url).href;
const child = spawn(process.execPath, ['--import', 'tsx', '--import', inkFix, '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${timeout}`, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

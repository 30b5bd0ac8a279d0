#!/usr/bin/env node
// `npm run build` (and `prepack`, so `npm pack` always ships a fresh build):
//   1. tsc compiles src/ and daemon/ to dist/ unbundled — the daemon and the commands load only their own modules;
//   2. esbuild bundles the dashboard (tui/, the src/ code it uses, Ink and React) into dist/tui/,
//      with Ink's fixes (incremental render, a faster frame) applied to the bundled copy (tui/ink-fix/fix.mjs), so the
//      package has no runtime dependencies and nothing under node_modules is ever changed.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { INK_FIXES } from '../tui/ink-fix/fix.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** esbuild plugin: Ink's files get their fixes (tui/ink-fix/) as they are bundled; a build whose Ink lacks the known code fails. */
function inkFix(applied) {
  return {
    name: 'ink-fix',
    setup(b) {
      for (const { file, name, fix } of INK_FIXES) {
        b.onLoad({ filter: file }, (args) => {
          const fixed = fix(readFileSync(args.path, 'utf8'));
          if (fixed.status === 'missing') {
            return { errors: [{ text: `${args.path} is not Ink 6.8.0's ${name}: review tui/ink-fix/fix.mjs for this Ink` }] };
          }
          applied.push(args.path);
          return { contents: fixed.source, loader: 'js' };
        });
      }
    },
  };
}

/** The package directory holding a bundled input file, or null for our own sources. */
function packageDirOf(input) {
  const parts = input.split(/[\\/]/);
  const i = parts.lastIndexOf('node_modules');
  if (i < 0) return null;
  const n = parts[i + 1]?.startsWith('@') ? 3 : 2;
  return parts.slice(0, i + n).join(sep);
}

/** One file with the name, version and licence text of every package the bundle contains. */
function thirdPartyNotices(inputs) {
  const dirs = [...new Set(inputs.map(packageDirOf).filter((d) => d !== null))].sort();
  const blocks = dirs.map((dir) => {
    const abs = join(ROOT, dir);
    const pkg = JSON.parse(readFileSync(join(abs, 'package.json'), 'utf8'));
    const file = readdirSync(abs).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(join(abs, file), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
    return `${pkg.name} ${pkg.version}\n${'-'.repeat(`${pkg.name} ${pkg.version}`.length)}\n${text}\n`;
  });
  return `The dashboard bundle (dist/tui/) contains these packages:\n\n${blocks.join('\n')}`;
}

/**
 * Bundles the dashboard entries into `outdir`: main.js (options and connection, no React) and
 * run.js (Ink + React), sharing chunks. Returns the inputs and whether the Ink fix was applied.
 */
export async function bundleDashboard(outdir, { minify = true } = {}) {
  const applied = [];
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['tui/main.ts', 'tui/run.tsx'],
    outdir,
    outbase: 'tui',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    minify,
    keepNames: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // React and Ink pick their production builds at build time; Ink's devtools are a dev-only optional peer.
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['react-devtools-core'],
    // CommonJS parts of React need `require` for Node built-ins inside an ES module bundle.
    banner: { js: "import { createRequire as __svtuiRequire } from 'node:module'; const require = __svtuiRequire(import.meta.url);" },
    plugins: [inkFix(applied)],
  });
  const inputs = Object.keys(result.metafile.inputs);
  if (applied.length !== INK_FIXES.length) throw new Error(`the Ink fixes were applied to ${applied.length} files (expected ${INK_FIXES.length})`);
  writeFileSync(join(outdir, 'THIRD_PARTY_LICENSES'), thirdPartyNotices(inputs));
  return { inputs, inkFixed: applied };
}

async function main() {
  const dist = join(ROOT, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
  // tsc also emitted the dashboard unbundled (src/cli/main.ts imports it); the bundle replaces it.
  rmSync(join(dist, 'tui'), { recursive: true, force: true });
  await bundleDashboard(join(dist, 'tui'));
  if (!existsSync(join(dist, 'src', 'cli', 'main.js'))) throw new Error('dist/src/cli/main.js was not built');
  process.stdout.write(`built ${relative(process.cwd(), dist) || 'dist'}/\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

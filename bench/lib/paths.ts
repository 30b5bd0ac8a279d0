/** Where the built CLI lives (`npm run build` output); the benchmark measures what users run. */
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const OURS_BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/**
 * Two `npm run bench -- --json FILE` runs side by side — typically one on a quiet machine and one
 * under load — with a verdict that claims a target only where both runs met it:
 *
 *   node --import tsx bench/both.ts quiet.json loaded.json
 *
 * Prints a markdown table (metric | supervisord | ours | ratio in each run | target | verdict).
 */
import { readFileSync } from 'node:fs';
import { bothRows, bothMarkdown, type BenchRun } from './lib/both.ts';

const [quietFile, loadedFile] = process.argv.slice(2);
if (quietFile === undefined || loadedFile === undefined) {
  console.error('usage: node --import tsx bench/both.ts QUIET.json LOADED.json');
  process.exit(2);
}
const read = (f: string): BenchRun => JSON.parse(readFileSync(f, 'utf8')) as BenchRun;
const quiet = read(quietFile);
const loaded = read(loadedFile);
console.log(`quiet: started ${quiet.started}, load ${quiet.loads.join(' → ')}`);
console.log(`loaded: started ${loaded.started}, load ${loaded.loads.join(' → ')}\n`);
console.log(bothMarkdown(bothRows(quiet, loaded)));

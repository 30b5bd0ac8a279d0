/**
 * `supervisor-tui completion bash|zsh|fish` prints a completion script; the scripts call back
 * `supervisor-tui completion complete -- LINE`, which prints the candidates for LINE, asking the
 * server named on LINE (or the default config) for process names only where they are wanted,
 * with a short timeout: a server that does not answer gives no names, never a hung shell.
 */
import { createClient } from '../client/client.ts';
import { parseArgs } from '../ctl/options.ts';
import { loadSettings } from '../ctl/settings.ts';
import type { ProcessInfo } from '../protocol/types.ts';
import { complete, connectionWords, needsServer, SHELLS, type Shell } from './candidates.ts';
import { SCRIPTS } from './scripts.ts';

/** Time allowed for the server's process list while the user waits on Tab. */
const NAMES_TIMEOUT_MS = 1000;

const USAGE_LINE = 'usage: supervisor-tui completion bash|zsh|fish';

async function processNames(line: string): Promise<ProcessInfo[]> {
  const parsed = parseArgs(connectionWords(line));
  if (parsed.kind !== 'run') return [];
  let client;
  try {
    client = createClient({ ...loadSettings(parsed.options), timeoutMs: NAMES_TIMEOUT_MS });
  } catch {
    return [];
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<ProcessInfo[]>((resolve) => (timer = setTimeout(() => resolve([]), NAMES_TIMEOUT_MS)));
    return await Promise.race([client.getAllProcessInfo().catch(() => []), late]);
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

async function candidates(line: string): Promise<number> {
  const { VOCABULARY } = await import('../ctl/controller.ts');
  const infos = needsServer(line) ? await processNames(line) : [];
  const result = complete(line, VOCABULARY, infos);
  process.stdout.write(result.kind === 'files' ? ':files\n' : result.words.map((w) => `${w}\n`).join(''));
  return 0;
}

export async function main(args: string[]): Promise<number> {
  if (args[0] === 'complete' && args[1] === '--' && args.length === 3) return candidates(args[2]!);
  if (args.length === 1 && (SHELLS as readonly string[]).includes(args[0]!)) {
    process.stdout.write(SCRIPTS[args[0] as Shell]);
    return 0;
  }
  process.stderr.write(`Error: ${args.length === 0 ? 'completion needs a shell' : `completion does not know ${JSON.stringify(args.join(' '))}`}\n${USAGE_LINE}\n`);
  return 2;
}

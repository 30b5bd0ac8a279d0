#!/usr/bin/env node
/**
 * The one bin. Each mode's module is imported only when chosen, so `status` and the daemon
 * never load React or Ink (the dashboard's import alone costs ~0.3 s).
 */
import { errorText } from '../error-text.ts';
import { chooseMode } from './mode.ts';

async function run(argv: string[]): Promise<number> {
  const { mode, args } = chooseMode(argv, process.stdin.isTTY === true);
  switch (mode) {
    case 'daemon':
      return (await import('../../daemon/main.ts')).main(args);
    case 'check':
      return (await import('../config/check-command.ts')).main(args);
    case 'completion':
      return (await import('../completion/main.ts')).main(args);
    case 'ctl':
      return (await import('../ctl/main.ts')).main(args);
    case 'help':
      return (await import('./usage.ts')).printUsage();
    case 'version':
      return (await import('./usage.ts')).printVersion();
    case 'dashboard':
      return (await import('../../tui/main.ts')).main(args);
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${errorText(err)}\n`);
    process.exitCode = 1;
  },
);

/** The dashboard end to end in tmux against Debian's supervisord (see helpers/e2e-scenario.ts). */
import { test } from 'node:test';
import { supervisordSkipReason } from '../helpers/daemon.ts';
import { skipReason } from '../helpers/tools.ts';
import { dashboardScenario } from './helpers/e2e-scenario.ts';

const skip = skipReason('tmux', 'tmux') || supervisordSkipReason();

test('dashboard end to end in tmux against real supervisord', { skip, timeout: 120_000 }, (t) => dashboardScenario(t, 'real'));

/** The dashboard end to end in tmux against Debian's supervisord (see helpers/e2e-scenario.ts). */
import { test } from 'node:test';
import { skipReason, which } from '../helpers/tools.ts';
import { dashboardScenario } from './helpers/e2e-scenario.ts';

const SUPERVISORD = '/usr/bin/supervisord';
const skip = skipReason('tmux', 'tmux') || (which(SUPERVISORD) === null ? `${SUPERVISORD} not installed (apt-get install -y supervisor)` : false);

test('dashboard end to end in tmux against real supervisord', { skip, timeout: 120_000 }, (t) => dashboardScenario(t, (conf) => [SUPERVISORD, ['-n', '-c', conf]]));

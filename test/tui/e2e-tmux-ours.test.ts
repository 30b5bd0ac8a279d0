/** The dashboard end to end in tmux against our own daemon (see helpers/e2e-scenario.ts). */
import { test } from 'node:test';
import { skipReason } from '../helpers/tools.ts';
import { dashboardScenario } from './helpers/e2e-scenario.ts';

const skip = skipReason('tmux', 'tmux');

test('dashboard end to end in tmux against our daemon', { skip, timeout: 120_000 }, (t) => dashboardScenario(t, 'ours'));

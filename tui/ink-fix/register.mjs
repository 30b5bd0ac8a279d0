// `node --import ./tui/ink-fix/register.mjs …`: install the Ink fix hook before anything loads Ink
// (test/run.mjs does, for tests that render Ink in their own process).
import { register } from 'node:module';

register('./hook.mjs', import.meta.url);

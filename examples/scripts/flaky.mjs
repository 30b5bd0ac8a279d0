#!/usr/bin/env node
// Demo flaky service: works for a random 5–20 s, then crashes with exit status 1.
const lifetime = 5000 + Math.floor(Math.random() * 15000);
console.log(`flaky: up, will crash in ${(lifetime / 1000).toFixed(1)} s`);

const beat = setInterval(() => console.log('flaky: still fine'), 2000);
setTimeout(() => {
  clearInterval(beat);
  console.error('flaky: fatal: lost connection to the imaginary database');
  process.exit(1);
}, lifetime);

process.on('SIGTERM', () => process.exit(0));

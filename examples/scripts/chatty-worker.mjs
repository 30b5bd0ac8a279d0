#!/usr/bin/env node
// Demo worker: a line on stdout every ~0.5 s, now and then a warning on stderr.
const id = process.argv[2] ?? '0';
let job = 0;

const timer = setInterval(() => {
  job++;
  const ms = 20 + Math.floor(Math.random() * 200);
  console.log(`worker ${id}: job #${job} done in ${ms} ms`);
  if (Math.random() < 0.1) console.error(`worker ${id}: warning: job #${job} was slow (${ms * 10} ms queue wait)`);
}, 400 + Math.floor(Math.random() * 200));

process.on('SIGTERM', () => {
  clearInterval(timer);
  console.log(`worker ${id}: stopping after ${job} jobs`);
  process.exit(0);
});

#!/usr/bin/env node
// Demo on-demand job: builds a "report" in ten steps, then exits 0.
const steps = 10;
let step = 0;
console.log('report: starting');
const timer = setInterval(() => {
  step++;
  console.log(`report: step ${step}/${steps}`);
  if (step === steps) {
    clearInterval(timer);
    console.log('report: done');
    process.exit(0);
  }
}, 1000);
process.on('SIGTERM', () => {
  console.error(`report: interrupted at step ${step}/${steps}`);
  process.exit(1);
});

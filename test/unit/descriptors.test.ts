/** The descriptor budget's arithmetic (daemon/descriptors.ts), as tables. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetWarning, DescriptorBudget, reserveFor, SPAWN_DESCRIPTORS } from '../../daemon/descriptors.ts';

test('reserve: an eighth of the limit, between 32 and 256', () => {
  for (const [limit, reserve] of [[64, 32], [256, 32], [1024, 128], [4096, 256], [1_048_576, 256]] as const) assert.equal(reserveFor(limit), reserve, String(limit));
});

test('spawns are refused once they would eat into the reserve; a fresh count lets them go on', () => {
  let open = 100;
  let now = 0;
  const b = new DescriptorBudget(1024, 128, () => open, () => now);
  let taken = 0;
  while (b.takeSpawn()) taken++;
  assert.equal(taken, Math.floor((1024 - 128 - 100) / SPAWN_DESCRIPTORS));
  open = 200; // processes exited, descriptors were freed; counted afresh after a refusal
  assert.equal(b.takeSpawn(), true);
  assert.equal(new DescriptorBudget(-1, 0, () => 1e9).takeSpawn(), true, 'unlimited');
  assert.equal(new DescriptorBudget(1024, 128, () => -1).takeSpawn(), true, 'no procfs');
});

test('the start-up warning names the room and the programs that start by themselves', () => {
  assert.equal(budgetWarning(-1, 5000), null);
  assert.equal(budgetWarning(1024, 179), null);
  assert.match(budgetWarning(1024, 300) ?? '', /^RLIMIT_NOFILE soft limit 1024 leaves room for about 179 running processes \(5 descriptors each, 128 kept for the servers\) but 300 start automatically/);
  assert.match(budgetWarning(64, 7) ?? '', /room for about 6 running processes/);
});

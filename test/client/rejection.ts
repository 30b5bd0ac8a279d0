/** Client tests expect calls to fail with a ClientError; this awaits that error or fails the test. */
import assert from 'node:assert/strict';
import { ClientError } from '../../src/client/types.ts';

export async function rejection(p: Promise<unknown>): Promise<ClientError> {
  const err = await p.then(() => assert.fail('expected a ClientError'), (e: unknown) => e);
  assert.ok(err instanceof ClientError, String(err));
  return err;
}

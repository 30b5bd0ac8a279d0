/** heapFigures (pure): live bytes and watched constructor counts from a heap snapshot's flat node table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heapFigures } from './heap.ts';

test('sums every node self size and counts only object nodes with a watched name', () => {
  const strings = ['Socket', 'IncomingMessage', 'Other', 'ServerResponse'];
  const snapshot = {
    snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [['hidden', 'object', 'closure', 'string']] as [string[]] } },
    // type, name, id, self_size, edge_count
    nodes: [1, 0, 1, 100, 0, 1, 0, 2, 50, 0, 2, 0, 3, 10, 0, 1, 1, 4, 7, 0, 3, 3, 5, 1000, 0, 1, 2, 6, 3, 0],
    strings,
  };
  assert.deepEqual(heapFigures(snapshot), { liveBytes: 1170, counts: { Socket: 2, IncomingMessage: 1, ServerResponse: 0, Timeout: 0 } });
});

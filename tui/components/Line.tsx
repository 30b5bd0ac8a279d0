/** One drawn line: styled segments as one <Text>. Memoized on the segments' content. */
import { Text } from 'ink';
import { memo } from 'react';
import { segsToAnsi } from '../seg-ansi.ts';
import type { Seg } from '../segments.ts';

function sameSegs(a: readonly Seg[], b: readonly Seg[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.text !== y.text || x.color !== y.color || x.dim !== y.dim || x.bold !== y.bold || x.inverse !== y.inverse || x.fg !== y.fg || x.bg !== y.bg) return false;
  }
  return true;
}

export const Line = memo(
  // One text node styled as a <Text> per segment would be (seg-ansi.ts says why).
  function Line({ segs }: { segs: readonly Seg[] }) {
    return <Text wrap="truncate">{segsToAnsi(segs)}</Text>;
  },
  (a, b) => sameSegs(a.segs, b.segs),
);

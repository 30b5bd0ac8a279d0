/** One drawn line: styled segments in a single <Text>. Memoized on the segments' content. */
import { Text } from 'ink';
import { memo } from 'react';
import type { Seg } from '../segments.ts';
import { paint } from '../settings/palette.ts';

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
  function Line({ segs }: { segs: readonly Seg[] }) {
    return (
      <Text wrap="truncate">
        {segs.map((s, i) => (
          <Text key={i} color={s.color !== undefined ? paint(s.color) : s.fg} backgroundColor={s.bg} dimColor={s.dim} bold={s.bold} inverse={s.inverse}>
            {s.text}
          </Text>
        ))}
      </Text>
    );
  },
  (a, b) => sameSegs(a.segs, b.segs),
);

/** A fixed block of pre-built lines (log pane, footer, overlays). */
import { Box } from 'ink';
import type { Seg } from '../segments.ts';
import { Line } from './Line.tsx';

export function Lines({ lines, width }: { lines: readonly (readonly Seg[])[]; width: number }) {
  return (
    <Box flexDirection="column" width={width} height={lines.length}>
      {lines.map((segs, i) => (
        <Line key={i} segs={segs} />
      ))}
    </Box>
  );
}

/**
 * A drawn line is one <Text> whose text is styled by tui/seg-ansi.ts: it must come out exactly as
 * a <Text> per segment did (Ink styling each with chalk), byte for byte, in colour and without.
 */
import './helpers/no-ci.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { Line } from '../../tui/components/Line.tsx';
import type { Seg } from '../../tui/segments.ts';

/** How a line was drawn before: a <Text> per segment inside one. */
function NestedLine({ segs }: { segs: readonly Seg[] }) {
  return (
    <Text wrap="truncate">
      {segs.map((s, i) => (
        <Text key={i} color={s.color ?? s.fg} backgroundColor={s.bg} dimColor={s.dim} bold={s.bold} inverse={s.inverse}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}

const LINES: Seg[][] = [
  [{ text: ' web:web_00 ', bold: true }, { text: 'RUNNING', color: 'green' }, { text: '  pid 12, uptime 0:01:02 ' }],
  [{ text: 'selected row ', inverse: true }, { text: 'STOPPED', dim: true, inverse: true }, { text: '', color: 'red' }, { text: ' end' }],
  [{ text: 'FATAL', color: 'red', bold: true }, { text: ' dim', dim: true }, { text: ' both', dim: true, color: 'yellow' }],
  [{ text: 'log ', fg: 'cyanBright' }, { text: 'on blue', fg: 'white', bg: 'blue' }, { text: ' hex', fg: '#ff8800', bg: '#002244' }, { text: ' 256', fg: 'ansi256(208)', bg: 'ansi256(17)' }, { text: ' rgb', fg: 'rgb(1, 2, 3)' }, { text: ' ?', fg: 'nonsense' }],
  [{ text: '名前 👍 ▾ ─ · …', color: 'magenta' }],
  [{ text: 'a line far wider than the terminal it is drawn on, cut by wrap=truncate at the edge', color: 'blue' }],
  [],
];

test('a line drawn as one styled text is byte for byte what a <Text> per segment drew', () => {
  for (const segs of LINES) {
    const nested = render(<NestedLine segs={segs} />);
    const one = render(<Line segs={segs} />);
    assert.equal(one.lastFrame(), nested.lastFrame(), JSON.stringify(segs));
    assert.match(nested.lastFrame() ?? '', segs.some((s) => s.color || s.fg || s.dim || s.bold || s.inverse) ? /\x1b\[/ : /^/, 'styles are on');
    nested.unmount();
    one.unmount();
  }
});

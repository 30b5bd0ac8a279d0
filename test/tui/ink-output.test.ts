/**
 * Ink's Output#get replaced by tui/ink-fix/output-get.mjs (loaded here through the ink-fix hook, as
 * test/run.mjs registers it): every frame must look exactly as Ink's own get draws it, cell for
 * cell and style for style, including the cases the fast path hands back to Ink.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fixInkOutput } from '../../tui/ink-fix/fix.mjs';
import { VirtualScreen } from '../../tui/term/virtual-screen.ts';

const OUTPUT_JS = join(dirname(fileURLToPath(import.meta.resolve('ink'))), 'output.js');

type Op = { write: [number, number, string, ((s: string, i: number) => string)[]?] } | { clip: { x1?: number; x2?: number; y1?: number; y2?: number } } | 'unclip';

interface OutputLike {
  write(x: number, y: number, text: string, o: { transformers: ((s: string, i: number) => string)[] }): void;
  clip(c: object): void;
  unclip(): void;
  get(): { output: string; height: number };
  inkGet(): { output: string; height: number };
}

const { default: Output } = (await import(pathToFileURL(OUTPUT_JS).href)) as { default: new (o: { width: number; height: number }) => OutputLike };

const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
const inverse = (s: string) => `\x1b[7m${s}\x1b[27m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;

/** What a terminal shows for `output`, drawn as one stream (a style left open would reach the next row): each row's characters and pens. */
function cells(output: string, width: number): { chars: string[]; styles: string[] }[] {
  const screen = new VirtualScreen(width + 20, output.split('\n').length);
  screen.write(output);
  return screen.lines;
}

function frame(width: number, height: number, ops: Op[]): OutputLike {
  const o = new Output({ width, height });
  for (const op of ops) {
    if (op === 'unclip') o.unclip();
    else if ('clip' in op) o.clip(op.clip);
    else o.write(op.write[0], op.write[1], op.write[2], { transformers: op.write[3] ?? [] });
  }
  return o;
}

const CASES: [string, number, number, Op[]][] = [
  ['one styled row per line', 20, 3, [{ write: [0, 0, `${bold('web')} ${red('FATAL')}  pid 12`] }, { write: [0, 1, inverse('selected row      ')] }]],
  ['two writes on a row (table beside the log pane)', 30, 2, [{ write: [0, 0, red('left side')] }, { write: [15, 0, `${bold('log')} line`] }, { write: [15, 1, 'only right'] }]],
  ['multi-line text and blank rows', 12, 5, [{ write: [2, 1, 'one\n\nthree'] }]],
  ['wide characters and emoji', 16, 2, [{ write: [0, 0, '名前 ok'] }, { write: [8, 0, '👍 x'] }, { write: [1, 1, red('漢字')] }]],
  ['clipped horizontally and vertically', 20, 4, [{ clip: { x1: 2, x2: 8, y1: 1, y2: 3 } }, { write: [0, 0, 'abcdefghijkl\nmnopqrstuvwx\nyz0123456789\nlast'] }, 'unclip', { write: [10, 3, 'free'] }]],
  ['transformers', 10, 2, [{ write: [0, 0, 'ab\ncd', [(s, i) => `${i}:${s.toUpperCase()}`]] }]],
  ['overlapping writes take Ink\'s path', 10, 1, [{ write: [0, 0, 'aaaaaa'] }, { write: [2, 0, red('bb')] }]],
  ['an escape other than SGR takes Ink\'s path', 20, 1, [{ write: [0, 0, 'x\x1b]8;;http://e\x07link\x1b]8;;\x07'] }]],
  ['an unclosed style does not reach the next row', 10, 2, [{ write: [0, 0, '\x1b[31mred'] }, { write: [0, 1, 'plain'] }]],
  ['trailing blanks, styled and not', 12, 2, [{ write: [0, 0, 'text    '] }, { write: [0, 1, inverse('bar     ')] }]],
  ['text past the width and rows past the height', 6, 2, [{ write: [0, 0, 'abcdefghij'] }, { write: [0, 1, 'x\ny\nz'] }, { write: [0, 5, 'gone'] }]],
];

for (const [name, width, height, ops] of CASES) {
  test(`fast Output#get draws what Ink's does: ${name}`, () => {
    const fast = frame(width, height, ops).get();
    const ink = frame(width, height, ops).inkGet();
    assert.equal(fast.height, ink.height);
    assert.deepEqual(cells(fast.output, width), cells(ink.output, width));
  });
}

test('the Output fix applies once to Ink 6.8.0\'s output.js and reports an unknown file', async () => {
  const { readFileSync } = await import('node:fs');
  const source = readFileSync(OUTPUT_JS, 'utf8');
  const fixed = fixInkOutput(source);
  assert.equal(fixed.status, 'fixed');
  assert.deepEqual(fixInkOutput(fixed.source), { source: fixed.source, status: 'already' });
  assert.equal(fixInkOutput('export default class Output {}').status, 'missing');
});

test('Ink\'s sanitizeAnsi is memoized: each text computed once while it keeps being asked, memory bounded', async () => {
  const { memoStrings } = await import('../../tui/ink-fix/memo.mjs');
  const calls: string[] = [];
  const upper = memoStrings((t) => {
    calls.push(t);
    return t.toUpperCase();
  }, 3);
  assert.deepEqual(['a', 'b', 'a', 'c', 'a', 'b'].map(upper), ['A', 'B', 'A', 'C', 'A', 'B']);
  assert.deepEqual(calls, ['a', 'b', 'c'], 'asked again within two generations: not recomputed');
  for (const t of ['d', 'e', 'f', 'g', 'h', 'i', 'j']) upper(t);
  calls.length = 0;
  upper('c');
  assert.deepEqual(calls, ['c'], 'older than two generations: forgotten');
  const { fixInkSanitize } = await import('../../tui/ink-fix/fix.mjs');
  const { readFileSync } = await import('node:fs');
  const fixed = fixInkSanitize(readFileSync(join(dirname(OUTPUT_JS), 'sanitize-ansi.js'), 'utf8'));
  assert.equal(fixed.status, 'fixed');
  assert.equal(fixInkSanitize(fixed.source).status, 'already');
  assert.equal(fixInkSanitize('export default 1;').status, 'missing');
  const { default: sanitize } = (await import(pathToFileURL(join(dirname(OUTPUT_JS), 'sanitize-ansi.js')).href)) as { default: (t: string) => string };
  assert.equal(sanitize('a\x1b[31mred\x1b[39m\x1b[2Jb'), 'a\x1b[31mred\x1b[39mb', 'still Ink\'s sanitizing (loaded through the hook)');
  assert.equal(sanitize('a\x1b[31mred\x1b[39m\x1b[2Jb'), 'a\x1b[31mred\x1b[39mb');
});

test('Ink\'s sanitizeAnsi returns an SGR-only line as it is, exactly as its tokenizing does', async () => {
  const { SGR_ONLY } = await import('../../tui/ink-fix/fix.mjs');
  const { readFileSync } = await import('node:fs');
  // Ink's own function, unfixed: its file's text with the export made a plain one.
  const src = readFileSync(join(dirname(OUTPUT_JS), 'sanitize-ansi.js'), 'utf8').replace('export default sanitizeAnsi;', '');
  const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'svtui-sanitize-'));
  const { writeFileSync, rmSync } = await import('node:fs');
  writeFileSync(join(dir, 'plain.mjs'), src.replace("from './ansi-tokenizer.js'", `from '${pathToFileURL(join(dirname(OUTPUT_JS), 'ansi-tokenizer.js')).href}'`) + '\nexport { sanitizeAnsi };\n');
  try {
    const { sanitizeAnsi } = (await import(pathToFileURL(join(dir, 'plain.mjs')).href)) as { sanitizeAnsi: (t: string) => string };
    const cases: [string, boolean][] = [
      ['plain ascii', true],
      [' \x1b[1mweb:web_00\x1b[22m \x1b[32mRUNNING\x1b[39m  12345  1:02:03 ', true],
      ['\x1b[38;2;1;2;3mtrue colour\x1b[0m é 漢字 🙂', true],
      ['a\x1b[31mred\x1b[39m\x1b[2Jb', false], // a clear-screen: Ink strips it
      ['a\x1b[?25lb', false],
      ['a\x9b31mb', false], // C1 CSI
      ['a\x1b]8;;http://x\x07link\x1b]8;;\x07', false], // OSC: Ink's path
      ['\x1b[', false],
    ];
    for (const [text, fast] of cases) {
      assert.equal(SGR_ONLY.test(text), fast, JSON.stringify(text));
      if (fast) assert.equal(sanitizeAnsi(text), text, `Ink keeps ${JSON.stringify(text)} whole`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Ink\'s measureText cache is bounded (it kept every text ever measured)', async () => {
  const { fixInkMeasure } = await import('../../tui/ink-fix/fix.mjs');
  const { readFileSync } = await import('node:fs');
  const fixed = fixInkMeasure(readFileSync(join(dirname(OUTPUT_JS), 'measure-text.js'), 'utf8'));
  assert.equal(fixed.status, 'fixed');
  assert.ok(!fixed.source.includes('cache.set('), 'the unbounded Map is no longer filled');
  assert.equal(fixInkMeasure(fixed.source).status, 'already');
  assert.equal(fixInkMeasure('export default 1;').status, 'missing');
  const { default: measure } = (await import(pathToFileURL(join(dirname(OUTPUT_JS), 'measure-text.js')).href)) as { default: (t: string) => { width: number; height: number } };
  assert.deepEqual(measure('ab\n\x1b[31mcde\x1b[39m'), { width: 3, height: 2 }, 'still Ink\'s measuring (loaded through the hook)');
  assert.deepEqual(measure('漢字'), { width: 4, height: 1 });
});

test('Ink\'s renderNodeToOutput takes a line\'s width from measureText (memoized) instead of measuring it again', async () => {
  const { fixInkRenderWidth } = await import('../../tui/ink-fix/fix.mjs');
  const { readFileSync } = await import('node:fs');
  const fixed = fixInkRenderWidth(readFileSync(join(dirname(OUTPUT_JS), 'render-node-to-output.js'), 'utf8'));
  assert.equal(fixed.status, 'fixed');
  assert.ok(fixed.source.includes('const currentWidth = measureText(text).width;'));
  assert.equal(fixInkRenderWidth(fixed.source).status, 'already');
  assert.equal(fixInkRenderWidth('export default 1;').status, 'missing');
});


test('Ink\'s render() also returns flushFrame, which draws the frame its throttle holds', async () => {
  const { fixInkRender } = await import('../../tui/ink-fix/fix.mjs');
  const { readFileSync } = await import('node:fs');
  const fixed = fixInkRender(readFileSync(join(dirname(OUTPUT_JS), 'render.js'), 'utf8'));
  assert.equal(fixed.status, 'fixed');
  assert.ok(fixed.source.includes('flushFrame: () => instance.throttledOnRender?.flush(),'));
  assert.equal(fixInkRender(fixed.source).status, 'already');
  assert.equal(fixInkRender('export default 1;').status, 'missing');
});

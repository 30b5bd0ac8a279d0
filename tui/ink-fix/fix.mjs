import { memoStrings } from './memo.mjs';
import { makeFastGet } from './output-get.mjs';

// Ink 6.8.0's incremental render moves the cursor up `previousVisible - 1` lines before redrawing,
// one short when the frame ends with a newline (every frame shorter than the terminal), so each
// update draws one line low. Ink 7.1 counts the previous frame's lines instead; we apply the same
// one-line change to Ink's source as it is loaded or bundled — never to the installed file.

/** Ink's file that carries the bug, as a path or file URL. */
export const INK_LOG_UPDATE = /[\\/]ink[\\/]build[\\/]log-update\.js$/;

const BUGGY = 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));';
const FIXED = 'buffer.push(ansiEscapes.cursorUp(previousLines.length - 1));';

/**
 * @param {string} source the text of ink/build/log-update.js
 * @returns {{ source: string, status: 'fixed' | 'already' | 'missing' }} `missing`: this Ink is not
 *   the 6.8.0 code the fix was written for; the caller decides whether that is fatal.
 */
export function fixInkLogUpdate(source) {
  if (source.includes(FIXED) && !source.includes(BUGGY)) return { source, status: 'already' };
  const parts = source.split(BUGGY);
  if (parts.length !== 2) return { source, status: 'missing' };
  return { source: parts.join(FIXED), status: 'fixed' };
}

// Ink 6.8.0's Output#get rebuilds the whole screen from one object per character on every frame:
// output-get.mjs joins each row's written text instead (why, and what still takes Ink's path: there).

/** Ink's file whose Output#get is replaced, as a path or file URL. */
export const INK_OUTPUT = /[\\/]ink[\\/]build[\\/]output\.js$/;

const OUTPUT_MARK = '/* supervisor-tui: fast Output#get */';

/**
 * @param {string} source the text of ink/build/output.js
 * @returns {{ source: string, status: 'fixed' | 'already' | 'missing' }}
 */
export function fixInkOutput(source) {
  if (source.includes(OUTPUT_MARK)) return { source, status: 'already' };
  const known = /^export default class Output \{$/m.test(source) && source.includes("import sliceAnsi from 'slice-ansi';") && source.includes('getStyledChars(line)');
  if (!known) return { source, status: 'missing' };
  const patch = [
    OUTPUT_MARK,
    // Kept for the equivalence test and for frames the fast path leaves to Ink.
    "Object.defineProperty(Output.prototype, 'inkGet', { value: Output.prototype.get });",
    `Output.prototype.get = (${makeFastGet.toString()})(Output.prototype.get, sliceAnsi);`,
  ];
  return { source: `${source}\n${patch.join('\n')}\n`, status: 'fixed' };
}

/** Ink's file whose sanitizeAnsi is memoized (memo.mjs says why), as a path or file URL. */
export const INK_SANITIZE = /[\\/]ink[\\/]build[\\/]sanitize-ansi\.js$/;

const SANITIZE_EXPORT = 'export default sanitizeAnsi;';

/**
 * @param {string} source the text of ink/build/sanitize-ansi.js
 * @returns {{ source: string, status: 'fixed' | 'already' | 'missing' }}
 */
export function fixInkSanitize(source) {
  const memoized = 'export default (';
  if (source.includes(memoized) && !source.includes(SANITIZE_EXPORT)) return { source, status: 'already' };
  const parts = source.split(SANITIZE_EXPORT);
  if (parts.length !== 2 || !source.includes('const sanitizeAnsi = (text) => {')) return { source, status: 'missing' };
  // A frame has ~45 lines of ~12 text nodes: 2,000 entries per generation hold several frames.
  // A line whose only escapes are SGR (every line the dashboard draws) is returned as it is: what
  // Ink's tokenizing would give back, without tokenizing each new line (a ticking uptime makes 40 a second).
  const fast = `(text) => (${SGR_ONLY}.test(text) ? text : sanitizeAnsi(text))`;
  return { source: parts.join(`${memoized}${memoStrings.toString()})(${fast}, 2000);`), status: 'fixed' };
}

/** Text whose only escapes are SGR sequences (`ESC [ params m`), with no C1 control: Ink's sanitizeAnsi keeps it whole. */
export const SGR_ONLY = /^(?:[^\x1b\x80-\x9f]|\x1b\[[\d;:]*m)*$/;

// Ink 6.8.0's measureText keeps every text it ever measured in a Map that is never emptied: a
// ticking uptime makes ~40 new lines a second, so it grew all day (~3.5 million entries a day).
// It is given the bounded memo of memo.mjs instead.

/** Ink's file whose measureText cache is bounded, as a path or file URL. */
export const INK_MEASURE = /[\\/]ink[\\/]build[\\/]measure-text\.js$/;

const MEASURE_EXPORT = 'export default measureText;';
const MEASURE_CACHE_SET = 'cache.set(text, dimensions);';

/**
 * @param {string} source the text of ink/build/measure-text.js
 * @returns {{ source: string, status: 'fixed' | 'already' | 'missing' }}
 */
export function fixInkMeasure(source) {
  if (!source.includes(MEASURE_EXPORT) && !source.includes(MEASURE_CACHE_SET) && source.includes('export default (')) return { source, status: 'already' };
  const parts = source.split(MEASURE_EXPORT);
  if (parts.length !== 2 || source.split(MEASURE_CACHE_SET).length !== 2) return { source, status: 'missing' };
  const fixed = parts.join(`export default (${memoStrings.toString()})(measureText, 2000);`).replace(MEASURE_CACHE_SET, '');
  return { source: fixed, status: 'fixed' };
}

// Yoga (Ink's layout engine) carries its WebAssembly as a base64 `data:` URL and reads it with
// `fetch` whenever `fetch` exists: in Node 20 that first touch of `fetch` loads undici, which then
// decodes the URL in JavaScript — ~25 ms and ~3.5 MiB before the first frame, for 90 KB of bytes.
// Handing Emscripten the bytes as `wasmBinary` (decoded by Buffer) skips both; the module is compiled
// and instantiated by the same code as before.

/** Yoga's Emscripten loader, as a path or file URL. */
export const YOGA_WASM = /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/;

const YOGA_READ = 'function ya(){return w||"function"!=typeof fetch?';
const YOGA_BYTES = 'function ya(){w||(w=Buffer.from(H.slice(37),"base64"));return w||"function"!=typeof fetch?';

/**
 * @param {string} source the text of yoga-layout/dist/binaries/yoga-wasm-base64-esm.js
 * @returns {{ source: string, status: 'fixed' | 'already' | 'missing' }}
 */
export function fixYogaWasm(source) {
  if (source.includes(YOGA_BYTES)) return { source, status: 'already' };
  const parts = source.split(YOGA_READ);
  // `H` must be the data URL (37 characters of prefix) that `wa()` itself decodes.
  if (parts.length !== 2 || !source.includes('H="data:application/octet-stream;base64,') || !source.includes('b=xa(a.slice(37))')) {
    return { source, status: 'missing' };
  }
  return { source: parts.join(YOGA_BYTES), status: 'fixed' };
}

// Ink 6.8.0 measures each changed line twice a frame: Yoga's measure function through measureText
// (memoized), then renderNodeToOutput through widestLine (not): a ticking uptime changes 40 lines a
// second. The second asks measureText too, which has the line from the first.

/** Ink's file whose width check reuses measureText, as a path or file URL. */
export const INK_RENDER_NODE = /[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/;

const RENDER_WIDTH = 'const currentWidth = widestLine(text);';
const RENDER_WIDTH_FIXED = 'const currentWidth = measureText(text).width;';

/**
 * @param {string} source the text of ink/build/render-node-to-output.js
 * @returns {{ source: string, status: 'fixed' | 'already' | 'missing' }}
 */
export function fixInkRenderWidth(source) {
  if (source.includes(RENDER_WIDTH_FIXED) && !source.includes(RENDER_WIDTH)) return { source, status: 'already' };
  const parts = source.split(RENDER_WIDTH);
  if (parts.length !== 2 || !source.startsWith("import widestLine from 'widest-line';")) return { source, status: 'missing' };
  return { source: `import measureText from './measure-text.js';\n${parts.join(RENDER_WIDTH_FIXED)}`, status: 'fixed' };
}

// Ink 6.8.0 holds every frame to maxFps: a render asked within 1000/maxFps ms of the last one waits
// for the window to close (and each new ask restarts it). With a fleet's data arriving all the time,
// a key usually landed in such a window and waited up to 33 ms for its own frame. render() now also
// returns flushFrame(), which draws a frame that is waiting at once; tui/term/key-frames.ts calls it
// after a key.

/** Ink's file whose render() also returns flushFrame, as a path or file URL. */
export const INK_RENDER = /[\\/]ink[\\/]build[\\/]render\.js$/;

const RENDER_RETURN = '        clear: instance.clear,\n    };';
const RENDER_RETURN_FIXED = '        clear: instance.clear,\n        flushFrame: () => instance.throttledOnRender?.flush(),\n    };';

/**
 * @param {string} source the text of ink/build/render.js
 * @returns {{ source: string, status: 'fixed' | 'already' | 'missing' }}
 */
export function fixInkRender(source) {
  if (source.includes(RENDER_RETURN_FIXED)) return { source, status: 'already' };
  const parts = source.split(RENDER_RETURN);
  if (parts.length !== 2 || !source.includes('const instance = getInstance(')) return { source, status: 'missing' };
  return { source: parts.join(RENDER_RETURN_FIXED), status: 'fixed' };
}

/** Every change made to Ink (and its Yoga) as it is loaded or bundled: the file it applies to and the change. */
export const INK_FIXES = [
  { file: INK_LOG_UPDATE, name: 'log-update.js', fix: fixInkLogUpdate },
  { file: INK_OUTPUT, name: 'output.js', fix: fixInkOutput },
  { file: INK_SANITIZE, name: 'sanitize-ansi.js', fix: fixInkSanitize },
  { file: INK_MEASURE, name: 'measure-text.js', fix: fixInkMeasure },
  { file: INK_RENDER_NODE, name: 'render-node-to-output.js', fix: fixInkRenderWidth },
  { file: INK_RENDER, name: 'render.js', fix: fixInkRender },
  { file: YOGA_WASM, name: 'yoga-wasm-base64-esm.js', fix: fixYogaWasm },
];

// A faster Output#get for Ink 6.8.0 (ink/build/output.js), installed by fix.mjs's fixInkOutput.
// Ink builds every frame as a grid of cell objects: each written line is tokenized into one
// object per character, placed, then the grid is serialized again — for the whole screen on every
// frame, though the dashboard's lines are already exactly as wide as they should be. That was half
// of the dashboard's CPU per frame (tokenize, styledChars*, get and their garbage; README,
// Performance). Here each row is the text written to it, joined with blanks between writes; only
// what could look different that way (overlapping writes, escapes other than SGR, fractional
// positions) takes Ink's own path, for the whole frame.
//
// The function is inserted into Ink's module by its source text (fixInkOutput): it may use only
// its parameters and globals.

/**
 * @param {(this: any) => { output: string, height: number }} inkGet Ink's own Output#get
 * @param {(text: string, from: number, to?: number) => string} sliceAnsi the slice-ansi Ink imports
 */
export function makeFastGet(inkGet, sliceAnsi) {
  // eslint-disable-next-line no-control-regex
  const OTHER_ESCAPE = /\u001b(?!\[[0-9;]*m)|\u009b/;
  return function get() {
    /** Per row: x, line, x, line… in the order written. */
    const rows = [];
    for (let y = 0; y < this.height; y++) rows.push([]);
    const clips = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') {
        clips.push(operation.clip);
        continue;
      }
      if (operation.type === 'unclip') {
        clips.pop();
        continue;
      }
      if (operation.type !== 'write') continue;
      const { text, transformers } = operation;
      let { x, y } = operation;
      let lines = text.split('\n');
      const clip = clips.at(-1);
      // Clipping exactly as Ink does it.
      if (clip) {
        const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
        const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
        if (clipHorizontally) {
          const width = this.caches.getWidestLine(text);
          if (x + width < clip.x1 || x > clip.x2) continue;
        }
        if (clipVertically) {
          const height = lines.length;
          if (y + height < clip.y1 || y > clip.y2) continue;
        }
        if (clipHorizontally) {
          lines = lines.map((line) => {
            const from = x < clip.x1 ? clip.x1 - x : 0;
            const width = this.caches.getStringWidth(line);
            const to = x + width > clip.x2 ? clip.x2 - x : width;
            return sliceAnsi(line, from, to);
          });
          if (x < clip.x1) x = clip.x1;
        }
        if (clipVertically) {
          const from = y < clip.y1 ? clip.y1 - y : 0;
          const height = lines.length;
          const to = y + height > clip.y2 ? clip.y2 - y : height;
          lines = lines.slice(from, to);
          if (y < clip.y1) y = clip.y1;
        }
      }
      let offsetY = 0;
      for (let index = 0; index < lines.length; index++) {
        const row = rows[y + offsetY];
        // As Ink: a line outside the grid is skipped without moving down.
        if (!row) continue;
        let line = lines[index];
        for (const transformer of transformers) line = transformer(line, index);
        row.push(x, line);
        offsetY++;
      }
    }
    const out = [];
    for (const row of rows) {
      let s = '';
      let col = 0;
      for (let i = 0; i < row.length; i += 2) {
        const x = row[i];
        const line = row[i + 1];
        if (!Number.isInteger(x) || x < col || x > this.width || OTHER_ESCAPE.test(line)) return inkGet.call(this);
        // Ink ends each row with its styles closed: so does a reset after a styled line.
        s += ' '.repeat(x - col) + line + (line.includes('\u001b') ? '\u001b[0m' : '');
        if (i + 2 < row.length) col = x + this.caches.getStringWidth(line);
      }
      out.push(s.trimEnd());
    }
    return { output: out.join('\n'), height: rows.length };
  };
}

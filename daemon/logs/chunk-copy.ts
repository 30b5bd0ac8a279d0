/**
 * Copies of pipe reads for chunk handlers (events, capture mode), small ones carved from 1 MiB slabs so
 * a burst of short reads is not one ArrayBuffer each. A kept copy pins its slab, as Node's 8 KiB pool does.
 * Copies are the cost pipeOutput avoids when no handler is given (~0.3 ms CPU per MB, mostly GC).
 */

const SLAB = 1024 * 1024;

let slab = Buffer.allocUnsafeSlow(SLAB);
let used = 0;

/** An owned copy of `view` (which may be reused by its producer after this call). */
export function copyChunk(view: Buffer): Buffer {
  // Big chunks are their own allocation (measured no worse); slabs pay off for the many small reads.
  if (view.length >= 32 * 1024) return Buffer.from(view);
  if (used + view.length > SLAB) {
    slab = Buffer.allocUnsafeSlow(SLAB);
    used = 0;
  }
  const out = slab.subarray(used, used + view.length);
  view.copy(out);
  // Keep the next copy 8-byte aligned, as Node's pool does.
  used += (view.length + 7) & ~7;
  return out;
}

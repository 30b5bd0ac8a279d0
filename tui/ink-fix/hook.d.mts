interface LoadResult {
  format?: string;
  source?: string | ArrayBuffer | Uint8Array | null;
}
export function load(url: string, context: object, nextLoad: (url: string, context: object) => Promise<LoadResult>): Promise<LoadResult>;

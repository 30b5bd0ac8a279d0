export function bundleDashboard(outdir: string, opts?: { minify?: boolean }): Promise<{ inputs: string[]; inkFixed: string[] }>;

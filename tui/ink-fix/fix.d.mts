export const INK_LOG_UPDATE: RegExp;
export function fixInkLogUpdate(source: string): { source: string; status: 'fixed' | 'already' | 'missing' };

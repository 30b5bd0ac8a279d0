export type FixResult = { source: string; status: 'fixed' | 'already' | 'missing' };
export const INK_LOG_UPDATE: RegExp;
export function fixInkLogUpdate(source: string): FixResult;
export const INK_OUTPUT: RegExp;
export function fixInkOutput(source: string): FixResult;
export const INK_SANITIZE: RegExp;
export function fixInkSanitize(source: string): FixResult;
export const INK_FIXES: readonly { file: RegExp; name: string; fix: (source: string) => FixResult }[];

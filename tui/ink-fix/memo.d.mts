export function memoStrings(fn: (text: string) => string, limit: number): (text: string) => string;

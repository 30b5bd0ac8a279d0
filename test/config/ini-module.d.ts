// Types for the part of `ini` 6.0.0 that ini-package.test.ts uses (the package ships none).
declare module 'ini' {
  export function parse(text: string): Record<string, unknown>;
  const ini: { parse: typeof parse };
  export default ini;
}

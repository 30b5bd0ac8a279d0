/** Linux /proc: pure parsers (parse.ts) and the host reader (read.ts). */
export * from './parse.ts';
export { ProcReader } from './read.ts';

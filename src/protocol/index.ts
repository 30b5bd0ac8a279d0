export * from './states.ts';
export * from './faults.ts';
export * from './types.ts';
export * from './namespec.ts';

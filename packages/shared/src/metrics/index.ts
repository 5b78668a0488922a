export * from './math.ts';
export * from './drivers.ts';

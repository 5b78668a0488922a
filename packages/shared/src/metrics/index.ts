export * from './math.ts';
export * from './drivers.ts';
export * from './formula.ts';

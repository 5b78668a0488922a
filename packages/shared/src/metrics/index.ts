export * from './drivers.ts';
export * from './formula.ts';
export * from './math.ts';
